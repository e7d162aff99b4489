/**
 * Plain-data descriptions of image entries for the Explorer: kind, summary rows, attribute names, FILETIME
 * conversions. FILE_ATTRIBUTE_* values: [MS-FSCC] 2.6; reparse tags: [MS-FSCC] 2.1.2.1.
 */
import { FILE_ATTRIBUTE_REPARSE_POINT } from '../../formats/wim/dentry';
import { FILE_ATTRIBUTE_NAMES } from '../../formats/wim/file-attributes';
import { isDirectory, type WimEntry } from '../../formats/wim/metadata';
import { IO_REPARSE_TAG_MOUNT_POINT, IO_REPARSE_TAG_SYMLINK } from '../../formats/wim/reparse';
import type { WimSet } from '../../formats/wim/wim-set';
import type { EntryKind, EntrySummary } from './explorer-api';

/** Names of the set FILE_ATTRIBUTE_* bits; unknown bits as "0x…". */
export function attributeNames(attributes: number): string[] {
  const names: string[] = [];
  let rest = attributes >>> 0;
  for (const [bit, name] of FILE_ATTRIBUTE_NAMES) {
    if (rest & bit) {
      names.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest) names.push(`0x${rest.toString(16)}`);
  return names;
}

const REPARSE_TAG_NAMES = new Map<number, string>([
  [IO_REPARSE_TAG_MOUNT_POINT, 'MOUNT_POINT'],
  [IO_REPARSE_TAG_SYMLINK, 'SYMLINK'],
  [0x80000013, 'DEDUP'],
  [0x80000017, 'WOF'],
  [0x8000001b, 'APPEXECLINK'],
  [0x9000001a, 'CLOUD'],
  [0x8000000a, 'DFS'],
  [0x80000014, 'NFS'],
  [0x80000023, 'AF_UNIX'],
  [0xa0000019, 'GLOBAL_REPARSE'],
  [0x80000018, 'WCI'],
  [0x80000012, 'DFSR'],
  [0xc0000004, 'HSM'],
  [0x80000009, 'CSV'],
]);

export function reparseTagName(tag: number): string {
  return REPARSE_TAG_NAMES.get(tag >>> 0) ?? `0x${(tag >>> 0).toString(16).padStart(8, '0')}`;
}

export function entryKind(entry: WimEntry): EntryKind {
  if (entry.attributes & FILE_ATTRIBUTE_REPARSE_POINT) {
    if (entry.reparseTag === IO_REPARSE_TAG_SYMLINK) return 'symlink';
    if (entry.reparseTag === IO_REPARSE_TAG_MOUNT_POINT) return 'junction';
    return 'other-reparse';
  }
  return isDirectory(entry) ? 'dir' : 'file';
}

const FILETIME_UNIX_EPOCH = 116444736000000000n;

/** Milliseconds since the Unix epoch (0 for an unset FILETIME). */
export function filetimeToMs(filetime: bigint): number {
  if (filetime === 0n) return 0;
  return Number((filetime - FILETIME_UNIX_EPOCH) / 10_000n);
}

/** ISO 8601 UTC with the full 100 ns precision ("2024-05-01T10:20:30.1234567Z"); undefined when unset. */
export function filetimeToIso(filetime: bigint): string | undefined {
  if (filetime === 0n) return undefined;
  const ticks = filetime - FILETIME_UNIX_EPOCH;
  const seconds = ticks >= 0n ? ticks / 10_000_000n : (ticks - 9_999_999n) / 10_000_000n;
  const fraction = ticks - seconds * 10_000_000n;
  const ms = Number(seconds) * 1000;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return undefined;
  const base = date.toISOString().slice(0, 19);
  return `${base}.${fraction.toString().padStart(7, '0')}Z`;
}

/** Size of a blob by hash (0 when empty or missing from the set). */
export function blobSize(set: WimSet, hash: string | undefined): number {
  if (hash === undefined) return 0;
  return set.blobs.get(hash)?.blob.size ?? 0;
}

export function joinImagePath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

export function summarizeEntry(set: WimSet, entry: WimEntry, path: string, linkCounts: Map<bigint, number>): EntrySummary {
  const kind = entryKind(entry);
  const summary: EntrySummary = {
    name: entry.name,
    path,
    kind,
    size: kind === 'file' ? blobSize(set, entry.dataHash) : 0,
    attributes: entry.attributes,
    lastWriteTime: filetimeToMs(entry.lastWriteTime),
    creationTime: filetimeToMs(entry.creationTime),
    hasNamedStreams: entry.namedStreams.length > 0,
    linkCount: !entry.children && entry.hardLinkGroupId !== 0n ? (linkCounts.get(entry.hardLinkGroupId) ?? 1) : 1,
  };
  if (entry.children) summary.childCount = entry.children.length;
  return summary;
}
