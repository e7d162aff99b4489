/** The four header-referenced tables (blob table, XML, boot metadata, integrity): where they are and how big. */
import type { ResourceFacts, WimHeaderFacts } from '../../../formats/wim/wim-info';
import { formatBytes, formatHex } from '../../format';
import { useI18n } from '../../i18n/I18nContext';
import type { MessageKey } from '../../i18n/translate';

const RESOURCES: readonly [keyof WimHeaderFacts & ('blobTable' | 'xmlData' | 'bootMetadata' | 'integrityTable'), MessageKey][] = [
  ['blobTable', 'resource.blobTable'],
  ['xmlData', 'resource.xmlData'],
  ['bootMetadata', 'resource.bootMetadata'],
  ['integrityTable', 'resource.integrityTable'],
];

export function ResourceTable({ header }: { header: WimHeaderFacts }) {
  const { locale, t } = useI18n();
  const size = (bytes: number): string => (bytes === 0 ? '—' : formatBytes(bytes, locale));
  return (
    <div class="table-scroll">
      <table class="table" data-testid="resource-table">
        <thead>
          <tr>
            <th scope="col">{t('resource.name')}</th>
            <th scope="col" class="num">{t('resource.offset')}</th>
            <th scope="col" class="num">{t('resource.sizeInWim')}</th>
            <th scope="col" class="num">{t('resource.uncompressedSize')}</th>
          </tr>
        </thead>
        <tbody>
          {RESOURCES.map(([field, label]) => {
            const resource: ResourceFacts = header[field];
            const absent = resource.sizeInWim === 0 && resource.offset === 0;
            return (
              <tr key={field} class={absent ? 'is-muted' : undefined}>
                <th scope="row">{t(label)}</th>
                <td class="num mono">{absent ? '—' : formatHex(resource.offset)}</td>
                <td class="num">{size(resource.sizeInWim)}</td>
                <td class="num">{size(resource.uncompressedSize)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
