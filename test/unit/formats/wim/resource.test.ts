import { describe, expect, it } from 'vitest';
import { chunkAt, readChunkTable } from '../../../../src/formats/wim/resource';
import { readSolidChunkTable } from '../../../../src/formats/wim/solid';
import { MemorySource } from '../../../../src/io/memory-source';
import { ErrorCode, ImagewrightError } from '../../../../src/shared/errors';
import { caught, putU32, putU64 } from './builders';

const BASE = 100; // resources start at file offset 100 in these tests

/** A non-solid resource: table of (n − 1) u32 offsets, then chunks of the given stored sizes. */
function nonSolid(sizes: number[]): Uint8Array {
  const table = 4 * (sizes.length - 1);
  const file = new Uint8Array(BASE + table + sizes.reduce((a, b) => a + b, 0));
  let rel = 0;
  sizes.slice(0, -1).forEach((s, i) => {
    rel += s;
    putU32(file, BASE + 4 * i, rel);
  });
  return file;
}

describe('chunk tables', () => {
  it('locates every chunk of a compressed resource, raw ones included', async () => {
    const sizes = [0x1000, 0x8000, 0x20];
    const file = nonSolid(sizes);
    const usize = 0x8000 * 2 + 0x100;
    const layout = await readChunkTable(new MemorySource(file), { offset: BASE, sizeInWim: file.length - BASE, uncompressedSize: usize, flags: 4 }, 'LZX', 0x8000);
    expect(layout.chunkCount).toBe(3);
    expect(layout.tableSize).toBe(8);
    const chunks = [0, 1, 2].map((i) => chunkAt(layout, i));
    expect(chunks.map((c) => c.offset)).toEqual([BASE + 8, BASE + 8 + 0x1000, BASE + 8 + 0x9000]);
    expect(chunks.map((c) => c.storedSize)).toEqual(sizes);
    expect(chunks.map((c) => c.uncompressedSize)).toEqual([0x8000, 0x8000, 0x100]);
    expect(chunks.map((c) => c.raw)).toEqual([false, true, false]);
  });

  it('rejects chunks larger than their data or empty, and tables larger than the resource', async () => {
    for (const sizes of [[0x9000, 0x10], [0, 0x10]]) {
      const file = nonSolid(sizes);
      const error = (await caught(() =>
        readChunkTable(new MemorySource(file), { offset: BASE, sizeInWim: file.length - BASE, uncompressedSize: 0x8000 + 0x100, flags: 4 }, 'LZX', 0x8000),
      )) as ImagewrightError;
      expect(error.code).toBe(ErrorCode.BAD_RESOURCE_HEADER);
    }
    const small = new Uint8Array(BASE + 16);
    const error = (await caught(() =>
      readChunkTable(new MemorySource(small), { offset: BASE, sizeInWim: 16, uncompressedSize: 2 ** 40, flags: 4 }, 'LZX', 0x8000),
    )) as ImagewrightError;
    expect(error.code).toBe(ErrorCode.BAD_RESOURCE_HEADER);
  });

  it('uses 8-byte entries when the resource is larger than 4 GiB', async () => {
    const chunk = 1 << 21;
    const usize = 2 ** 32 + chunk; // 2049 chunks of 2 MiB
    const n = Math.ceil(usize / chunk);
    const file = new Uint8Array(BASE + 8 * (n - 1) + n * 2);
    for (let i = 1; i < n; i++) putU64(file, BASE + 8 * (i - 1), i * 2);
    const layout = await readChunkTable(new MemorySource(file), { offset: BASE, sizeInWim: file.length - BASE, uncompressedSize: usize, flags: 4 }, 'LZX', chunk);
    expect(layout.entrySize).toBe(8);
    expect(chunkAt(layout, n - 1)).toMatchObject({ storedSize: 2, uncompressedSize: chunk });
  });

  it('reads the solid header and the per-chunk sizes of a solid resource', async () => {
    const sizes = [300, 1 << 15, 50];
    const usize = (1 << 15) * 2 + 1000;
    const file = new Uint8Array(BASE + 16 + 12 + sizes.reduce((a, b) => a + b, 0));
    putU64(file, BASE, usize);
    putU32(file, BASE + 8, 1 << 15);
    putU32(file, BASE + 12, 3);
    sizes.forEach((s, i) => putU32(file, BASE + 16 + 4 * i, s));
    const layout = await readSolidChunkTable(new MemorySource(file), { offset: BASE, sizeInWim: file.length - BASE, uncompressedSize: 2 ** 32, flags: 0x10 });
    expect(layout).toMatchObject({ compression: 'LZMS', chunkSize: 1 << 15, chunkCount: 3, tableSize: 28 });
    expect([0, 1, 2].map((i) => chunkAt(layout, i).raw)).toEqual([false, true, false]);
    expect(chunkAt(layout, 2)).toMatchObject({ offset: BASE + 28 + 300 + (1 << 15), uncompressedSize: 1000 });
    // Sizes that do not add up to the stored size are refused.
    putU32(file, BASE + 16, 301);
    const error = (await caught(() =>
      readSolidChunkTable(new MemorySource(file), { offset: BASE, sizeInWim: file.length - BASE, uncompressedSize: 2 ** 32, flags: 0x10 }),
    )) as ImagewrightError;
    expect(error.code).toBe(ErrorCode.BAD_SOLID_RESOURCE);
  });
});
