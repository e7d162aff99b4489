/**
 * Everything about one entry: size, attributes, the three timestamps, 8.3 name, SHA-1, named streams, hard links,
 * reparse target and the security descriptor. The engine decodes; this only lays the answer out.
 */
import type { EntryProperties, StreamInfo } from '../../../engine/explorer/explorer-api';
import { Facts, type FactRow } from '../../components/Facts/Facts';
import { formatBytes, formatBytesExact, formatDateTime, formatInteger } from '../../format';
import { useI18n } from '../../i18n/I18nContext';
import { SecurityView } from './SecurityView';

export interface PropertiesPanelProps {
  entry: EntryProperties;
  onOpenPath(path: string): void;
  /** Shows a named stream in the preview. */
  onOpenStream(stream: StreamInfo): void;
}

export function PropertiesPanel({ entry, onOpenPath, onOpenStream }: PropertiesPanelProps) {
  const { locale, t } = useI18n();
  const time = (iso: string | undefined) => (iso ? formatDateTime(iso, locale) : undefined);
  const rows: FactRow[] = [
    [t('props.kind'), t(`explorer.kind.${entry.kind}`), 'kind'],
    [t('props.path'), <code class="break">{entry.path}</code>, 'path'],
    [t('props.size'), entry.kind === 'file' ? formatBytesExact(entry.size, locale) : undefined, 'size'],
    [t('props.children'), entry.childCount === undefined ? undefined : formatInteger(entry.childCount, locale), 'children'],
    [
      t('props.attributes'),
      <span class="chips">
        {entry.attributeNames.map((name) => (
          <span class="chip" key={name}>
            {name}
          </span>
        ))}
      </span>,
      'attributes',
    ],
    [t('props.created'), time(entry.creationTimeIso), 'created'],
    [t('props.modified'), time(entry.lastWriteTimeIso), 'modified'],
    [t('props.accessed'), time(entry.lastAccessTimeIso), 'accessed'],
    [t('props.shortName'), entry.shortName || undefined, 'shortName'],
    [t('props.sha1'), entry.sha1 ? <code class="break">{entry.sha1}</code> : undefined, 'sha1'],
  ];
  if (entry.reparse) {
    const r = entry.reparse;
    rows.push([t('props.reparse'), <code>{r.tagName}</code>, 'reparse']);
    rows.push([
      t('props.target'),
      r.target ?? r.substituteName ? (
        <span>
          <code class="break">{r.target ?? r.substituteName}</code>
          {r.fixed && <span class="muted"> — {t('props.fixed')}</span>}
        </span>
      ) : undefined,
      'target',
    ]);
  }

  return (
    <div class="properties-panel" data-testid="properties">
      <Facts rows={rows} />
      {entry.streams.length > 0 && (
        <>
          <h4 class="subhead">{t('props.streams')}</h4>
          <ul class="plain-list" data-testid="streams">
            {entry.streams.map((stream) => (
              <li key={stream.name} data-stream={stream.name}>
                <code>{stream.name === '' ? t('props.streamUnnamed') : `:${stream.name}`}</code> · {formatBytes(stream.size, locale)}
                {stream.sha1 && <code class="muted break"> {stream.sha1}</code>}
                {stream.missing && <strong class="danger"> — {t('props.streamMissing')}</strong>}
                {stream.name !== '' && !stream.missing && (
                  <>
                    {' '}
                    <button type="button" class="link-button" onClick={() => onOpenStream(stream)} data-testid="open-stream">
                      {t('props.openStream')}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {entry.hardLinks.length > 1 && (
        <>
          <h4 class="subhead">{t('props.hardLinks', { count: entry.hardLinks.length })}</h4>
          <ul class="plain-list" data-testid="hard-links">
            {entry.hardLinks.map((path) => (
              <li key={path}>
                <button type="button" class="link-button mono" onClick={() => onOpenPath(path)}>
                  {path}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <h4 class="subhead">{t('props.security')}</h4>
      <SecurityView security={entry.security} error={entry.securityError} />
    </div>
  );
}
