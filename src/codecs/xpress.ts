/**
 * XPRESS Huffman chunk decompressor ([MS-XCA] LZ77+Huffman; wim-format.md §13.2), backed by
 * wasm/xpress. Chunks are at most 64 KiB of output.
 */
import { loadWasmModule, type WasmDecompressorExports, type WasmFlavor, type WasmLoader } from './wasm-module';
import { WasmChunkDecompressor } from './chunk-decompressor';

export const XPRESS_MAX_CHUNK_SIZE = 65536;

export class XpressDecompressor extends WasmChunkDecompressor {}

export async function loadXpressDecompressor(loader: WasmLoader, flavor: WasmFlavor = 'release'): Promise<XpressDecompressor> {
  const module = await loadWasmModule<WasmDecompressorExports>(loader, 'xpress', flavor);
  return new XpressDecompressor('XPRESS', module);
}
