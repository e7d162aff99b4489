import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CodecRegistry } from '../../../../src/codecs/registry';
import { nodeSha1, nodeSha1Hex } from '../../../../src/codecs/node-sha1';
import { handleChunkTask, poolDecoder, type DecodeResult, type DecodeTask } from '../../../../src/engine/chunk-decoding';
import type { PlannedItem } from '../../../../src/engine/extract/extract-plan';
import { writeFiles, type FileToWrite } from '../../../../src/engine/extract/write-files';
import type { BlobReadContext, EncodedChunk } from '../../../../src/formats/wim/chunk-decoder';
import type { WimEntry } from '../../../../src/formats/wim/metadata';
import { openWimSet, type WimSet } from '../../../../src/formats/wim/wim-set';
import type { FileWriter, TreeSink } from '../../../../src/io/byte-sink';
import { MemorySource } from '../../../../src/io/memory-source';
import { WorkerPool, serveTasks, type PoolEndpoint, type TaskEnvelope } from '../../../../src/pool/worker-pool';
import { buildWim, putU32 } from '../../formats/wim/builders';
import { memorySink } from './memory-sink';

const CHUNK = 65536;

interface Blob {
  name: string;
  hash: string;
  data: Uint8Array;
}

/**
 * A WIM of compressed resources whose chunks are either raw (stored = uncompressed, real bytes) or fake
 * (10 stored bytes that the fake codec below expands to their first byte repeated).
 */
async function fakeWim(specs: { name: string; chunks: number; raw: boolean }[]): Promise<{ set: WimSet; blobs: Blob[] }> {
  const parts: Uint8Array[] = [];
  const entries = [];
  const blobs: Blob[] = [];
  let offset = 208;
  for (const [n, spec] of specs.entries()) {
    const data = new Uint8Array(spec.chunks * CHUNK);
    const stored = spec.raw ? CHUNK : 10;
    const table = 4 * (spec.chunks - 1);
    const payload = new Uint8Array(table + spec.chunks * stored);
    for (let i = 0; i < spec.chunks; i++) {
      const value = (n * 31 + i * 7 + 1) & 0xff;
      if (i > 0) putU32(payload, 4 * (i - 1), i * stored);
      const chunk = spec.raw ? Uint8Array.from({ length: CHUNK }, (_, k) => (value + k) & 0xff) : new Uint8Array(stored).fill(value);
      payload.set(chunk, table + i * stored);
      data.set(spec.raw ? chunk : new Uint8Array(CHUNK).fill(value), i * CHUNK);
    }
    const hash = createHash('sha1').update(data).digest('hex');
    blobs.push({ name: spec.name, hash, data });
    entries.push({ sizeInWim: payload.length, offset, uncompressedSize: data.length, flags: 4, hash: Buffer.from(hash, 'hex') });
    parts.push(payload);
    offset += payload.length;
  }
  const { bytes } = buildWim({ flags: 0x20002, chunkSize: CHUNK, payload: Buffer.concat(parts), entries });
  return { set: await openWimSet([new MemorySource(bytes, 'fake.wim')]), blobs };
}

function filesOf(set: WimSet, blobs: Blob[]): FileToWrite[] {
  return blobs.map((b) => ({
    item: { entry: { dataHash: b.hash } as WimEntry, imagePath: `/${b.name}`, target: [b.name] } as PlannedItem,
    home: set.blobs.get(b.hash),
  }));
}

/** Decodes fake chunks in this thread; `onDecode` sees every call (to cancel or fail mid-way). */
function fakeContext(onDecode: (n: number) => void = () => undefined): BlobReadContext {
  let calls = 0;
  return {
    decoder: {
      concurrency: 2,
      async decode(chunk: EncodedChunk) {
        onDecode(++calls);
        await new Promise((r) => setTimeout(r, 1));
        return new Uint8Array(chunk.uncompressedSize).fill(chunk.input[0]!);
      },
    },
    newSha1: nodeSha1,
  };
}

describe('writeFiles', () => {
  it('writes every file with its exact bytes across batches and files, committing each after its hash', async () => {
    const { set, blobs } = await fakeWim([
      { name: 'big', chunks: 150, raw: false }, // 9.4 MiB: three batches
      { name: 'small', chunks: 1, raw: true },
      { name: 'mixed', chunks: 20, raw: true },
    ]);
    const { sink, committed, aborted } = memorySink();
    const seen: number[] = [];
    await writeFiles(set, fakeContext(), sink, filesOf(set, blobs), undefined, (n) => seen.push(n));
    for (const b of blobs) expect(Buffer.from(committed.get(b.name)!).equals(Buffer.from(b.data))).toBe(true);
    expect(aborted).toEqual([]);
    expect(seen.reduce((a, b) => a + b, 0)).toBe(blobs.reduce((n, b) => n + b.data.length, 0));
  });

  it('cancelled in the middle of a batch: AbortError, the open file aborted, no half file committed', async () => {
    const { set, blobs } = await fakeWim([
      { name: 'first', chunks: 2, raw: false },
      { name: 'second', chunks: 150, raw: false },
      { name: 'third', chunks: 2, raw: false },
    ]);
    const { sink, committed, aborted, openCount } = memorySink();
    const controller = new AbortController();
    // Chunk 40 lies inside the second file's first batch.
    const ctx = fakeContext((n) => n === 40 && controller.abort());
    const error = await writeFiles(set, ctx, sink, filesOf(set, blobs), controller.signal, () => undefined).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect([...committed.keys()]).toEqual(['first']);
    // The second file was being written; the third may have been opened ahead: both are dropped.
    expect(aborted).toContain('second');
    expect(aborted.every((name) => name === 'second' || name === 'third')).toBe(true);
    expect(openCount()).toBe(0);
  });

  it('a worker that dies in the middle of a batch fails the file with ENGINE_FAILED and leaves no half file', async () => {
    const { set, blobs } = await fakeWim([
      { name: 'a', chunks: 3, raw: true },
      { name: 'b', chunks: 40, raw: true }, // 2.5 MiB, the batch that dies
      { name: 'c', chunks: 3, raw: true },
    ]);
    const registry = new CodecRegistry(async () => new Uint8Array());
    let tasks = 0;
    const endpoint = (): PoolEndpoint => {
      let deliver: (data: unknown) => void = () => undefined;
      let crash: (error: unknown) => void = () => undefined;
      const serve = serveTasks<DecodeTask, DecodeResult>(
        (message, transfer) => queueMicrotask(() => deliver(structuredClone(message, { transfer }))),
        (task) => handleChunkTask(registry, task, { sha1Of: nodeSha1Hex }),
      );
      return {
        postMessage: (message, transfer) => {
          if (++tasks === 2) queueMicrotask(() => crash(new Error('worker exited with code 134')));
          else void serve(structuredClone(message, { transfer }) as TaskEnvelope<DecodeTask>);
        },
        listen: (onMessage, onError) => {
          deliver = onMessage;
          crash = onError;
        },
        terminate: () => undefined,
      };
    };
    const pool = new WorkerPool<DecodeTask, DecodeResult>(endpoint, { size: 1, perWorkerDepth: 1 });
    const { sink, committed, aborted, openCount } = memorySink();
    const ctx: BlobReadContext = { decoder: poolDecoder(pool), newSha1: nodeSha1 };
    const error = await writeFiles(set, ctx, sink, filesOf(set, blobs), undefined, () => undefined).catch((e: unknown) => e);
    pool.close();
    // Decoding errors name the WIM file and the blob being decoded.
    expect(error).toMatchObject({ codeName: 'ENGINE_FAILED', path: 'fake.wim' });
    expect((error as Error & { detail: string }).detail).toContain(blobs[1]!.hash);
    expect([...committed.keys()]).toEqual(['a']);
    expect(aborted).toContain('b');
    expect(aborted.every((name) => name === 'b' || name === 'c')).toBe(true);
    expect(openCount()).toBe(0);
  });

  it('checks a whole-blob batch against the digest its worker computed, without hashing it again', async () => {
    const { set, blobs } = await fakeWim([{ name: 'one', chunks: 4, raw: true }]);
    const registry = new CodecRegistry(async () => new Uint8Array());
    const lying = (): PoolEndpoint => {
      let deliver: (data: unknown) => void = () => undefined;
      // The worker reports a wrong digest: if the writer trusted its own hash instead, the file would pass.
      const serve = serveTasks<DecodeTask, DecodeResult>(
        (message, transfer) => queueMicrotask(() => deliver(structuredClone(message, { transfer }))),
        (task) => handleChunkTask(registry, task, { sha1Of: () => '0'.repeat(40) }),
      );
      return {
        postMessage: (message, transfer) => void serve(structuredClone(message, { transfer }) as TaskEnvelope<DecodeTask>),
        listen: (onMessage) => (deliver = onMessage),
        terminate: () => undefined,
      };
    };
    const pool = new WorkerPool<DecodeTask, DecodeResult>(lying, { size: 1 });
    const { sink, committed, aborted } = memorySink();
    const error = await writeFiles(set, { decoder: poolDecoder(pool), newSha1: nodeSha1 }, sink, filesOf(set, blobs), undefined, () => undefined).catch((e: unknown) => e);
    pool.close();
    expect(error).toMatchObject({ codeName: 'HASH_MISMATCH', path: 'fake.wim' });
    expect(committed.size).toBe(0);
    expect(aborted).toEqual(['one']);
  });
});

/**
 * Decode workers that write the bytes they decoded to the target themselves (the CLI's workers and a Node
 * folder): an in-test pool whose worker "descriptors" are byte arrays, and a sink whose files expose them. Every
 * event is logged in order, so a write that reaches a descriptor after it was closed shows up.
 */
function directWriting(options: { delayMs?: number; digest?: string } = {}) {
  const registry = new CodecRegistry(async () => new Uint8Array());
  const files = new Map<number, { name: string; bytes: Uint8Array; closed: boolean }>();
  const events: string[] = [];
  let nextDescriptor = 3;
  const writeAt = (descriptor: number, bytes: Uint8Array, position: number): void => {
    const file = files.get(descriptor)!;
    events.push(`write ${file.name}${file.closed ? ' AFTER CLOSE' : ''}`);
    if (file.bytes.length < position + bytes.length) {
      const grown = new Uint8Array(position + bytes.length);
      grown.set(file.bytes);
      file.bytes = grown;
    }
    file.bytes.set(bytes, position);
  };
  const endpoint = (): PoolEndpoint => {
    let deliver: (data: unknown) => void = () => undefined;
    const serve = serveTasks<DecodeTask, DecodeResult>(
      (message, transfer) => queueMicrotask(() => deliver(structuredClone(message, { transfer }))),
      async (task) => {
        if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
        const digestOf = options.digest;
        return handleChunkTask(registry, task, { sha1Of: nodeSha1Hex, newSha1: digestOf ? () => ({ update: () => undefined, hexDigest: () => digestOf }) : nodeSha1, writeAt });
      },
    );
    return {
      postMessage: (message, transfer) => void serve(structuredClone(message, { transfer }) as TaskEnvelope<DecodeTask>),
      listen: (onMessage) => (deliver = onMessage),
      terminate: () => undefined,
    };
  };
  const pool = new WorkerPool<DecodeTask, DecodeResult>(endpoint, { size: 2 });
  const committed = new Map<string, Uint8Array>();
  const aborted: string[] = [];
  let mainWrites = 0;
  const sink: TreeSink = {
    profile: 'posix',
    caseInsensitive: false,
    createDirectory: async () => undefined,
    async createFile(path): Promise<FileWriter> {
      const name = path.join('/');
      const descriptor = nextDescriptor++;
      const file = { name, bytes: new Uint8Array(0), closed: false };
      files.set(descriptor, file);
      return {
        descriptor,
        write: async () => void mainWrites++,
        commit: async () => {
          file.closed = true;
          events.push(`commit ${name}`);
          committed.set(name, file.bytes);
        },
        abort: async () => {
          file.closed = true;
          events.push(`abort ${name}`);
          aborted.push(name);
        },
      };
    },
  };
  const ctx: BlobReadContext = { decoder: poolDecoder(pool, { directWrites: true }), newSha1: nodeSha1 };
  return { ctx, sink, pool, committed, aborted, events, mainWrites: () => mainWrites };
}

describe('writeFiles with decode workers that write the files themselves', () => {
  it('puts every byte in place from the workers, checks each blob (several batches too) and commits', async () => {
    const { set, blobs } = await fakeWim([
      { name: 'big', chunks: 150, raw: true }, // 9.4 MiB: three batches, hashed here in order
      { name: 'small', chunks: 1, raw: true },
      { name: 'mid', chunks: 20, raw: true },
    ]);
    const direct = directWriting();
    const seen: number[] = [];
    await writeFiles(set, direct.ctx, direct.sink, filesOf(set, blobs), undefined, (n) => seen.push(n));
    direct.pool.close();
    for (const b of blobs) expect(Buffer.from(direct.committed.get(b.name)!).equals(Buffer.from(b.data))).toBe(true);
    expect(direct.mainWrites()).toBe(0);
    expect(direct.aborted).toEqual([]);
    expect(seen.reduce((a, b) => a + b, 0)).toBe(blobs.reduce((n, b) => n + b.data.length, 0));
  });

  it('refuses a blob whose bytes do not hash to its SHA-1: HASH_MISMATCH and the written file is dropped', async () => {
    const { set, blobs } = await fakeWim([{ name: 'one', chunks: 4, raw: true }]);
    const direct = directWriting({ digest: '0'.repeat(40) });
    const error = await writeFiles(set, direct.ctx, direct.sink, filesOf(set, blobs), undefined, () => undefined).catch((e: unknown) => e);
    direct.pool.close();
    expect(error).toMatchObject({ codeName: 'HASH_MISMATCH', path: 'fake.wim' });
    expect(direct.committed.size).toBe(0);
    expect(direct.aborted).toEqual(['one']);
  });

  it('cancelled while workers still write: no file is closed before its last write, nothing half is committed', async () => {
    const { set, blobs } = await fakeWim([
      { name: 'first', chunks: 2, raw: true },
      { name: 'second', chunks: 150, raw: true },
      { name: 'third', chunks: 40, raw: true },
    ]);
    const direct = directWriting({ delayMs: 5 });
    const controller = new AbortController();
    let bytes = 0;
    const error = await writeFiles(set, direct.ctx, direct.sink, filesOf(set, blobs), controller.signal, (n) => {
      bytes += n;
      if (bytes > 3 * CHUNK) controller.abort(); // within the second file
    }).catch((e: unknown) => e);
    // Tasks already on a worker finish (a few milliseconds); let any stray write show up before looking.
    await new Promise((r) => setTimeout(r, 50));
    direct.pool.close();
    expect(error).toMatchObject({ name: 'AbortError' });
    expect([...direct.committed.keys()]).toEqual(['first']);
    expect(direct.aborted).toContain('second');
    expect(direct.events.filter((e) => e.includes('AFTER CLOSE'))).toEqual([]);
  });
});
