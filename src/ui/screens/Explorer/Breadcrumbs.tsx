/** Where the tree pane is: the image root, then one link per folder; the last one is the current folder. */
import { pathCrumbs } from '../../entry-order';
import { useI18n } from '../../i18n/I18nContext';

export function Breadcrumbs({ image, path, onNavigate }: { image: number; path: string; onNavigate(path: string): void }) {
  const { t } = useI18n();
  const crumbs: [string, string][] = [[t('explorer.root', { index: image }), '/'], ...pathCrumbs(path)];
  return (
    <nav class="breadcrumbs" aria-label={t('explorer.breadcrumbs')} data-testid="breadcrumbs">
      <ol>
        {crumbs.map(([name, target], i) => {
          const current = i === crumbs.length - 1;
          return (
            <li key={target}>
              {current ? (
                <span aria-current="location" data-testid="crumb-current">
                  {name}
                </span>
              ) : (
                <button type="button" class="link-button" data-testid="crumb" onClick={() => onNavigate(target)}>
                  {name}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
