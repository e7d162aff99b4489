/**
 * Keyboard rules shared by every long list of the UI (tree, search results, hex rows): which row a key moves the
 * cursor to. Pure so the rules are pinned in Node; the components only map the answer onto focus and scroll.
 */

export interface ListPosition {
  /** Row that has the cursor, or -1 when none does yet. */
  index: number;
  count: number;
  /** Rows that fit in the viewport: the PageUp / PageDown step. */
  pageSize: number;
}

/** The row a navigation key leads to, or undefined when the key is not a navigation key for lists. */
export function nextIndexForKey(key: string, { index, count, pageSize }: ListPosition): number | undefined {
  if (count === 0) return undefined;
  const last = count - 1;
  const page = Math.max(1, pageSize - 1); // keep one row of context, as file managers do
  const clamp = (n: number): number => Math.min(last, Math.max(0, n));
  switch (key) {
    case 'ArrowDown':
      return index < 0 ? 0 : clamp(index + 1);
    case 'ArrowUp':
      return index < 0 ? 0 : clamp(index - 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return clamp((index < 0 ? 0 : index) + page);
    case 'PageUp':
      return clamp((index < 0 ? 0 : index) - page);
    default:
      return undefined;
  }
}

/** How long typed letters keep adding to one type-ahead prefix. */
export const TYPE_AHEAD_RESET_MS = 800;

/**
 * Type-ahead: the first row after the cursor whose label starts with `prefix` (case-insensitive), wrapping
 * around; when the prefix is one letter typed again, the search starts after the cursor so repeated presses
 * cycle through rows with that initial, as Explorer does.
 */
export function findTypeAhead(labels: readonly string[], prefix: string, from: number): number | undefined {
  if (prefix === '' || labels.length === 0) return undefined;
  const wanted = prefix.toLocaleLowerCase();
  const repeated = [...wanted].every((c) => c === wanted[0]);
  const needle = repeated ? wanted[0]! : wanted;
  const start = repeated || from < 0 ? from + 1 : from;
  for (let step = 0; step < labels.length; step++) {
    const i = (((start + step) % labels.length) + labels.length) % labels.length;
    if (labels[i]!.toLocaleLowerCase().startsWith(needle)) return i;
  }
  return undefined;
}

/** The slice of rows to render for a scroll position: the visible ones plus `overscan` on each side. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 8,
): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  return { start: Math.max(0, first - overscan), end: Math.min(count, first + visible + overscan) };
}
