/** Search box, tag and kind filters and sort order of the catalog list. */
import type { CatalogQuery, CatalogSortKey } from '../../../catalog/images';
import type { ImageKind } from '../../../catalog/schema';
import { IMAGE_KINDS } from './kinds';
import { useI18n } from '../../i18n/I18nContext';
import type { MessageKey } from '../../i18n/translate';

const SORTS: [CatalogSortKey, MessageKey][] = [
  ['name', 'catalog.sortName'],
  ['addedAt', 'catalog.sortAdded'],
  ['size', 'catalog.sortSize'],
  ['version', 'catalog.sortVersion'],
];

export interface CatalogFiltersProps {
  query: CatalogQuery;
  tags: { tag: string; count: number }[];
  onChange(query: CatalogQuery): void;
}

export function CatalogFilters({ query, tags, onChange }: CatalogFiltersProps) {
  const { t } = useI18n();
  const set = (patch: Partial<CatalogQuery>): void => {
    const next: CatalogQuery = { ...query, ...patch };
    for (const key of Object.keys(next) as (keyof CatalogQuery)[]) if (next[key] === '' || next[key] === undefined) delete next[key];
    onChange(next);
  };
  return (
    <div class="catalog-filters" role="search">
      <label>
        {t('catalog.search')}
        <input type="search" value={query.search ?? ''} placeholder={t('catalog.searchPlaceholder')} data-testid="catalog-search" onInput={(e) => set({ search: e.currentTarget.value })} />
      </label>
      <label>
        {t('catalog.tag')}
        <select value={query.tag ?? ''} data-testid="catalog-tag-filter" onChange={(e) => set({ tag: e.currentTarget.value })}>
          <option value="">{t('catalog.allTags')}</option>
          {tags.map(({ tag, count }) => (
            <option key={tag} value={tag}>{`${tag} (${count})`}</option>
          ))}
        </select>
      </label>
      <label>
        {t('catalog.kind')}
        <select value={query.kind ?? ''} data-testid="catalog-kind-filter" onChange={(e) => set({ kind: (e.currentTarget.value || undefined) as ImageKind | undefined })}>
          <option value="">{t('catalog.allKinds')}</option>
          {IMAGE_KINDS.map((kind) => (
            <option key={kind} value={kind}>{t(`kind.${kind}` as MessageKey)}</option>
          ))}
        </select>
      </label>
      <label>
        {t('catalog.sort')}
        <select value={query.sort ?? 'name'} data-testid="catalog-sort" onChange={(e) => set({ sort: e.currentTarget.value as CatalogSortKey })}>
          {SORTS.map(([key, label]) => (
            <option key={key} value={key}>{t(label)}</option>
          ))}
        </select>
      </label>
      <label class="catalog-filters__check">
        <input type="checkbox" checked={Boolean(query.descending)} onChange={(e) => set({ descending: e.currentTarget.checked || undefined })} />
        {t('catalog.descending')}
      </label>
    </div>
  );
}
