/**
 * ChunkDecoders for the blob reader (formats/wim/chunk-decoder.ts), chosen by whoever runs a job:
 * - inProcessDecoder: the codec registry in this thread; concurrency 1 (the CLI with --threads 1, tests);
 * - poolDecoder: chunks and batches become tasks on a WorkerPool. A batch's input was read for it alone, so its
 *   buffer is transferred, not copied (unless it is a view into a larger buffer); the decoded batch comes back transferred too, with its SHA-1 when it is a
 *   whole blob (the worker hashes it, so the thread that writes does not have to). Single chunks (callers that
 *   hand out views into shared buffers) are copied before transfer. Workers answer with handleChunkTask.
 * Also the SHA-1 factory every job needs, over the shared hash module.
 */
import type { CodecRegistry } from '../codecs/registry';
import { Sha1, loadHashModule } from '../codecs/sha';
import type { WasmFlavor, WasmLoader } from '../codecs/wasm-module';
import type { BatchChunk, BlobReadContext, ChunkDecoder, DecodedBatch, DirectWrite, EncodedBatch, EncodedChunk, Sha1Hasher } from '../formats/wim/chunk-decoder';
import type { CompressionName } from '../formats/wim/wim-info';
import type { WorkerPool } from '../pool/worker-pool';
import { MAX_SINGLE_READ } from '../io/byte-source';
import { ImagewrightError } from '../shared/errors';
import { BufferRing } from './buffer-ring';
import { HeldChunkStore, HeldSlots, isHeldTask, type HeldTask } from './held-chunks';

/**
 * Decodes every chunk of a batch into `out` (which must hold batch.outputSize bytes); `afterChunk` hears where
 * the decoded bytes end after each chunk.
 */
async function decodeBatchInto(registry: CodecRegistry, batch: Omit<EncodedBatch, 'hashOutput'>, out: Uint8Array, afterChunk?: (end: number) => void): Promise<void> {
  let at = 0;
  for (const chunk of batch.chunks) {
    const stored = batch.input.subarray(chunk.at, chunk.at + chunk.storedSize);
    try {
      if (chunk.raw) out.set(stored, at);
      else await registry.decompressChunk(batch.compression, stored, chunk.uncompressedSize, batch.chunkSize, out.subarray(at, at + chunk.uncompressedSize));
    } catch (error) {
      if (!(error instanceof ImagewrightError) || error.offset !== undefined) throw error;
      throw new ImagewrightError(error.code, {
        params: error.params,
        offset: batch.fileOffset + chunk.at,
        ...(error.detail === undefined ? {} : { detail: error.detail }),
        cause: error,
      });
    }
    at += chunk.uncompressedSize;
    afterChunk?.(at);
  }
}

/** Output buffers of decoded batches (up to 4 MiB) and solid chunks (64 MiB, or less in hand-made WIMs). */
export function batchRing(): BufferRing {
  return new BufferRing(MAX_SINGLE_READ, 32 * 1024 * 1024);
}

/** A DecodedBatch over a ring buffer (or a fresh one), handed back to the ring by `release`. */
function fromRing(ring: BufferRing, buffer: ArrayBuffer, size: number, sha1?: string, written?: boolean): DecodedBatch {
  let released = false;
  return {
    bytes: new Uint8Array(buffer, 0, size),
    ...(sha1 === undefined ? {} : { sha1 }),
    ...(written ? { written } : {}),
    release: () => {
      if (released) return;
      released = true;
      ring.give(buffer);
    },
  };
}

export function inProcessDecoder(registry: CodecRegistry, ring = batchRing()): ChunkDecoder {
  return {
    concurrency: 1,
    decode: (chunk) => registry.decompressChunk(chunk.compression, chunk.input, chunk.uncompressedSize, chunk.chunkSize),
    async decodeBatch(batch) {
      // Same thread as the reader: hashing here would not take work off it, so the reader hashes.
      const buffer = ring.take(batch.outputSize) ?? new ArrayBuffer(batch.outputSize);
      await decodeBatchInto(registry, batch, new Uint8Array(buffer, 0, batch.outputSize));
      return fromRing(ring, buffer, batch.outputSize);
    },
  };
}

/** What crosses to a pool worker for one chunk. */
export interface ChunkTask {
  kind: 'decode-chunk';
  compression: CompressionName;
  input: ArrayBuffer;
  uncompressedSize: number;
  chunkSize: number;
}

/** What crosses to a pool worker for one batch: the input buffer is transferred. */
export interface BatchTask {
  kind: 'decode-batch';
  compression: CompressionName;
  chunkSize: number;
  fileOffset: number;
  input: ArrayBuffer;
  chunks: BatchChunk[];
  outputSize: number;
  hashOutput: boolean;
  /** A ring buffer to decode into (transferred; comes back as the result), when the output fits one. */
  output?: ArrayBuffer;
  /** Where the worker writes the decoded bytes itself (see EncodedBatch.writeTo). */
  writeTo?: DirectWrite;
}

export type DecodeTask = ChunkTask | BatchTask | HeldTask;
/** A decoded chunk is its buffer; a decoded batch comes with its SHA-1 when asked for, and says if it was written. */
export type DecodeResult = ArrayBuffer | { output: ArrayBuffer; sha1?: string; written?: boolean } | number | null;

export interface PoolDecoderOptions {
  /** Batches in flight; about two per worker keeps each busy while its next input travels. */
  concurrency?: number;
  ring?: BufferRing;
  /** The workers can write to target descriptors (Node workers of the same process: see WorkerServices.writeAt). */
  directWrites?: boolean;
}

/**
 * With two workers or more, solid chunks are held on the workers (engine/held-chunks.ts), one per worker, so
 * they decode in parallel; with one, a held chunk would stop the worker decoding the next one while the reader
 * pulls slices of it, so the whole chunk comes back transferred instead (decode k + 1 overlaps writing k).
 */
export function poolDecoder(pool: WorkerPool<DecodeTask, DecodeResult>, options: PoolDecoderOptions = {}): ChunkDecoder {
  const { concurrency = pool.size * 2, ring = batchRing(), directWrites = false } = options;
  const held = pool.size >= 2 ? new HeldSlots(pool as WorkerPool<unknown, unknown>) : undefined;
  return {
    concurrency,
    writesDirectly: directWrites,
    ...(held ? { holders: held.count, holdChunk: (batch: EncodedBatch | Promise<EncodedBatch>, signal?: AbortSignal) => held.hold(batch, signal) } : {}),
    async decode(chunk: EncodedChunk, signal?: AbortSignal) {
      const input = chunk.input.slice().buffer as ArrayBuffer;
      const task: ChunkTask = {
        kind: 'decode-chunk',
        compression: chunk.compression,
        input,
        uncompressedSize: chunk.uncompressedSize,
        chunkSize: chunk.chunkSize,
      };
      return new Uint8Array((await pool.run(task, [input], signal)) as ArrayBuffer);
    },
    async decodeBatch(batch: EncodedBatch, signal?: AbortSignal): Promise<DecodedBatch> {
      // Transfer the read buffer when the batch owns all of it; a view into something larger (a memory source)
      // is copied, since transferring would detach the rest.
      const whole = batch.input.byteOffset === 0 && batch.input.byteLength === batch.input.buffer.byteLength;
      const input = (whole ? batch.input.buffer : batch.input.slice().buffer) as ArrayBuffer;
      const task: BatchTask = {
        kind: 'decode-batch',
        compression: batch.compression,
        chunkSize: batch.chunkSize,
        fileOffset: batch.fileOffset,
        input,
        chunks: batch.chunks,
        outputSize: batch.outputSize,
        hashOutput: batch.hashOutput,
      };
      const writeTo = directWrites ? batch.writeTo : undefined;
      if (writeTo) task.writeTo = writeTo;
      const output = ring.take(batch.outputSize);
      if (output) task.output = output;
      // A task that writes to a descriptor is not abandoned on abort: its promise must settle only once the worker
      // is done with the file, so the caller never closes a descriptor (whose number the next open may reuse)
      // under a write. A batch is a few milliseconds of work, so cancel waits little for it.
      const result = (await pool.run(task, output ? [input, output] : [input], writeTo ? undefined : signal)) as { output: ArrayBuffer; sha1?: string; written?: boolean };
      return fromRing(ring, result.output, batch.outputSize, result.sha1, result.written);
    },
  };
}

/** Held solid chunks of this worker, per registry (one per worker). */
const heldStores = new WeakMap<CodecRegistry, HeldChunkStore>();

/** What a decode worker's realm offers besides its codecs. */
export interface WorkerServices {
  /** SHA-1 of a whole decoded batch (whole-blob batches are hashed where they were decoded). */
  sha1Of?: (bytes: Uint8Array) => string | Promise<string>;
  /** Streaming SHA-1, for batches the worker writes itself in slices. */
  newSha1?: () => Sha1Hasher;
  /** Writes all of `bytes` at `position` of a descriptor of this process (Node workers: fs.writeSync). */
  writeAt?: (descriptor: number, bytes: Uint8Array, position: number) => void;
}

/**
 * Decoded bytes a worker hashes and writes at a time when it writes a batch itself: written right after they were
 * decoded, while they are still in this core's cache (the same slice size as the main thread's, write-files.ts).
 */
const DIRECT_SLICE_BYTES = 256 * 1024;

/** Worker side of poolDecoder: decodes one task (and writes it, when asked and able) and names the buffer to transfer back. */
export async function handleChunkTask(registry: CodecRegistry, task: DecodeTask, services: WorkerServices = {}): Promise<{ result: DecodeResult; transfer: Transferable[] }> {
  if (isHeldTask(task)) {
    let store = heldStores.get(registry);
    if (!store) heldStores.set(registry, (store = new HeldChunkStore(registry)));
    return store.handle(task) as Promise<{ result: DecodeResult; transfer: Transferable[] }>;
  }
  if (task.kind === 'decode-batch') {
    const output = task.output && task.output.byteLength >= task.outputSize ? task.output : new ArrayBuffer(task.outputSize);
    const bytes = new Uint8Array(output, 0, task.outputSize);
    const { writeTo } = task;
    const { writeAt, newSha1, sha1Of } = services;
    if (writeTo && writeAt && (!task.hashOutput || newSha1)) {
      const hasher = task.hashOutput ? newSha1!() : undefined;
      let flushed = 0;
      const flush = (end: number): void => {
        const slice = bytes.subarray(flushed, end);
        hasher?.update(slice);
        writeAt(writeTo.descriptor, slice, writeTo.position + flushed);
        flushed = end;
      };
      await decodeBatchInto(registry, { ...task, input: new Uint8Array(task.input) }, bytes, (end) => {
        if (end - flushed >= DIRECT_SLICE_BYTES || end === task.outputSize) flush(end);
      });
      if (flushed < task.outputSize) flush(task.outputSize);
      const sha1 = hasher?.hexDigest();
      return { result: { output, ...(sha1 === undefined ? {} : { sha1 }), written: true }, transfer: [output] };
    }
    await decodeBatchInto(registry, { ...task, input: new Uint8Array(task.input) }, bytes);
    const sha1 = task.hashOutput && sha1Of ? await sha1Of(bytes) : undefined;
    return { result: { output, ...(sha1 === undefined ? {} : { sha1 }) }, transfer: [output] };
  }
  const out = await registry.decompressChunk(task.compression, new Uint8Array(task.input), task.uncompressedSize, task.chunkSize);
  const buffer = (out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? out.buffer : out.slice().buffer) as ArrayBuffer;
  return { result: buffer, transfer: [buffer] };
}

/** SHA-1 of a whole buffer with the wasm hash module of this realm (workers without a faster platform hash). */
export function wasmSha1Of(loader: WasmLoader, flavor: WasmFlavor = 'release'): (bytes: Uint8Array) => Promise<string> {
  return async (bytes) => new Sha1(await loadHashModule(loader, flavor)).update(bytes).hexDigest();
}

/**
 * A BlobReadContext with SHA-1 from `newSha1` when the realm has a faster one (Node's crypto in the CLI), else
 * from the wasm hash module of this realm.
 */
export async function createBlobReadContext(
  decoder: ChunkDecoder,
  loader: WasmLoader,
  flavor: WasmFlavor = 'release',
  newSha1?: () => Sha1Hasher,
): Promise<BlobReadContext> {
  if (newSha1) return { decoder, newSha1 };
  const module = await loadHashModule(loader, flavor);
  return { decoder, newSha1: () => new Sha1(module) };
}
