import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ImagewrightError } from '../../../src/shared/errors';
import { mapOrdered } from '../../../src/pool/ordered';
import { nodeWorkerEndpoint } from '../../../src/pool/node-worker-endpoint';
import { WorkerPool } from '../../../src/pool/worker-pool';

// A plain-JS worker speaking the pool protocol: doubles every byte, dies on request, fails on request,
// and answers slowly for low first bytes so completion order differs from submission order.
const WORKER = `
import { parentPort } from 'node:worker_threads';
parentPort.on('message', async ({ id, task }) => {
  if (task.mode === 'crash') process.exit(3);
  if (task.mode === 'spin') for (;;) {} // a codec loop that never yields
  if (task.mode === 'fail') {
    parentPort.postMessage({ id, ok: false, error: { name: 'ImagewrightError', message: 'bad',
      imagewright: { __imagewright: 1, code: 3001, offset: '42', detail: 'test' } } });
    return;
  }
  const bytes = new Uint8Array(task.buffer);
  await new Promise((r) => setTimeout(r, (bytes[0] % 4) * 5));
  for (let i = 0; i < bytes.length; i++) bytes[i] = (bytes[i] * 2) & 255;
  parentPort.postMessage({ id, ok: true, result: bytes.buffer }, [bytes.buffer]);
});
`;

const dir = mkdtempSync(join(tmpdir(), 'imagewright-pool-'));
const script = join(dir, 'worker.mjs');
writeFileSync(script, WORKER);

type Task = { mode?: 'crash' | 'fail' | 'spin'; buffer?: ArrayBuffer };
let pool: WorkerPool<Task, ArrayBuffer> | undefined;
afterEach(() => pool?.close());

describe('worker pool', () => {
  it('spreads tasks over workers, transfers buffers instead of copying, and yields results in order', async () => {
    pool = new WorkerPool<Task, ArrayBuffer>(() => nodeWorkerEndpoint(script), { size: 2 });
    const inputs = Array.from({ length: 40 }, (_, i) => Uint8Array.of(i, i + 1, i + 2));
    const results: number[][] = [];
    for await (const out of mapOrdered(inputs, 4, (bytes) => {
      const promise = pool!.run({ buffer: bytes.buffer as ArrayBuffer }, [bytes.buffer as ArrayBuffer]);
      expect(bytes.byteLength).toBe(0); // detached: moved to the worker, not copied
      return promise;
    })) {
      results.push([...new Uint8Array(out)]);
    }
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => [i * 2, (i + 1) * 2, (i + 2) * 2].map((v) => v & 255)));
  });

  it('fails the tasks of a crashed worker with ENGINE_FAILED and keeps serving others', async () => {
    pool = new WorkerPool<Task, ArrayBuffer>(() => nodeWorkerEndpoint(script), { size: 1 });
    await expect(pool.run({ mode: 'crash' })).rejects.toMatchObject({ codeName: 'ENGINE_FAILED' });
    const out = await pool.run({ buffer: Uint8Array.of(7).buffer });
    expect([...new Uint8Array(out)]).toEqual([14]);
  });

  it('keeps the code and offset of an ImagewrightError raised in a worker', async () => {
    pool = new WorkerPool<Task, ArrayBuffer>(() => nodeWorkerEndpoint(script), { size: 1 });
    const error = await pool.run({ mode: 'fail' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagewrightError);
    expect((error as ImagewrightError).codeName).toBe('CODEC_CORRUPT_DATA');
    expect((error as ImagewrightError).offset).toBe(42n);
  });

  it('rejects a cancelled task with AbortError', async () => {
    pool = new WorkerPool<Task, ArrayBuffer>(() => nodeWorkerEndpoint(script), { size: 1, perWorkerDepth: 1 });
    const controller = new AbortController();
    const first = pool.run({ buffer: Uint8Array.of(3).buffer });
    const second = pool.run({ buffer: Uint8Array.of(1).buffer }, [], controller.signal);
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    await expect(first).resolves.toBeInstanceOf(ArrayBuffer);
  });

  it('replaces a worker stuck in a cancelled task, so the next task does not wait for it', async () => {
    let spawned = 0;
    pool = new WorkerPool<Task, ArrayBuffer>(() => (spawned++, nodeWorkerEndpoint(script)), { size: 1 });
    const controller = new AbortController();
    const stuck = pool.run({ mode: 'spin' }, [], controller.signal);
    controller.abort();
    await expect(stuck).rejects.toMatchObject({ name: 'AbortError' });
    expect(spawned).toBe(2);
    // Served by the new worker; the spinning one is gone (it would never answer).
    expect([...new Uint8Array(await pool.run({ buffer: Uint8Array.of(4).buffer }))]).toEqual([8]);
  });

  it('keeps a worker that still holds a live task when another of its tasks is cancelled', async () => {
    let spawned = 0;
    pool = new WorkerPool<Task, ArrayBuffer>(() => (spawned++, nodeWorkerEndpoint(script)), { size: 1, perWorkerDepth: 2 });
    const controller = new AbortController();
    const live = pool.run({ buffer: Uint8Array.of(3).buffer });
    const cancelled = pool.run({ buffer: Uint8Array.of(2).buffer }, [], controller.signal);
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect([...new Uint8Array(await live)]).toEqual([6]);
    expect(spawned).toBe(1);
  });
});

describe('worker pool, tasks bound to one worker', () => {
  /** In-thread endpoints that record which slot each task reached and answer after a macrotask. */
  function recordingPool(size: number) {
    const seen: { worker: number; n: number }[] = [];
    let made = 0;
    const spawn = () => {
      const worker = made++;
      let deliver: (data: unknown) => void = () => undefined;
      return {
        postMessage: (message: unknown) => {
          const { id, task } = message as { id: number; task: { n: number } };
          seen.push({ worker, n: task.n });
          setTimeout(() => deliver({ id, ok: true, result: task.n }), 1);
        },
        listen: (onMessage: (data: unknown) => void) => void (deliver = onMessage),
        terminate: () => undefined,
      };
    };
    return { pool: new WorkerPool<{ n: number }, number>(spawn, { size, perWorkerDepth: 1 }), seen };
  }

  it('runs bound tasks on their worker in order, while unbound tasks go on past them to the free worker', async () => {
    const { pool: p, seen } = recordingPool(2);
    const results = await Promise.all([p.runOn(0, { n: 1 }), p.runOn(0, { n: 2 }), p.runOn(0, { n: 3 }), p.run({ n: 4 }), p.run({ n: 5 })]);
    p.close();
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(seen.filter((s) => s.worker === 0 && s.n <= 3).map((s) => s.n)).toEqual([1, 2, 3]);
    // Task 4 did not wait behind 2 and 3 (bound to the busy worker 0): it went to worker 1 first.
    expect(seen.findIndex((s) => s.n === 4)).toBeLessThan(seen.findIndex((s) => s.n === 2));
    expect(seen.find((s) => s.n === 4)!.worker).toBe(1);
  });

  it('refuses a slot the pool does not have', async () => {
    const { pool: p } = recordingPool(1);
    await expect(p.runOn(1, { n: 1 })).rejects.toMatchObject({ codeName: 'INVALID_ARGUMENT' });
    p.close();
  });
});
