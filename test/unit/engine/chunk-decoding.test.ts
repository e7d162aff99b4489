import { describe, expect, it } from 'vitest';
import { CodecRegistry } from '../../../src/codecs/registry';
import { handleChunkTask, poolDecoder, type DecodeResult, type DecodeTask } from '../../../src/engine/chunk-decoding';
import { BufferRing } from '../../../src/engine/buffer-ring';
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

  it('decodes a batch in one task, transfers its input, and reuses a released output buffer for the next batch', async () => {
    const pool = new WorkerPool<DecodeTask, DecodeResult>(() => fakeEndpoint(new CodecRegistry(async () => new Uint8Array())), { size: 1 });
    const ring = new BufferRing(1 << 20, 1 << 20);
    const decoder = poolDecoder(pool, { concurrency: 2, ring });
    const input = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const chunks = [0, 100, 200].map((at) => ({ at, storedSize: 100, uncompressedSize: 100, raw: true }));
    const batch = { compression: 'XPRESS' as const, chunkSize: 100, fileOffset: 5000, input, chunks, outputSize: 300, hashOutput: false };
    const first = await decoder.decodeBatch!(batch);
    expect(input.byteLength).toBe(0); // the read buffer went to the worker, not a copy
    expect(Array.from(first.bytes.subarray(95, 105))).toEqual([95, 96, 97, 98, 99, 100, 101, 102, 103, 104]);
    const buffer = first.bytes.buffer;
    first.release!();
    expect(ring.freeSize).toBe(64 * 1024);
    const second = await decoder.decodeBatch!({ ...batch, input: Uint8Array.from({ length: 300 }, () => 9) });
    // The released buffer went back to the worker (so it is detached here) and came back filled.
    expect(ring.freeSize).toBe(0);
    expect(buffer.byteLength).toBe(0);
    expect(second.bytes.buffer.byteLength).toBe(64 * 1024);
    expect(second.bytes.every((b) => b === 9)).toBe(true);
    pool.close();
  });

  it('names the file offset of the chunk that failed inside a batch', async () => {
    const pool = new WorkerPool<DecodeTask, DecodeResult>(() => fakeEndpoint(new CodecRegistry(async () => new Uint8Array())), { size: 1 });
    const decoder = poolDecoder(pool);
    const chunks = [
      { at: 0, storedSize: 10, uncompressedSize: 10, raw: true },
      { at: 10, storedSize: 5, uncompressedSize: 10, raw: false },
    ];
    const batch = { compression: 'none' as const, chunkSize: 10, fileOffset: 7000, input: new Uint8Array(15), chunks, outputSize: 20, hashOutput: false };
    await expect(decoder.decodeBatch!(batch)).rejects.toMatchObject({ codeName: 'CODEC_CORRUPT_DATA', offset: 7010n }); // offsets cross threads as bigint
    pool.close();
  });
});
