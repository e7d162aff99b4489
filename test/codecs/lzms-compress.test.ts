/**
 * LZMS compressor (wasm/lzms compress.ts via src/codecs/lzms.ts LzmsCompressor), debug and release builds.
 *
 * Every compressed chunk is decoded by our LZMS decoder (itself checked against every chunk of wimlib-made LZMS
 * WIMs and solid ESDs) and must give the input back: x86-64 PE files from Wine (x86 filter), text, random bytes,
 * zeros, a gradient table (delta matches, level 70), every size from 1 to 100 bytes, sizes around the chunk size,
 * and a multi-MiB solid chunk. Incompressible
 * input must come back as null (stored raw). Then the size oracle: the data of a wimlib-imagex non-solid LZMS
 * capture, re-compressed chunk by chunk, must come out no more than 3 % larger than wimlib’s chunks.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadLzmsCompressor,
  loadLzmsDecompressor,
  type LzmsCompressor,
  type LzmsDecompressor,
} from '../../src/codecs/lzms';
import { nodeWasmLoader } from '../../src/codecs/node-wasm-loader';
import { CodecRegistry } from '../../src/codecs/registry';
import type { WasmFlavor } from '../../src/codecs/wasm-module';
import { ErrorCode, ImagewrightError } from '../../src/shared/errors';
import { seededRandom } from './fixture-tree';
import { captureWim, collectWimChunks, decodeStreams, type WimChunks } from './wim-chunks';

const WINE_DIR = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';
const K = 1024;

/** A few Wine PE DLLs of 100 KiB–1 MiB, concatenated up to `limit` bytes (deterministic: sorted by name). */
function wineBytes(limit: number): Uint8Array {
  const names = readdirSync(WINE_DIR)
    .filter((n) => n.endsWith('.dll'))
    .sort();
  const parts: Buffer[] = [];
  let total = 0;
  for (const name of names) {
    const size = statSync(join(WINE_DIR, name)).size;
    if (size < 100 * K || size > 1024 * K) continue;
    parts.push(readFileSync(join(WINE_DIR, name)));
    total += size;
    if (total >= limit) break;
  }
  return new Uint8Array(Buffer.concat(parts).subarray(0, limit));
}

function englishText(length: number, seed: number): Uint8Array {
  const rand = seededRandom(seed);
  const words = ['image', 'window', 'the', 'of', 'compression', 'resource', 'a', 'stream', 'chunk', 'and', 'solid'];
  let text = '';
  while (text.length < length) {
    text += words[Math.floor(rand() * words.length)] ?? 'x';
    text += rand() < 0.1 ? '.\n' : ' ';
  }
  return new TextEncoder().encode(text.slice(0, length));
}

function randomBytes(length: number, seed: number): Uint8Array {
  const rand = seededRandom(seed);
  return Uint8Array.from({ length }, () => Math.floor(rand() * 256));
}

const FLAVORS: WasmFlavor[] = ['debug', 'release'];

describe.each(FLAVORS)('LZMS compressor (%s build)', (flavor) => {
  let compressor: LzmsCompressor;
  let decoder: LzmsDecompressor;
  beforeAll(async () => {
    compressor = await loadLzmsCompressor(nodeWasmLoader, flavor);
    decoder = await loadLzmsDecompressor(nodeWasmLoader, flavor);
  });

  /** Compresses `data` as one chunk, checks the round trip through our decoder; returns the compressed size. */
  function roundTrip(data: Uint8Array, chunkSize: number, level?: number): number {
    const original = data.slice();
    const packed = compressor.compress(data, chunkSize, level);
    // The caller's buffer is never touched (the x86 filter runs on the module's copy).
    expect(Buffer.compare(Buffer.from(data), Buffer.from(original))).toBe(0);
    if (packed === null) return data.length;
    expect(packed.length % 2).toBe(0);
    expect(packed.length).toBeLessThan(data.length);
    const back = decoder.decompress(packed, data.length);
    expect(Buffer.compare(Buffer.from(back), Buffer.from(original))).toBe(0);
    return packed.length;
  }

  it('round-trips x86-64 PE files in 128 KiB chunks, to well under half their size', () => {
    const pe = wineBytes(1536 * K);
    let packed = 0;
    for (let at = 0; at < pe.length; at += 128 * K) packed += roundTrip(pe.subarray(at, at + 128 * K), 128 * K);
    expect(packed).toBeLessThan(pe.length * 0.45);
  });

  it('round-trips text, zeros and short-period repeats, all much smaller', () => {
    expect(roundTrip(englishText(128 * K, 7), 128 * K)).toBeLessThan(128 * K * 0.35);
    expect(roundTrip(new Uint8Array(128 * K), 128 * K)).toBeLessThan(200);
    expect(roundTrip(new TextEncoder().encode('abcabcabd'.repeat(7000)), 64 * K)).toBeLessThan(400);
  });

  it('codes gradient tables with delta matches from level 60 (smaller than level 50, which has none)', () => {
    // Rows of a ramp whose base shifts irregularly: LZ matches fail, byte differences repeat row to row.
    const table = Uint8Array.from({ length: 128 * K }, (_, k) => {
      const row = Math.floor(k / 512);
      return (row * 7 + ((row * row) % 13) + (k % 512) * 3) & 255;
    });
    const atDefault = roundTrip(table, 128 * K);
    expect(roundTrip(table, 128 * K, 70)).toBeLessThan(atDefault);
  });

  it('returns null for random bytes (the writer stores them raw)', () => {
    expect(compressor.compress(randomBytes(128 * K, 3), 128 * K)).toBeNull();
    expect(compressor.compress(randomBytes(5000, 4), 32 * K)).toBeNull();
  });

  it('round-trips every input size from 1 to 100 bytes, compressible or not', () => {
    for (let n = 1; n <= 100; n++) {
      roundTrip(new Uint8Array(n).fill(0x41), 32 * K);
      roundTrip(randomBytes(n, n), 32 * K);
      roundTrip(englishText(n, n), 32 * K);
    }
  });

  it('round-trips chunks of the chunk size and one byte either side of it', () => {
    const data = englishText(64 * K + 1, 11);
    for (const n of [32 * K - 1, 32 * K]) roundTrip(data.subarray(0, n), 32 * K);
    roundTrip(data.subarray(32 * K, 64 * K + 1).subarray(0, 1), 32 * K);
    expect(() => compressor.compress(data.subarray(0, 32 * K + 1), 32 * K)).toThrow(ImagewrightError);
  });

  it('round-trips a multi-MiB solid chunk (64 MiB chunk size) of PE files and text', () => {
    const pe = wineBytes(2 * 1024 * K);
    const text = englishText(512 * K, 5);
    const solid = new Uint8Array(pe.length + text.length + pe.length / 4);
    solid.set(pe, 0);
    solid.set(text, pe.length);
    solid.set(pe.subarray(0, pe.length / 4), pe.length + text.length); // a far repeat: long offsets
    const size = roundTrip(solid, 64 * 1024 * K);
    expect(size).toBeLessThan(solid.length * 0.4);
  });

  it('gives the same output for the same chunk after compressing others (no state leaks)', () => {
    const a = englishText(100 * K, 21);
    const first = compressor.compress(a, 128 * K);
    compressor.compress(wineBytes(128 * K), 128 * K);
    compressor.compress(randomBytes(1000, 2), 128 * K);
    expect(compressor.compress(a, 128 * K)).toEqual(first);
  });

  it('rejects chunk sizes outside 32 KiB–64 MiB or not powers of two, and bad levels', () => {
    const data = englishText(1000, 1);
    for (const chunkSize of [16 * K, 128 * 1024 * K, 100_000]) {
      expect(() => compressor.compress(data, chunkSize)).toThrow(
        expect.objectContaining({ code: ErrorCode.BAD_CHUNK_SIZE }) as Error,
      );
    }
    expect(() => compressor.compress(data, 32 * K, 0)).toThrow(
      expect.objectContaining({ code: ErrorCode.COMPRESSION_LEVEL_INVALID }) as Error,
    );
  });

  it('is reachable through CodecRegistry.compressChunk and decodes through decompressChunk', async () => {
    const registry = new CodecRegistry(nodeWasmLoader, flavor);
    const data = englishText(50 * K, 9);
    const packed = await registry.compressChunk('LZMS', data, 128 * K);
    expect(packed).not.toBeNull();
    const back = await registry.decompressChunk('LZMS', packed ?? new Uint8Array(0), data.length, 128 * K);
    expect(Buffer.compare(Buffer.from(back), Buffer.from(data))).toBe(0);
  });
});

describe('LZMS compressor against wimlib-imagex (release build)', () => {
  let dir: string;
  let capture: WimChunks;
  let compressor: LzmsCompressor;
  let decoder: LzmsDecompressor;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iw-lzms-c-'));
    const tree = join(dir, 'tree');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(tree);
    writeFileSync(join(tree, 'pe.bin'), wineBytes(2 * 1024 * K));
    writeFileSync(join(tree, 'text.txt'), englishText(512 * K, 17));
    const wim = join(dir, 'lzms.wim');
    captureWim(tree, wim, ['--compress=LZMS']);
    capture = await collectWimChunks(wim);
    compressor = await loadLzmsCompressor(nodeWasmLoader, 'release');
    decoder = await loadLzmsDecompressor(nodeWasmLoader, 'release');
  }, 120_000);

  afterAll(() => {
    if (dir && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  });

  it('re-compresses wimlib 128 KiB LZMS chunks to within 3 % of wimlib’s total size, decoding back', () => {
    const streams = decodeStreams(capture.chunks, () => decoder);
    let ours = 0;
    let theirs = 0;
    let compared = 0;
    for (const chunk of capture.chunks) {
      if (chunk.solid || chunk.codec !== 'LZMS') continue;
      const stream = streams.get(chunk.stream);
      if (!stream) throw new Error(`stream ${chunk.stream} missing`);
      const data = stream.subarray(chunk.outputOffset, chunk.outputOffset + chunk.outputSize);
      const packed = compressor.compress(data, chunk.chunkSize);
      const size = packed === null ? data.length : packed.length;
      if (packed) expect(Buffer.compare(Buffer.from(decoder.decompress(packed, data.length)), Buffer.from(data))).toBe(0);
      ours += size;
      theirs += chunk.input.length;
      compared++;
    }
    expect(compared).toBeGreaterThan(15);
    expect(ours).toBeLessThan(theirs * 1.03);
  });
});
