/**
 * Non-solid compressed resource: a chunk table, then independently compressed chunks.
 * Source: docs/wim-format.md §4 (wimlib src/resource.c header comment, src/write.c begin/end_chunk_table).
 *
 *   +0x00          (n − 1) entries of 4 bytes (8 bytes when the uncompressed size > 0xFFFFFFFF):
 *                  entry i = offset of chunk i + 1, counted from the end of the table (chunk 0 is at 0)
 *   +table size    chunk 0, chunk 1, … chunk n − 1 (n = ceil(uncompressed size / header chunk size))
 *   +size in WIM   end
 *
 * Every chunk decompresses to the chunk size (the last one to the remainder). A chunk whose stored size equals its
 * uncompressed size is stored raw. Stored sizes must satisfy 1 ≤ stored ≤ uncompressed (wimlib rejects others).
 *
 * Pipable WIMs (magic WLPWM; wimlib src/resource.c, comment "Pipable resource format") lay compressed resources
 * out differently, so that they can be written without seeking back:
 *
 *   +0x00          chunk 0 = u32 stored size, stored bytes; chunk 1 = u32 stored size, stored bytes; …
 *   +size − table  the same (n − 1)-entry table, at the END; its offsets count chunk bytes only (as if the
 *                  4-byte prefixes were absent), so chunk i's prefix is at +(entry i−1) + 4 × i
 *
 * readPipableChunkTable reads that variant; the layout then has chunkHeaderSize = 4 and `offsets` point at
 * each chunk's prefix.
 *
 * The table is read in bounded pieces and only after checking that it fits inside the resource, so a hostile
 * uncompressed size cannot make us allocate more than the file holds.
 */
import type { ByteSource } from '../../io/byte-source';
import { readChunked } from '../../io/byte-source';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { u32At, u64BigAt } from './fields';
import { RESHDR_FLAG_COMPRESSED, type Reshdr } from './reshdr';
import type { CompressionName } from './wim-info';
import { PWM_CHUNK_HEADER_DISK_SIZE } from './pipable';

/** Where the stored bytes of every chunk of one resource are (solid or not). */
export interface ChunkLayout {
  compression: CompressionName;
  chunkSize: number;
  uncompressedSize: number;
  chunkCount: number;
  /** Bytes before chunk 0: the chunk table (non-solid) or the solid header with its size table. */
  tableSize: number;
  /** Width of one table entry (4 or 8). */
  entrySize: number;
  /**
   * Absolute file offset where chunk i begins (its prefix, if any); one extra final entry = end of the last
   * chunk. Without prefixes, chunk i's stored size is offsets[i + 1] − offsets[i].
   */
  offsets: Float64Array;
  /** Bytes before each chunk's data: 4 for pipable resources (the u32 stored size), else 0 / absent. */
  chunkHeaderSize?: number;
}

export interface ChunkLocation {
  index: number;
  /** Absolute file offset of the stored bytes. */
  offset: number;
  storedSize: number;
  uncompressedSize: number;
  /** Stored as is (stored size = uncompressed size): copy, do not decompress. */
  raw: boolean;
}

/** Number of chunks a resource of `uncompressedSize` bytes is cut into. */
export function chunkCountOf(uncompressedSize: number, chunkSize: number): number {
  return Math.ceil(uncompressedSize / chunkSize);
}

export function chunkAt(layout: ChunkLayout, index: number): ChunkLocation {
  if (!Number.isInteger(index) || index < 0 || index >= layout.chunkCount) {
    throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `chunk ${index} of ${layout.chunkCount}` });
  }
  const header = layout.chunkHeaderSize ?? 0;
  const offset = layout.offsets[index]! + header;
  const storedSize = layout.offsets[index + 1]! - offset;
  const uncompressedSize = Math.min(layout.chunkSize, layout.uncompressedSize - index * layout.chunkSize);
  return { index, offset, storedSize, uncompressedSize, raw: storedSize === uncompressedSize };
}

/** Index of the chunk holding uncompressed byte `position` of the resource. */
export function chunkIndexAt(layout: ChunkLayout, position: number): number {
  return Math.floor(position / layout.chunkSize);
}

/** Checks 1 ≤ stored ≤ uncompressed for every chunk of a filled-in layout; throws `code`. */
export function checkChunkSizes(layout: ChunkLayout, code: typeof ErrorCode.BAD_RESOURCE_HEADER | typeof ErrorCode.BAD_SOLID_RESOURCE, at: number): void {
  for (let i = 0; i < layout.chunkCount; i++) {
    const chunk = chunkAt(layout, i);
    if (chunk.storedSize < 1 || chunk.storedSize > chunk.uncompressedSize) {
      throw new ImagewrightError(code, {
        offset: at,
        params: { what: 'compressed resource' },
        detail: `chunk ${i} stores ${chunk.storedSize} bytes for ${chunk.uncompressedSize} uncompressed`,
      });
    }
  }
}

/**
 * What both chunk-table layouts share: the resource must be compressed and inside the file; n chunks need
 * n − 1 table entries of 4 bytes, or 8 when the uncompressed size exceeds 32 bits.
 */
function chunkTableGeometry(
  source: ByteSource,
  reshdr: Reshdr,
  compression: CompressionName,
  chunkSize: number,
  bad: (detail: string) => ImagewrightError,
): { chunkCount: number; entrySize: number; tableSize: number } {
  if ((reshdr.flags & RESHDR_FLAG_COMPRESSED) === 0) throw bad('the resource is not compressed');
  if (compression === 'none' || !(chunkSize > 0)) throw bad('the WIM header declares no compression');
  if (reshdr.offset + reshdr.sizeInWim > source.size) {
    throw new ImagewrightError(ErrorCode.RESOURCE_OUT_OF_BOUNDS, {
      path: source.name,
      params: { what: 'compressed resource', offset: reshdr.offset, size: reshdr.sizeInWim, fileSize: source.size },
    });
  }
  const chunkCount = chunkCountOf(reshdr.uncompressedSize, chunkSize);
  const entrySize = reshdr.uncompressedSize > 0xffffffff ? 8 : 4;
  const tableSize = Math.max(0, chunkCount - 1) * entrySize;
  return { chunkCount, entrySize, tableSize };
}

/**
 * Reads and validates the chunk table of a non-solid compressed resource (reshdr flag COMPRESSED), compressed
 * with the WIM header's codec and chunk size.
 */
export async function readChunkTable(
  source: ByteSource,
  reshdr: Reshdr,
  compression: CompressionName,
  chunkSize: number,
  signal?: AbortSignal,
): Promise<ChunkLayout> {
  const at = reshdr.offset;
  const bad = (detail: string): ImagewrightError =>
    new ImagewrightError(ErrorCode.BAD_RESOURCE_HEADER, { offset: at, path: source.name, params: { what: 'compressed resource' }, detail });
  const { chunkCount, entrySize, tableSize } = chunkTableGeometry(source, reshdr, compression, chunkSize, bad);
  if (tableSize > reshdr.sizeInWim) {
    throw bad(`${chunkCount} chunks need a ${tableSize}-byte table but the resource stores ${reshdr.sizeInWim} bytes`);
  }
  const dataStart = at + tableSize;
  const offsets = new Float64Array(chunkCount + 1);
  offsets[0] = dataStart;
  let entry = 1;
  // 1 MiB pieces: a multiple of both entry widths, so entries never straddle two reads.
  await readChunked(
    source,
    at,
    tableSize,
    1 << 20,
    (bytes) => {
      for (let pos = 0; pos < bytes.length; pos += entrySize, entry++) {
        const rel = entrySize === 4 ? u32At(bytes, pos) : Number(u64BigAt(bytes, pos));
        offsets[entry] = dataStart + rel;
      }
    },
    signal,
  );
  offsets[chunkCount] = at + reshdr.sizeInWim;
  const layout: ChunkLayout = {
    compression,
    chunkSize,
    uncompressedSize: reshdr.uncompressedSize,
    chunkCount,
    tableSize,
    entrySize,
    offsets,
  };
  try {
    checkChunkSizes(layout, ErrorCode.BAD_RESOURCE_HEADER, at);
  } catch (error) {
    throw error instanceof ImagewrightError ? bad(error.detail ?? '') : error;
  }
  return layout;
}

/**
 * Reads the trailing chunk table of a compressed resource in a pipable WIM (see the file comment). The u32 prefix
 * of every chunk repeats its stored size; blob-reader.ts checks it when it reads the chunk.
 */
export async function readPipableChunkTable(
  source: ByteSource,
  reshdr: Reshdr,
  compression: CompressionName,
  chunkSize: number,
  signal?: AbortSignal,
): Promise<ChunkLayout> {
  const at = reshdr.offset;
  const bad = (detail: string): ImagewrightError =>
    new ImagewrightError(ErrorCode.BAD_PIPABLE_LAYOUT, { offset: at, path: source.name, detail });
  const { chunkCount, entrySize, tableSize } = chunkTableGeometry(source, reshdr, compression, chunkSize, bad);
  const prefixes = PWM_CHUNK_HEADER_DISK_SIZE * chunkCount;
  if (tableSize + prefixes > reshdr.sizeInWim) {
    throw bad(`${chunkCount} chunks need ${tableSize + prefixes} bytes of table and prefixes but the resource stores ${reshdr.sizeInWim}`);
  }
  const offsets = new Float64Array(chunkCount + 1);
  offsets[0] = at;
  let entry = 1;
  await readChunked(
    source,
    at + reshdr.sizeInWim - tableSize,
    tableSize,
    1 << 20,
    (bytes) => {
      for (let pos = 0; pos < bytes.length; pos += entrySize, entry++) {
        const rel = entrySize === 4 ? u32At(bytes, pos) : Number(u64BigAt(bytes, pos));
        offsets[entry] = at + rel + PWM_CHUNK_HEADER_DISK_SIZE * entry;
      }
    },
    signal,
  );
  offsets[chunkCount] = at + reshdr.sizeInWim - tableSize;
  const layout: ChunkLayout = {
    compression,
    chunkSize,
    uncompressedSize: reshdr.uncompressedSize,
    chunkCount,
    tableSize,
    entrySize,
    offsets,
    chunkHeaderSize: PWM_CHUNK_HEADER_DISK_SIZE,
  };
  for (let i = 0; i < chunkCount; i++) {
    if (offsets[i + 1]! < offsets[i]! + PWM_CHUNK_HEADER_DISK_SIZE) throw bad(`chunk ${i} starts before the previous one ends`);
  }
  try {
    checkChunkSizes(layout, ErrorCode.BAD_RESOURCE_HEADER, at);
  } catch (error) {
    throw error instanceof ImagewrightError ? bad(error.detail ?? '') : error;
  }
  return layout;
}
