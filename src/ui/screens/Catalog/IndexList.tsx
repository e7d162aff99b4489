/** Every image index of the file with all of its XML properties and, when the doctor ran, its verdict. */
import type { CatalogIndex } from '../../../catalog/schema';
import { useI18n } from '../../i18n/I18nContext';

export function IndexList({ indexes }: { indexes: CatalogIndex[] }) {
  const { t } = useI18n();
  return (
    <section class="index-list">
      <h3>{t('detail.indexes')}</h3>
      {indexes.length === 0 && <p>{t('detail.noIndexes')}</p>}
      {indexes.map((index) => (
        <details key={index.index} class="index-list__item" data-testid="detail-index" data-index={index.index}>
          <summary>
            <strong>{index.index}</strong> <span data-testid="detail-index-name">{index.name ?? t('image.unnamed')}</span>
            {index.editionId && <span class="tag">{index.editionId}</span>}
            {index.architecture && <span class="tag">{index.architecture}</span>}
            {index.build && <span class="tag">{index.build}</span>}
            {index.doctor && <span class={`tag tag--${index.doctor.status}`}>{`${t('detail.doctor')}: ${index.doctor.summary}`}</span>}
          </summary>
          <table class="property-table">
            <thead>
              <tr>
                <th>{t('image.property')}</th>
                <th>{t('image.value')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(index.properties).map(([key, value]) => (
                <tr key={key}>
                  <td><code>{key}</code></td>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
    </section>
  );
}
