/**
 * WIM header: the 208 bytes at offset 0 (or, for wimlib's pipable WIMs, the last 208 bytes of the file).
 * Source: docs/wim-format.md §2 (wimlib include/wimlib/header.h, src/header.c, src/wim.c; 7-Zip WimIn.cpp).
 *
 *   +0x00  8   magic "MSWIM\0\0\0" (pipable: "WLPWM\0\0\0")
 *   +0x08  4   header size = 208
 *   +0x0C  4   version: 0x10D00 classic, 0xE00 solid/ESD (LZMS only with 0xE00)
 *   +0x10  4   flags: WIM_HDR_FLAG_* (exactly one codec flag iff COMPRESSION)
 *   +0x14  4   chunk size of non-solid compressed resources (power of two in the codec's range; free if none)
 *   +0x18 16   GUID (same in every part of a split set)
 *   +0x28  2   part number (1-based)      +0x2A  2   total parts
 *   +0x2C  4   image count (≤ 65535)
 *   +0x30 24   blob table reshdr          +0x48 24   XML data reshdr
 *   +0x60 24   boot metadata reshdr (copy of the boot image's metadata reshdr, zero if none)
 *   +0x78  4   boot index (0 = none; > image count → warning and cleared, as wimlib does)
 *   +0x7C 24   integrity table reshdr (zero if absent)
 *   +0x94 60   unused
 *   +0xD0      end
 *
 * A pipable WIM starts with a header whose reshdrs are zeroed (the file was written to a pipe); the real header
 * is the copy at the end (§10), which is what a seekable reader uses.
 */
import type { ByteSource } from '../../io/byte-source';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { hex, hexOf, isPowerOfTwo, u16At, u32At } from './fields';
import { checkPlainReshdrSizes, checkReshdrInBounds, isZeroReshdr, readReshdr, type Reshdr } from './reshdr';
import type { CompressionName } from './wim-info';

export const WIM_HEADER_DISK_SIZE = 208;
export const WIM_MAGIC = 'MSWIM';
export const PWM_MAGIC = 'WLPWM';
export const WIM_VERSION_DEFAULT = 0x10d00;
export const WIM_VERSION_SOLID = 0xe00;
/** wimlib's cap on images per WIM. */
export const WIM_MAX_IMAGES = 65535;

export const WIM_HDR_FLAG_RESERVED = 0x00000001;
export const WIM_HDR_FLAG_COMPRESSION = 0x00000002;
export const WIM_HDR_FLAG_READONLY = 0x00000004;
export const WIM_HDR_FLAG_SPANNED = 0x00000008;
export const WIM_HDR_FLAG_RESOURCE_ONLY = 0x00000010;
export const WIM_HDR_FLAG_METADATA_ONLY = 0x00000020;
export const WIM_HDR_FLAG_WRITE_IN_PROGRESS = 0x00000040;
export const WIM_HDR_FLAG_RP_FIX = 0x00000080;
export const WIM_HDR_FLAG_COMPRESS_RESERVED = 0x00010000;
export const WIM_HDR_FLAG_COMPRESS_XPRESS = 0x00020000;
export const WIM_HDR_FLAG_COMPRESS_LZX = 0x00040000;
export const WIM_HDR_FLAG_COMPRESS_LZMS = 0x00080000;
export const WIM_HDR_FLAG_COMPRESS_XPRESS_2 = 0x00200000;

/** Flag names in bit order, wimlib spelling without the WIM_HDR_FLAG_ prefix. */
export const WIM_HDR_FLAG_NAMES: readonly (readonly [number, string])[] = [
  [WIM_HDR_FLAG_RESERVED, 'RESERVED'],
  [WIM_HDR_FLAG_COMPRESSION, 'COMPRESSION'],
  [WIM_HDR_FLAG_READONLY, 'READONLY'],
  [WIM_HDR_FLAG_SPANNED, 'SPANNED'],
  [WIM_HDR_FLAG_RESOURCE_ONLY, 'RESOURCE_ONLY'],
  [WIM_HDR_FLAG_METADATA_ONLY, 'METADATA_ONLY'],
  [WIM_HDR_FLAG_WRITE_IN_PROGRESS, 'WRITE_IN_PROGRESS'],
  [WIM_HDR_FLAG_RP_FIX, 'RP_FIX'],
  [WIM_HDR_FLAG_COMPRESS_RESERVED, 'COMPRESS_RESERVED'],
  [WIM_HDR_FLAG_COMPRESS_XPRESS, 'COMPRESS_XPRESS'],
  [WIM_HDR_FLAG_COMPRESS_LZX, 'COMPRESS_LZX'],
  [WIM_HDR_FLAG_COMPRESS_LZMS, 'COMPRESS_LZMS'],
  [WIM_HDR_FLAG_COMPRESS_XPRESS_2, 'COMPRESS_XPRESS_2'],
];

/** Chunk-size range per codec, as wimlib accepts them (docs/wim-format.md §2.2). */
export const CODEC_CHUNK_SIZE_RANGE: Record<Exclude<CompressionName, 'none'>, { min: number; max: number }> = {
  XPRESS: { min: 1 << 12, max: 1 << 16 },
  LZX: { min: 1 << 15, max: 1 << 21 },
  LZMS: { min: 1 << 15, max: 1 << 30 },
};

export function isChunkSizeValid(chunkSize: number, codec: CompressionName): boolean {
  if (codec === 'none') return true; // meaningless for uncompressed WIMs; wimlib accepts any value
  const range = CODEC_CHUNK_SIZE_RANGE[codec];
  return isPowerOfTwo(chunkSize) && chunkSize >= range.min && chunkSize <= range.max;
}

export interface WimHeader {
  magic: 'MSWIM' | 'WLPWM';
  /** File offset of the header that was parsed (0, or fileSize − 208 for pipable WIMs). */
  headerOffset: number;
  headerSize: number;
  version: number;
  flags: number;
  chunkSize: number;
  compression: CompressionName;
  /** 32 lowercase hex digits, stored byte order. */
  guid: string;
  partNumber: number;
  totalParts: number;
  imageCount: number;
  /** Boot index after wimlib's fix-up (cleared when larger than the image count). */
  bootIndex: number;
  /** Boot index exactly as stored. */
  rawBootIndex: number;
  blobTable: Reshdr;
  xmlData: Reshdr;
  bootMetadata: Reshdr;
  integrityTable: Reshdr;
  warnings: string[];
}

export function flagNamesOf(flags: number): string[] {
  return WIM_HDR_FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
}

function magicOf(bytes: Uint8Array): string {
  // Printable rendering for messages: ASCII as is, other bytes as \xNN.
  let out = '';
  for (let i = 0; i < 8; i++) {
    const b = bytes[i] ?? 0;
    out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

function matchMagic(bytes: Uint8Array): 'MSWIM' | 'WLPWM' | undefined {
  for (const magic of [WIM_MAGIC, PWM_MAGIC] as const) {
    let ok = bytes[5] === 0 && bytes[6] === 0 && bytes[7] === 0;
    for (let i = 0; ok && i < 5; i++) ok = bytes[i] === magic.charCodeAt(i);
    if (ok) return magic;
  }
  return undefined;
}

function compressionOf(flags: number, version: number, at: number): CompressionName {
  const codecs: CompressionName[] = [];
  if (flags & (WIM_HDR_FLAG_COMPRESS_XPRESS | WIM_HDR_FLAG_COMPRESS_XPRESS_2)) codecs.push('XPRESS');
  if (flags & WIM_HDR_FLAG_COMPRESS_LZX) codecs.push('LZX');
  if (flags & WIM_HDR_FLAG_COMPRESS_LZMS) codecs.push('LZMS');
  const compressed = (flags & WIM_HDR_FLAG_COMPRESSION) !== 0;
  const bad = (detail: string): ImagewrightError =>
    new ImagewrightError(ErrorCode.BAD_COMPRESSION_FLAGS, { params: { flags: hex(flags) }, offset: at + 0x10, detail });
  if (!compressed) {
    if (codecs.length) throw bad(`codec flag ${codecs.join('+')} without COMPRESSION`);
    return 'none';
  }
  if (codecs.length !== 1) throw bad(codecs.length ? `several codecs: ${codecs.join(', ')}` : 'COMPRESSION without a codec');
  const codec = codecs[0]!;
  if (codec === 'LZMS' && version !== WIM_VERSION_SOLID) throw bad('LZMS requires version 0xE00');
  return codec;
}

/**
 * Parses and validates a 208-byte header. `at` is its file offset (for error offsets); `fileSize` bounds every
 * reshdr. Pure: no I/O, so tests and fuzzers can feed it any bytes.
 */
export function parseWimHeader(bytes: Uint8Array, fileSize: number, at = 0): WimHeader {
  if (bytes.length < WIM_HEADER_DISK_SIZE) {
    throw new ImagewrightError(ErrorCode.FILE_TOO_SMALL, { params: { size: bytes.length } });
  }
  const magic = matchMagic(bytes);
  if (!magic) throw new ImagewrightError(ErrorCode.NOT_A_WIM, { params: { magic: magicOf(bytes) }, offset: at });
  const headerSize = u32At(bytes, 0x08);
  if (headerSize !== WIM_HEADER_DISK_SIZE) {
    throw new ImagewrightError(ErrorCode.BAD_HEADER_SIZE, { params: { size: headerSize }, offset: at + 0x08 });
  }
  const version = u32At(bytes, 0x0c);
  if (version !== WIM_VERSION_DEFAULT && version !== WIM_VERSION_SOLID) {
    throw new ImagewrightError(ErrorCode.UNSUPPORTED_VERSION, { params: { version: hex(version) }, offset: at + 0x0c });
  }
  const flags = u32At(bytes, 0x10);
  const compression = compressionOf(flags, version, at);
  const chunkSize = u32At(bytes, 0x14);
  if (!isChunkSizeValid(chunkSize, compression)) {
    throw new ImagewrightError(ErrorCode.BAD_CHUNK_SIZE, {
      params: { chunkSize, codec: compression },
      offset: at + 0x14,
    });
  }
  const partNumber = u16At(bytes, 0x28);
  const totalParts = u16At(bytes, 0x2a);
  if (partNumber === 0 || totalParts === 0 || partNumber > totalParts) {
    throw new ImagewrightError(ErrorCode.BAD_PART_NUMBER, { params: { part: partNumber, total: totalParts }, offset: at + 0x28 });
  }
  const imageCount = u32At(bytes, 0x2c);
  if (imageCount > WIM_MAX_IMAGES) {
    throw new ImagewrightError(ErrorCode.TOO_MANY_IMAGES, {
      params: { count: imageCount, limit: WIM_MAX_IMAGES },
      offset: at + 0x2c,
    });
  }
  const reshdrAt = (pos: number, what: string, mayBeEmpty: boolean): Reshdr => {
    const r = readReshdr(bytes, pos, at, what);
    if (mayBeEmpty && isZeroReshdr(r)) return r;
    checkPlainReshdrSizes(r, what, at + pos);
    checkReshdrInBounds(r, fileSize, what, at + pos);
    return r;
  };
  const blobTable = reshdrAt(0x30, 'blob table', true);
  const xmlData = reshdrAt(0x48, 'XML data', true);
  const bootMetadata = reshdrAt(0x60, 'boot metadata', true);
  const integrityTable = reshdrAt(0x7c, 'integrity table', true);
  const rawBootIndex = u32At(bytes, 0x78);
  const warnings: string[] = [];
  let bootIndex = rawBootIndex;
  if (bootIndex > imageCount) {
    warnings.push(`Ignoring invalid boot index ${rawBootIndex} (the WIM has ${imageCount} images)`);
    bootIndex = 0;
  }
  if (flags & WIM_HDR_FLAG_WRITE_IN_PROGRESS) {
    warnings.push('The WRITE_IN_PROGRESS flag is set: the program that wrote this file may have crashed');
  }
  return {
    magic,
    headerOffset: at,
    headerSize,
    version,
    flags,
    chunkSize,
    compression,
    guid: hexOf(bytes, 0x18, 0x28),
    partNumber,
    totalParts,
    imageCount,
    bootIndex,
    rawBootIndex,
    blobTable,
    xmlData,
    bootMetadata,
    integrityTable,
    warnings,
  };
}

/**
 * Reads and validates the header of a WIM, ESD or SWM part. For pipable WIMs (magic WLPWM) the first header only
 * announces the layout; the authoritative one is the copy in the last 208 bytes, which is returned.
 */
export async function readWimHeader(source: ByteSource, signal?: AbortSignal): Promise<WimHeader> {
  if (source.size < WIM_HEADER_DISK_SIZE) {
    throw new ImagewrightError(ErrorCode.FILE_TOO_SMALL, { params: { size: source.size }, path: source.name });
  }
  const first = await source.read(0, WIM_HEADER_DISK_SIZE, signal);
  const magic = matchMagic(first);
  if (magic !== PWM_MAGIC) return withPath(() => parseWimHeader(first, source.size, 0), source.name);
  const at = source.size - WIM_HEADER_DISK_SIZE;
  if (at < WIM_HEADER_DISK_SIZE) {
    throw new ImagewrightError(ErrorCode.BAD_PIPABLE_LAYOUT, {
      path: source.name,
      detail: 'a pipable WIM needs a header at both ends',
    });
  }
  const last = await source.read(at, WIM_HEADER_DISK_SIZE, signal);
  if (matchMagic(last) !== PWM_MAGIC) {
    throw new ImagewrightError(ErrorCode.BAD_PIPABLE_LAYOUT, {
      offset: at,
      path: source.name,
      detail: 'the trailing header of a pipable WIM is missing (the file was not written to the end?)',
    });
  }
  return withPath(() => parseWimHeader(last, source.size, at), source.name);
}

/** Adds the file name to errors thrown by pure parsers, so messages say which file of a split set is bad. */
export function withPath<T>(fn: () => T, path: string): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ImagewrightError && error.path === undefined) {
      throw new ImagewrightError(error.code, {
        params: error.params,
        ...(error.offset === undefined ? {} : { offset: error.offset }),
        path,
        ...(error.detail === undefined ? {} : { detail: error.detail }),
        cause: error,
      });
    }
    throw error;
  }
}
