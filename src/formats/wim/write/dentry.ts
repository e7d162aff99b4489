/**
 * Directory entry writer, the mirror of ../dentry.ts (docs/wim-format.md §8.2–8.5). Every dentry starts 8-byte
 * aligned:
 *
 *   +0x00 u64  length (fixed part, names, padding, tagged items; rounded up to 8; excludes stream entries)
 *   +0x08 u32  attributes   +0x0C u32 security id   +0x10 u64 subdir offset (0 for non-directories)
 *   +0x18 16 B zero         +0x28 u64 creation, +0x30 last access, +0x38 last write time (FILETIME)
 *   +0x40 20 B main hash    +0x54 u32 zero
 *   +0x58 u64  reparse points: u32 tag, u16 reserved, u16 flags (bit 0 NOT_FIXED); others: hard-link group id
 *   +0x60 u16  extra stream entries   +0x62 u16 short name bytes   +0x64 u16 long name bytes
 *   +0x66      long name + NUL, short name + NUL, pad 8, tagged items (u32 tag, u32 length, data, pad 8)
 * Extra stream entry: u64 length (rounded to 8), u64 0, 20 B hash, u16 name bytes, name + NUL, pad 8.
 *
 * Streams follow DISM's rules (§8.3), as wimlib writes them: an encrypted file has its one stream in the main
 * hash; otherwise the unnamed streams are the reparse data (reparse points) and the data (non-directories); with
 * exactly one unnamed stream and no named ones it goes in the main hash, else every stream is an extra entry,
 * unnamed first (reparse before data), then the named ones.
 */
import { DENTRY_FIXED_SIZE, FILE_ATTRIBUTE_DIRECTORY, FILE_ATTRIBUTE_ENCRYPTED, FILE_ATTRIBUTE_REPARSE_POINT, STREAM_ENTRY_FIXED_SIZE } from '../dentry';
import type { WimEntry } from '../metadata';
import { align8, putHash, putU16, putU32, putU64, utf16leOf } from './fields';

interface StreamOut {
  name: Uint8Array;
  hash: string | undefined;
}

/** The entry as it will be laid out: names encoded, streams assigned, sizes known. */
export interface DentryLayout {
  entry: WimEntry;
  name: Uint8Array;
  shortName: Uint8Array;
  mainHash: string | undefined;
  extras: StreamOut[];
  /** The length field (without extra stream entries). */
  length: number;
  /** Bytes including extra stream entries: where the next sibling starts. */
  totalLength: number;
}

function assignStreams(entry: WimEntry): { mainHash: string | undefined; extras: StreamOut[] } {
  if (entry.attributes & FILE_ATTRIBUTE_ENCRYPTED) return { mainHash: entry.dataHash, extras: [] };
  const unnamed: (string | undefined)[] = [];
  if (entry.attributes & FILE_ATTRIBUTE_REPARSE_POINT) unnamed.push(entry.reparseHash);
  if (!(entry.attributes & FILE_ATTRIBUTE_DIRECTORY)) unnamed.push(entry.dataHash);
  const named = entry.namedStreams.map((s) => ({ name: utf16leOf(s.name), hash: s.hash }));
  if (named.length === 0 && unnamed.length <= 1) return { mainHash: unnamed[0], extras: [] };
  return { mainHash: undefined, extras: [...unnamed.map((hash) => ({ name: new Uint8Array(0), hash })), ...named] };
}

function taggedItemsLength(entry: WimEntry): number {
  return entry.taggedItems.reduce((n, item) => n + align8(8 + item.data.length), 0);
}

export function layoutDentry(entry: WimEntry, isRoot: boolean): DentryLayout {
  const name = isRoot ? new Uint8Array(0) : utf16leOf(entry.name);
  const shortName = utf16leOf(entry.shortName);
  const { mainHash, extras } = assignStreams(entry);
  const names = DENTRY_FIXED_SIZE + (name.length ? name.length + 2 : 0) + (shortName.length ? shortName.length + 2 : 0);
  const length = align8(names) + taggedItemsLength(entry);
  let totalLength = length;
  for (const s of extras) totalLength += align8(STREAM_ENTRY_FIXED_SIZE + (s.name.length ? s.name.length + 2 : 0));
  return { entry, name, shortName, mainHash, extras, length, totalLength };
}

/** Writes the dentry at `out[at]` (zeroed memory); returns the offset after its stream entries. */
export function writeDentry(out: Uint8Array, at: number, d: DentryLayout, subdirOffset: number): number {
  const e = d.entry;
  putU64(out, at, d.length);
  putU32(out, at + 0x08, e.attributes);
  putU32(out, at + 0x0c, e.securityId);
  putU64(out, at + 0x10, subdirOffset);
  putU64(out, at + 0x28, e.creationTime);
  putU64(out, at + 0x30, e.lastAccessTime);
  putU64(out, at + 0x38, e.lastWriteTime);
  putHash(out, at + 0x40, d.mainHash);
  if (e.attributes & FILE_ATTRIBUTE_REPARSE_POINT) {
    putU32(out, at + 0x58, e.reparseTag);
    putU16(out, at + 0x5c, e.reparseReserved);
    putU16(out, at + 0x5e, e.rpNotFixed ? 1 : 0);
  } else {
    putU64(out, at + 0x58, e.hardLinkGroupId);
  }
  putU16(out, at + 0x60, d.extras.length);
  putU16(out, at + 0x62, d.shortName.length);
  putU16(out, at + 0x64, d.name.length);
  let p = at + DENTRY_FIXED_SIZE;
  if (d.name.length) {
    out.set(d.name, p);
    p += d.name.length + 2;
  }
  if (d.shortName.length) {
    out.set(d.shortName, p);
    p += d.shortName.length + 2;
  }
  p = align8(p);
  for (const item of e.taggedItems) {
    putU32(out, p, item.tag);
    putU32(out, p + 4, item.data.length);
    out.set(item.data, p + 8);
    p = align8(p + 8 + item.data.length);
  }
  p = at + d.length;
  for (const s of d.extras) {
    const length = align8(STREAM_ENTRY_FIXED_SIZE + (s.name.length ? s.name.length + 2 : 0));
    putU64(out, p, length);
    putHash(out, p + 16, s.hash);
    putU16(out, p + 36, s.name.length);
    out.set(s.name, p + 38);
    p += length;
  }
  return p;
}
