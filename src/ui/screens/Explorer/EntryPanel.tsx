/**
 * Right pane: the selected entry under three tabs — properties, preview and hex. Each tab asks the engine only
 * when shown, and only for the entry still selected. A named stream opened from the properties takes the place
 * of the main data in the preview and hex tabs until the user goes back or selects something else.
 */
import { useMemo, useState } from 'preact/hooks';
import type { EntrySummary, StreamInfo } from '../../../engine/explorer/explorer-api';
import { ErrorBoundary } from '../../components/ErrorBoundary/ErrorBoundary';
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
  // Tied to the path it was opened for, so selecting another entry never asks for a stream it does not have.
  const [opened, setOpened] = useState<{ path: string; stream: StreamInfo } | null>(null);
  const stream = opened && opened.path === path ? opened.stream : null;
  const setStream = (picked: StreamInfo | null): void => setOpened(picked && path ? { path, stream: picked } : null);
  const streamName = stream?.name;
  const hasData = entry?.kind === 'file' || stream !== null;
  const properties = useAsync(path && tab === 'props' ? () => session.properties(path) : null, [session, path, tab]);
  const preview = useAsync(path && hasData && tab === 'preview' ? () => session.preview(path, streamName) : null, [session, path, tab, streamName]);
  const read = useMemo(
    () => (path ? (offset: number, length: number) => session.bytes(path, offset, length, streamName) : null),
    [session, path, streamName],
  );

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
  const isLink = entry.kind === 'symlink' || entry.kind === 'junction' || entry.kind === 'other-reparse';
  const noData = <p class="muted">{t(isLink ? 'preview.link' : 'preview.folder')}</p>;
  const name = stream ? `${entry.name}:${stream.name}` : entry.name;

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
            disabled={key !== 'props' && !hasData}
            onClick={() => onTab(key)}
          >
            {label}
          </button>
        ))}
      </div>
      {stream && tab !== 'props' && (
        <p class="stream-bar" data-testid="stream-bar">
          {t('props.viewingStream', { stream: `:${stream.name}` })}{' '}
          <button type="button" class="link-button" onClick={() => setStream(null)}>
            {t('props.backToMain')}
          </button>
        </p>
      )}
      <div class="entry-panel__body" role="tabpanel">
        {/* A render failure on one entry's data stays in this pane; the image stays open. */}
        <ErrorBoundary key={`${entry.path}:${tab}:${streamName ?? ''}`}>
        {tab === 'props' &&
          (properties.status === 'done' ? (
            <PropertiesPanel entry={properties.value} onOpenPath={onOpenPath} onOpenStream={(picked) => (setStream(picked), onTab('preview'))} />
          ) : properties.status === 'failed' ? (
            <ErrorPanel error={properties.error} title={t('explorer.readFailed')} />
          ) : (
            loading
          ))}
        {tab === 'preview' &&
          (!hasData ? (
            noData
          ) : preview.status === 'done' ? (
            <PreviewPanel preview={preview.value} name={name} onHex={() => onTab('hex')} />
          ) : preview.status === 'failed' ? (
            <ErrorPanel error={preview.error} title={t('explorer.readFailed')} />
          ) : (
            loading
          ))}
        {tab === 'hex' && (hasData && read ? <HexView name={name} size={stream?.size ?? entry.size} read={read} /> : noData)}
        </ErrorBoundary>
      </div>
    </aside>
  );
}
