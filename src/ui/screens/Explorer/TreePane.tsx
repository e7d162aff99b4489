/**
 * Centre pane: breadcrumbs, the search box and one windowed list — the current folder's entries, or the search
 * matches streaming in from the whole image. Keyboard first: the list owns arrows, Home/End, PageUp/Down and
 * type-ahead; Enter opens a folder (or previews a file), Backspace goes up.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { EntrySummary } from '../../../engine/explorer/explorer-api';
import { ErrorPanel } from '../../components/ErrorPanel/ErrorPanel';
import { VirtualList } from '../../components/VirtualList/VirtualList';
import { nextSortOrder, parentPath, sortEntries, type SortColumn, type SortOrder } from '../../entry-order';
import { formatBytes, formatDateShort, formatInteger } from '../../format';
import type { ImageSession } from '../../hooks/image-session';
import { useAsync } from '../../hooks/use-async';
import { useEntrySearch } from '../../hooks/use-entry-search';
import { useI18n } from '../../i18n/I18nContext';
import type { MessageKey } from '../../i18n/translate';
import { Breadcrumbs } from './Breadcrumbs';

const ROW_HEIGHT = 26;
const COLUMNS: readonly [SortColumn, MessageKey][] = [
  ['name', 'explorer.colName'],
  ['size', 'explorer.colSize'],
  ['date', 'explorer.colDate'],
];

export interface TreePaneProps {
  session: ImageSession;
  folder: string;
  onFolder(path: string): void;
  selected: EntrySummary | null;
  onSelect(entry: EntrySummary | null): void;
  /** Enter / double click on a file. */
  onOpenFile(entry: EntrySummary): void;
  /** A search that failed (a failed listing is shown in the pane itself). */
  onError(error: unknown): void;
  /** A path to select once the folder is listed (opened from the doctor or a hard-link list). */
  reveal?: string;
  onRevealed?(): void;
}

export function TreePane({ session, folder, onFolder, selected, onSelect, onOpenFile, onError, reveal, onRevealed }: TreePaneProps) {
  const { locale, t } = useI18n();
  const [sort, setSort] = useState<SortOrder>({ column: 'name', descending: false });
  const listing = useAsync(() => session.list(folder), [session, folder]);
  const search = useEntrySearch(session);
  const searchBox = useRef<HTMLInputElement>(null);
  const searching = search.searched !== '' && search.pattern.trim() !== '';

  useEffect(() => {
    if (search.error) onError(search.error);
  }, [search.error]);

  const rows = useMemo(() => {
    if (searching) return search.results;
    return listing.status === 'done' ? sortEntries(listing.value.entries, sort) : [];
  }, [searching, search.results, listing, sort]);

  useEffect(() => {
    if (!reveal || listing.status !== 'done' || searching) return;
    const wanted = reveal.toLowerCase();
    const found = rows.find((row) => row.path.toLowerCase() === wanted);
    if (found) onSelect(found);
    onRevealed?.();
  }, [reveal, rows, listing.status]);

  const active = selected ? rows.findIndex((row) => row.path === selected.path) : -1;

  const open = (entry: EntrySummary): void => {
    if (entry.kind === 'dir') {
      search.setPattern('');
      onSelect(null);
      onFolder(entry.path);
    } else onOpenFile(entry);
  };

  const goUp = (): void => {
    if (folder === '/') return;
    onSelect(null);
    onFolder(parentPath(folder));
  };

  const status = searching
    ? `${search.running ? t('explorer.searching', { count: formatInteger(rows.length, locale) }) : t('explorer.searchDone', { count: formatInteger(rows.length, locale) })}${search.truncated ? ` (${t('explorer.searchTruncated', { count: formatInteger(rows.length, locale) })})` : ''}`
    : listing.status === 'loading'
      ? t('explorer.loading')
      : t('explorer.items', { count: formatInteger(rows.length, locale) });

  return (
    <section class="tree-pane" data-testid="tree-pane">
      <div class="tree-pane__bar">
        <button type="button" class="button button--small button--ghost" onClick={goUp} disabled={folder === '/'} aria-label={t('explorer.up')} data-testid="go-up">
          ↑
        </button>
        <Breadcrumbs image={session.image} path={folder} onNavigate={(path) => (onSelect(null), onFolder(path))} />
        <input
          ref={searchBox}
          type="search"
          class="search-box"
          value={search.pattern}
          placeholder={t('explorer.searchPlaceholder')}
          aria-label={t('explorer.search')}
          data-testid="search-box"
          onInput={(event) => search.setPattern(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') search.setPattern('');
            if (event.key === 'ArrowDown') (event.currentTarget.closest('.tree-pane')?.querySelector('.vlist') as HTMLElement | null)?.focus();
          }}
        />
      </div>
      <div class={searching ? 'tree-head tree-head--search' : 'tree-head'} role="presentation">
        {COLUMNS.filter(([column]) => !searching || column !== 'date').map(([column, label]) => (
          <button
            key={column}
            type="button"
            class={`tree-head__cell tree-col--${column}`}
            aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}
            aria-label={t('explorer.sortBy', { column: t(label) })}
            data-testid={`sort-${column}`}
            disabled={searching}
            onClick={() => setSort((current) => nextSortOrder(current, column))}
          >
            {t(label)}
            {sort.column === column && !searching ? (sort.descending ? ' ▾' : ' ▴') : ''}
          </button>
        ))}
        {searching && <span class="tree-head__cell tree-col--path">{t('explorer.colPath')}</span>}
      </div>
      {listing.status === 'failed' && !searching && (
        <ErrorPanel error={listing.error} title={t('explorer.listFailed')} onBack={folder === '/' ? undefined : () => onFolder('/')} />
      )}
      <VirtualList
        count={rows.length}
        rowHeight={ROW_HEIGHT}
        active={active}
        idPrefix="entry"
        class={searching ? 'tree-list tree-list--search' : 'tree-list'}
        label={searching ? t('explorer.resultsLabel', { pattern: search.searched }) : t('explorer.listLabel', { path: folder })}
        testId={searching ? 'search-results' : 'entry-list'}
        describedBy="tree-keys"
        onActiveChange={(index) => onSelect(rows[index] ?? null)}
        onActivate={(index) => rows[index] && open(rows[index])}
        onOtherKey={(event) => {
          if (event.key === 'Backspace') goUp();
          else if (event.key === '/') searchBox.current?.focus(); // no Windows name holds a "/": free as a shortcut
          else return false;
          return true;
        }}
        labelOf={(index) => rows[index]!.name}
        empty={<p class="tree-list__empty">{listing.status === 'loading' || search.running ? t('explorer.loading') : searching ? t('explorer.noResults') : t('explorer.empty')}</p>}
        renderRow={(index) => {
          const entry = rows[index]!;
          return (
            <span class="entry" title={entry.path} data-testid="entry" data-name={entry.name} data-path={entry.path} data-kind={entry.kind}>
              <span class="tree-col--name">
                <span class={`entry__icon entry__icon--${entry.kind}`} aria-hidden="true" />
                <span class="entry__name">{entry.name}</span>
              </span>
              <span class="tree-col--size num">{entry.kind === 'file' ? formatBytes(entry.size, locale) : ''}</span>
              {searching ? (
                <span class="tree-col--path mono">{parentPath(entry.path)}</span>
              ) : (
                <span class="tree-col--date">{formatDateShort(entry.lastWriteTime, locale)}</span>
              )}
            </span>
          );
        }}
      />
      <p class="tree-pane__status" aria-live="polite" data-testid="tree-status">
        {status}
      </p>
      <p id="tree-keys" class="visually-hidden">
        {t('explorer.keysHint')}
      </p>
    </section>
  );
}
