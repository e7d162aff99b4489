/**
 * Right pane: the selected entry under three tabs — properties, preview and hex. Each tab asks the engine only
 * when shown, and only for the entry still selected.
 */
import { useMemo } from 'preact/hooks';
import type { EntrySummary } from '../../../engine/explorer/explorer-api';
import { ErrorPanel } from '../../components/ErrorPanel/ErrorPanel';
import { HexView } from '../../components/HexView/HexView';
import type { ImageSession } from '../../hooks/image-session';
import { useAsync } from '../../hooks/use-async';
import { useI18n } from '../../i18n/I18nContext';
import { PreviewPanel } from './PreviewPanel';
import { PropertiesPanel } from './PropertiesPanel';

export type EntryTab = 'props' | 'preview' | 'hex';

export interface EntryPanelProps {
  session: ImageSession;
  entry: EntrySummary | null;
  tab: EntryTab;
  onTab(tab: EntryTab): void;
  onOpenPath(path: string): void;
}

export function EntryPanel({ session, entry, tab, onTab, onOpenPath }: EntryPanelProps) {
  const { t } = useI18n();
  const path = entry?.path;
  const isFile = entry?.kind === 'file';
  const properties = useAsync(path && tab === 'props' ? () => session.properties(path) : null, [session, path, tab]);
  const preview = useAsync(path && isFile && tab === 'preview' ? () => session.preview(path) : null, [session, path, tab]);
  const read = useMemo(() => (path ? (offset: number, length: number) => session.bytes(path, offset, length) : null), [session, path]);

  if (!entry) {
    return (
      <aside class="entry-panel entry-panel--empty" data-testid="entry-panel">
        <p class="muted">{t('explorer.nothingSelected')}</p>
      </aside>
    );
  }

  const tabs: [EntryTab, string][] = [
    ['props', t('props.title')],
    ['preview', t('props.preview')],
    ['hex', t('props.hex')],
  ];
  const loading = (
    <p class="muted" aria-busy="true">
      {t('preview.loading')}
    </p>
  );

  return (
    <aside class="entry-panel" data-testid="entry-panel" aria-label={entry.name}>
      <h2 class="pane-title entry-panel__name" title={entry.path} data-testid="entry-title">
        {entry.name}
      </h2>
      <div class="tabs" role="tablist">
        {tabs.map(([key, label]) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={tab === key}
            class={tab === key ? 'tabs__tab is-active' : 'tabs__tab'}
            data-testid={`tab-${key}`}
            disabled={key !== 'props' && !isFile}
            onClick={() => onTab(key)}
          >
            {label}
          </button>
        ))}
      </div>
      <div class="entry-panel__body" role="tabpanel">
        {tab === 'props' &&
          (properties.status === 'done' ? (
            <PropertiesPanel entry={properties.value} onOpenPath={onOpenPath} />
          ) : properties.status === 'failed' ? (
            <ErrorPanel error={properties.error} />
          ) : (
            loading
          ))}
        {tab === 'preview' &&
          (!isFile ? (
            <p class="muted">{t('preview.folder')}</p>
          ) : preview.status === 'done' ? (
            <PreviewPanel preview={preview.value} name={entry.name} onHex={() => onTab('hex')} />
          ) : preview.status === 'failed' ? (
            <ErrorPanel error={preview.error} />
          ) : (
            loading
          ))}
        {tab === 'hex' && isFile && read && <HexView name={entry.name} size={entry.size} read={read} />}
      </div>
    </aside>
  );
}
