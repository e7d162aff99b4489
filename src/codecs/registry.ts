/**
 * Codec registry: compression name → chunk decompressor and chunk compressor. Knows nothing of WIM: callers pass the compressed bytes
 * of one chunk, its uncompressed size and the chunk size of the resource it belongs to (stored/raw chunks are
 * the container's business). Modules are loaded lazily, once per realm, through the realm's WasmLoader.
 * Compression mirrors it: compressChunk returns the compressed chunk or null when the chunk should be stored raw;
 * compressBatch does a run of chunks in place (the writer's unit of work).
 */
import { ErrorCode, ImagewrightError } from '../shared/errors';
import { checkChunkArguments, type ChunkDecompressor } from './chunk-decompressor';
import type { ChunkCompressor } from './chunk-compressor';
import { loadLzmsCompressor, loadLzmsDecompressor } from './lzms';
import { loadLzxCompressor, loadLzxDecompressor } from './lzx';
import type { WasmFlavor, WasmLoader } from './wasm-module';
import { loadXpressCompressor, loadXpressDecompressor } from './xpress';

export type CompressionName = 'none' | 'XPRESS' | 'LZX' | 'LZMS';

export const COMPRESSION_NAMES: readonly CompressionName[] = ['none', 'XPRESS', 'LZX', 'LZMS'];

export function isCompressionName(value: string): value is CompressionName {
  return (COMPRESSION_NAMES as readonly string[]).includes(value);
}

/** 'none': the chunk is its own output; only the size is checked. */
class StoredChunk implements ChunkDecompressor {
  readonly codec = 'none';

  decompress(input: Uint8Array, outputSize: number, output?: Uint8Array): Uint8Array {
    checkChunkArguments(this.codec, outputSize, output);
    if (input.length !== outputSize) {
      throw new ImagewrightError(ErrorCode.CODEC_CORRUPT_DATA, {
        detail: `none: ${input.length} stored bytes for a ${outputSize}-byte chunk`,
      });
    }
    if (!output) return input.slice();
    output.set(input);
    return output.subarray(0, outputSize);
  }
}

const LOADERS: Record<CompressionName, (loader: WasmLoader, flavor: WasmFlavor) => Promise<ChunkDecompressor>> = {
  none: async () => new StoredChunk(),
  XPRESS: loadXpressDecompressor,
  LZX: loadLzxDecompressor,
  LZMS: loadLzmsDecompressor,
};

type CompressedCodec = Exclude<CompressionName, 'none'>;

const COMPRESSOR_LOADERS: Record<CompressedCodec, (loader: WasmLoader, flavor: WasmFlavor) => Promise<ChunkCompressor>> = {
  XPRESS: loadXpressCompressor,
  LZX: loadLzxCompressor,
  LZMS: loadLzmsCompressor,
};

export class CodecRegistry {
  private readonly pending = new Map<CompressionName, Promise<ChunkDecompressor>>();
  private readonly pendingCompressors = new Map<CompressedCodec, Promise<ChunkCompressor>>();

  constructor(
    private readonly loader: WasmLoader,
    private readonly flavor: WasmFlavor = 'release',
  ) {}

  /**
   * A registry with module instances of its own (a held solid chunk keeps its instance's output buffer, which a
   * decode through this registry would overwrite). Instances are cached per loader (wasm-module.ts), so the
   * sibling gets a loader of its own that defers to ours.
   */
  sibling(): CodecRegistry {
    const loader: WasmLoader = (name, flavor) => this.loader(name, flavor);
    return new CodecRegistry(loader, this.flavor);
  }

  /** The decompressor for `codec`, loading its module on first use. */
  decompressor(codec: CompressionName | string): Promise<ChunkDecompressor> {
    if (!isCompressionName(codec)) {
      return Promise.reject(new ImagewrightError(ErrorCode.CODEC_UNSUPPORTED, { params: { codec } }));
    }
    let pending = this.pending.get(codec);
    if (!pending) {
      pending = LOADERS[codec](this.loader, this.flavor);
      this.pending.set(codec, pending);
      pending.catch(() => this.pending.delete(codec));
    }
    return pending;
  }

  /** Decodes one chunk: see ChunkDecompressor.decompress. */
  async decompressChunk(
    codec: CompressionName | string,
    input: Uint8Array,
    outputSize: number,
    chunkSize: number,
    output?: Uint8Array,
  ): Promise<Uint8Array> {
    return (await this.decompressor(codec)).decompress(input, outputSize, output, chunkSize);
  }

  /** The compressor for `codec` ('none' has none: the writer stores such data as is), loading its module once. */
  compressor(codec: CompressionName | string): Promise<ChunkCompressor> {
    if (!isCompressionName(codec) || codec === 'none') {
      return Promise.reject(new ImagewrightError(ErrorCode.CODEC_UNSUPPORTED, { params: { codec } }));
    }
    let pending = this.pendingCompressors.get(codec);
    if (!pending) {
      pending = COMPRESSOR_LOADERS[codec](this.loader, this.flavor);
      this.pendingCompressors.set(codec, pending);
      pending.catch(() => this.pendingCompressors.delete(codec));
    }
    return pending;
  }

  /**
   * Compresses one chunk (see ChunkCompressor.compress): the compressed bytes, or null when they would not be
   * smaller than `input` (the writer then stores the chunk raw). `chunkSize` is the resource's chunk size;
   * `level` is wimlib's 1–100 scale (default 50).
   */
  async compressChunk(
    codec: CompressionName | string,
    input: Uint8Array,
    chunkSize: number,
    level?: number,
  ): Promise<Uint8Array | null> {
    return (await this.compressor(codec)).compress(input, chunkSize, level);
  }

  /** Compresses the chunks end to end in `buffer` in place (see ChunkCompressor.compressInPlace): their stored sizes. */
  async compressBatch(
    codec: CompressionName | string,
    buffer: Uint8Array,
    lengths: readonly number[],
    chunkSize: number,
    level?: number,
  ): Promise<number[]> {
    return (await this.compressor(codec)).compressInPlace(buffer, lengths, chunkSize, level);
  }
}
