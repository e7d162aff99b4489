/**
 * Hostile input for the XPRESS and LZX decompressors, debug and release builds: truncated chunks, random bytes
 * (alone and after a valid Huffman header), bit flips and impossible sizes. Every call must end, with
 * CODEC_CORRUPT_DATA or with output of exactly the requested size — never a wasm trap, another error or a hang.
 * Inputs derive from real wimlib-imagex chunks; mutations use a fixed-seed PRNG and bounded counts
 * (FUZZ_ITERATIONS scales them).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChunkDecompressor } from '../../src/codecs/chunk-decompressor';
import { nodeWasmLoader } from '../../src/codecs/node-wasm-loader';
import { CodecRegistry } from '../../src/codecs/registry';
import type { WasmFlavor } from '../../src/codecs/wasm-module';
import { ErrorCode, ImagewrightError } from '../../src/shared/errors';
import { seededRandom, writeCodecTree } from './fixture-tree';
import { decodeHostile } from './hostile-outcome';
import { captureWim, collectWimChunks, sha1Hex, type CompressedChunk } from './wim-chunks';

const ROUNDS = Math.max(1, Math.floor(Number(process.env['FUZZ_ITERATIONS'] ?? 0) / 1000));
const FLAVORS: WasmFlavor[] = ['debug', 'release'];
const CODECS = [
  { codec: 'XPRESS', args: ['--compress=XPRESS'] },
  { codec: 'LZX', args: ['--compress=LZX'] },
  { codec: 'LZX', args: ['--compress=LZX', '--chunk-size=1M'] },
] as const;

let dir: string;
/** Compressed (not stored) chunks per capture, in CODECS order. */
const samples: CompressedChunk[][] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iw-hostile-'));
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  writeCodecTree(tree, 7);
  writeFileSync(join(tree, 'more-text.txt'), 'hostile input never traps '.repeat(5000));
  for (const [i, { args }] of CODECS.entries()) {
    const wim = join(dir, `${i}.wim`);
    captureWim(tree, wim, ['--threads=1', ...args]);
    samples.push((await collectWimChunks(wim)).chunks.filter((chunk) => !chunk.stored));
  }
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Outcome = 'error' | 'output';


function pick<T>(rand: () => number, items: T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
}

describe.each(FLAVORS)('XPRESS and LZX on hostile input (%s build)', (flavor) => {
  const registry = new CodecRegistry(nodeWasmLoader, flavor);

  describe.each(CODECS.map((entry, index) => ({ ...entry, index, label: entry.args.join(' ') })))('$label', ({ codec, index }) => {
    let decoder: ChunkDecompressor;
    let chunks: CompressedChunk[];
    beforeAll(async () => {
      decoder = await registry.decompressor(codec);
      chunks = samples[index]!;
      expect(chunks.length).toBeGreaterThan(3);
    });

    it('rejects truncated chunks, or decodes them to the requested size', () => {
      const rand = seededRandom(100 + index);
      const outcomes: Outcome[] = [];
      for (let i = 0; i < 60 * ROUNDS; i++) {
        const chunk = pick(rand, chunks);
        const cut = i % 3 === 0 ? Math.floor(chunk.input.length * 0.9) : Math.floor(rand() * chunk.input.length);
        outcomes.push(decodeHostile(decoder, chunk.input.subarray(0, cut), chunk.outputSize, chunk.chunkSize));
      }
      // Losing the end of a stream means needing bits it does not have: that is detected.
      expect(outcomes.filter((o) => o === 'error').length).toBeGreaterThan(outcomes.length / 2);
    });

    it('survives random bytes, alone and after a valid code-length header', () => {
      const rand = seededRandom(200 + index);
      const outcomes: Outcome[] = [];
      for (let i = 0; i < 60 * ROUNDS; i++) {
        const chunk = pick(rand, chunks);
        const input = Uint8Array.from({ length: 1 + Math.floor(rand() * chunk.input.length) }, () => Math.floor(rand() * 256));
        // XPRESS keeps its 256-byte length table; LZX its first 40 bytes (block header and pre-codes).
        const keep = Math.min(input.length, i % 2 === 0 ? 0 : codec === 'XPRESS' ? 256 : 40);
        input.set(chunk.input.subarray(0, keep));
        outcomes.push(decodeHostile(decoder, input, 1 + Math.floor(rand() * chunk.outputSize), chunk.chunkSize));
      }
      expect(outcomes).toContain('error');
    });

    it('survives bit flips anywhere in a chunk', () => {
      const rand = seededRandom(300 + index);
      const outcomes: Outcome[] = [];
      for (let i = 0; i < 80 * ROUNDS; i++) {
        const chunk = pick(rand, chunks);
        const input = chunk.input.slice();
        for (let flips = 1 + Math.floor(rand() * 8); flips > 0; flips--) {
          const bit = Math.floor(rand() * input.length * 8);
          input[bit >> 3]! ^= 1 << (bit & 7);
        }
        outcomes.push(decodeHostile(decoder, input, chunk.outputSize, chunk.chunkSize));
      }
      expect(outcomes).toContain('error');
    });

    it('rejects empty input and outputs beyond the codec limit', () => {
      const chunk = chunks[0]!;
      expect(decodeHostile(decoder, new Uint8Array(0), chunk.outputSize, chunk.chunkSize)).toBe('error');
      const tooLarge = codec === 'XPRESS' ? 65_537 : 2 * 1024 * 1024 + 1;
      expect(decodeHostile(decoder, chunk.input, tooLarge, codec === 'XPRESS' ? chunk.chunkSize : 0)).toBe('error');
    });

    it('still decodes a good chunk correctly after all of that', () => {
      for (const chunk of chunks.slice(0, 3)) {
        const first = sha1Hex(decoder.decompress(chunk.input, chunk.outputSize, undefined, chunk.chunkSize));
        decodeHostile(decoder, chunk.input.subarray(0, 10), chunk.outputSize, chunk.chunkSize);
        expect(sha1Hex(decoder.decompress(chunk.input, chunk.outputSize, undefined, chunk.chunkSize))).toBe(first);
      }
    });
  });
});
