/**
 * Solid blobs through held chunks (engine/held-chunks.ts, formats/wim/held-solid.ts): a real XPRESS solid WIM
 * written in memory, decoded by a two-"worker" pool whose workers run in this thread (messages cross through
 * structuredClone with their transfer lists, as postMessage does).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodeSha1, nodeSha1Hex } from '../../../../src/codecs/node-sha1';
import { nodeWasmLoader } from '../../../../src/codecs/node-wasm-loader';
import { CodecRegistry } from '../../../../src/codecs/registry';
import { handleChunkTask, poolDecoder, type DecodeResult, type DecodeTask } from '../../../../src/engine/chunk-decoding';
import { inProcessEncoder } from '../../../../src/engine/chunk-encoding';
import type { PlannedItem } from '../../../../src/engine/extract/extract-plan';
import { writeFiles, type FileToWrite } from '../../../../src/engine/extract/write-files';
import { NO_SECURITY_ID } from '../../../../src/formats/wim/dentry';
import type { WimEntry } from '../../../../src/formats/wim/metadata';
import { openWimSet, type WimSet } from '../../../../src/formats/wim/wim-set';
import type { BlobInput } from '../../../../src/formats/wim/write/blob-input';
import { writeImageMetadata } from '../../../../src/formats/wim/write/metadata';
import { writeWim } from '../../../../src/formats/wim/write/wim-writer';
import { MemorySource } from '../../../../src/io/memory-source';
import { MemoryWriter } from '../../../../src/io/memory-writer';
import { WorkerPool, serveTasks, type PoolEndpoint, type TaskEnvelope } from '../../../../src/pool/worker-pool';
import { memorySink } from './memory-sink';

const hex = (bytes: Uint8Array): string => createHash('sha1').update(bytes).digest('hex');

function entry(name: string, hash: string | undefined, children?: WimEntry[]): WimEntry {
  return { name, shortName: '', attributes: children ? 0x10 : 0x80, securityId: NO_SECURITY_ID, creationTime: 1n, lastAccessTime: 2n, lastWriteTime: 3n, dataHash: hash, reparseHash: undefined, reparseTag: 0, reparseReserved: 0, rpNotFixed: false, namedStreams: [], hardLinkGroupId: 0n, taggedItems: [], children, offset: 0 };
}

function input(bytes: Uint8Array): BlobInput {
  return { size: bytes.length, async *read() { yield bytes; } };
}

/** Files of 5 B to 150 KB: several per 32 KiB chunk, and some across chunks; compressible, all different. */
const datas = [5, 1000, 150_000, 3000, 40_000, 70_000, 12, 33_000, 90_000, 8000].map((n, k) =>
  Uint8Array.from({ length: n }, (_, i) => ((i >> 3) * (k + 3) + (i % 7 === 0 ? k : 0)) & 0xff),
);

async function solidWim(): Promise<WimSet> {
  const encoder = inProcessEncoder(new CodecRegistry(nodeWasmLoader));
  const root = entry('', undefined, datas.map((d, i) => entry(`f${i}`, hex(d))));
  const content = { images: [{ metadata: input(writeImageMetadata(root, [])), properties: { NAME: 'img' } }], blobs: datas.map((d) => ({ input: input(d), refCount: 1 })) };
  const writer = new MemoryWriter('solid.esd');
  await writeWim(writer, content, { compression: 'XPRESS', chunkSize: 32768, solid: { compression: 'XPRESS', chunkSize: 32768 } }, { encoder, newSha1: nodeSha1 });
  const set = await openWimSet([new MemorySource(writer.bytes(), 'solid.esd')]);
  expect(set.main.table.solidResources.length).toBe(1);
  return set;
}

function filesOf(set: WimSet): FileToWrite[] {
  return datas.map((d, i) => ({
    item: { entry: { dataHash: hex(d) } as WimEntry, imagePath: `/f${i}`, target: [`f${i}`] } as PlannedItem,
    home: set.blobs.get(hex(d)),
  }));
}

/** Pool endpoints in this thread; `onTask` sees every task posted (and may crash the worker instead). */
function pool(onTask: (task: DecodeTask, worker: number, crash: () => void) => boolean = () => true) {
  let workers = 0;
  const held = new Map<number, Set<number>>();
  let mostHeld = 0;
  const endpoint = (): PoolEndpoint => {
    const worker = workers++;
    const registry = new CodecRegistry(nodeWasmLoader);
    let deliver: (data: unknown) => void = () => undefined;
    let onError: (error: unknown) => void = () => undefined;
    let dead = false;
    const serve = serveTasks<DecodeTask, DecodeResult>(
      (message, transfer) => queueMicrotask(() => !dead && deliver(structuredClone(message, { transfer }))),
      (task) => handleChunkTask(registry, task, { sha1Of: nodeSha1Hex }),
    );
    return {
      postMessage: (message, transfer) => {
        const { task } = message as TaskEnvelope<DecodeTask>;
        const mine = held.get(worker) ?? new Set<number>();
        held.set(worker, mine);
        if (task.kind === 'hold-chunk') mine.add(task.id);
        if (task.kind === 'drop-held') mine.delete(task.id);
        mostHeld = Math.max(mostHeld, mine.size);
        const crash = (): void => {
          dead = true;
          queueMicrotask(() => onError(new Error('worker exited with code 134')));
        };
        if (onTask(task, worker, crash)) void serve(structuredClone(message, { transfer }) as TaskEnvelope<DecodeTask>);
      },
      listen: (m, e) => {
        deliver = m;
        onError = e;
      },
      terminate: () => void (dead = true),
    };
  };
  const p = new WorkerPool<DecodeTask, DecodeResult>(endpoint, { size: 2 });
  return { pool: p, mostHeld: () => mostHeld };
}

describe('solid chunks held on the decode workers', () => {
  it('writes every file of a solid resource byte for byte, in order, with at most one chunk held per worker', async () => {
    const set = await solidWim();
    const { pool: p, mostHeld } = pool();
    const decoder = poolDecoder(p);
    expect(decoder.holders).toBe(2);
    const { sink, committed, aborted } = memorySink();
    let total = 0;
    await writeFiles(set, { decoder, newSha1: nodeSha1 }, sink, filesOf(set), undefined, (n) => (total += n));
    p.close();
    datas.forEach((d, i) => expect(Buffer.from(committed.get(`f${i}`)!).equals(Buffer.from(d))).toBe(true));
    expect([...committed.keys()]).toEqual(datas.map((_, i) => `f${i}`));
    expect(aborted).toEqual([]);
    expect(total).toBe(datas.reduce((n, d) => n + d.length, 0));
    expect(mostHeld()).toBe(1);
  });

  it('a worker that dies holding a chunk fails the job with ENGINE_FAILED and leaves no half file', async () => {
    const set = await solidWim();
    let reads = 0;
    const { pool: p } = pool((task, _worker, crash) => {
      if (task.kind === 'read-held' && ++reads === 6) {
        crash();
        return false;
      }
      return true;
    });
    const { sink, committed, aborted, openCount } = memorySink();
    const error = await writeFiles(set, { decoder: poolDecoder(p), newSha1: nodeSha1 }, sink, filesOf(set), undefined, () => undefined).catch((e: unknown) => e);
    p.close();
    expect(error).toMatchObject({ codeName: 'ENGINE_FAILED' });
    for (const [name, bytes] of committed) expect(Buffer.from(bytes).equals(Buffer.from(datas[Number(name.slice(1))]!))).toBe(true);
    expect(committed.size).toBeLessThan(datas.length);
    expect(aborted.length).toBeGreaterThan(0);
    expect(openCount()).toBe(0);
  });

  it('cancelled while a chunk is held: AbortError, only whole files committed, nothing left open', async () => {
    const set = await solidWim();
    const controller = new AbortController();
    let reads = 0;
    const { pool: p } = pool((task) => {
      if (task.kind === 'read-held' && ++reads === 4) controller.abort();
      return true;
    });
    const { sink, committed, openCount } = memorySink();
    const error = await writeFiles(set, { decoder: poolDecoder(p), newSha1: nodeSha1 }, sink, filesOf(set), controller.signal, () => undefined).catch((e: unknown) => e);
    p.close();
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(committed.size).toBeLessThan(datas.length);
    for (const [name, bytes] of committed) expect(Buffer.from(bytes).equals(Buffer.from(datas[Number(name.slice(1))]!))).toBe(true);
    expect(openCount()).toBe(0);
  });
});

describe('solid chunks held on the decode workers, with reads that finish out of order', () => {
  it('grants holders in the order the chunks were asked for, so the chunk the writer waits for always gets one', async () => {
    // Seeded delays on every read of the WIM: a chunk asked for later is often read first. If it could take the
    // last holder ahead of an earlier chunk, the writer would wait for the earlier chunk forever (both holders kept
    // by chunks that are let go only once the writer moves on).
    for (let seed = 1; seed <= 16; seed++) {
      const set = await solidWim();
      const source = set.main.source;
      const read = source.read.bind(source);
      let state = seed;
      source.read = async (offset, length, signal) => {
        state = (state * 1103515245 + 12345) & 0x7fffffff;
        await new Promise((r) => setTimeout(r, state % 6));
        return read(offset, length, signal);
      };
      const { pool: p } = pool();
      const { sink, committed } = memorySink();
      const job = writeFiles(set, { decoder: poolDecoder(p), newSha1: nodeSha1 }, sink, filesOf(set), undefined, () => undefined);
      const outcome = await Promise.race([job.then(() => 'done'), new Promise((r) => setTimeout(() => r('stuck'), 5000))]);
      p.close();
      expect(outcome, `seed ${seed}`).toBe('done');
      expect(committed.size).toBe(datas.length);
    }
  }, 120_000);
});

describe('solid chunks held on the decode workers, between jobs', () => {
  it('frees every worker when a job ends, so the next job on another set does not wait for a held chunk', async () => {
    const first = await solidWim();
    const second = await solidWim();
    const { pool: p } = pool();
    const decoder = poolDecoder(p);
    const controller = new AbortController();
    let writes = 0;
    const one = memorySink();
    // The first job stops after its first piece, with chunks held and the next one decoding ahead.
    await writeFiles(first, { decoder, newSha1: nodeSha1 }, one.sink, filesOf(first), controller.signal, () => ++writes === 1 && controller.abort()).catch(() => undefined);
    expect(first.cache.heldChunks).toEqual([]);
    const two = memorySink();
    await writeFiles(second, { decoder, newSha1: nodeSha1 }, two.sink, filesOf(second), undefined, () => undefined);
    p.close();
    expect(two.committed.size).toBe(datas.length);
  });
});
