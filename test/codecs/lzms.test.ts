/**
 * LZMS decompressor (wasm/lzms via src/codecs/lzms.ts), debug and release builds, against real wimlib-imagex output.
 *
 * Fixtures are made during the run: a tree of text, random, repetitive, sample-array and bitmap-like data (which
 * wimlib's LZMS compressor codes with delta matches) and x86-64 binaries from the system (x86 filter), captured as
 * non-solid LZMS with 128 KiB and 1 MiB chunks, as a solid ESD (one 64 MiB chunk) and as a solid resource cut into
 * 256 KiB chunks. Every compressed chunk is decoded and every blob checked against the SHA-1 in the blob table.
 * Hostile inputs (truncation, random bytes, bit flips; fixed-seed PRNG, bounded) must give CODEC_CORRUPT_DATA or
 * some output of the requested size, never a trap, another error or a hang.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLzmsDecompressor, type LzmsDecompressor } from '../../src/codecs/lzms';
import { nodeWasmLoader } from '../../src/codecs/node-wasm-loader';
import { instantiateWasmModule, type WasmDecompressorExports, type WasmFlavor } from '../../src/codecs/wasm-module';
import { ErrorCode, ImagewrightError } from '../../src/shared/errors';
import { seededRandom } from './fixture-tree';
import { decodeHostile } from './hostile-outcome';
import { captureWim, collectWimChunks, decodeStreams, mismatchedBlobs, sha1Hex, type WimChunks } from './wim-chunks';

/** Files of the capture tree: each kind of data the decoder must handle. */
function writeTree(root: string): void {
  const rand = seededRandom(20240601);
  const words = ['image', 'window', 'chunk', 'solid', 'resource', 'stream', 'offset', 'delta', 'the', 'a', 'of'];
  const text: string[] = [];
  for (let i = 0; i < 60_000; i++) text.push(words[Math.floor(rand() * words.length)] ?? 'x');
  writeFileSync(join(root, 'text.txt'), text.join(' '));
  writeFileSync(join(root, 'random.bin'), Uint8Array.from({ length: 200_000 }, () => Math.floor(rand() * 256)));
  writeFileSync(join(root, 'repeat.bin'), Buffer.from('abcabcabd'.repeat(30_000)));
  const pcm = new DataView(new ArrayBuffer(300_000));
  for (let i = 0; i < pcm.byteLength / 2; i++) pcm.setInt16(2 * i, Math.round(12_000 * Math.sin(i / 23)), true);
  writeFileSync(join(root, 'pcm16.raw'), new Uint8Array(pcm.buffer));
  const ramp = new DataView(new ArrayBuffer(200_000));
  for (let i = 0; i < ramp.byteLength / 4; i++) ramp.setUint32(4 * i, 1000 + 7 * i + (i % 5), true);
  writeFileSync(join(root, 'ramp32.bin'), new Uint8Array(ramp.buffer));
  const width = 256;
  const bitmap = new Uint8Array(width * 3 * 300);
  for (let y = 0; y < 300; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      bitmap[at] = (x * 3 + y) & 0xff;
      bitmap[at + 1] = (x + 2 * y) & 0xff;
      bitmap[at + 2] = (x ^ y) & 0xff;
    }
  }
  writeFileSync(join(root, 'bitmap.bgr'), bitmap);
  writeFileSync(join(root, 'tiny.txt'), 'LZMS');
  writeFileSync(join(root, 'one-past-chunk.txt'), Buffer.from('0123456789abcdef'.repeat(8192 + 1)));
  mkdirSync(join(root, 'bin'));
  const binaries = ['/usr/bin/ls', '/usr/lib/x86_64-linux-gnu/libc.so.6', '/usr/bin/wimlib-imagex'];
  for (const path of binaries) if (existsSync(path)) copyFileSync(path, join(root, 'bin', path.replace(/\//g, '_')));
}

interface Capture extends WimChunks {
  name: string;
}

let dir: string;
const captures: Capture[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iw-lzms-'));
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  writeTree(tree);
  const variants: [string, string[]][] = [
    ['non-solid LZMS, 128 KiB chunks', ['--compress=LZMS']],
    ['non-solid LZMS, 1 MiB chunks', ['--compress=LZMS', '--chunk-size=1M']],
    ['solid LZMS, one 64 MiB chunk', ['--solid']],
    ['solid LZMS, 256 KiB chunks', ['--solid', '--solid-chunk-size=256K']],
  ];
  for (const [name, args] of variants) {
    const wim = join(dir, `${captures.length}.wim`);
    captureWim(tree, wim, args);
    captures.push({ name, ...(await collectWimChunks(wim)) });
  }
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Decodes every chunk of a capture with `decoder` and returns the blobs whose SHA-1 does not match. */
function badBlobs(decoder: LzmsDecompressor, capture: Capture): string[] {
  const streams = decodeStreams(capture.chunks, () => decoder);
  return mismatchedBlobs(capture.blobs, streams).map((blob) => `${capture.name}: blob of ${blob.size} bytes`);
}


const FLAVORS: WasmFlavor[] = ['debug', 'release'];

describe.each(FLAVORS)('LZMS decompressor (%s build)', (flavor) => {
  let decoder: LzmsDecompressor;
  beforeAll(async () => {
    decoder = await loadLzmsDecompressor(nodeWasmLoader, flavor);
  });

  it('the fixtures hold compressed LZMS chunks of every capture kind', () => {
    for (const capture of captures) {
      expect(capture.chunks.filter((c) => !c.stored).length, capture.name).toBeGreaterThan(0);
      expect(capture.blobs.length, capture.name).toBeGreaterThanOrEqual(8);
    }
    const cut = captures[3];
    expect(cut?.chunks.filter((c) => c.solid && !c.stored).length).toBeGreaterThan(4);
    expect(captures[2]?.chunks.filter((c) => c.solid && !c.stored).length).toBe(1);
  });

  it.each([0, 1, 2, 3])('decodes every chunk of capture %i to blobs whose SHA-1 matches the blob table', (index) => {
    const capture = captures[index];
    if (!capture) throw new Error('capture missing');
    expect(badBlobs(decoder, capture)).toEqual([]);
  });

  it('decodes the same chunk identically after decoding others (no state leaks between chunks)', () => {
    const chunks = captures.flatMap((c) => c.chunks.filter((k) => !k.stored)).slice(0, 6);
    const first = chunks.map((c) => sha1Hex(decoder.decompress(c.input, c.outputSize)));
    const again = chunks.reverse().map((c) => sha1Hex(decoder.decompress(c.input, c.outputSize)));
    expect(again.reverse()).toEqual(first);
  });

  it('rejects inputs that are odd-sized or shorter than 4 bytes', () => {
    for (const input of [new Uint8Array(0), new Uint8Array(2), new Uint8Array(3), new Uint8Array(7).fill(0x55)]) {
      expect(() => decoder.decompress(input, 100)).toThrow(ImagewrightError);
    }
  });

  it('reports a match before the chunk start when the first item is a match', () => {
    // 0xFFFF… puts the range decoder's code above every bound: the first item is a match at position 0.
    const input = new Uint8Array(64).fill(0xff);
    expect(() => decoder.decompress(input, 1000)).toThrow(/before the start/);
  });

  it('survives truncated chunks: an error or output of the requested size', () => {
    const rand = seededRandom(7);
    const chunks = captures.flatMap((c) => c.chunks.filter((k) => !k.stored));
    for (let i = 0; i < 60; i++) {
      const chunk = chunks[Math.floor(rand() * chunks.length)];
      if (!chunk) continue;
      const cut = Math.floor(rand() * chunk.input.length);
      decodeHostile(decoder, chunk.input.subarray(0, cut), chunk.outputSize);
    }
  });

  it('survives random bytes: an error or output of the requested size', () => {
    const rand = seededRandom(11);
    let errors = 0;
    for (let i = 0; i < 150; i++) {
      const input = Uint8Array.from({ length: 4 + 2 * Math.floor(rand() * 2000) }, () => Math.floor(rand() * 256));
      const size = 1 + Math.floor(rand() * 300_000);
      if (decodeHostile(decoder, input, size) === 'error') errors++;
    }
    expect(errors).toBeGreaterThan(0);
  });

  it('survives bit flips in real chunks: an error or output that differs from the original', () => {
    const rand = seededRandom(13);
    const chunks = captures.flatMap((c) => c.chunks.filter((k) => !k.stored && k.outputSize <= 1 << 20));
    let changed = 0;
    for (let i = 0; i < 80; i++) {
      const chunk = chunks[Math.floor(rand() * chunks.length)];
      if (!chunk) continue;
      const good = sha1Hex(decoder.decompress(chunk.input, chunk.outputSize));
      const input = Uint8Array.from(chunk.input); // a copy, even if the helper handed out a Buffer
      const flips = 1 + Math.floor(rand() * 4);
      for (let f = 0; f < flips; f++) {
        const bit = Math.floor(rand() * input.length * 8);
        input[bit >> 3]! ^= 1 << (bit & 7);
      }
      try {
        if (sha1Hex(decoder.decompress(input, chunk.outputSize)) !== good) changed++;
      } catch (error) {
        expect(error).toBeInstanceOf(ImagewrightError);
        expect((error as ImagewrightError).code).toBe(ErrorCode.CODEC_CORRUPT_DATA);
        changed++;
      }
    }
    expect(changed).toBeGreaterThan(40);
  });

  it('still decodes valid chunks correctly after hostile input', () => {
    const capture = captures[0];
    if (!capture) throw new Error('capture missing');
    decodeHostile(decoder, new Uint8Array(64).fill(0xa5), 4096);
    expect(badBlobs(decoder, capture)).toEqual([]);
  });
});

describe.each(FLAVORS)('LZMS wasm module contract (%s build)', (flavor) => {
  let exports: WasmDecompressorExports;
  beforeAll(async () => {
    const bytes = await nodeWasmLoader('lzms', flavor);
    exports = (await instantiateWasmModule<WasmDecompressorExports>('lzms', flavor, bytes)).exports;
  });

  it('refuses output beyond the reserved buffer or above 1 GiB with -4, and decompress before reserve', () => {
    expect(exports.decompress(4, 16)).toBe(-4);
    expect(exports.reserve(1024, 4096)).toBe(0);
    expect(exports.decompress(4, 4097)).toBe(-4);
    expect(exports.decompress(1025, 16)).toBe(-4);
    expect(exports.decompress(4, 2 ** 30 + 1)).toBe(-4);
  });

  it('grows memory in reserve and keeps the buffers apart', () => {
    const before = exports.memory.buffer.byteLength;
    expect(exports.reserve(3 << 20, 5 << 20)).toBe(0);
    expect(exports.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(exports.outputPointer()).toBeGreaterThanOrEqual(exports.inputPointer() + (3 << 20));
    expect(exports.outputPointer() + (5 << 20)).toBeLessThanOrEqual(exports.memory.buffer.byteLength);
  });

  it('returns -1 for a 2-byte input and decodes an empty chunk from any 4-byte input', () => {
    expect(exports.reserve(16, 16)).toBe(0);
    expect(exports.decompress(2, 16)).toBe(-1);
    expect(exports.decompress(4, 0)).toBe(0);
  });
});

