/**
 * Integrity table writer, the mirror of ../integrity.ts (docs/wim-format.md §9):
 *
 *   +0x00 u32  total size = 12 + 20 × N   +0x04 u32 N = ceil(covered bytes / chunk size)   +0x08 u32 chunk size
 *   +0x0C 20 × N  SHA-1 of each chunk (the last one partial)
 *
 * Covers file bytes [208, end of the blob table). The bytes are read back from the output (ByteWriter.readBack).
 * An in-place update passes the old table as `reuse`: chunks lying wholly inside the range it covered are
 * unchanged bytes, so their hashes are copied instead of read again (wimlib src/integrity.c does the same).
 */
import type { Sha1Hasher } from '../chunk-decoder';
import { throwIfAborted } from '../../../shared/errors';
import { putU32 } from './fields';

/** What wimlib writes (10 MiB). */
export const INTEGRITY_CHUNK_SIZE = 10 * 1024 * 1024;

/** An existing integrity table: its entries (20 bytes each), chunk size and the end of the range it covered. */
export interface IntegrityReuse {
  hashes: Uint8Array;
  chunkSize: number;
  coveredEnd: number;
}

export async function writeIntegrityTable(
  readBack: (position: number, length: number) => Promise<Uint8Array>,
  start: number,
  end: number,
  newSha1: () => Sha1Hasher,
  chunkSize = INTEGRITY_CHUNK_SIZE,
  reuse?: IntegrityReuse,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const count = Math.ceil((end - start) / chunkSize);
  const out = new Uint8Array(12 + 20 * count);
  putU32(out, 0, out.length);
  putU32(out, 4, count);
  putU32(out, 8, chunkSize);
  const reusable = reuse && reuse.chunkSize === chunkSize ? Math.min(Math.floor((reuse.coveredEnd - start) / chunkSize), reuse.hashes.length / 20) : 0;
  for (let i = 0; i < count; i++) {
    const at = start + i * chunkSize;
    if (i < reusable && at + chunkSize <= end) {
      out.set(reuse!.hashes.subarray(20 * i, 20 * i + 20), 12 + 20 * i);
      continue;
    }
    throwIfAborted(signal);
    const hasher = newSha1();
    hasher.update(await readBack(at, Math.min(chunkSize, end - at)));
    const hex = hasher.hexDigest();
    for (let j = 0; j < 20; j++) out[12 + 20 * i + j] = parseInt(hex.slice(2 * j, 2 * j + 2), 16);
  }
  return out;
}
