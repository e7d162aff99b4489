/**
 * Streaming SHA-1 (WIM blob names) and SHA-256 (catalog identities) over wasm/sha1.
 *
 * `update` accepts any size: data streams through the module's input buffer in HASH_SLICE pieces. One module
 * instance serves every hash object of a worker; each object owns a saved copy of the module's hash state
 * (hashStateSize() bytes), swapped in when it becomes the active stream, so streams may be interleaved freely.
 */
import { ErrorCode, ImagewrightError } from '../shared/errors';
import { loadWasmModule, type WasmBaseExports, type WasmFlavor, type WasmLoader, type WasmModule } from './wasm-module';

/** Bytes copied into wasm memory per call. */
export const HASH_SLICE = 1 << 20;

export interface HashExports extends WasmBaseExports {
  sha1Init(): void;
  sha1Update(length: number): void;
  sha1Final(): void;
  sha1State(): number;
  sha256Init(): void;
  sha256Update(length: number): void;
  sha256Final(): void;
  sha256State(): number;
  hashStateSize(): number;
}

export type HashModule = WasmModule<HashExports>;

/** Loads (once per realm) the hash module and reserves its slice buffer. */
export async function loadHashModule(loader: WasmLoader, flavor: WasmFlavor = 'release'): Promise<HashModule> {
  const module = await loadWasmModule<HashExports>(loader, 'sha1', flavor);
  module.ensureCapacity(HASH_SLICE, 32);
  return module;
}

/** Lowercase hexadecimal, two digits per byte. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

interface Algorithm {
  readonly name: string;
  readonly digestLength: number;
  init(exports: HashExports): void;
  update(exports: HashExports, length: number): void;
  final(exports: HashExports): void;
  state(exports: HashExports): number;
}

const SHA1: Algorithm = {
  name: 'SHA-1',
  digestLength: 20,
  init: (e) => e.sha1Init(),
  update: (e, length) => e.sha1Update(length),
  final: (e) => e.sha1Final(),
  state: (e) => e.sha1State(),
};

const SHA256: Algorithm = {
  name: 'SHA-256',
  digestLength: 32,
  init: (e) => e.sha256Init(),
  update: (e, length) => e.sha256Update(length),
  final: (e) => e.sha256Final(),
  state: (e) => e.sha256State(),
};

/** Which hash object's state is currently inside the module, per module and algorithm. */
const activeStreams = new WeakMap<HashModule, Map<Algorithm, StreamingHash>>();

abstract class StreamingHash {
  /** Saved state while another stream is active; undefined before the first update. */
  private saved: Uint8Array | undefined;
  private finished = false;

  protected constructor(
    private readonly module: HashModule,
    private readonly algorithm: Algorithm,
  ) {}

  get digestLength(): number {
    return this.algorithm.digestLength;
  }

  /** Adds bytes to the hash; returns this for chaining. */
  update(data: Uint8Array): this {
    this.activate();
    const { module, algorithm } = this;
    for (let at = 0; at < data.length; at += HASH_SLICE) {
      const slice = data.subarray(at, at + HASH_SLICE);
      module.input(slice.length).set(slice);
      algorithm.update(module.exports, slice.length);
    }
    return this;
  }

  /** Finishes the hash; the object cannot be updated afterwards. */
  digest(): Uint8Array {
    this.activate();
    const { module, algorithm } = this;
    algorithm.final(module.exports);
    const digest = module.output(algorithm.digestLength).slice();
    this.finished = true;
    this.streams().delete(algorithm);
    return digest;
  }

  /** digest() as lowercase hex. */
  hexDigest(): string {
    return toHex(this.digest());
  }

  private streams(): Map<Algorithm, StreamingHash> {
    let streams = activeStreams.get(this.module);
    if (!streams) activeStreams.set(this.module, (streams = new Map()));
    return streams;
  }

  /** Puts this object's state into the module, saving the state of the stream that was there. */
  private activate(): void {
    if (this.finished) {
      throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `${this.algorithm.name} already finished` });
    }
    const streams = this.streams();
    const current = streams.get(this.algorithm);
    if (current === this) return;
    const { module, algorithm } = this;
    const size = module.exports.hashStateSize();
    const at = algorithm.state(module.exports);
    if (current) current.saved = module.memory.slice(at, at + size);
    if (this.saved) module.memory.set(this.saved, at);
    else algorithm.init(module.exports);
    streams.set(algorithm, this);
  }
}

export class Sha1 extends StreamingHash {
  constructor(module: HashModule) {
    super(module, SHA1);
  }
}

export class Sha256 extends StreamingHash {
  constructor(module: HashModule) {
    super(module, SHA256);
  }
}
