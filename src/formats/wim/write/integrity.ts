/**
 * Integrity table writer, the mirror of ../integrity.ts (docs/wim-format.md §9):
 *
 *   +0x00 u32  total size = 12 + 20 × N   +0x04 u32 N = ceil(covered bytes / chunk size)   +0x08 u32 chunk size
 *   +0x0C 20 × N  SHA-1 of each chunk (the last one partial)
 *
 * Covers file bytes [208, end of the blob table). The bytes are read back from the output (ByteWriter.readBack).
 */
import type { Sha1Hasher } from '../chunk-decoder';
import { putU32 } from './fields';

/** What wimlib writes (10 MiB). */
export const INTEGRITY_CHUNK_SIZE = 10 * 1024 * 1024;

export async function writeIntegrityTable(
  readBack: (position: number, length: number) => Promise<Uint8Array>,
  start: number,
  end: number,
  newSha1: () => Sha1Hasher,
  chunkSize = INTEGRITY_CHUNK_SIZE,
): Promise<Uint8Array> {
  const count = Math.ceil((end - start) / chunkSize);
  const out = new Uint8Array(12 + 20 * count);
  putU32(out, 0, out.length);
  putU32(out, 4, count);
  putU32(out, 8, chunkSize);
  for (let i = 0; i < count; i++) {
    const at = start + i * chunkSize;
    const hasher = newSha1();
    hasher.update(await readBack(at, Math.min(chunkSize, end - at)));
    const hex = hasher.hexDigest();
    for (let j = 0; j < 20; j++) out[12 + 20 * i + j] = parseInt(hex.slice(2 * j, 2 * j + 2), 16);
  }
  return out;
}
