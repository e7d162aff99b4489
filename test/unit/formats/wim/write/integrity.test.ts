/**
 * The integrity table writer, and its in-place form: hashes of chunks lying wholly in the range the old table
 * covered are copied from it (those bytes did not change), every other chunk is read and hashed.
 */
import { describe, expect, it } from 'vitest';
import { nodeSha1 } from '../../../../../src/codecs/node-sha1';
import { writeIntegrityTable } from '../../../../../src/formats/wim/write/integrity';

const CHUNK = 4096;

function fileOf(length: number): Uint8Array {
  let x = 12345;
  return new Uint8Array(length).map(() => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
}

/** readBack over `file` that records which ranges were read. */
function reader(file: Uint8Array, reads: number[]): (position: number, length: number) => Promise<Uint8Array> {
  return async (position, length) => {
    reads.push(position);
    return file.slice(position, position + length);
  };
}

describe('writeIntegrityTable', () => {
  it('reuses the old hashes for chunks wholly inside the old covered range and hashes only the rest', async () => {
    const file = fileOf(208 + 10 * CHUNK + 100);
    const oldEnd = 208 + 3 * CHUNK + 50;
    const full = await writeIntegrityTable(reader(file, []), 208, file.length, nodeSha1, CHUNK);
    const old = await writeIntegrityTable(reader(file, []), 208, oldEnd, nodeSha1, CHUNK);
    const reads: number[] = [];
    const reused = await writeIntegrityTable(reader(file, reads), 208, file.length, nodeSha1, CHUNK, { hashes: old.subarray(12), chunkSize: CHUNK, coveredEnd: oldEnd });
    expect(reused).toEqual(full);
    // Chunks 0–2 lie inside the old range; chunk 3 straddles its end and is read again, like every later one.
    expect(reads).toEqual([3, 4, 5, 6, 7, 8, 9, 10].map((i) => 208 + i * CHUNK));
  });

  it('hashes everything again when the old table used another chunk size', async () => {
    const file = fileOf(208 + 4 * CHUNK);
    const old = await writeIntegrityTable(reader(file, []), 208, file.length, nodeSha1, CHUNK * 2);
    const reads: number[] = [];
    const table = await writeIntegrityTable(reader(file, reads), 208, file.length, nodeSha1, CHUNK, { hashes: old.subarray(12), chunkSize: CHUNK * 2, coveredEnd: file.length });
    expect(reads).toHaveLength(4);
    expect(table).toEqual(await writeIntegrityTable(reader(file, []), 208, file.length, nodeSha1, CHUNK));
  });
});
