/**
 * Directory entry ("dentry") inside a metadata resource (wim-format.md §8.2–8.5; wimlib src/dentry.c,
 * 7-Zip WimIn.h "Correct DIRENTRY structure"). Every dentry starts 8-byte aligned.
 *
 *   +0x00 u64  length of this dentry incl. names, padding and tagged items, excl. extra stream entries;
 *              a value that rounds (up to 8) to ≤ 8 is the end-of-directory marker
 *   +0x08 u32  FILE_ATTRIBUTE_* flags
 *   +0x0C u32  security id (index into the security data; 0xFFFFFFFF = none)
 *   +0x10 u64  subdir offset: start of this directory's child list in the metadata resource (0 if none)
 *   +0x18 u64  unused        +0x20 u64 unused
 *   +0x28 u64  creation time +0x30 u64 last access time +0x38 u64 last write time (FILETIME)
 *   +0x40 20 B main hash (SHA-1 of the single unnamed stream; zero when extra entries carry the streams)
 *   +0x54 u32  unknown (kept)
 *   +0x58 u64  reparse points: u32 tag, u16 reserved, u16 flags (bit 0 NOT_FIXED); others: hard-link group id
 *   +0x60 u16  number of extra stream entries
 *   +0x62 u16  short name length in bytes     +0x64 u16 long name length in bytes
 *   +0x66      long name UTF-16LE + NUL, short name UTF-16LE + NUL, pad to 8, tagged items, pad to 8
 * Extra stream entry: +0 u64 length, +8 u64 reserved, +16 20 B hash, +36 u16 name length, +38 name + NUL, pad 8.
 * Tagged item: u32 tag, u32 length, data, pad to 8 (0x1 object id, 0x2 extended attributes, 0x337DD873 unix data).
 */
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { hexOf, isAllZero } from './fields';

export const DENTRY_FIXED_SIZE = 0x66;
export const STREAM_ENTRY_FIXED_SIZE = 38;
export const FILE_ATTRIBUTE_DIRECTORY = 0x10;
export const FILE_ATTRIBUTE_REPARSE_POINT = 0x400;
export const FILE_ATTRIBUTE_ENCRYPTED = 0x4000;
export const NO_SECURITY_ID = 0xffffffff;
export const TAG_OBJECT_ID = 0x1;
export const TAG_EXTENDED_ATTRIBUTES = 0x2;
export const TAG_WIMLIB_UNIX_DATA = 0x337dd873;

export interface StreamEntry {
  /** '' for unnamed streams. */
  name: string;
  /** SHA-1 as 40 hex digits; undefined for an empty stream (all-zero hash). */
  hash: string | undefined;
}

export interface TaggedItem {
  tag: number;
  data: Uint8Array;
}

export interface RawDentry {
  /** Offset of this dentry in the metadata resource (for error messages). */
  offset: number;
  /** Bytes consumed, including extra stream entries: where the next sibling starts. */
  totalLength: number;
  attributes: number;
  securityId: number;
  subdirOffset: number;
  creationTime: bigint;
  lastAccessTime: bigint;
  lastWriteTime: bigint;
  mainHash: string | undefined;
  reparseTag: number;
  reparseReserved: number;
  /** Reparse point whose absolute target was not rewritten at capture (RP_FIX did not apply). */
  rpNotFixed: boolean;
  hardLinkGroupId: bigint;
  name: string;
  shortName: string;
  extraStreams: StreamEntry[];
  taggedItems: TaggedItem[];
}

const utf16 = new TextDecoder('utf-16le');

/**
 * UTF-16LE name at `start`. Short names without surrogates (nearly all of them) are built from their code units
 * directly: a TextDecoder call per name dominates parsing a 100k-entry tree. Anything else goes through the
 * decoder, which turns lone surrogates into U+FFFD — the fast path never sees a surrogate, so both agree.
 */
function readUtf16(bytes: Uint8Array, start: number, byteLength: number): string {
  if (byteLength === 0) return '';
  if (byteLength <= 256) {
    const units = new Array<number>(byteLength >> 1);
    for (let i = 0; i < units.length; i++) {
      const unit = bytes[start + 2 * i]! | (bytes[start + 2 * i + 1]! << 8);
      if (unit >= 0xd800 && unit <= 0xdfff) return utf16.decode(bytes.subarray(start, start + byteLength));
      units[i] = unit;
    }
    return String.fromCharCode.apply(null, units);
  }
  return utf16.decode(bytes.subarray(start, start + byteLength));
}

/** Rounds up to a multiple of 8 without 32-bit bitwise operators (offsets can exceed 2^31). */
export function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

export function hashToHex(bytes: Uint8Array, offset: number): string | undefined {
  return isAllZero(bytes, offset, offset + 20) ? undefined : hexOf(bytes, offset, offset + 20);
}

function dentryError(offset: number, detail: string): ImagewrightError {
  return new ImagewrightError(ErrorCode.BAD_DENTRY, { offset, detail });
}

/** Reads the u64 length at `offset`; returns undefined for an end-of-directory marker. */
export function readDentryLength(view: DataView, offset: number): number | undefined {
  if (offset < 0 || offset + 8 > view.byteLength) throw dentryError(offset, 'dentry length field runs past the metadata resource');
  const length = view.getBigUint64(offset, true);
  if (length <= 8n) return undefined;
  if (length > BigInt(view.byteLength - offset)) throw dentryError(offset, `dentry length ${length} runs past the metadata resource`);
  return Number(length);
}

export function readDentry(bytes: Uint8Array, view: DataView, offset: number): RawDentry | undefined {
  const length = readDentryLength(view, offset);
  if (length === undefined) return undefined;
  if (length < DENTRY_FIXED_SIZE) throw dentryError(offset, `dentry length ${length} is below the 102-byte minimum`);
  const attributes = view.getUint32(offset + 0x08, true);
  const subdir = view.getBigUint64(offset + 0x10, true);
  if (subdir > BigInt(view.byteLength)) throw dentryError(offset, `subdirectory offset ${subdir} is outside the metadata resource`);
  const isReparse = (attributes & FILE_ATTRIBUTE_REPARSE_POINT) !== 0;
  const streamCount = view.getUint16(offset + 0x60, true);
  const shortNameBytes = view.getUint16(offset + 0x62, true);
  const nameBytes = view.getUint16(offset + 0x64, true);
  if (nameBytes % 2 || shortNameBytes % 2) throw dentryError(offset, 'a UTF-16 name has an odd byte length');
  const nameStart = offset + DENTRY_FIXED_SIZE;
  const shortStart = nameStart + (nameBytes ? nameBytes + 2 : 0);
  const namesEnd = shortStart + (shortNameBytes ? shortNameBytes + 2 : 0);
  if (namesEnd > offset + length) throw dentryError(offset, 'names run past the end of the dentry');

  const dentry: RawDentry = {
    offset,
    totalLength: 0,
    attributes,
    securityId: view.getUint32(offset + 0x0c, true),
    subdirOffset: Number(subdir),
    creationTime: view.getBigUint64(offset + 0x28, true),
    lastAccessTime: view.getBigUint64(offset + 0x30, true),
    lastWriteTime: view.getBigUint64(offset + 0x38, true),
    mainHash: hashToHex(bytes, offset + 0x40),
    reparseTag: isReparse ? view.getUint32(offset + 0x58, true) : 0,
    reparseReserved: isReparse ? view.getUint16(offset + 0x5c, true) : 0,
    rpNotFixed: isReparse ? (view.getUint16(offset + 0x5e, true) & 1) !== 0 : false,
    hardLinkGroupId: isReparse ? 0n : view.getBigUint64(offset + 0x58, true),
    name: readUtf16(bytes, nameStart, nameBytes),
    shortName: readUtf16(bytes, shortStart, shortNameBytes),
    extraStreams: [],
    taggedItems: readTaggedItems(bytes, view, align8(namesEnd), offset + length),
  };

  let position = align8(offset + length);
  for (let i = 0; i < streamCount; i++) {
    if (position + STREAM_ENTRY_FIXED_SIZE > view.byteLength) throw dentryError(position, `stream entry ${i} runs past the metadata resource`);
    const entryLength = view.getBigUint64(position, true);
    const streamNameBytes = view.getUint16(position + 36, true);
    const needed = STREAM_ENTRY_FIXED_SIZE + (streamNameBytes ? streamNameBytes + 2 : 0);
    if (entryLength < BigInt(needed) || entryLength > BigInt(view.byteLength - position)) {
      throw dentryError(position, `stream entry ${i} has an impossible length ${entryLength}`);
    }
    if (streamNameBytes % 2) throw dentryError(position, 'a stream name has an odd byte length');
    dentry.extraStreams.push({
      name: readUtf16(bytes, position + 38, streamNameBytes),
      hash: hashToHex(bytes, position + 16),
    });
    position = align8(position + Number(entryLength));
  }
  dentry.totalLength = position - offset;
  return dentry;
}

function readTaggedItems(bytes: Uint8Array, view: DataView, start: number, end: number): TaggedItem[] {
  const items: TaggedItem[] = [];
  let position = start;
  while (position + 8 <= end) {
    const tag = view.getUint32(position, true);
    const length = view.getUint32(position + 4, true);
    if (tag === 0 && length === 0) break; // zero padding, not an item
    if (length > end - position - 8) break; // trailing padding or a torn item: wimlib ignores it too
    items.push({ tag, data: bytes.subarray(position + 8, position + 8 + length) });
    position = align8(position + 8 + length);
  }
  return items;
}
