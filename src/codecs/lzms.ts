/**
 * LZMS chunk decompressor (Microsoft LZMS in "raw" mode, one call per WIM/ESD chunk; wim-format.md §13.4), backed by
 * wasm/lzms. Chunks are independent; the compressed size must be even and at least 4 bytes. Non-solid LZMS
 * resources use 32 KiB–1 GiB chunks (128 KiB by default), solid resources 64 MiB; the module accepts up to 1 GiB
 * of output per chunk (wimlib's limit). Errors from the module become ImagewrightError CODEC_CORRUPT_DATA.
 */
import { loadWasmModule, type WasmDecompressorExports, type WasmFlavor, type WasmLoader } from './wasm-module';
import { WasmChunkDecompressor } from './chunk-decompressor';

/** Largest chunk the LZMS module decodes (2^30 bytes, as wimlib). */
export const LZMS_MAX_CHUNK_SIZE = 1 << 30;

export class LzmsDecompressor extends WasmChunkDecompressor {}

export async function loadLzmsDecompressor(
  loader: WasmLoader,
  flavor: WasmFlavor = 'release',
): Promise<LzmsDecompressor> {
  const module = await loadWasmModule<WasmDecompressorExports>(loader, 'lzms', flavor);
  return new LzmsDecompressor('LZMS', module);
}
