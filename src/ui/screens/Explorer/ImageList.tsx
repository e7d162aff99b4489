/**
 * Left column: the images of the file (index, name, edition, build) and, for the chosen one, the three views —
 * browse files, image doctor, file details. A radio-like list: arrows move between images.
 */
import type { WimInfo } from '../../../formats/wim/wim-info';
import { useI18n } from '../../i18n/I18nContext';

export type ExplorerView = 'files' | 'doctor' | 'details';

export interface ImageListProps {
  info: WimInfo;
  image: number;
  view: ExplorerView;
  onImage(index: number): void;
  onView(view: ExplorerView): void;
}

export function ImageList({ info, image, view, onImage, onView }: ImageListProps) {
  const { t } = useI18n();
  const onKeyDown = (event: KeyboardEvent): void => {
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = Math.min(info.images.length, Math.max(1, image + step));
    onImage(next);
    (event.currentTarget as HTMLElement).querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
  };

  return (
    <nav class="image-list" aria-label={t('explorer.images')} data-testid="image-list">
      <h2 class="pane-title">{t('explorer.images')}</h2>
      <ul role="listbox" aria-label={t('explorer.images')} onKeyDown={onKeyDown}>
        {info.images.map((item) => {
          const selected = item.index === image;
          const build = item.version?.build;
          return (
            <li
              key={item.index}
              role="option"
              aria-selected={selected}
              tabIndex={selected ? 0 : -1}
              class={selected ? 'image-list__item is-selected' : 'image-list__item'}
              data-testid="image-list-item"
              data-index={item.index}
              onClick={() => onImage(item.index)}
            >
              <span class="image-list__index">{item.index}</span>
              <span class="image-list__text">
                <span class="image-list__name" data-testid="image-list-name">
                  {item.name ?? t('image.unnamed')}
                </span>
                <span class="image-list__meta">
                  {[item.editionId ?? item.flags, build !== undefined ? t('explorer.build', { build }) : undefined, item.architecture?.name]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
      <div class="view-switch" role="tablist" aria-label={t('explorer.images')}>
        {(
          [
            ['files', 'explorer.browse'],
            ['doctor', 'explorer.doctor'],
            ['details', 'explorer.details'],
          ] as const
        ).map(([key, label]) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={view === key}
            class={view === key ? 'view-switch__tab is-active' : 'view-switch__tab'}
            data-testid={`view-${key}`}
            onClick={() => onView(key)}
          >
            {t(label)}
          </button>
        ))}
      </div>
    </nav>
  );
}
