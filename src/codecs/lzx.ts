/**
 * LZX chunk decompressor, WIM variant (wim-format.md §13.3), backed by wasm/lzx. The LZX window is the
 * resource's chunk size (32 KiB for Microsoft, up to 2 MiB for wimlib); it decides the number of offset slots and
 * the width of block size fields, so the last, shorter chunk of a resource must be decoded with the chunk size of
 * the resource, not its own length. Without a chunk size the output size is used.
 * The same module compresses (LzxCompressor): window = chunk size (32 KiB–2 MiB), lazy parsing below level 35,
 * iterative cost-based near-optimal parsing from 35 up (wimlib-imagex's default level is 50).
 */
import { ErrorCode, ImagewrightError } from '../shared/errors';
import { loadWasmModule, type WasmBaseExports, type WasmDecompressorExports, type WasmFlavor, type WasmLoader } from './wasm-module';
import { WasmChunkDecompressor } from './chunk-decompressor';
import { WasmChunkCompressor } from './chunk-compressor';

export const LZX_MIN_CHUNK_SIZE = 32 * 1024;
export const LZX_MAX_CHUNK_SIZE = 2 * 1024 * 1024;

/** wasm/lzx takes the window size as a third argument (0: the output length). */
interface LzxExports extends WasmBaseExports {
  decompress(inputLength: number, outputLength: number, windowSize: number): number;
}

export class LzxDecompressor extends WasmChunkDecompressor {
  override decompress(input: Uint8Array, outputSize: number, output?: Uint8Array, chunkSize?: number): Uint8Array {
    const windowSize = chunkSize ?? outputSize;
    if (!Number.isSafeInteger(windowSize) || windowSize > LZX_MAX_CHUNK_SIZE || windowSize < 0) {
      throw new ImagewrightError(ErrorCode.BAD_CHUNK_SIZE, { params: { chunkSize: windowSize, codec: 'LZX' } });
    }
    const exports = this.module.exports as unknown as LzxExports;
    return this.run(input, outputSize, output, (inputLength) => exports.decompress(inputLength, outputSize, windowSize));
  }
}

export async function loadLzxDecompressor(loader: WasmLoader, flavor: WasmFlavor = 'release'): Promise<LzxDecompressor> {
  const module = await loadWasmModule<WasmDecompressorExports>(loader, 'lzx', flavor);
  return new LzxDecompressor('LZX', module);
}

export class LzxCompressor extends WasmChunkCompressor {}

export async function loadLzxCompressor(loader: WasmLoader, flavor: WasmFlavor = 'release'): Promise<LzxCompressor> {
  const module = await loadWasmModule<WasmDecompressorExports>(loader, 'lzx', flavor);
  return new LzxCompressor('LZX', module, LZX_MIN_CHUNK_SIZE, LZX_MAX_CHUNK_SIZE);
}
