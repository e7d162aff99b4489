/**
 * LZX uncompressed blocks, built by hand from wim-format.md §13.3 because wimlib's compressor never emits them:
 * block header (3-bit type 3, size flag, 16-bit size plus 8 bits when the window is ≥ 64 KiB), padding to the next
 * 16-bit word (1-16 bits), R0-R2 as u32, the raw bytes, a pad byte after an odd size; then the next block header
 * in a fresh word. E8 translation is undone over the whole chunk, uncompressed blocks included.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLzxDecompressor, type LzxDecompressor } from '../../src/codecs/lzx';
import { nodeWasmLoader } from '../../src/codecs/node-wasm-loader';
import type { WasmFlavor } from '../../src/codecs/wasm-module';
import { ErrorCode } from '../../src/shared/errors';
import { seededRandom } from './fixture-tree';

/** Writes bits MSB-first into 16-bit little-endian words, and raw bytes between words. */
class WordStream {
  private readonly bytes: number[] = [];
  private word = 0;
  private used = 0;

  bits(value: number, count: number): this {
    for (let i = count - 1; i >= 0; i--) {
      this.word = (this.word << 1) | ((value >>> i) & 1);
      if (++this.used === 16) this.flushWord();
    }
    return this;
  }

  /** Pads to the next word boundary with zero bits: 1-16 of them, as the format requires. */
  align(): this {
    return this.bits(0, 16 - this.used);
  }

  raw(data: Uint8Array): this {
    if (this.used !== 0) throw new Error('raw bytes must start on a word boundary');
    this.bytes.push(...data);
    return this;
  }

  u32(value: number): this {
    return this.raw(new Uint8Array(new Uint32Array([value >>> 0]).buffer));
  }

  finish(): Uint8Array {
    if (this.used !== 0) this.align();
    return Uint8Array.from(this.bytes);
  }

  private flushWord(): void {
    this.bytes.push(this.word & 0xff, this.word >>> 8);
    this.word = 0;
    this.used = 0;
  }
}

interface BlockOptions {
  type?: number;
  recent?: [number, number, number];
  /** Window of 64 KiB or more: 24-bit sizes. */
  wide?: boolean;
  /** Use the 1-bit "32,768" form. */
  defaultSize?: boolean;
}

function uncompressedBlock(stream: WordStream, data: Uint8Array, options: BlockOptions = {}): WordStream {
  stream.bits(options.type ?? 3, 3);
  if (options.defaultSize) stream.bits(1, 1);
  else if (options.wide) stream.bits(0, 1).bits(data.length, 24);
  else stream.bits(0, 1).bits(data.length, 16);
  stream.align();
  for (const r of options.recent ?? [1, 1, 1]) stream.u32(r);
  stream.raw(data);
  if (data.length & 1) stream.raw(new Uint8Array(1));
  return stream;
}

/** Filler that holds no 0xE8 byte. */
function filler(length: number, seed: number): Uint8Array {
  const rand = seededRandom(seed);
  return Uint8Array.from({ length }, () => {
    const b = Math.floor(rand() * 256);
    return b === 0xe8 ? 0x90 : b;
  });
}

const FLAVORS: WasmFlavor[] = ['debug', 'release'];

describe.each(FLAVORS)('LZX uncompressed blocks (%s build)', (flavor) => {
  let lzx: LzxDecompressor;
  beforeAll(async () => {
    lzx = await loadLzxDecompressor(nodeWasmLoader, flavor);
  });

  it('decodes consecutive blocks (odd size + pad byte) and undoes E8 translation across them', () => {
    const size = 97;
    const stored = filler(size, 1);
    const expected = stored.slice();
    const view = (bytes: Uint8Array) => new DataView(bytes.buffer);
    // [position, operand as compressed, operand after decoding] per wim-format.md §13.3 "E8 post-processing".
    const calls: [number, number, number][] = [
      [0, 100, 100], // 0 ≤ v < 12,000,000 → v − i
      [20, -5, -5 + 12_000_000], // −i ≤ v < 0 → v + 12,000,000
      [40, 25, 25 - 40], // in the second block
      [50, 12_000_005, 12_000_005], // out of range: untouched
      [60, -61, -61], // below −i: untouched
      [size - 8, 7, 7], // in the last 10 bytes: never translated
    ];
    for (const [at, before, after] of calls) {
      stored[at] = expected[at] = 0xe8;
      view(stored).setInt32(at + 1, before, true);
      view(expected).setInt32(at + 1, after, true);
    }
    const chunk = new WordStream();
    uncompressedBlock(chunk, stored.subarray(0, 37));
    uncompressedBlock(chunk, stored.subarray(37), { recent: [5, 6, 7] });
    expect(lzx.decompress(chunk.finish(), size, undefined, 32768)).toEqual(expected);
  });

  it('reads 24-bit block sizes when the window is 64 KiB or more', () => {
    const data = filler(70_000, 2);
    const chunk = uncompressedBlock(new WordStream(), data, { wide: true }).finish();
    expect(lzx.decompress(chunk, data.length, undefined, 131072)).toEqual(data);
  });

  it('takes a set size flag as a 32,768-byte block', () => {
    const data = filler(32768, 3);
    const chunk = uncompressedBlock(new WordStream(), data, { defaultSize: true }).finish();
    expect(lzx.decompress(chunk, data.length, undefined, 32768)).toEqual(data);
  });

  it.each([
    ['a zero recent offset', { recent: [0, 1, 1] as [number, number, number] }],
    ['block type 0', { type: 0 }],
    ['block type 7', { type: 7 }],
  ])('rejects %s', (_name, options) => {
    const chunk = uncompressedBlock(new WordStream(), filler(100, 4), options).finish();
    expect(() => lzx.decompress(chunk, 100, undefined, 32768)).toThrow(expect.objectContaining({ code: ErrorCode.CODEC_CORRUPT_DATA }));
  });

  it('rejects a block larger than the chunk and raw bytes beyond the input', () => {
    const chunk = uncompressedBlock(new WordStream(), filler(100, 5)).finish();
    const corrupt = expect.objectContaining({ code: ErrorCode.CODEC_CORRUPT_DATA });
    expect(() => lzx.decompress(chunk, 99, undefined, 32768)).toThrow(corrupt);
    expect(() => lzx.decompress(chunk.subarray(0, chunk.length - 2), 100, undefined, 32768)).toThrow(corrupt);
  });
});
