/**
 * The TypeScript side of the codecs (src/codecs): registry lookups, the stored ("none") codec, decoding into a
 * caller's buffer, argument checks, loading failures and wasm memory growth (views rebuilt), on a small
 * wimlib-imagex capture made during the run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLzxDecompressor } from '../../src/codecs/lzx';
import { nodeWasmLoader } from '../../src/codecs/node-wasm-loader';
import { CodecRegistry } from '../../src/codecs/registry';
import {
  instantiateWasmModule,
  loadWasmModule,
  type WasmDecompressorExports,
  type WasmFlavor,
  type WasmLoader,
} from '../../src/codecs/wasm-module';
import { ErrorCode } from '../../src/shared/errors';
import { captureWim, collectWimChunks, sha1Hex, type CompressedChunk } from './wim-chunks';

const withCode = (code: number) => expect.objectContaining({ code });
const FLAVORS: WasmFlavor[] = ['debug', 'release'];

let dir: string;
let xpressChunk: CompressedChunk;
let lzxChunk: CompressedChunk;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iw-registry-'));
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  writeFileSync(join(tree, 'text.txt'), Array.from({ length: 20_000 }, (_, i) => `line ${i} of the registry fixture`).join('\n'));
  const first = async (args: string[]) => {
    const wim = join(dir, `${args.join('')}.wim`);
    captureWim(tree, wim, args);
    const chunk = (await collectWimChunks(wim)).chunks.find((c) => !c.stored);
    if (!chunk) throw new Error(`no compressed chunk with ${args.join(' ')}`);
    return chunk;
  };
  xpressChunk = await first(['--compress=XPRESS']);
  lzxChunk = await first(['--compress=LZX', '--chunk-size=64K']);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(FLAVORS)('codec glue (%s build)', (flavor) => {
  const registry = new CodecRegistry(nodeWasmLoader, flavor);

  it('decodes through the registry by compression name, allocating or into a given buffer', async () => {
    const fresh = await registry.decompressChunk('XPRESS', xpressChunk.input, xpressChunk.outputSize, xpressChunk.chunkSize);
    const target = new Uint8Array(xpressChunk.outputSize + 10).fill(0xaa);
    const into = await registry.decompressChunk('XPRESS', xpressChunk.input, xpressChunk.outputSize, xpressChunk.chunkSize, target);
    expect(into.buffer).toBe(target.buffer);
    expect(into.length).toBe(xpressChunk.outputSize);
    expect(sha1Hex(into)).toBe(sha1Hex(fresh));
    expect(target[xpressChunk.outputSize]).toBe(0xaa);
  });

  it('treats "none" as stored data of exactly the chunk size', async () => {
    const data = Uint8Array.from([1, 2, 3, 4]);
    const copy = await registry.decompressChunk('none', data, 4, 32768);
    expect(copy).toEqual(data);
    expect(copy).not.toBe(data);
    await expect(registry.decompressChunk('none', data, 5, 32768)).rejects.toThrow(withCode(ErrorCode.CODEC_CORRUPT_DATA));
  });

  it('refuses unknown compression names', async () => {
    await expect(registry.decompressor('XPRESS2')).rejects.toThrow(withCode(ErrorCode.CODEC_UNSUPPORTED));
  });

  it('checks output sizes, output buffers and LZX windows before decoding', async () => {
    const xpress = await registry.decompressor('XPRESS');
    expect(() => xpress.decompress(xpressChunk.input, -1)).toThrow(withCode(ErrorCode.INVALID_ARGUMENT));
    expect(() => xpress.decompress(xpressChunk.input, 10, new Uint8Array(9))).toThrow(withCode(ErrorCode.INVALID_ARGUMENT));
    const lzx = await registry.decompressor('LZX');
    expect(() => lzx.decompress(lzxChunk.input, lzxChunk.outputSize, undefined, 4 * 1024 * 1024)).toThrow(withCode(ErrorCode.BAD_CHUNK_SIZE));
    // LZX needs the resource's window: 64 KiB chunks read 24-bit block sizes, a 32 KiB window reads 16.
    expect(() => lzx.decompress(lzxChunk.input, Math.min(lzxChunk.outputSize, 32768), undefined, 32768)).toThrow(
      withCode(ErrorCode.CODEC_CORRUPT_DATA),
    );
  });

  it('keeps decoding correctly after wasm memory grows (views rebuilt)', async () => {
    const lzx = await loadLzxDecompressor(nodeWasmLoader, flavor);
    const module = await loadWasmModule<WasmDecompressorExports>(nodeWasmLoader, 'lzx', flavor);
    const before = lzx.decompress(lzxChunk.input, lzxChunk.outputSize, undefined, lzxChunk.chunkSize);
    const oldBuffer = module.exports.memory.buffer;
    module.ensureCapacity(module.inputSize + 8 * 1024 * 1024, 4 * 1024 * 1024);
    expect(module.exports.memory.buffer).not.toBe(oldBuffer);
    const after = lzx.decompress(lzxChunk.input, lzxChunk.outputSize, undefined, lzxChunk.chunkSize);
    expect(sha1Hex(after)).toBe(sha1Hex(before));
  });

  it('reports modules that cannot be loaded or instantiated as CODEC_LOAD_FAILED', async () => {
    const failing: WasmLoader = async () => {
      throw new Error('disk on fire');
    };
    await expect(new CodecRegistry(failing, flavor).decompressor('XPRESS')).rejects.toThrow(withCode(ErrorCode.CODEC_LOAD_FAILED));
    await expect(instantiateWasmModule('xpress', flavor, new Uint8Array([0, 0x61, 0x73, 0x6d, 9]))).rejects.toThrow(
      withCode(ErrorCode.CODEC_LOAD_FAILED),
    );
  });
});
