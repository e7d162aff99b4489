/**
 * Solid resource (version 0xE00, "ESD"): many blobs compressed together as one stream.
 * Source: docs/wim-format.md §5 (wimlib include/wimlib/resource.h `alt_chunk_table_header_disk`,
 * src/blob_table.c, src/resource.c).
 *
 *   +0x00  8       total uncompressed size of the resource
 *   +0x08  4       chunk size (overrides the WIM header)
 *   +0x0C  4       codec: 0 none, 1 XPRESS, 2 LZX, 3 LZMS (overrides the WIM header)
 *   +0x10  4 × n   stored size of every chunk, chunk 0 included (always 4-byte entries)
 *   +0x10 + 4n     chunk data, concatenated; a chunk is raw when stored size = its uncompressed size
 *
 * n = ceil(uncompressed size / chunk size). The blob table locates blobs inside the uncompressed stream (see
 * blob-table.ts); to read one, decompress from the chunk holding its first byte.
 */
import type { ByteSource } from '../../io/byte-source';
import { readChunked } from '../../io/byte-source';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { safeU64At, u32At, isPowerOfTwo } from './fields';
import { isChunkSizeValid } from './header';
import { checkChunkSizes, chunkCountOf, type ChunkLayout } from './resource';
import type { Reshdr } from './reshdr';
import type { CompressionName } from './wim-info';

export const SOLID_HEADER_DISK_SIZE = 16;
export const SOLID_CODEC_NAMES: readonly CompressionName[] = ['none', 'XPRESS', 'LZX', 'LZMS'];
/** Microsoft software refuses solid chunks above 64 MiB; wimlib writes up to 1 GiB (LZMS). */
export const SOLID_MS_MAX_CHUNK_SIZE = 1 << 26;

export interface SolidResourceHeader {
  uncompressedSize: number;
  chunkSize: number;
  compression: CompressionName;
  /** Codec number as stored. */
  codec: number;
  chunkCount: number;
}

/** Parses the 16-byte solid header at the start of the resource (`bytes` = those bytes, `at` = file offset). */
export function parseSolidResourceHeader(bytes: Uint8Array, at: number, sizeInWim: number): SolidResourceHeader {
  const bad = (detail: string): ImagewrightError =>
    new ImagewrightError(ErrorCode.BAD_SOLID_RESOURCE, { offset: at, detail });
  if (sizeInWim < SOLID_HEADER_DISK_SIZE || bytes.length < SOLID_HEADER_DISK_SIZE) {
    throw bad(`a solid resource of ${sizeInWim} bytes cannot hold its 16-byte header`);
  }
  const uncompressedSize = safeU64At(bytes, 0, ErrorCode.BAD_SOLID_RESOURCE, at, 'solid resource size');
  const chunkSize = u32At(bytes, 8);
  const codec = u32At(bytes, 12);
  const compression = SOLID_CODEC_NAMES[codec];
  if (compression === undefined) throw bad(`unknown codec number ${codec}`);
  // Uncompressed solid data still needs a sane chunk size to be cut into pieces.
  const chunkOk = compression === 'none' ? isPowerOfTwo(chunkSize) && chunkSize >= 4096 && chunkSize <= 1 << 30 : isChunkSizeValid(chunkSize, compression);
  if (!chunkOk) {
    throw new ImagewrightError(ErrorCode.BAD_CHUNK_SIZE, { params: { chunkSize, codec: compression }, offset: at + 8 });
  }
  const chunkCount = chunkCountOf(uncompressedSize, chunkSize);
  if (SOLID_HEADER_DISK_SIZE + 4 * chunkCount > sizeInWim) {
    throw bad(`${chunkCount} chunks need a ${4 * chunkCount}-byte size table but the resource stores ${sizeInWim} bytes`);
  }
  return { uncompressedSize, chunkSize, compression, codec, chunkCount };
}

/** Reads only the 16-byte header (what the blob table needs to place blobs). */
export async function readSolidResourceHeader(
  source: ByteSource,
  reshdr: Reshdr,
  signal?: AbortSignal,
): Promise<SolidResourceHeader> {
  if (reshdr.sizeInWim < SOLID_HEADER_DISK_SIZE || reshdr.offset + reshdr.sizeInWim > source.size) {
    throw new ImagewrightError(ErrorCode.BAD_SOLID_RESOURCE, {
      offset: reshdr.offset,
      path: source.name,
      detail: `solid resource of ${reshdr.sizeInWim} bytes at ${reshdr.offset} does not fit a header in a ${source.size}-byte file`,
    });
  }
  const bytes = await source.read(reshdr.offset, SOLID_HEADER_DISK_SIZE, signal);
  return parseSolidResourceHeader(bytes, reshdr.offset, reshdr.sizeInWim);
}

/** Reads the header and the per-chunk size table, and returns where every chunk's stored bytes are. */
export async function readSolidChunkTable(source: ByteSource, reshdr: Reshdr, signal?: AbortSignal): Promise<ChunkLayout> {
  const header = await readSolidResourceHeader(source, reshdr, signal);
  const tableSize = SOLID_HEADER_DISK_SIZE + 4 * header.chunkCount;
  const offsets = new Float64Array(header.chunkCount + 1);
  let next = reshdr.offset + tableSize;
  let index = 0;
  offsets[0] = next;
  await readChunked(
    source,
    reshdr.offset + SOLID_HEADER_DISK_SIZE,
    4 * header.chunkCount,
    1 << 20,
    (bytes) => {
      for (let pos = 0; pos < bytes.length; pos += 4) {
        next += u32At(bytes, pos);
        offsets[++index] = next;
      }
    },
    signal,
  );
  const end = reshdr.offset + reshdr.sizeInWim;
  if (offsets[header.chunkCount] !== end) {
    throw new ImagewrightError(ErrorCode.BAD_SOLID_RESOURCE, {
      offset: reshdr.offset,
      path: source.name,
      detail: `chunks end at ${offsets[header.chunkCount]} but the resource ends at ${end}`,
    });
  }
  const layout: ChunkLayout = {
    compression: header.compression,
    chunkSize: header.chunkSize,
    uncompressedSize: header.uncompressedSize,
    chunkCount: header.chunkCount,
    tableSize,
    entrySize: 4,
    offsets,
  };
  checkChunkSizes(layout, ErrorCode.BAD_SOLID_RESOURCE, reshdr.offset);
  return layout;
}
