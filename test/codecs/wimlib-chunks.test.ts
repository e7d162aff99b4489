/**
 * XPRESS and LZX decompressors (wasm/xpress, wasm/lzx via src/codecs), debug and release builds, against real
 * wimlib-imagex output made during the run: the fixture tree (fixture-tree.ts) captured with XPRESS at 4, 32 and
 * 64 KiB chunks, LZX at 32 KiB (three compression levels), 64 KiB, 1 MiB and 2 MiB, and as solid resources.
 * Every chunk is decoded through the codec registry and every blob, metadata included, must match the SHA-1 the
 * blob table records for it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChunkDecompressor } from '../../src/codecs/chunk-decompressor';
import { nodeWasmLoader } from '../../src/codecs/node-wasm-loader';
import { CodecRegistry, type CompressionName } from '../../src/codecs/registry';
import type { WasmFlavor } from '../../src/codecs/wasm-module';
import { writeCodecTree } from './fixture-tree';
import { captureWim, collectWimChunks, decodeStreams, mismatchedBlobs, type WimChunks } from './wim-chunks';

interface Capture {
  name: string;
  codec: CompressionName;
  chunkSize: number;
  args: string[];
}

const K = 1024;
const CAPTURES: Capture[] = [
  { name: 'XPRESS, 4 KiB chunks', codec: 'XPRESS', chunkSize: 4 * K, args: ['--compress=XPRESS', '--chunk-size=4K'] },
  { name: 'XPRESS, 32 KiB chunks', codec: 'XPRESS', chunkSize: 32 * K, args: ['--compress=XPRESS'] },
  { name: 'XPRESS, 64 KiB chunks, level 100', codec: 'XPRESS', chunkSize: 64 * K, args: ['--compress=XPRESS:100', '--chunk-size=64K'] },
  { name: 'LZX, 32 KiB chunks', codec: 'LZX', chunkSize: 32 * K, args: ['--compress=LZX'] },
  { name: 'LZX, 32 KiB chunks, level 20', codec: 'LZX', chunkSize: 32 * K, args: ['--compress=LZX:20'] },
  { name: 'LZX, 32 KiB chunks, level 100', codec: 'LZX', chunkSize: 32 * K, args: ['--compress=LZX:100'] },
  { name: 'LZX, 64 KiB chunks', codec: 'LZX', chunkSize: 64 * K, args: ['--compress=LZX', '--chunk-size=64K'] },
  { name: 'LZX, 1 MiB chunks', codec: 'LZX', chunkSize: 1024 * K, args: ['--compress=LZX', '--chunk-size=1M'] },
  { name: 'LZX, 2 MiB chunks', codec: 'LZX', chunkSize: 2048 * K, args: ['--compress=LZX', '--chunk-size=2M'] },
  { name: 'solid XPRESS, 64 KiB chunks', codec: 'XPRESS', chunkSize: 64 * K, args: ['--solid', '--solid-compress=XPRESS', '--solid-chunk-size=64K', '--compress=XPRESS'] },
  { name: 'solid LZX, 1 MiB chunks', codec: 'LZX', chunkSize: 1024 * K, args: ['--solid', '--solid-compress=LZX', '--solid-chunk-size=1M', '--compress=LZX'] },
];

const FLAVORS: WasmFlavor[] = ['debug', 'release'];

let dir: string;
const fixtures = new Map<string, WimChunks>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iw-codecs-'));
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  writeCodecTree(tree);
  for (const [i, capture] of CAPTURES.entries()) {
    const wim = join(dir, `${i}.wim`);
    captureWim(tree, wim, ['--threads=1', ...capture.args]);
    fixtures.set(capture.name, await collectWimChunks(wim));
  }
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(FLAVORS)('XPRESS and LZX on wimlib-imagex output (%s build)', (flavor) => {
  const decoders = new Map<CompressionName, ChunkDecompressor>();
  beforeAll(async () => {
    const registry = new CodecRegistry(nodeWasmLoader, flavor);
    for (const codec of ['XPRESS', 'LZX'] as const) decoders.set(codec, await registry.decompressor(codec));
  });

  it.each(CAPTURES)('decodes every chunk of "$name" to blobs whose SHA-1 matches the blob table', (capture) => {
    const { chunks, blobs } = fixtures.get(capture.name)!;
    const solid = capture.args.includes('--solid');
    const fileChunks = chunks.filter((chunk) => chunk.solid === solid);
    // The fixture really exercises the codec: compressed chunks of the requested size and codec, several blobs.
    expect(fileChunks.filter((chunk) => !chunk.stored).length).toBeGreaterThan(3);
    for (const chunk of fileChunks) {
      expect(chunk.codec).toBe(capture.codec);
      expect(chunk.chunkSize).toBe(capture.chunkSize);
    }
    expect(blobs.filter((blob) => !blob.metadata).length).toBeGreaterThan(3);
    const streams = decodeStreams(chunks, (codec) => {
      const decoder = decoders.get(codec);
      if (!decoder) throw new Error(`no ${codec} decoder in this suite`);
      return decoder;
    });
    expect(mismatchedBlobs(blobs, streams)).toEqual([]);
  });
});
