/** A thin notice under the top bar (update ready, offline ready) with optional actions. */
import type { ComponentChildren } from 'preact';

export interface BannerAction {
  label: string;
  onClick(): void;
  primary?: boolean;
}

export function Banner({ children, actions, testId }: { children: ComponentChildren; actions: BannerAction[]; testId?: string }) {
  return (
    <div class="banner" role="status" data-testid={testId}>
      <span class="banner__text">{children}</span>
      {actions.map((action) => (
        <button
          key={action.label}
          type="button"
          class={action.primary ? 'button button--primary button--small' : 'button button--ghost button--small'}
          onClick={action.onClick}
        >
          {action.label}
        </button>
      ))}
    </div>
  );
}
