/**
 * One instantiated AssemblyScript codec module (wasm/<name>/index.ts) and the JS views over its memory.
 *
 * The module contract is in wasm/README.md: runtime `stub` (no GC), buffers above `__heap_base`, and every module
 * exports `reserve(inputCapacity, outputCapacity)`, `inputPointer()`, `outputPointer()`. `reserve` may grow the
 * memory, which detaches every view made over the old ArrayBuffer, so the views here are rebuilt lazily whenever
 * `memory.buffer` changed. Pointers are re-read after each `reserve` because a module may move its buffers.
 *
 * Loading bytes is realm-specific (fetch in the browser, node:fs in the CLI and tests), so callers pass a
 * `WasmLoader`; `loadWasmModule` keeps one instance per loader, module and flavour (one per worker in practice).
 */
import { ErrorCode, ImagewrightError } from '../shared/errors';

export type WasmModuleName = 'sha1' | 'xpress' | 'lzx' | 'lzms';
export type WasmFlavor = 'release' | 'debug';

/** Returns the compiled bytes (or an already compiled module) of wasm/build/<module>.<flavor>.wasm. */
export type WasmLoader = (module: WasmModuleName, flavor: WasmFlavor) => Promise<BufferSource | WebAssembly.Module>;

/** What every module exports (wasm/README.md); codec-specific functions are added by the glue's own type. */
export interface WasmBaseExports {
  readonly memory: WebAssembly.Memory;
  reserve(inputCapacity: number, outputCapacity: number): number;
  inputPointer(): number;
  outputPointer(): number;
}

/** Exports of a decompressor module (xpress, lzx, lzms). */
export interface WasmDecompressorExports extends WasmBaseExports {
  decompress(inputLength: number, outputLength: number): number;
}

/** Negative return codes shared by every decompressor (wasm/README.md). */
const WASM_ERROR_REASONS: Record<number, string> = {
  [-1]: 'corrupt or truncated input',
  [-2]: 'invalid Huffman code lengths',
  [-3]: 'match refers to data before the start of the chunk',
  [-4]: 'output size beyond the codec limit',
};

export class WasmModule<E extends WasmBaseExports = WasmBaseExports> {
  private inputCapacity = 0;
  private outputCapacity = 0;
  private inputAt = 0;
  private outputAt = 0;
  private view: Uint8Array;

  constructor(
    readonly name: WasmModuleName,
    readonly flavor: WasmFlavor,
    readonly exports: E,
  ) {
    this.view = new Uint8Array(exports.memory.buffer);
    this.inputAt = exports.inputPointer();
    this.outputAt = exports.outputPointer();
  }

  /** All of linear memory; rebuilt after the memory grew (the old buffer is detached then). */
  get memory(): Uint8Array {
    const buffer = this.exports.memory.buffer;
    if (this.view.buffer !== buffer) this.view = new Uint8Array(buffer);
    return this.view;
  }

  /** Makes the module's input and output buffers at least this large (never shrinks them). */
  ensureCapacity(inputLength: number, outputLength: number): void {
    if (inputLength <= this.inputCapacity && outputLength <= this.outputCapacity) return;
    const input = Math.max(inputLength, this.inputCapacity);
    const output = Math.max(outputLength, this.outputCapacity);
    if (this.exports.reserve(input, output) < 0) {
      throw new ImagewrightError(ErrorCode.CODEC_LOAD_FAILED, {
        detail: `${this.name}: cannot grow wasm memory to ${input} + ${output} bytes`,
      });
    }
    this.inputCapacity = input;
    this.outputCapacity = output;
    this.inputAt = this.exports.inputPointer();
    this.outputAt = this.exports.outputPointer();
  }

  /** Capacity of the input buffer reserved so far. */
  get inputSize(): number {
    return this.inputCapacity;
  }

  /** View of the first `length` bytes of the input buffer; call ensureCapacity first. */
  input(length: number): Uint8Array {
    return this.memory.subarray(this.inputAt, this.inputAt + length);
  }

  /** View of the first `length` bytes of the output buffer; valid until the next call into the module. */
  output(length: number): Uint8Array {
    return this.memory.subarray(this.outputAt, this.outputAt + length);
  }
}

/** Turns a negative decompressor return into CODEC_CORRUPT_DATA; anything but `expected` is corrupt too. */
export function checkDecompressResult(codec: string, result: number, expected: number): void {
  if (result === expected) return;
  const reason =
    result < 0 ? (WASM_ERROR_REASONS[result] ?? `error ${result}`) : `decoded ${result} of ${expected} bytes`;
  throw new ImagewrightError(ErrorCode.CODEC_CORRUPT_DATA, { detail: `${codec}: ${reason}` });
}

/** Instantiates one module from bytes or a compiled WebAssembly.Module. */
export async function instantiateWasmModule<E extends WasmBaseExports>(
  name: WasmModuleName,
  flavor: WasmFlavor,
  source: BufferSource | WebAssembly.Module,
): Promise<WasmModule<E>> {
  const imports: WebAssembly.Imports = {
    env: {
      // Only reachable in debug builds (assertions on): a failed assertion is a bug in the codec, not bad input.
      abort(_message: number, _file: number, line: number, column: number): never {
        throw new Error(`${name}.${flavor}.wasm aborted at ${line}:${column}`);
      },
    },
  };
  let instance: WebAssembly.Instance;
  try {
    instance =
      source instanceof WebAssembly.Module
        ? await WebAssembly.instantiate(source, imports)
        : (await WebAssembly.instantiate(source, imports)).instance;
  } catch (cause) {
    throw new ImagewrightError(ErrorCode.CODEC_LOAD_FAILED, { detail: `${name}.${flavor}.wasm`, cause });
  }
  return new WasmModule(name, flavor, instance.exports as unknown as E);
}

/** Instances per loader, then per module and flavour: one per realm for the loader that realm uses. */
const instances = new WeakMap<WasmLoader, Map<string, Promise<WasmModule>>>();

/** The one instance of `name`/`flavor` loaded through `loader` in this realm. A failed load is retried next time. */
export function loadWasmModule<E extends WasmBaseExports>(
  loader: WasmLoader,
  name: WasmModuleName,
  flavor: WasmFlavor = 'release',
): Promise<WasmModule<E>> {
  let cache = instances.get(loader);
  if (!cache) instances.set(loader, (cache = new Map()));
  const key = `${name}.${flavor}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = (async () => {
      let source: BufferSource | WebAssembly.Module;
      try {
        source = await loader(name, flavor);
      } catch (cause) {
        if (cause instanceof ImagewrightError) throw cause;
        throw new ImagewrightError(ErrorCode.CODEC_LOAD_FAILED, { detail: `${key}.wasm`, cause });
      }
      return instantiateWasmModule<E>(name, flavor, source);
    })();
    const entries = cache;
    entries.set(key, pending);
    pending.catch(() => entries.delete(key));
  }
  return pending as Promise<WasmModule<E>>;
}
