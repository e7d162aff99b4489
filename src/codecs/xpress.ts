/**
 * XPRESS Huffman chunk decompressor ([MS-XCA] LZ77+Huffman; wim-format.md §13.2), backed by
 * wasm/xpress. Chunks are at most 64 KiB of output. The same module compresses (XpressCompressor): chunk sizes
 * 4 KiB–64 KiB (powers of two), lazy parsing below level 60, near-optimal parsing from 60 up.
 */
import { loadWasmModule, type WasmDecompressorExports, type WasmFlavor, type WasmLoader } from './wasm-module';
import { WasmChunkDecompressor } from './chunk-decompressor';
import { WasmChunkCompressor } from './chunk-compressor';

export const XPRESS_MAX_CHUNK_SIZE = 65536;
export const XPRESS_MIN_CHUNK_SIZE = 4096;

export class XpressDecompressor extends WasmChunkDecompressor {}

export async function loadXpressDecompressor(loader: WasmLoader, flavor: WasmFlavor = 'release'): Promise<XpressDecompressor> {
  const module = await loadWasmModule<WasmDecompressorExports>(loader, 'xpress', flavor);
  return new XpressDecompressor('XPRESS', module);
}

export class XpressCompressor extends WasmChunkCompressor {}

export async function loadXpressCompressor(loader: WasmLoader, flavor: WasmFlavor = 'release'): Promise<XpressCompressor> {
  const module = await loadWasmModule<WasmDecompressorExports>(loader, 'xpress', flavor);
  return new XpressCompressor('XPRESS', module, XPRESS_MIN_CHUNK_SIZE, XPRESS_MAX_CHUNK_SIZE);
}
