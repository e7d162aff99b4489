/**
 * LZMS chunk decompressor (Microsoft LZMS in "raw" mode, one call per WIM/ESD chunk; wim-format.md §13.4), backed by
 * wasm/lzms. Chunks are independent; the compressed size must be even and at least 4 bytes. Non-solid LZMS
 * resources use 32 KiB–1 GiB chunks (128 KiB by default), solid resources 64 MiB; the module accepts up to 1 GiB
 * of output per chunk (wimlib's limit). Errors from the module become ImagewrightError CODEC_CORRUPT_DATA.
 *
 * The same module compresses (LzmsCompressor): chunk sizes 32 KiB–64 MiB (powers of two; 128 KiB is wimlib's
 * non-solid default, 64 MiB the solid/ESD one and Microsoft's limit), x86 filter, near-optimal parsing over
 * binary-tree matches over the last 48 MiB, delta matches from level 60, repeat queues. Memory per worker for
 * 64 MiB chunks: the 64 MiB input and output buffers plus about 401 MiB of work tables (8 bytes of binary tree per
 * position of a 48 MiB window + 16 MiB of hash heads + 1 MiB of parse tables), ≈ 529 MiB; for 128 KiB chunks
 * about 3 MiB.
 */
import { loadWasmModule, type WasmDecompressorExports, type WasmFlavor, type WasmLoader } from './wasm-module';
import { WasmChunkDecompressor } from './chunk-decompressor';
import { WasmChunkCompressor } from './chunk-compressor';

/** Largest chunk the LZMS module decodes (2^30 bytes, as wimlib). */
export const LZMS_MAX_CHUNK_SIZE = 1 << 30;
/** Chunk sizes the compressor accepts: wimlib's smallest LZMS chunk, and Microsoft's largest. */
export const LZMS_MIN_COMPRESS_CHUNK_SIZE = 1 << 15;
export const LZMS_MAX_COMPRESS_CHUNK_SIZE = 1 << 26;

export class LzmsDecompressor extends WasmChunkDecompressor {}

export async function loadLzmsDecompressor(
  loader: WasmLoader,
  flavor: WasmFlavor = 'release',
): Promise<LzmsDecompressor> {
  const module = await loadWasmModule<WasmDecompressorExports>(loader, 'lzms', flavor);
  return new LzmsDecompressor('LZMS', module);
}

export class LzmsCompressor extends WasmChunkCompressor {}

export async function loadLzmsCompressor(loader: WasmLoader, flavor: WasmFlavor = 'release'): Promise<LzmsCompressor> {
  const module = await loadWasmModule<WasmDecompressorExports>(loader, 'lzms', flavor);
  return new LzmsCompressor('LZMS', module, LZMS_MIN_COMPRESS_CHUNK_SIZE, LZMS_MAX_COMPRESS_CHUNK_SIZE);
}
