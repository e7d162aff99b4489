import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BATCH_INPUT_BYTES, BATCH_OUTPUT_BYTES, readBlob } from '../../../../src/formats/wim/blob-reader';
import type { BlobReadContext, EncodedChunk } from '../../../../src/formats/wim/chunk-decoder';
import { openWimSet } from '../../../../src/formats/wim/wim-set';
import { MemorySource } from '../../../../src/io/memory-source';
import { ImagewrightError } from '../../../../src/shared/errors';
import { buildWim, caught, putU32 } from './builders';

const XPRESS_FLAGS = 0x20002;

/**
 * A fake codec: a stored chunk "decodes" to its first byte repeated. Lets tests build multi-megabyte resources
 * without a real compressor, and observe how many decodes run at once.
 */
function fakeContext(concurrency: number): { ctx: BlobReadContext; maxInFlight: () => number } {
  let inFlight = 0;
  let max = 0;
  const ctx: BlobReadContext = {
    decoder: {
      concurrency,
      async decode(chunk: EncodedChunk) {
        inFlight++;
        max = Math.max(max, inFlight);
        await new Promise((r) => setTimeout(r, chunk.input[0]! % 3));
        inFlight--;
        return new Uint8Array(chunk.uncompressedSize).fill(chunk.input[0]!);
      },
    },
    newSha1: () => {
      const h = createHash('sha1');
      return { update: (b: Uint8Array) => h.update(b), hexDigest: () => h.digest('hex') };
    },
  };
  return { ctx, maxInFlight: () => max };
}

interface FakeResource {
  payload: Uint8Array;
  expected: Uint8Array;
  hash: string;
  usize: number;
}

/** n chunks of `chunkSize` (the last one `lastSize`), each stored as `stored` bytes filled with its index. */
function fakeResource(n: number, chunkSize: number, lastSize: number, stored: number, pipable: boolean): FakeResource {
  const usize = (n - 1) * chunkSize + lastSize;
  const table = 4 * (n - 1);
  // Stored sizes stay below the chunk's own size, so no chunk counts as raw.
  const sizes = Array.from({ length: n }, (_, i) => Math.min(stored, (i === n - 1 ? lastSize : chunkSize) - 1));
  const payload = new Uint8Array(table + sizes.reduce((a, b) => a + b, 0) + (pipable ? 4 * n : 0));
  const expected = new Uint8Array(usize);
  let pos = pipable ? 0 : table;
  let rel = 0;
  for (let i = 0; i < n; i++) {
    const size = sizes[i]!;
    if (i > 0) putU32(payload, (pipable ? payload.length - table : 0) + 4 * (i - 1), rel);
    if (pipable) {
      putU32(payload, pos, size);
      pos += 4;
    }
    payload.fill((i * 7 + 1) & 0xff, pos, pos + size);
    pos += size;
    rel += size;
    expected.fill((i * 7 + 1) & 0xff, i * chunkSize, i * chunkSize + (i === n - 1 ? lastSize : chunkSize));
  }
  return { payload, expected, hash: createHash('sha1').update(expected).digest('hex'), usize };
}

function wimOf(r: FakeResource, chunkSize: number, options: { pipable?: boolean; hash?: string } = {}): MemorySource & { reads: number[] } {
  const hashHex = options.hash ?? r.hash;
  const hash = Uint8Array.from(hashHex.match(/../g)!.map((h) => parseInt(h, 16)));
  const { bytes } = buildWim({
    flags: XPRESS_FLAGS,
    chunkSize,
    payload: r.payload,
    entries: [{ sizeInWim: r.payload.length, offset: 208, uncompressedSize: r.usize, flags: 4, hash }],
    ...(options.pipable ? { magic: 'WLPWM' } : {}),
  });
  // A pipable WIM is read through its trailing header copy.
  const file = options.pipable ? Uint8Array.from([...bytes, ...bytes.subarray(0, 208)]) : bytes;
  const source = new MemorySource(file, 'fake.wim') as MemorySource & { reads: number[] };
  source.reads = [];
  const read = source.read.bind(source);
  source.read = (offset, length, signal) => {
    source.reads.push(length);
    return read(offset, length, signal);
  };
  return source;
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<{ bytes: Uint8Array; pieces: number }> {
  const pieces: Uint8Array[] = [];
  for await (const piece of stream) pieces.push(piece);
  return { bytes: Buffer.concat(pieces), pieces: pieces.length };
}

/** Chunks of one batch when each stores `stored` bytes and decodes to `decoded`. */
function chunksPerBatch(stored: number, decoded: number): number {
  return Math.min(Math.floor(BATCH_INPUT_BYTES / stored), Math.floor(BATCH_OUTPUT_BYTES / decoded));
}

describe('blob reader on a compressed resource', () => {
  it('decodes batches in order with at most `concurrency` in flight, one bounded read per batch', async () => {
    const r = fakeResource(300, 65536, 1000, 60000, false);
    const source = wimOf(r, 65536);
    const set = await openWimSet([source]);
    const { ctx, maxInFlight } = fakeContext(3);
    const { bytes, pieces } = await collect(readBlob(set, r.hash, ctx));
    expect(Buffer.from(bytes).equals(Buffer.from(r.expected))).toBe(true);
    expect(maxInFlight()).toBe(3);
    // 300 chunks of 60000 stored bytes, 65536 decoded: each batch one read and one piece, within both limits.
    const batchReads = source.reads.filter((n) => n > 60000);
    expect(batchReads.length).toBe(Math.ceil(300 / chunksPerBatch(60000, 65536)));
    expect(Math.max(...batchReads)).toBeLessThanOrEqual(BATCH_INPUT_BYTES);
    expect(pieces).toBe(batchReads.length);
  });

  it('cuts batches at BATCH_OUTPUT_BYTES of decoded data when chunks compress well', async () => {
    const r = fakeResource(200, 65536, 65536, 100, false);
    const source = wimOf(r, 65536);
    const set = await openWimSet([source]);
    const { bytes, pieces } = await collect(readBlob(set, r.hash, fakeContext(2).ctx));
    expect(Buffer.from(bytes).equals(Buffer.from(r.expected))).toBe(true);
    expect(pieces).toBe(Math.ceil((200 * 65536) / BATCH_OUTPUT_BYTES));
  });

  it('reports HASH_MISMATCH naming the blob before handing out its last piece', async () => {
    const r = fakeResource(300, 65536, 1000, 60000, false);
    const wrong = '12'.repeat(20);
    const set = await openWimSet([wimOf(r, 65536, { hash: wrong })]);
    const pieces: Uint8Array[] = [];
    const error = await caught(async () => {
      for await (const piece of readBlob(set, wrong, fakeContext(2).ctx)) pieces.push(piece);
    });
    expect(error).toBeInstanceOf(ImagewrightError);
    expect(error).toMatchObject({ codeName: 'HASH_MISMATCH', path: 'fake.wim' });
    expect((error as ImagewrightError).detail).toContain(wrong);
    expect(pieces.length).toBe(Math.ceil(300 / chunksPerBatch(60000, 65536)) - 1);
    expect(pieces.reduce((n, p) => n + p.length, 0)).toBeLessThan(r.usize);
  });

  it('reads a pipable resource: chunk sizes inline, chunk table at the end', async () => {
    const r = fakeResource(7, 4096, 333, 100, true);
    const set = await openWimSet([wimOf(r, 4096, { pipable: true })]);
    const { bytes } = await collect(readBlob(set, r.hash, fakeContext(2).ctx));
    expect(Buffer.from(bytes).equals(Buffer.from(r.expected))).toBe(true);
  });

  it('refuses a pipable chunk whose size prefix disagrees with the chunk table', async () => {
    const r = fakeResource(3, 4096, 4096, 100, true);
    putU32(r.payload, 104, 99); // prefix of chunk 1
    const set = await openWimSet([wimOf(r, 4096, { pipable: true })]);
    const error = await caught(() => collect(readBlob(set, r.hash, fakeContext(1).ctx)));
    expect(error).toMatchObject({ codeName: 'BAD_PIPABLE_LAYOUT', offset: 208 + 104 });
  });
});
