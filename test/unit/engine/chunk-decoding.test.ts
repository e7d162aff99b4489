import { describe, expect, it } from 'vitest';
import { CodecRegistry } from '../../../src/codecs/registry';
import { handleChunkTask, poolDecoder, type DecodeResult, type DecodeTask } from '../../../src/engine/chunk-decoding';
import { WorkerPool, serveTasks, type PoolEndpoint, type TaskEnvelope } from '../../../src/pool/worker-pool';

/** An in-thread "worker": messages cross through structuredClone with their transfer lists, as postMessage does. */
function fakeEndpoint(registry: CodecRegistry): PoolEndpoint {
  let deliver: (data: unknown) => void = () => undefined;
  const serve = serveTasks<DecodeTask, DecodeResult>(
    (message, transfer) => queueMicrotask(() => deliver(structuredClone(message, { transfer }))),
    (task) => handleChunkTask(registry, task),
  );
  return {
    postMessage: (message, transfer) => void serve(structuredClone(message, { transfer }) as TaskEnvelope<DecodeTask>),
    listen: (onMessage) => {
      deliver = onMessage;
    },
    terminate: () => undefined,
  };
}

describe('pool chunk decoder', () => {
  it('sends each chunk in its own transferred buffer, leaving the shared read buffer intact', async () => {
    // No wasm needed: the registry's 'none' codec returns its input.
    const pool = new WorkerPool<DecodeTask, DecodeResult>(() => fakeEndpoint(new CodecRegistry(async () => new Uint8Array())), { size: 2 });
    const decoder = poolDecoder(pool);
    expect(decoder.concurrency).toBe(4);
    const batch = Uint8Array.from({ length: 100 }, (_, i) => i);
    const out = await Promise.all(
      [0, 1, 2, 3].map((i) => decoder.decode({ compression: 'none', input: batch.subarray(i * 25, i * 25 + 25), uncompressedSize: 25, chunkSize: 25 })),
    );
    expect(batch.byteLength).toBe(100);
    expect(out.map((o) => o[0])).toEqual([0, 25, 50, 75]);
    expect(out.every((o) => o.length === 25)).toBe(true);
    pool.close();
  });

  it('carries a decoding failure back as an ImagewrightError with its code', async () => {
    const pool = new WorkerPool<DecodeTask, DecodeResult>(() => fakeEndpoint(new CodecRegistry(async () => new Uint8Array())), { size: 1 });
    const decoder = poolDecoder(pool);
    await expect(decoder.decode({ compression: 'none', input: new Uint8Array(3), uncompressedSize: 5, chunkSize: 5 })).rejects.toMatchObject({
      codeName: 'CODEC_CORRUPT_DATA',
    });
    pool.close();
  });
});
