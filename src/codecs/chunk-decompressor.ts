/**
 * ChunkDecompressor: decodes one independently compressed chunk (XPRESS, LZX, LZMS…) through a wasm module that
 * follows wasm/README.md. Input is copied into the module's input buffer, the module decodes into its output
 * buffer, and the result is copied once: into a fresh Uint8Array, or into the caller's buffer when given.
 * Calls are synchronous once the module is loaded; one instance serves one worker, one call at a time.
 */
import { ErrorCode, ImagewrightError } from '../shared/errors';
import { checkDecompressResult, type WasmDecompressorExports, type WasmModule } from './wasm-module';

export interface ChunkDecompressor {
  /** Codec name used in error details, e.g. "XPRESS". */
  readonly codec: string;
  /**
   * Decodes `input` into exactly `outputSize` bytes. With `output`, writes into its first outputSize bytes and
   * returns that subarray; otherwise returns a new array. `chunkSize` is the resource's chunk size (LZX sizes
   * its window from it; the last chunk of a resource is shorter than its window). Throws CODEC_CORRUPT_DATA.
   */
  decompress(input: Uint8Array, outputSize: number, output?: Uint8Array, chunkSize?: number): Uint8Array;
}

/** Validates the sizes every decompressor receives. */
export function checkChunkArguments(codec: string, outputSize: number, output: Uint8Array | undefined): void {
  if (!Number.isSafeInteger(outputSize) || outputSize < 0) {
    throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `${codec}: output size ${outputSize}` });
  }
  if (output && output.length < outputSize) {
    throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, {
      detail: `${codec}: output buffer of ${output.length} bytes for ${outputSize} bytes`,
    });
  }
}

export class WasmChunkDecompressor implements ChunkDecompressor {
  constructor(
    readonly codec: string,
    protected readonly module: WasmModule<WasmDecompressorExports>,
  ) {}

  private viewOnly = false;

  /**
   * Decodes and returns a view of the module's output buffer instead of a copy: valid until this instance's next
   * call. For a worker that keeps a 64 MiB solid chunk where it was decoded and hands it out in slices.
   */
  decompressView(input: Uint8Array, outputSize: number, chunkSize?: number): Uint8Array {
    this.viewOnly = true;
    try {
      return this.decompress(input, outputSize, undefined, chunkSize);
    } finally {
      this.viewOnly = false;
    }
  }

  /** The module's output buffer as the last call left it (see decompressView). */
  lastOutput(length: number): Uint8Array {
    return this.module.output(length);
  }

  decompress(input: Uint8Array, outputSize: number, output?: Uint8Array, _chunkSize?: number): Uint8Array {
    return this.run(input, outputSize, output, (inputLength) => this.module.exports.decompress(inputLength, outputSize));
  }

  /** Shared body: `call` invokes the module's decompress export with any codec-specific arguments. */
  protected run(
    input: Uint8Array,
    outputSize: number,
    output: Uint8Array | undefined,
    call: (inputLength: number) => number,
  ): Uint8Array {
    checkChunkArguments(this.codec, outputSize, output);
    const module = this.module;
    module.ensureCapacity(input.length, outputSize);
    module.input(input.length).set(input);
    checkDecompressResult(this.codec, call(input.length), outputSize);
    const decoded = module.output(outputSize);
    if (!output) return this.viewOnly ? decoded : decoded.slice();
    output.set(decoded);
    return output.subarray(0, outputSize);
  }
}
