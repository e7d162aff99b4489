/**
 * Ordering of listed entries and the pieces of an image path, as the tree pane shows them. Pure so the rules
 * are pinned in Node. Folders always come first, as in Windows Explorer; ties fall back to the name so the
 * order never depends on the engine's.
 */
import type { EntrySummary } from '../engine/explorer/explorer-api';

export type SortColumn = 'name' | 'size' | 'date';
export interface SortOrder {
  column: SortColumn;
  descending: boolean;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function isFolderLike(entry: EntrySummary): boolean {
  return entry.kind === 'dir' || entry.kind === 'junction';
}

export function sortEntries(entries: readonly EntrySummary[], { column, descending }: SortOrder): EntrySummary[] {
  const sign = descending ? -1 : 1;
  const byName = (a: EntrySummary, b: EntrySummary): number => collator.compare(a.name, b.name);
  const compare = (a: EntrySummary, b: EntrySummary): number => {
    const folders = Number(isFolderLike(b)) - Number(isFolderLike(a));
    if (folders !== 0) return folders;
    const primary = column === 'size' ? a.size - b.size : column === 'date' ? a.lastWriteTime - b.lastWriteTime : byName(a, b);
    return primary !== 0 ? sign * primary : byName(a, b);
  };
  return [...entries].sort(compare);
}

/** Clicking a column header: a new column sorts ascending (dates and sizes: largest/newest first), the same column flips. */
export function nextSortOrder(current: SortOrder, column: SortColumn): SortOrder {
  if (current.column === column) return { column, descending: !current.descending };
  return { column, descending: column !== 'name' };
}

/** "/Windows/System32" → [["Windows", "/Windows"], ["System32", "/Windows/System32"]]; "/" → []. */
export function pathCrumbs(path: string): [name: string, path: string][] {
  const names = path.split(/[\\/]/).filter((part) => part !== '');
  return names.map((name, i) => [name, `/${names.slice(0, i + 1).join('/')}`]);
}

/** The folder that holds `path` ("/" for top-level entries and for the root itself). */
export function parentPath(path: string): string {
  const crumbs = pathCrumbs(path);
  return crumbs.length <= 1 ? '/' : crumbs[crumbs.length - 2]![1];
}

export function joinPath(folder: string, name: string): string {
  return folder === '/' ? `/${name}` : `${folder}/${name}`;
}
