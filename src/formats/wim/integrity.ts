/**
 * Integrity table: SHA-1 of every fixed-size chunk of the file from the end of the header to the end of the blob
 * table. Optional; checked only on request. Source: docs/wim-format.md §9 (wimlib src/integrity.c).
 *
 *   +0x00  4        total size = 12 + 20 × N
 *   +0x04  4        N = ceil(bytes covered / chunk size)
 *   +0x08  4        chunk size (wimlib writes 10,485,760)
 *   +0x0C  20 × N   SHA-1 of each chunk (the last one partial)
 *
 * Covered range: [208, blob table offset + blob table size). Stored uncompressed after the XML, reshdr flags 0.
 * This module reads and validates the 12-byte header only; verifying the hashes is a later job.
 */
import type { ByteSource } from '../../io/byte-source';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { u32At } from './fields';
import { WIM_HEADER_DISK_SIZE, type WimHeader } from './header';
import { RESHDR_FLAG_COMPRESSED, isZeroReshdr } from './reshdr';

export const INTEGRITY_TABLE_HEADER_SIZE = 12;
export const INTEGRITY_ENTRY_SIZE = 20;
export const INTEGRITY_DEFAULT_CHUNK_SIZE = 10 * 1024 * 1024;

export interface IntegrityTableHeader {
  /** File offset of the table. */
  offset: number;
  size: number;
  entryCount: number;
  chunkSize: number;
  /** File range the hashes cover. */
  coveredStart: number;
  coveredEnd: number;
}

/** Validates the 12 header bytes against the reshdr and the range they must cover. Pure. */
export function parseIntegrityTableHeader(
  bytes: Uint8Array,
  at: number,
  storedSize: number,
  coveredEnd: number,
): IntegrityTableHeader {
  const bad = (detail: string): ImagewrightError => new ImagewrightError(ErrorCode.BAD_INTEGRITY_TABLE, { offset: at, detail });
  if (storedSize < INTEGRITY_TABLE_HEADER_SIZE || bytes.length < INTEGRITY_TABLE_HEADER_SIZE) {
    throw bad(`${storedSize} bytes cannot hold the 12-byte header`);
  }
  const size = u32At(bytes, 0);
  const entryCount = u32At(bytes, 4);
  const chunkSize = u32At(bytes, 8);
  if (size !== storedSize) throw bad(`the table says ${size} bytes but its resource holds ${storedSize}`);
  if (INTEGRITY_TABLE_HEADER_SIZE + INTEGRITY_ENTRY_SIZE * entryCount !== size) {
    throw bad(`${entryCount} entries do not fill ${size} bytes`);
  }
  if (chunkSize === 0) throw bad('chunk size 0');
  const coveredStart = WIM_HEADER_DISK_SIZE;
  const expected = Math.ceil(Math.max(0, coveredEnd - coveredStart) / chunkSize);
  if (entryCount !== expected) {
    throw bad(`${entryCount} entries but ${expected} chunks of ${chunkSize} bytes cover [${coveredStart}, ${coveredEnd})`);
  }
  return { offset: at, size, entryCount, chunkSize, coveredStart, coveredEnd };
}

/** Reads the integrity table header of a WIM; undefined when the WIM has none. */
export async function readIntegrityTableHeader(
  source: ByteSource,
  header: WimHeader,
  signal?: AbortSignal,
): Promise<IntegrityTableHeader | undefined> {
  const r = header.integrityTable;
  if (isZeroReshdr(r) || r.offset === 0) return undefined;
  if (r.flags & RESHDR_FLAG_COMPRESSED) {
    throw new ImagewrightError(ErrorCode.BAD_INTEGRITY_TABLE, { offset: r.offset, path: source.name, detail: 'compressed integrity table' });
  }
  if (r.sizeInWim < INTEGRITY_TABLE_HEADER_SIZE || r.offset + r.sizeInWim > source.size) {
    throw new ImagewrightError(ErrorCode.BAD_INTEGRITY_TABLE, { offset: r.offset, path: source.name, detail: `${r.sizeInWim} bytes at ${r.offset}` });
  }
  const bytes = await source.read(r.offset, INTEGRITY_TABLE_HEADER_SIZE, signal);
  const coveredEnd = header.blobTable.offset + header.blobTable.sizeInWim;
  try {
    return parseIntegrityTableHeader(bytes, r.offset, r.sizeInWim, coveredEnd);
  } catch (error) {
    if (error instanceof ImagewrightError) {
      throw new ImagewrightError(error.code, { offset: r.offset, path: source.name, ...(error.detail ? { detail: error.detail } : {}) });
    }
    throw error;
  }
}
