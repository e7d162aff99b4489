/**
 * Metadata resource of one image (wim-format.md §8; wimlib src/metadata_resource.c, src/dentry.c):
 *
 *   [security data][root dentry][8 zero bytes][children of root][8 zero bytes][children of dir X][8 zero bytes]…
 *
 * Child lists are reached only through a directory's subdir offset. This module turns the decompressed bytes
 * into a tree of WimEntry nodes with their streams resolved by the DISM rules (§8.3), and refuses what wimlib
 * refuses: cycles, trees deeper than 16384, unnamed non-root entries, "." and "..", embedded NULs and exact
 * duplicate names in one directory (these are dropped and reported, as wimlib does, rather than failing the
 * whole image).
 */
import { ErrorCode, ImagewrightError, throwIfAborted } from '../../shared/errors';
import {
  DENTRY_FIXED_SIZE,
  FILE_ATTRIBUTE_DIRECTORY,
  FILE_ATTRIBUTE_ENCRYPTED,
  FILE_ATTRIBUTE_REPARSE_POINT,
  readDentry,
  type RawDentry,
  type StreamEntry,
  type TaggedItem,
} from './dentry';
import { readSecurityData } from './security';

export const MAX_TREE_DEPTH = 16384;

export interface WimEntry {
  name: string;
  shortName: string;
  attributes: number;
  securityId: number;
  creationTime: bigint;
  lastAccessTime: bigint;
  lastWriteTime: bigint;
  /** SHA-1 of the unnamed data stream; undefined when empty or absent. */
  dataHash: string | undefined;
  /** SHA-1 of the reparse data (buffer without its 8-byte header); reparse points only. */
  reparseHash: string | undefined;
  reparseTag: number;
  reparseReserved: number;
  rpNotFixed: boolean;
  /** Named data streams (alternate data streams). */
  namedStreams: StreamEntry[];
  /** Non-zero when other names of the same file exist (hard links). */
  hardLinkGroupId: bigint;
  taggedItems: TaggedItem[];
  /** Present for directories (possibly empty). */
  children: WimEntry[] | undefined;
  /** Offset of the dentry in the metadata resource. */
  offset: number;
}

export interface ImageMetadata {
  securityDescriptors: Uint8Array[];
  root: WimEntry;
  /** Entries dropped as wimlib drops them, with the reason. */
  warnings: string[];
}

export const isDirectory = (entry: { attributes: number }): boolean => (entry.attributes & FILE_ATTRIBUTE_DIRECTORY) !== 0;

/**
 * DISM's stream assignment (§8.3): with extra entries, unnamed ones come first (reparse before data) and the
 * main hash is ignored when it is zero; an encrypted file has one stream (the raw EFS export) in the data slot.
 */
function resolveStreams(raw: RawDentry): Pick<WimEntry, 'dataHash' | 'reparseHash' | 'namedStreams'> {
  const isReparse = (raw.attributes & FILE_ATTRIBUTE_REPARSE_POINT) !== 0;
  if (raw.extraStreams.length === 0) {
    // The common case, without the general path's arrays (a large image has 100k+ entries): the main hash is the
    // reparse data of a reparse point (unless encrypted: the EFS export is its only stream), else the data.
    const reparseOnly = isReparse && (raw.attributes & FILE_ATTRIBUTE_ENCRYPTED) === 0;
    return { dataHash: reparseOnly ? undefined : raw.mainHash, reparseHash: reparseOnly ? raw.mainHash : undefined, namedStreams: [] };
  }
  const unnamed: (string | undefined)[] = [];
  const named: StreamEntry[] = [];
  if (raw.mainHash !== undefined || raw.extraStreams.every((s) => s.name !== '')) unnamed.push(raw.mainHash);
  for (const stream of raw.extraStreams) {
    if (stream.name === '') unnamed.push(stream.hash);
    else named.push(stream);
  }
  let reparseHash: string | undefined;
  if (isReparse) reparseHash = unnamed.shift();
  return { dataHash: unnamed[0], reparseHash, namedStreams: named };
}

function toEntry(raw: RawDentry): WimEntry {
  return {
    name: raw.name,
    shortName: raw.shortName,
    attributes: raw.attributes,
    securityId: raw.securityId,
    creationTime: raw.creationTime,
    lastAccessTime: raw.lastAccessTime,
    lastWriteTime: raw.lastWriteTime,
    ...resolveStreams(raw),
    reparseTag: raw.reparseTag,
    reparseReserved: raw.reparseReserved,
    rpNotFixed: raw.rpNotFixed,
    hardLinkGroupId: raw.hardLinkGroupId,
    taggedItems: raw.taggedItems,
    children: (raw.attributes & FILE_ATTRIBUTE_DIRECTORY) !== 0 ? [] : undefined,
    offset: raw.offset,
  };
}

function invalidNameReason(name: string): string | undefined {
  if (name === '') return 'an unnamed entry';
  if (name === '.' || name === '..') return `an entry named "${name}"`;
  if (name.includes('\0')) return 'a name with an embedded NUL';
  return undefined;
}

/** Parses a decompressed metadata resource into the image's tree. */
export function readImageMetadata(bytes: Uint8Array, signal?: AbortSignal): ImageMetadata {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const security = readSecurityData(bytes);
  const rootRaw = readDentry(bytes, view, security.rootOffset);
  if (!rootRaw) throw new ImagewrightError(ErrorCode.BAD_METADATA, { offset: security.rootOffset, detail: 'the image has no root directory entry' });
  const root = toEntry(rootRaw);
  if (!root.children) throw new ImagewrightError(ErrorCode.BAD_METADATA, { offset: rootRaw.offset, detail: 'the root entry is not a directory' });
  root.name = '';
  const warnings: string[] = [];
  // Each child list may be read once: a second visit means two directories share a list, or a cycle.
  const visitedLists = new Set<number>();
  const stack: { dir: WimEntry; listOffset: number; depth: number; path: string }[] = [];
  if (rootRaw.subdirOffset) stack.push({ dir: root, listOffset: rootRaw.subdirOffset, depth: 1, path: '' });
  let visited = 0;
  // Every dentry takes at least 102 bytes of its own, so a tree of more dentries than that re-reads bytes: child
  // lists that overlap (one starting inside another). Unchecked, N such lists over N dentries make N²/2 entries
  // from a few MB of metadata; refusing them keeps parsing linear in the resource size.
  const maxDentries = Math.floor(bytes.length / DENTRY_FIXED_SIZE);
  let parsed = 1;

  while (stack.length) {
    const { dir, listOffset, depth, path } = stack.pop()!;
    if (depth >= MAX_TREE_DEPTH) throw new ImagewrightError(ErrorCode.TREE_TOO_DEEP, { offset: listOffset, path: path || '\\' });
    if (visitedLists.has(listOffset)) {
      throw new ImagewrightError(ErrorCode.TREE_TOO_DEEP, { offset: listOffset, path: path || '\\', detail: 'a directory list is reached twice (cycle)' });
    }
    visitedLists.add(listOffset);
    const names = new Set<string>();
    let position = listOffset;
    for (;;) {
      if ((++visited & 0xffff) === 0) throwIfAborted(signal);
      const raw = readDentry(bytes, view, position);
      if (!raw) break;
      if (++parsed > maxDentries) {
        throw new ImagewrightError(ErrorCode.BAD_METADATA, {
          offset: raw.offset,
          path: `${path}\\${raw.name}`,
          detail: `more directory entries than ${bytes.length} bytes can hold: directory lists overlap`,
        });
      }
      position += raw.totalLength;
      // Child paths are built only where needed (directories, warnings): one string per entry costs real time.
      const bad = invalidNameReason(raw.name);
      if (bad) {
        warnings.push(`Ignored ${bad} in ${path || '\\'} (metadata offset ${raw.offset})`);
        continue;
      }
      if (names.has(raw.name)) {
        warnings.push(`Ignored a duplicate of ${path}\\${raw.name} (metadata offset ${raw.offset})`);
        continue;
      }
      names.add(raw.name);
      const entry = toEntry(raw);
      dir.children!.push(entry);
      if (entry.children && raw.subdirOffset) stack.push({ dir: entry, listOffset: raw.subdirOffset, depth: depth + 1, path: `${path}\\${raw.name}` });
      else if (!entry.children && raw.subdirOffset) warnings.push(`Ignored children of the non-directory ${path}\\${raw.name}`);
    }
  }
  return { securityDescriptors: security.descriptors, root, warnings };
}

/** Visits every entry depth-first with its full path ("\\Windows\\System32"). */
export function* walkEntries(root: WimEntry): Generator<{ entry: WimEntry; path: string }> {
  const stack: { entry: WimEntry; path: string }[] = [{ entry: root, path: '' }];
  while (stack.length) {
    const item = stack.pop()!;
    yield { entry: item.entry, path: item.path || '\\' };
    const children = item.entry.children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push({ entry: children[i]!, path: `${item.path}\\${children[i]!.name}` });
  }
}
