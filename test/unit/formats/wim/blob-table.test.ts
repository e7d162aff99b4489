import { describe, expect, it } from 'vitest';
import { placeInSolidRunEnds, readBlobTable } from '../../../../src/formats/wim/blob-table';
import { seededRandom } from '../../../codecs/fixture-tree';
import { readWimHeader } from '../../../../src/formats/wim/header';
import { MemorySource } from '../../../../src/io/memory-source';
import { ErrorCode, ImagewrightError } from '../../../../src/shared/errors';
import { buildWim, caught, hashOf, hexOfBytes, putU32, putU64, type EntrySpec, type WimSpec } from './builders';

const META = 0x02;
const COMPRESSED = 0x04;
const SOLID = 0x10;
const MAGIC = 0x100000000;

async function tableOf(spec: WimSpec) {
  const { bytes } = buildWim(spec);
  const source = new MemorySource(bytes, 't.wim');
  return readBlobTable(source, await readWimHeader(source));
}

async function errorOf(spec: WimSpec): Promise<ImagewrightError> {
  const error = await caught(() => tableOf(spec));
  expect(error).toBeInstanceOf(ImagewrightError);
  return error as ImagewrightError;
}

/** A payload of `n` bytes starting at file offset 208. */
const payload = (n: number) => new Uint8Array(n).fill(0x55);

/** A solid header: usize, chunk size, codec, then one stored size per chunk. */
function solidResource(usize: number, chunkSize: number, codec: number, sizes: number[]): Uint8Array {
  const b = new Uint8Array(16 + 4 * sizes.length + sizes.reduce((a, s) => a + s, 0));
  putU64(b, 0, usize);
  putU32(b, 8, chunkSize);
  putU32(b, 12, codec);
  sizes.forEach((s, i) => putU32(b, 16 + 4 * i, s));
  return b;
}

describe('blob table', () => {
  it('assigns metadata entries to images in table order and keeps other blobs by hash', async () => {
    const entries: EntrySpec[] = [
      { sizeInWim: 10, offset: 218, uncompressedSize: 10, flags: META, seed: 9 },
      { sizeInWim: 10, offset: 208, uncompressedSize: 10, flags: META, seed: 8 },
      { sizeInWim: 20, offset: 228, uncompressedSize: 20, seed: 3 },
      { sizeInWim: 8, offset: 248, uncompressedSize: 30, flags: COMPRESSED, seed: 4 },
    ];
    const t = await tableOf({ imageCount: 2, payload: payload(60), entries });
    expect(t.metadata.map((m) => m.hash)).toEqual([hexOfBytes(hashOf(9)), hexOfBytes(hashOf(8))]);
    expect(t.blobs.map((b) => b.location)).toEqual([
      { kind: 'plain', offset: 228 },
      { kind: 'compressed', offset: 248, sizeInWim: 8 },
    ]);
    expect(t.blobs[1]!.size).toBe(30);
    expect(t.byHash.get(hexOfBytes(hashOf(3)))?.size).toBe(20);
    expect(t.warnings).toEqual([]);
  });

  it('ignores zero hashes, empty blobs, other parts and duplicates, with warnings', async () => {
    const entries: EntrySpec[] = [
      { sizeInWim: 10, offset: 208, uncompressedSize: 10, hash: new Uint8Array(20) },
      { sizeInWim: 0, offset: 208, uncompressedSize: 0, seed: 5 },
      { sizeInWim: 10, offset: 208, uncompressedSize: 10, seed: 6, partNumber: 2 },
      { sizeInWim: 10, offset: 208, uncompressedSize: 10, seed: 7 },
      { sizeInWim: 10, offset: 218, uncompressedSize: 10, seed: 7 },
    ];
    const t = await tableOf({ payload: payload(20), entries });
    expect(t.blobs).toHaveLength(1);
    expect(t.blobs[0]!.location).toEqual({ kind: 'plain', offset: 208 });
    expect(t.warnings.join('|')).toMatch(/1 duplicate.*\|.*1 empty.*\|.*1 blobs with wrong part/);
  });

  it('warns when metadata entries are fewer or more than the images', async () => {
    const one: EntrySpec[] = [{ sizeInWim: 10, offset: 208, uncompressedSize: 10, flags: META }];
    expect((await tableOf({ imageCount: 2, payload: payload(10), entries: one, xml: '<WIM></WIM>' })).warnings.join()).toMatch(/1 of 2/);
    const three = [0, 1, 2].map((i) => ({ sizeInWim: 10, offset: 208, uncompressedSize: 10, flags: META, seed: i + 1 }));
    const t = await tableOf({ imageCount: 2, payload: payload(10), entries: three });
    expect(t.metadata).toHaveLength(2);
    expect(t.warnings.join()).toMatch(/1 more metadata/);
  });

  it('ignores metadata entries with reference count 0 and rejects counts above 1', async () => {
    const zero = await tableOf({ imageCount: 0, payload: payload(10), entries: [{ sizeInWim: 10, offset: 208, uncompressedSize: 10, flags: META, refCount: 0 }] });
    expect(zero.metadata).toHaveLength(0);
    const error = await errorOf({ imageCount: 1, payload: payload(10), entries: [{ sizeInWim: 10, offset: 208, uncompressedSize: 10, flags: META, refCount: 2 }] });
    expect(error.code).toBe(ErrorCode.BAD_BLOB_TABLE);
    expect(error.offset).toBe(218);
  });

  it('rejects an uncompressed entry whose sizes differ, and entries outside the file', async () => {
    expect((await errorOf({ payload: payload(10), entries: [{ sizeInWim: 10, offset: 208, uncompressedSize: 12 }] })).code).toBe(ErrorCode.BAD_BLOB_TABLE);
    const out = await errorOf({ payload: payload(10), entries: [{ sizeInWim: 10, offset: 1n << 40n, uncompressedSize: 10 }] });
    expect(out.code).toBe(ErrorCode.RESOURCE_OUT_OF_BOUNDS);
  });

  it('places solid blobs across the resources of a run as one concatenated stream', async () => {
    const r1 = solidResource(100, 1 << 15, 3, [40]);
    const r2 = solidResource(50, 1 << 15, 1, [30]);
    const body = new Uint8Array(r1.length + r2.length);
    body.set(r1);
    body.set(r2, r1.length);
    const entries: EntrySpec[] = [
      { sizeInWim: r1.length, offset: 208, uncompressedSize: MAGIC, flags: SOLID, hash: new Uint8Array(20) },
      { sizeInWim: 60, offset: 0, uncompressedSize: 0, flags: SOLID, seed: 1 },
      { sizeInWim: 40, offset: 60, uncompressedSize: 0, flags: SOLID, seed: 2 },
      { sizeInWim: r2.length, offset: 208 + r1.length, uncompressedSize: MAGIC, flags: SOLID, hash: new Uint8Array(20) },
      { sizeInWim: 50, offset: 100, uncompressedSize: 0, flags: SOLID, seed: 3 },
      { sizeInWim: 10, offset: 208, uncompressedSize: 10, seed: 4 },
    ];
    const t = await tableOf({ version: 0xe00, payload: body, entries });
    expect(t.solidResources.map((r) => [r.compression, r.uncompressedSize, r.offset])).toEqual([
      ['LZMS', 100, 208],
      ['XPRESS', 50, 208 + r1.length],
    ]);
    expect(t.blobs.map((b) => b.location)).toEqual([
      { kind: 'solid', resource: 0, offsetInResource: 0 },
      { kind: 'solid', resource: 0, offsetInResource: 60 },
      { kind: 'solid', resource: 1, offsetInResource: 0 },
      { kind: 'plain', offset: 208 },
    ]);
  });

  it('rejects a solid blob that fits in no resource, overlapping blobs, and solid metadata', async () => {
    const r = solidResource(100, 1 << 15, 3, [40]);
    const res: EntrySpec = { sizeInWim: r.length, offset: 208, uncompressedSize: MAGIC, flags: SOLID, hash: new Uint8Array(20) };
    const tooFar = await errorOf({ version: 0xe00, payload: r, entries: [res, { sizeInWim: 60, offset: 50, uncompressedSize: 0, flags: SOLID }] });
    expect(tooFar.detail).toMatch(/could not be assigned/);
    const overlap = await errorOf({
      version: 0xe00,
      payload: r,
      entries: [res, { sizeInWim: 60, offset: 0, uncompressedSize: 0, flags: SOLID, seed: 1 }, { sizeInWim: 20, offset: 50, uncompressedSize: 0, flags: SOLID, seed: 2 }],
    });
    expect(overlap.detail).toMatch(/overlap/);
    const meta = await errorOf({ version: 0xe00, imageCount: 1, payload: r, entries: [res, { sizeInWim: 60, offset: 0, uncompressedSize: 0, flags: SOLID | META }] });
    expect(meta.detail).toMatch(/metadata in a solid/);
  });

  it('ignores the SOLID flag in classic-version files, as wimlib does', async () => {
    const t = await tableOf({ version: 0x10d00, payload: payload(10), entries: [{ sizeInWim: 10, offset: 208, uncompressedSize: 10, flags: SOLID }] });
    expect(t.blobs[0]!.location.kind).toBe('plain');
  });

  it('rejects a solid resource with a bad header', async () => {
    const bad = solidResource(100, 1000, 3, [40]);
    const res: EntrySpec = { sizeInWim: bad.length, offset: 208, uncompressedSize: MAGIC, flags: SOLID, hash: new Uint8Array(20) };
    expect((await errorOf({ version: 0xe00, payload: bad, entries: [res] })).code).toBe(ErrorCode.BAD_CHUNK_SIZE);
    const codec = solidResource(100, 1 << 15, 9, [40]);
    expect((await errorOf({ version: 0xe00, payload: codec, entries: [{ ...res, sizeInWim: codec.length }] })).code).toBe(ErrorCode.BAD_SOLID_RESOURCE);
    const huge = solidResource(2 ** 50, 1 << 15, 3, [40]);
    expect((await errorOf({ version: 0xe00, payload: huge, entries: [{ ...res, sizeInWim: huge.length }] })).code).toBe(ErrorCode.BAD_SOLID_RESOURCE);
  });

  it('reads a table with a hostile entry count bounded by the file', async () => {
    const { bytes } = buildWim({ payload: payload(10), entries: [] });
    // Claim a 1 TiB blob table: caught as out of bounds before anything is allocated.
    new DataView(bytes.buffer).setBigUint64(0x30 + 16, 1n << 40n, true);
    bytes[0x30 + 4] = 0x00;
    bytes[0x30 + 5] = 0x01; // size in WIM = 2^40 too
    const source = new MemorySource(bytes);
    const error = await caught(() => readWimHeader(source));
    expect((error as ImagewrightError).code).toBe(ErrorCode.RESOURCE_OUT_OF_BOUNDS);
  });
});

describe('placing blobs in a solid run', () => {
  /** wimlib's walk (assign_blob_to_solid_resource), one resource at a time: the reference. */
  function linear(sizes: number[], runOffset: number, size: number): { resource: number; offsetInResource: number } | undefined {
    let offset = runOffset;
    for (let r = 0; r < sizes.length; r++) {
      if (offset + size <= sizes[r]!) return { resource: r, offsetInResource: offset };
      offset -= sizes[r]!;
      if (offset < 0) return undefined;
    }
    return undefined;
  }

  it('finds, by binary search, the resource wimlib\'s walk finds, or fails where it fails (random runs)', () => {
    const random = seededRandom(0x501d);
    const int = (n: number): number => Math.floor(random() * n);
    for (let trial = 0; trial < 3000; trial++) {
      const sizes = Array.from({ length: 1 + int(8) }, () => (random() < 0.15 ? 0 : 1 + int(50)));
      const ends = sizes.map((_, i) => sizes.slice(0, i + 1).reduce((a, b) => a + b, 0));
      const runOffset = int(ends.at(-1)! + 10);
      const size = random() < 0.1 ? 0 : 1 + int(40);
      expect(placeInSolidRunEnds(ends, runOffset, size), `${sizes} @${runOffset}+${size}`).toEqual(linear(sizes, runOffset, size));
    }
  });

  it('places a blob in the last of a million resources, and refuses one that straddles two', () => {
    const ends = Array.from({ length: 1_000_000 }, (_, i) => (i + 1) * 4096);
    expect(placeInSolidRunEnds(ends, 999_999 * 4096 + 100, 50)).toEqual({ resource: 999_999, offsetInResource: 100 });
    expect(placeInSolidRunEnds(ends, 4090, 10)).toBeUndefined();
  });
});
