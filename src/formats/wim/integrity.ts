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
 * readIntegrityTableHeader validates the 12-byte header; verifyIntegrityTable recomputes the hashes.
 */
import type { ByteSource } from '../../io/byte-source';
import { ErrorCode, ImagewrightError, throwIfAborted } from '../../shared/errors';
import { hexOf, u32At } from './fields';
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

/** One integrity chunk whose SHA-1 differs from the table. */
export interface IntegrityMismatch {
  chunk: number;
  /** File range the chunk covers. */
  start: number;
  end: number;
}

/**
 * Recomputes the SHA-1 of every integrity chunk and compares it with the table (wimlib src/integrity.c
 * `check_wim_integrity`). Reads the covered range in pieces of at most 16 MiB. Returns the chunks that differ
 * (empty = intact). `onProgress` gets the bytes checked so far.
 */
export async function verifyIntegrityTable(
  source: ByteSource,
  table: IntegrityTableHeader,
  newSha1: () => { update(data: Uint8Array): unknown; hexDigest(): string },
  signal?: AbortSignal,
  onProgress?: (done: number, total: number) => void,
): Promise<IntegrityMismatch[]> {
  const bad: IntegrityMismatch[] = [];
  const total = table.coveredEnd - table.coveredStart;
  const piece = 16 * 1024 * 1024;
  for (let chunk = 0; chunk < table.entryCount; chunk++) {
    const start = table.coveredStart + chunk * table.chunkSize;
    const end = Math.min(table.coveredEnd, start + table.chunkSize);
    const sha1 = newSha1();
    for (let at = start; at < end; at += piece) {
      throwIfAborted(signal);
      sha1.update(await source.read(at, Math.min(piece, end - at), signal));
    }
    const stored = await source.read(table.offset + INTEGRITY_TABLE_HEADER_SIZE + chunk * INTEGRITY_ENTRY_SIZE, INTEGRITY_ENTRY_SIZE, signal);
    if (sha1.hexDigest() !== hexOf(stored)) bad.push({ chunk, start, end });
    onProgress?.(end - table.coveredStart, total);
  }
  return bad;
}
