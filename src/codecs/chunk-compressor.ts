/**
 * ChunkCompressor: compresses one independent chunk (XPRESS, LZX…) through a wasm module that follows
 * wasm/README.md. The input is copied into the module's input buffer, the module encodes into its output buffer,
 * and the result is copied once into a fresh Uint8Array. A chunk whose encoding would not be smaller than the
 * input yields null: WIM stores such a chunk raw (wim-format.md §4), so the writer never needs the larger form.
 * Calls are synchronous once the module is loaded; one instance serves one worker, one call at a time.
 */
import { ErrorCode, ImagewrightError } from '../shared/errors';
import type { WasmModule } from './wasm-module';

/** wimlib's scale: 1 = fastest … 100 = smallest; wimlib-imagex captures at 50. */
export const DEFAULT_COMPRESSION_LEVEL = 50;
export const MIN_COMPRESSION_LEVEL = 1;
export const MAX_COMPRESSION_LEVEL = 100;

export interface ChunkCompressor {
  /** Codec name used in error details, e.g. "XPRESS". */
  readonly codec: string;
  /**
   * Compresses `input` (1 ≤ length ≤ chunkSize; the last chunk of a resource is shorter than the chunk size,
   * and LZX sizes its window from the chunk size). Returns the compressed bytes, or null when they would not be
   * smaller than the input. `level` follows wimlib's 1–100 scale (default 50): XPRESS below 60 and LZX below
   * 35 parse lazily (fast); above, they parse near-optimally with costs (as wimlib's thresholds). Throws BAD_CHUNK_SIZE,
   * INVALID_ARGUMENT, COMPRESSION_LEVEL_INVALID.
   */
  compress(input: Uint8Array, chunkSize: number, level?: number): Uint8Array | null;
  /**
   * Compresses the chunks laid end to end in `buffer` (`lengths` each) and rewrites `buffer` IN PLACE with each
   * chunk as it is to be stored — compressed, or raw when that would not be smaller — end to end; returns the
   * stored size of each. Safe in place: a stored chunk is never longer than its input, so it never overtakes
   * input not yet read. One call per batch spares a copy and an allocation per chunk.
   */
  compressInPlace(buffer: Uint8Array, lengths: readonly number[], chunkSize: number, level?: number): number[];
}

/** Exports of a compressor module: compress(inputLength, windowSize, level) → compressed length, 0 or < 0. */
export interface WasmCompressorExports {
  compress(inputLength: number, windowSize: number, level: number): number;
}

/** Negative returns of a compress export (wasm/README.md). */
const COMPRESS_ERROR_REASONS: Record<number, string> = {
  [-4]: 'chunk size beyond the codec limit or buffers not reserved',
  [-5]: 'wasm memory cannot grow for the match finder',
};

/** Checks the level argument; returns the level to use. */
export function checkCompressionLevel(codec: string, level: number | undefined): number {
  const value = level ?? DEFAULT_COMPRESSION_LEVEL;
  if (!Number.isInteger(value) || value < MIN_COMPRESSION_LEVEL || value > MAX_COMPRESSION_LEVEL) {
    throw new ImagewrightError(ErrorCode.COMPRESSION_LEVEL_INVALID, { params: { level: String(level), codec } });
  }
  return value;
}

export class WasmChunkCompressor implements ChunkCompressor {
  constructor(
    readonly codec: string,
    protected readonly module: WasmModule,
    private readonly minChunkSize: number,
    private readonly maxChunkSize: number,
  ) {}

  compress(input: Uint8Array, chunkSize: number, level?: number): Uint8Array | null {
    const result = this.compressToModule(input, chunkSize, checkCompressionLevel(this.codec, level));
    return result === 0 ? null : this.module.output(result).slice();
  }

  compressInPlace(buffer: Uint8Array, lengths: readonly number[], chunkSize: number, level?: number): number[] {
    const chosen = checkCompressionLevel(this.codec, level);
    const sizes: number[] = [];
    let read = 0;
    let written = 0;
    for (const length of lengths) {
      const input = buffer.subarray(read, read + length);
      const result = this.compressToModule(input, chunkSize, chosen);
      // written <= read always holds (no stored chunk grows), so the raw copy moves bytes backwards or not at all.
      if (result === 0) buffer.copyWithin(written, read, read + length);
      else buffer.set(this.module.output(result), written);
      const stored = result === 0 ? length : result;
      sizes.push(stored);
      read += length;
      written += stored;
    }
    if (read !== buffer.length) {
      throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `${this.codec}: chunk lengths cover ${read} of ${buffer.length} bytes` });
    }
    return sizes;
  }

  /** Compresses `input` into the module's output buffer: the compressed length, or 0 when it would not be smaller. */
  private compressToModule(input: Uint8Array, chunkSize: number, chosen: number): number {
    if (
      !Number.isSafeInteger(chunkSize) ||
      chunkSize < this.minChunkSize ||
      chunkSize > this.maxChunkSize ||
      (chunkSize & (chunkSize - 1)) !== 0
    ) {
      throw new ImagewrightError(ErrorCode.BAD_CHUNK_SIZE, { params: { chunkSize, codec: this.codec } });
    }
    if (input.length > chunkSize) {
      throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, {
        detail: `${this.codec}: ${input.length}-byte input for ${chunkSize}-byte chunks`,
      });
    }
    // Nothing is smaller than an empty chunk; WIM never stores one compressed.
    if (input.length === 0) return 0;
    const module = this.module;
    // The output buffer matches the input: the module gives up as soon as its output reaches the input size.
    module.ensureCapacity(chunkSize, chunkSize);
    module.input(input.length).set(input);
    const exports = module.exports as unknown as WasmCompressorExports;
    const result = exports.compress(input.length, chunkSize, chosen);
    if (result < 0) {
      throw new ImagewrightError(ErrorCode.CODEC_LOAD_FAILED, {
        detail: `${this.codec} compressor: ${COMPRESS_ERROR_REASONS[result] ?? `error ${result}`}`,
      });
    }
    return result >= input.length ? 0 : result;
  }
}
