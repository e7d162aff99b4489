/**
 * Sibling order and path lookup inside an image tree. wimlib keeps children in NTFS-like collation order
 * (src/dentry.c `collate_dentry_names`, src/encoding.c `cmp_utf16le_strings`): compare UTF-16 code units after
 * upcasing, then case-sensitively, then the shorter name first. Its writer stores siblings in that order (§8.7), so
 * listings sorted this way match wimlib-imagex dir for any WIM, including ones written by other tools.
 *
 * Upcasing uses the JS one-unit uppercase mapping, which agrees with NTFS's $UpCase table for the scripts real
 * images use; characters whose uppercase is longer than one unit (ß, ŉ…) stay as they are, as in $UpCase.
 */
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import type { WimEntry } from './metadata';

const upcaseCache = new Uint16Array(65536);

function upcase(unit: number): number {
  let u = upcaseCache[unit]!;
  if (u === 0 && unit !== 0) {
    const upper = String.fromCharCode(unit).toUpperCase();
    u = upper.length === 1 ? upper.charCodeAt(0) : unit;
    upcaseCache[unit] = u;
  }
  return u;
}

/** Compares two names as wimlib orders siblings: negative when `a` comes first. */
export function collateNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = upcase(a.charCodeAt(i));
    const y = upcase(b.charCodeAt(i));
    if (x !== y) return x - y;
  }
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x - y;
  }
  return 0;
}

/** The children of a directory in collation order (a new array; the tree keeps its stored order). */
export function sortedChildren(entry: WimEntry): WimEntry[] {
  return entry.children ? [...entry.children].sort((a, b) => collateNames(a.name, b.name)) : [];
}

/** Splits a path inside the image ("/Windows/System32", "\\Windows\\System32", "Windows/") into names. */
export function splitImagePath(path: string): string[] {
  return path.split(/[\\/]+/).filter((part) => part !== '');
}

/**
 * Finds the entry at `path` (either separator; exact case, as wimlib on Linux). Throws PATH_NOT_FOUND naming the
 * path as given.
 */
export function findEntry(root: WimEntry, path: string): WimEntry {
  let entry = root;
  for (const name of splitImagePath(path)) {
    const next = entry.children?.find((child) => child.name === name);
    if (!next) throw new ImagewrightError(ErrorCode.PATH_NOT_FOUND, { params: { path }, path });
    entry = next;
  }
  return entry;
}
