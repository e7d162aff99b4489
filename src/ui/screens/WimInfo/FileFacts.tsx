/**
 * File-level facts from the WIM header and blob table: how the file is compressed, split and protected.
 * Header flags such as RP_FIX, READONLY or WRITE_IN_PROGRESS show as chips beside the raw flags word.
 */
import type { WimInfo } from '../../../formats/wim/wim-info';
import { Facts, type FactRow } from '../../components/Facts/Facts';
import { formatBytes, formatBytesExact, formatHex, formatInteger } from '../../format';
import { useI18n } from '../../i18n/I18nContext';

export function FileFacts({ info }: { info: WimInfo }) {
  const { locale, t } = useI18n();
  const { header } = info;

  const solid =
    info.solidResources.length === 0
      ? t('facts.no')
      : info.solidResources
          .map((s) => `${s.compression} · ${formatBytes(s.chunkSize, locale)} × ${formatInteger(s.count, locale)}`)
          .join(', ');

  const integrity = info.hasIntegrityTable
    ? `${t('facts.present')} (${formatBytes(header.integrityTable.sizeInWim, locale)})`
    : t('facts.absent');

  const rows: FactRow[] = [
    [t('facts.size'), formatBytesExact(info.fileSize, locale), 'size'],
    [t('facts.compression'), info.compression, 'compression'],
    [t('facts.chunkSize'), header.chunkSize ? formatBytes(header.chunkSize, locale) : '—', 'chunkSize'],
    [t('facts.version'), <code>{formatHex(header.version)}</code>, 'version'],
    [t('facts.solid'), solid, 'solid'],
    [t('facts.guid'), <code class="break">{header.guid}</code>, 'guid'],
    [t('facts.parts'), t('facts.partsValue', { part: header.partNumber, total: header.totalParts }), 'parts'],
    [t('facts.imageCount'), formatInteger(header.imageCount, locale), 'imageCount'],
    [t('facts.bootIndex'), header.bootIndex === 0 ? t('facts.none') : String(header.bootIndex), 'bootIndex'],
    [t('facts.integrity'), integrity, 'integrity'],
    [t('facts.layout'), info.pipable ? t('facts.pipable') : t('facts.standard'), 'layout'],
    [t('facts.blobs'), formatInteger(info.blobCount, locale), 'blobs'],
    [
      t('facts.flags'),
      <span class="chips">
        <code>{formatHex(header.flags, 8)}</code>
        {header.flagNames.map((name) => (
          <span class="chip" key={name}>
            {name}
          </span>
        ))}
      </span>,
      'flags',
    ],
  ];
  if (info.parts.length > 1) {
    rows.splice(7, 0, [
      t('facts.parts') + ' (SWM)',
      info.parts.map((part) => `${part.partNumber}: ${part.name}`).join(' · '),
      'partFiles',
    ]);
  }
  return <Facts rows={rows} layout="tiles" testId="file-facts" />;
}
