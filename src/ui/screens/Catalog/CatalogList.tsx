/** The catalog entries as a table; a row opens the entry's detail view. */
import type { CatalogImage } from '../../../catalog/schema';
import { formatBytes, formatDateTime } from '../../format';
import { useI18n } from '../../i18n/I18nContext';
import type { MessageKey } from '../../i18n/translate';

export function CatalogList({ images, filtered, onSelect }: { images: CatalogImage[]; filtered: boolean; onSelect(id: string): void }) {
  const { t, locale } = useI18n();
  if (images.length === 0) {
    return <p class="catalog__empty" data-testid="catalog-empty">{filtered ? t('catalog.noMatch') : t('catalog.empty')}</p>;
  }
  return (
    <>
      <p class="catalog__count" data-testid="catalog-count">{t('catalog.count', { count: images.length })}</p>
      <table class="catalog-table">
        <thead>
          <tr>
            <th>{t('catalog.colName')}</th>
            <th>{t('catalog.colVersion')}</th>
            <th>{t('catalog.colKind')}</th>
            <th>{t('catalog.colSize')}</th>
            <th>{t('catalog.colTags')}</th>
            <th>{t('catalog.colAdded')}</th>
            <th>{t('catalog.colLink')}</th>
          </tr>
        </thead>
        <tbody>
          {images.map((image) => (
            <tr key={image.id} data-testid="catalog-row" data-id={image.id} data-file={image.fileName}>
              <td>
                <button type="button" class="link-button" data-testid="catalog-entry-name" onClick={() => onSelect(image.id)}>
                  {image.name}
                </button>
                <div class="catalog-table__file">{image.fileName}</div>
              </td>
              <td>{image.version}</td>
              <td>{t(`kind.${image.kind}` as MessageKey)}</td>
              <td>{formatBytes(image.size, locale)}</td>
              <td>
                {image.tags.map((tag) => (
                  <span key={tag} class="tag">{tag}</span>
                ))}
              </td>
              <td>{formatDateTime(image.addedAt, locale)}</td>
              <td data-link={image.link}>{t(`link.${image.link}` as MessageKey)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
