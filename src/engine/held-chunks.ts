/**
 * Held chunks: a solid chunk (64 MiB) decoded on a pool worker stays in that worker's wasm output buffer and is
 * read out in slices into ring buffers the reader transfers in and gets back. Why: transferring the whole decoded
 * chunk pinned a second 64 MiB copy on the reading thread per chunk in flight, so only one chunk could decode at
 * a time within the memory budget; held in place, each worker can decode its own chunk while the previous one is
 * written (one held chunk per worker, so two workers decode two chunks at once for ≈ the RSS of one before).
 *
 * Reader side (holdChunkOn): the task that decodes and every slice read go to the same pool slot. A worker that
 * crashed was replaced by one that holds nothing: reads then fail with ENGINE_FAILED naming the lost chunk.
 * Worker side (handleHeldTask): one sibling codec registry per held chunk id, so the worker's other decodes
 * (non-solid batches) never overwrite a held output buffer.
 */
import type { CodecRegistry } from '../codecs/registry';
import { WasmChunkDecompressor } from '../codecs/chunk-decompressor';
import type { BatchChunk, DecodedBatch, EncodedBatch, HeldChunk } from '../formats/wim/chunk-decoder';
import type { CompressionName } from '../formats/wim/wim-info';
import type { WorkerPool } from '../pool/worker-pool';
import { ErrorCode, ImagewrightError, abortError } from '../shared/errors';
import { MAX_SINGLE_READ } from '../io/byte-source';
import { BufferRing } from './buffer-ring';

/**
 * Slice buffers kept for reuse: a ring of their own, smaller than the batch ring's 32 MiB, since the free lists
 * of every size class otherwise fill up beside the workers' 64 MiB chunks (peak RSS +40 MiB measured).
 */
const HELD_RING_FREE_BYTES = 12 * 1024 * 1024;

export interface HoldChunkTask {
  kind: 'hold-chunk';
  id: number;
  compression: CompressionName;
  chunkSize: number;
  fileOffset: number;
  input: ArrayBuffer;
  chunk: BatchChunk;
}
export interface ReadHeldTask {
  kind: 'read-held';
  id: number;
  from: number;
  to: number;
  output?: ArrayBuffer;
}
export interface DropHeldTask {
  kind: 'drop-held';
  id: number;
}
export type HeldTask = HoldChunkTask | ReadHeldTask | DropHeldTask;

export function isHeldTask(task: { kind: string }): task is HeldTask {
  return task.kind === 'hold-chunk' || task.kind === 'read-held' || task.kind === 'drop-held';
}

interface Held {
  bytes: () => Uint8Array;
  registry?: CodecRegistry;
}

/** Worker-side state: chunks held by id, and idle sibling registries to decode the next ones into. */
export class HeldChunkStore {
  private readonly held = new Map<number, Held>();
  private readonly idle: CodecRegistry[] = [];

  constructor(private readonly registry: CodecRegistry) {}

  async handle(task: HeldTask): Promise<{ result: unknown; transfer: Transferable[] }> {
    if (task.kind === 'hold-chunk') return { result: await this.hold(task), transfer: [] };
    if (task.kind === 'drop-held') {
      this.drop(task.id);
      return { result: null, transfer: [] };
    }
    const held = this.held.get(task.id);
    if (!held) throw new ImagewrightError(ErrorCode.ENGINE_FAILED, { detail: `decoded solid chunk ${task.id} is not held by this worker (it was restarted)` });
    const size = task.to - task.from;
    const output = task.output && task.output.byteLength >= size ? task.output : new ArrayBuffer(size);
    new Uint8Array(output, 0, size).set(held.bytes().subarray(task.from, task.to));
    return { result: output, transfer: [output] };
  }

  private async hold(task: HoldChunkTask): Promise<number> {
    this.drop(task.id);
    const { chunk } = task;
    const stored = new Uint8Array(task.input, chunk.at, chunk.storedSize);
    if (chunk.raw) {
      this.held.set(task.id, { bytes: () => stored });
      return chunk.uncompressedSize;
    }
    const registry = this.idle.pop() ?? this.registry.sibling();
    try {
      const decompressor = await registry.decompressor(task.compression);
      if (!(decompressor instanceof WasmChunkDecompressor)) throw new ImagewrightError(ErrorCode.CODEC_UNSUPPORTED, { params: { codec: task.compression } });
      decompressor.decompressView(stored, chunk.uncompressedSize, task.chunkSize);
      // The view is rebuilt on every read: the module's memory may not move, but a stale view must never be kept.
      this.held.set(task.id, { bytes: () => decompressor.lastOutput(chunk.uncompressedSize), registry });
      return chunk.uncompressedSize;
    } catch (error) {
      this.idle.push(registry);
      if (!(error instanceof ImagewrightError) || error.offset !== undefined) throw error;
      throw new ImagewrightError(error.code, { params: error.params, offset: task.fileOffset + chunk.at, ...(error.detail === undefined ? {} : { detail: error.detail }), cause: error });
    }
  }

  private drop(id: number): void {
    const held = this.held.get(id);
    if (!held) return;
    this.held.delete(id);
    if (held.registry) this.idle.push(held.registry);
  }
}

/** Reader side: which pool slots hold a chunk now, and who waits for one to free. */
export class HeldSlots {
  private readonly busy: boolean[];
  private readonly waiters: { grant: (slot: number) => void }[] = [];
  private nextId = 1;

  private readonly ring = new BufferRing(MAX_SINGLE_READ, HELD_RING_FREE_BYTES);

  constructor(private readonly pool: WorkerPool<unknown, unknown>) {
    this.busy = new Array<boolean>(pool.size).fill(false);
  }

  get count(): number {
    return this.busy.length;
  }

  /**
   * A slot, granted strictly in the order asked for: a freed slot goes to the longest waiter, and nobody takes a
   * free slot while others wait. Why: the reader asks for chunks in the order it will consume them; if a later
   * chunk (whose read finished first) took the last slot, the chunk the reader waits for could wait for a slot
   * held by chunks that are only let go once the reader moves on — a deadlock (seen under load).
   */
  private acquire(signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(abortError());
    const free = this.waiters.length === 0 ? this.busy.indexOf(false) : -1;
    if (free >= 0) {
      this.busy[free] = true;
      return Promise.resolve(free);
    }
    return new Promise<number>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.waiters.indexOf(waiter);
        if (at < 0) return;
        this.waiters.splice(at, 1);
        reject(abortError());
      };
      const waiter = {
        grant: (slot: number): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Hands `slot` to the longest waiter, or marks it free. */
  private free(slot: number): void {
    const next = this.waiters.shift();
    if (next) next.grant(slot);
    else this.busy[slot] = false;
  }

  /**
   * Decodes the single chunk of `batch` on a slot and keeps it there. The slot is asked for at once, before the
   * batch's read completes, so slots go to chunks in the order they were asked for (see acquire).
   */
  async hold(pending: EncodedBatch | Promise<EncodedBatch>, signal?: AbortSignal): Promise<HeldChunk> {
    const granted = this.acquire(signal);
    let batch: EncodedBatch;
    try {
      batch = await pending;
    } catch (error) {
      granted.then((slot) => this.free(slot), () => undefined);
      throw error;
    }
    const chunk = batch.chunks[0]!;
    const slot = await granted;
    const id = this.nextId++;
    const whole = batch.input.byteOffset === 0 && batch.input.byteLength === batch.input.buffer.byteLength;
    const input = (whole ? batch.input.buffer : batch.input.slice().buffer) as ArrayBuffer;
    const task: HoldChunkTask = { kind: 'hold-chunk', id, compression: batch.compression, chunkSize: batch.chunkSize, fileOffset: batch.fileOffset, input, chunk: whole ? chunk : { ...chunk, at: 0 } };
    let size: number;
    try {
      size = (await this.pool.runOn(slot, task, [input], signal)) as number;
    } catch (error) {
      this.free(slot);
      throw error;
    }
    let released = false;
    return {
      size,
      read: async (from, to, readSignal): Promise<DecodedBatch> => {
        if (released) throw new ImagewrightError(ErrorCode.ENGINE_FAILED, { detail: 'read of a released solid chunk' });
        const length = to - from;
        const output = this.ring.take(length);
        const read: ReadHeldTask = { kind: 'read-held', id, from, to, ...(output ? { output } : {}) };
        const buffer = (await this.pool.runOn(slot, read, output ? [output] : [], readSignal)) as ArrayBuffer;
        let given = false;
        return {
          bytes: new Uint8Array(buffer, 0, length),
          release: () => {
            if (given) return;
            given = true;
            this.ring.give(buffer);
          },
        };
      },
      release: () => {
        if (released) return;
        released = true;
        this.pool.runOn(slot, { kind: 'drop-held', id } satisfies DropHeldTask, []).catch(() => undefined);
        this.free(slot);
      },
    };
  }
}
