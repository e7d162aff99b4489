/** Every element of the image's XML, flattened to paths; folded by default because Windows media have ~40. */
import { useI18n } from '../../i18n/I18nContext';

export function PropertyList({ properties }: { properties: Record<string, string> }) {
  const { t } = useI18n();
  const entries = Object.entries(properties);
  return (
    <details class="properties" data-testid="all-properties">
      <summary>{t('image.allProperties', { count: entries.length })}</summary>
      <div class="table-scroll">
        <table class="table table--compact">
          <thead>
            <tr>
              <th scope="col">{t('image.property')}</th>
              <th scope="col">{t('image.value')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([path, value]) => (
              <tr key={path}>
                <th scope="row" class="mono">
                  {path}
                </th>
                <td class="break">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
