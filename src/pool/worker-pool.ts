/**
 * WorkerPool: runs tasks on N workers (Web Workers in the browser, worker_threads in Node) and hands results
 * back as promises. Realm-agnostic: it only needs something that can postMessage with a transfer list and
 * report messages and errors — see PoolEndpoint and the adapters (node-worker-endpoint.ts, web-worker-endpoint.ts).
 *
 * Why our own and not a library: the hot path moves chunk buffers between threads; the pool must transfer them
 * (never copy), keep per-worker wasm instances warm, and recover from a worker that dies on hostile data.
 * Protocol: { id, task } in, { id, ok: true, result } or { id, ok: false, error } out.
 */
import { ErrorCode, ImagewrightError, abortError } from '../shared/errors';

export interface PoolEndpoint {
  postMessage(message: unknown, transfer: Transferable[]): void;
  /** Registers the single message and error listeners. */
  listen(onMessage: (data: unknown) => void, onError: (error: unknown) => void): void;
  terminate(): void;
}

export interface TaskEnvelope<T> {
  id: number;
  task: T;
}

export type ResultEnvelope<R> =
  | { id: number; ok: true; result: R }
  | { id: number; ok: false; error: { name: string; message: string; imagewright?: unknown } };

interface Pending<R> {
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

interface Slot<T, R> {
  endpoint: PoolEndpoint;
  busy: Map<number, Pending<R>>;
  /** Posted tasks whose caller aborted: their results are ignored (see recycleIfAbandoned). */
  abandoned: Set<number>;
}

export interface WorkerPoolOptions {
  /** Number of workers; defaults to 1. */
  size: number;
  /** Tasks posted to one worker before waiting: 2 keeps a worker busy while its next input is in flight. */
  perWorkerDepth?: number;
}

export class WorkerPool<T, R> {
  private readonly slots: Slot<T, R>[] = [];
  private readonly waiting: { envelope: TaskEnvelope<T>; transfer: Transferable[]; pending: Pending<R>; slot: number | undefined }[] = [];
  private readonly depth: number;
  private readonly aborters = new Map<AbortSignal, { callbacks: Set<() => void>; listener: () => void }>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly spawn: () => PoolEndpoint, options: WorkerPoolOptions) {
    this.depth = options.perWorkerDepth ?? 2;
    for (let i = 0; i < Math.max(1, options.size); i++) this.slots.push(this.createSlot());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Runs one task; `transfer` lists the buffers inside `task` that move to the worker. */
  run(task: T, transfer: Transferable[] = [], signal?: AbortSignal): Promise<R> {
    return this.enqueue(undefined, task, transfer, signal);
  }

  /**
   * Runs a task on the worker in slot `slot` (0 … size − 1), after the tasks posted to it before: for state a
   * worker keeps between tasks (a held solid chunk, engine/held-chunks.ts). A crashed worker is replaced in its
   * slot, by one that kept nothing.
   */
  runOn(slot: number, task: T, transfer: Transferable[] = [], signal?: AbortSignal): Promise<R> {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.slots.length) return Promise.reject(new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `no worker slot ${slot}` }));
    return this.enqueue(slot, task, transfer, signal);
  }

  private enqueue(slot: number | undefined, task: T, transfer: Transferable[], signal: AbortSignal | undefined): Promise<R> {
    if (this.closed) return Promise.reject(new ImagewrightError(ErrorCode.ENGINE_FAILED, { detail: 'worker pool is closed' }));
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise<R>((resolve, reject) => {
      const envelope: TaskEnvelope<T> = { id: this.nextId++, task };
      const onAbort = (): void => {
        // Not yet posted: drop it so no worker spends time on it. Already posted: its result is ignored.
        const at = this.waiting.indexOf(queued);
        if (at >= 0) this.waiting.splice(at, 1);
        else this.abandon(envelope.id);
        reject(abortError());
      };
      // One listener per signal, shared by its tasks (a job keeps dozens in flight), dropped as tasks settle.
      const settle = (): void => {
        if (signal) this.unwatch(signal, onAbort);
      };
      const pending: Pending<R> = {
        resolve: (value) => {
          settle();
          resolve(value);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      const queued = { envelope, transfer, pending, slot };
      if (signal) this.watch(signal, onAbort);
      this.waiting.push(queued);
      this.dispatch();
    });
  }

  private watch(signal: AbortSignal, onAbort: () => void): void {
    let set = this.aborters.get(signal);
    if (!set) {
      const callbacks = new Set<() => void>();
      const listener = (): void => {
        this.aborters.delete(signal);
        for (const callback of [...callbacks]) callback();
      };
      set = { callbacks, listener };
      this.aborters.set(signal, set);
      signal.addEventListener('abort', listener, { once: true });
    }
    set.callbacks.add(onAbort);
  }

  private unwatch(signal: AbortSignal, onAbort: () => void): void {
    const set = this.aborters.get(signal);
    if (!set) return;
    set.callbacks.delete(onAbort);
    if (set.callbacks.size === 0) {
      this.aborters.delete(signal);
      signal.removeEventListener('abort', set.listener);
    }
  }

  /**
   * A posted task was cancelled. A worker busy with nothing but abandoned tasks is replaced at once: a wasm
   * codec cannot be interrupted, and one LZMS solid chunk (64 MiB) keeps a worker busy for many seconds that
   * the next job would otherwise wait through. A worker still holding a live task finishes as before.
   */
  private abandon(id: number): void {
    const slot = this.slots.find((s) => s.busy.has(id));
    if (!slot) return;
    slot.abandoned.add(id);
    if (slot.abandoned.size < slot.busy.size || this.closed) return;
    slot.endpoint.terminate();
    slot.busy.clear();
    slot.abandoned.clear();
    this.slots[this.slots.indexOf(slot)] = this.createSlot();
    this.dispatch();
  }

  /** Stops every worker; pending tasks reject. */
  close(): void {
    this.closed = true;
    const error = new ImagewrightError(ErrorCode.ENGINE_FAILED, { detail: 'worker pool closed' });
    for (const slot of this.slots) {
      for (const p of slot.busy.values()) p.reject(error);
      slot.endpoint.terminate();
    }
    for (const w of this.waiting.splice(0)) w.pending.reject(error);
  }

  private createSlot(): Slot<T, R> {
    const slot: Slot<T, R> = { endpoint: this.spawn(), busy: new Map(), abandoned: new Set() };
    slot.endpoint.listen(
      (data) => this.onResult(slot, data as ResultEnvelope<R>),
      (error) => this.onCrash(slot, error),
    );
    return slot;
  }

  /** Posts waiting tasks in order; a task bound to a busy slot waits without holding back the others. */
  private dispatch(): void {
    for (let i = 0; i < this.waiting.length; ) {
      const target = this.waiting[i]!.slot;
      let best: Slot<T, R> | undefined;
      if (target !== undefined) {
        const slot = this.slots[target]!;
        if (slot.busy.size < this.depth) best = slot;
      } else {
        for (const slot of this.slots) if (slot.busy.size < this.depth && (!best || slot.busy.size < best.busy.size)) best = slot;
        if (!best) return;
      }
      if (!best) {
        i++;
        continue;
      }
      const { envelope, transfer, pending } = this.waiting.splice(i, 1)[0]!;
      best.busy.set(envelope.id, pending);
      best.endpoint.postMessage(envelope, transfer);
    }
  }

  private onResult(slot: Slot<T, R>, message: ResultEnvelope<R>): void {
    const pending = slot.busy.get(message.id);
    if (!pending) return;
    slot.busy.delete(message.id);
    slot.abandoned.delete(message.id);
    if (message.ok) pending.resolve(message.result);
    else if (message.error.imagewright && ImagewrightError.isSerialized(message.error.imagewright)) {
      pending.reject(ImagewrightError.fromJSON(message.error.imagewright));
    } else {
      pending.reject(new ImagewrightError(ErrorCode.ENGINE_FAILED, { detail: `${message.error.name}: ${message.error.message}` }));
    }
    this.dispatch();
  }

  /** A worker died (wasm trap, out of memory): fail its tasks, replace it, carry on with the rest. */
  private onCrash(slot: Slot<T, R>, error: unknown): void {
    const failure = new ImagewrightError(ErrorCode.ENGINE_FAILED, { detail: `a worker stopped: ${String((error as Error)?.message ?? error)}`, cause: error });
    for (const p of slot.busy.values()) p.reject(failure);
    slot.busy.clear();
    slot.abandoned.clear();
    slot.endpoint.terminate();
    const index = this.slots.indexOf(slot);
    if (index >= 0 && !this.closed) {
      this.slots[index] = this.createSlot();
      this.dispatch();
    }
  }
}

/**
 * The worker side: answers each { id, task } with the handler's result, transferring what it lists.
 * ImagewrightErrors keep their code across the boundary.
 */
export function serveTasks<T, R>(
  post: (message: ResultEnvelope<R>, transfer: Transferable[]) => void,
  handle: (task: T) => Promise<{ result: R; transfer: Transferable[] }> | { result: R; transfer: Transferable[] },
): (envelope: TaskEnvelope<T>) => Promise<void> {
  return async ({ id, task }) => {
    try {
      const { result, transfer } = await handle(task);
      post({ id, ok: true, result }, transfer);
    } catch (error) {
      const e = error as Error;
      post({ id, ok: false, error: { name: e?.name ?? 'Error', message: String(e?.message ?? error), imagewright: error instanceof ImagewrightError ? error.toJSON() : undefined } }, []);
    }
  };
}
