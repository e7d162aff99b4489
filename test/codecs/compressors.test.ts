/**
 * XPRESS and LZX compressors (wasm/xpress/compress.ts, wasm/lzx/compress.ts) through the registry, in debug and
 * release builds: every output decodes byte-identical through our decoders (themselves checked against every
 * chunk of wimlib-made WIMs), at every chunk size WIM allows, at fast and near-optimal levels, on real PE files,
 * text, random data, runs, E8-heavy code, and short or boundary-sized inputs. Incompressible data yields null
 * (store raw) and near-optimal levels are never larger than fast ones on real data. A batch compressed in place
 * (the writer's unit of work) holds exactly the chunks compressed one at a time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeWasmLoader } from '../../src/codecs/node-wasm-loader';
import { CodecRegistry } from '../../src/codecs/registry';
import type { WasmFlavor } from '../../src/codecs/wasm-module';
import { ErrorCode } from '../../src/shared/errors';
import { seededRandom } from './fixture-tree';

const FLAVORS: WasmFlavor[] = ['debug', 'release'];
const PE_DIR = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';
const withCode = (code: number) => expect.objectContaining({ code });

/** Up to `total` bytes of real PE files (wine's Windows DLLs), concatenated. */
function peSample(total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const name of readdirSync(PE_DIR).sort()) {
    if (at >= total) break;
    const bytes = readFileSync(join(PE_DIR, name));
    const take = Math.min(bytes.length, total - at);
    out.set(bytes.subarray(0, take), at);
    at += take;
  }
  return out.subarray(0, at);
}

function textSample(length: number, seed: number): Uint8Array {
  const rand = seededRandom(seed);
  const words = ['the', 'image', 'capture', 'Windows', 'driver', 'chunk', 'offset', 'length', 'of', 'and', 'to', 'a'];
  let text = '';
  while (text.length < length) text += `${words[Math.floor(rand() * words.length)]}${rand() < 0.1 ? '.\n' : ' '}`;
  return new TextEncoder().encode(text.slice(0, length));
}

function randomSample(length: number, seed: number): Uint8Array {
  const rand = seededRandom(seed);
  return Uint8Array.from({ length }, () => Math.floor(rand() * 256));
}

/** Call-heavy pseudo code: E8 operands near, far, negative, beyond the 12,000,000 translation size. */
function e8Sample(length: number, seed: number): Uint8Array {
  const rand = seededRandom(seed);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  for (let at = 0; at + 5 <= length; at += 5 + Math.floor(rand() * 6)) {
    out[at] = 0xe8;
    const kind = rand();
    view.setInt32(at + 1, kind < 0.5 ? Math.floor(rand() * 4000) - 2000 : Math.floor(rand() * 2 ** 32) - 2 ** 31, true);
  }
  return out;
}

/** Mixed data: text, a run, PE bytes, a short-period repeat. */
function mixedSample(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  const quarter = Math.floor(length / 4);
  out.set(textSample(quarter, seed), 0);
  out.fill(0x41, quarter, 2 * quarter);
  out.set(peSample(quarter), 2 * quarter);
  for (let i = 3 * quarter; i < length; i++) out[i] = (i * 7) % 13;
  return out;
}

/** Little-endian u16 counters with small jumps: many matches of many lengths at every position (match caches fill). */
function tableSample(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i + 1 < length; i += 2) {
    const v = (i >> 3) + ((i >> 7) & 3);
    out[i] = v & 0xff;
    out[i + 1] = v >> 8;
  }
  return out;
}

/**
 * Byte k appears fib(k) times, shuffled: very skewed literal statistics (LZ matching flattens them, so the
 * encoder's length limit itself is pinned in huffman-encode.test.ts).
 */
function fibonacciSample(seed: number): Uint8Array {
  const counts = [1, 1];
  while (counts.length < 21) counts.push(counts[counts.length - 1]! + counts[counts.length - 2]!);
  const out: number[] = [];
  counts.forEach((count, symbol) => {
    for (let i = 0; i < count; i++) out.push(symbol * 11);
  });
  const rand = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return Uint8Array.from(out);
}

const CODECS = [
  { codec: 'XPRESS', chunkSizes: [4096, 8192, 16384, 32768, 65536], levels: [1, 20, 50, 60, 100] },
  { codec: 'LZX', chunkSizes: [32768, 65536, 131072, 262144, 524288, 1048576, 2097152], levels: [1, 20, 34, 35, 50, 100] },
] as const;

describe.each(FLAVORS)('compressors (%s build)', (flavor) => {
  const registry = new CodecRegistry(nodeWasmLoader, flavor);

  /** Compresses and decodes back; returns the compressed size (the input size when stored raw). */
  async function roundTrip(codec: string, input: Uint8Array, chunkSize: number, level?: number): Promise<number> {
    const packed = await registry.compressChunk(codec, input, chunkSize, level);
    if (packed === null) return input.length;
    expect(packed.length).toBeLessThan(input.length);
    const unpacked = await registry.decompressChunk(codec, packed, input.length, chunkSize);
    expect(Buffer.from(unpacked).equals(Buffer.from(input))).toBe(true);
    return packed.length;
  }

  describe.each(CODECS)('$codec', ({ codec, chunkSizes, levels }) => {
    it('round-trips PE, text, E8-heavy, runs and mixed data at every level (32 KiB chunks)', async () => {
      const samples = [peSample(32768), textSample(32768, 1), e8Sample(32768, 2), new Uint8Array(32768), mixedSample(32768, 3), tableSample(32768)];
      for (const level of levels) {
        for (const sample of samples) {
          const size = await roundTrip(codec, sample, 32768, level);
          expect(size).toBeLessThan(sample.length);
        }
      }
    });

    it('round-trips a full chunk and a short last chunk at every chunk size', async () => {
      for (const chunkSize of chunkSizes) {
        const full = mixedSample(chunkSize, chunkSize);
        expect(await roundTrip(codec, tableSample(chunkSize), chunkSize, 50)).toBeLessThan(chunkSize / 4);
        for (const level of [20, 50]) {
          expect(await roundTrip(codec, full, chunkSize, level)).toBeLessThan(chunkSize);
          expect(await roundTrip(codec, full.subarray(0, chunkSize - 1), chunkSize, level)).toBeLessThan(chunkSize - 1);
          expect(await roundTrip(codec, full.subarray(0, 1000), chunkSize, level)).toBeLessThan(1000);
        }
      }
    });

    it('round-trips every short input of 1 to 100 bytes (stored raw when nothing is gained)', async () => {
      const text = textSample(100, 4);
      for (let length = 1; length <= 100; length++) {
        await roundTrip(codec, text.subarray(0, length), 32768, 50);
        await roundTrip(codec, new Uint8Array(length).fill(7), 32768, 50);
      }
    });

    it('round-trips Fibonacci-skewed byte statistics at every level', async () => {
      const sample = fibonacciSample(12);
      expect(sample.length).toBeLessThanOrEqual(32768);
      for (const level of levels) expect(await roundTrip(codec, sample, 32768, level)).toBeLessThan(sample.length);
    });

    it('returns null for incompressible (random) chunks', async () => {
      for (const level of [20, 50]) {
        expect(await registry.compressChunk(codec, randomSample(32768, 5), 32768, level)).toBeNull();
        expect(await registry.compressChunk(codec, randomSample(300, 6), 32768, level)).toBeNull();
      }
    });

    it('compresses random data with a compressible tail and all-same bytes', async () => {
      const partly = randomSample(32768, 7);
      partly.fill(0, 16384);
      expect(await roundTrip(codec, partly, 32768, 50)).toBeLessThan(17000);
      expect(await roundTrip(codec, new Uint8Array(32768).fill(0xe8), 32768, 50)).toBeLessThan(400);
    });

    it('is smaller at near-optimal levels than at fast levels on real data', async () => {
      const pe = peSample(flavor === 'debug' ? 4 * 32768 : 16 * 32768);
      const total = async (level: number) => {
        let sum = 0;
        for (let at = 0; at < pe.length; at += 32768) sum += await roundTrip(codec, pe.subarray(at, at + 32768), 32768, level);
        return sum;
      };
      const fast = await total(10);
      const optimal = await total(codec === 'XPRESS' ? 70 : 50);
      expect(optimal).toBeLessThanOrEqual(fast);
      expect(fast).toBeLessThan(pe.length);
    });

    it('compresses a batch in place to the same chunks as one at a time, raw where nothing is gained', async () => {
      const chunks = [peSample(32768), randomSample(32768, 9), textSample(20_000, 10), new Uint8Array(5).fill(1), tableSample(32768)];
      const buffer = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        buffer.set(c, at);
        at += c.length;
      }
      const sizes = await registry.compressBatch(codec, buffer, chunks.map((c) => c.length), 32768, 50);
      let offset = 0;
      for (const [i, c] of chunks.entries()) {
        const one = await registry.compressChunk(codec, c, 32768, 50);
        const stored = buffer.subarray(offset, offset + sizes[i]!);
        expect(Buffer.from(stored).equals(Buffer.from(one ?? c))).toBe(true);
        offset += sizes[i]!;
      }
      expect(sizes[1]).toBe(32768);
      await expect(registry.compressBatch(codec, new Uint8Array(100), [50], 32768)).rejects.toThrow(withCode(ErrorCode.INVALID_ARGUMENT));
    });

    it('rejects bad levels, chunk sizes and oversized inputs with stable codes', async () => {
      const input = textSample(1000, 8);
      for (const level of [0, 101, 2.5]) {
        await expect(registry.compressChunk(codec, input, 32768, level)).rejects.toThrow(withCode(ErrorCode.COMPRESSION_LEVEL_INVALID));
      }
      const smallest = chunkSizes[0];
      const largest = chunkSizes[chunkSizes.length - 1] ?? smallest;
      for (const chunkSize of [smallest / 2, largest * 2, 40000]) {
        await expect(registry.compressChunk(codec, input, chunkSize)).rejects.toThrow(withCode(ErrorCode.BAD_CHUNK_SIZE));
      }
      await expect(registry.compressChunk(codec, new Uint8Array(smallest + 1), smallest)).rejects.toThrow(
        withCode(ErrorCode.INVALID_ARGUMENT),
      );
      expect(await registry.compressChunk(codec, new Uint8Array(0), 32768)).toBeNull();
    });
  });

  it('has no compressor for "none" or unknown names', async () => {
    await expect(registry.compressChunk('LZ4', new Uint8Array(10), 32768)).rejects.toThrow(withCode(ErrorCode.CODEC_UNSUPPORTED));
    await expect(registry.compressChunk('none', new Uint8Array(10), 32768)).rejects.toThrow(withCode(ErrorCode.CODEC_UNSUPPORTED));
  });
});
