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
    const chosen = checkCompressionLevel(this.codec, level);
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
    if (input.length === 0) return null;
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
    if (result === 0 || result >= input.length) return null;
    return module.output(result).slice();
  }
}
