/**
 * The blob-reading and blob-writing contexts of the browser engine worker: chunks decode and encode on ONE pool of
 * nested module Web Workers (decode.worker.ts answers both kinds of task) sized to the cores left beside the
 * page and the engine worker, SHA-1 in this worker. Where the realm has no Worker constructor (some embedded
 * browsers do not nest workers), chunks are handled in-process.
 */
import { CodecRegistry } from '../../codecs/registry';
import type { BlobReadContext } from '../../formats/wim/chunk-decoder';
import type { BlobWriteContext } from '../../formats/wim/write/chunk-encoder';
import { webWorkerEndpoint } from '../../pool/web-worker-endpoint';
import { WorkerPool } from '../../pool/worker-pool';
import { createBlobReadContext, inProcessDecoder, poolDecoder, type DecodeResult, type DecodeTask } from '../chunk-decoding';
import { createBlobWriteContext, inProcessEncoder, poolEncoder, type EncodeTask, type EncodeTaskResult } from '../chunk-encoding';
import { browserWasmLoader } from './browser-wasm-loader';

/** Decode workers: cores minus the page's thread, at least 1, at most 8. */
export function decodePoolSize(cores: number | undefined): number {
  return Math.max(1, Math.min(8, (cores ?? 2) - 1));
}

type CodecTask = DecodeTask | EncodeTask;
type CodecResult = DecodeResult | EncodeTaskResult;

let pool: WorkerPool<CodecTask, CodecResult> | undefined;

/** The codec worker pool, started on first use; undefined where workers cannot nest. */
function codecPool(): WorkerPool<CodecTask, CodecResult> | undefined {
  if (typeof Worker === 'undefined') return undefined;
  pool ??= new WorkerPool<CodecTask, CodecResult>(
    () => webWorkerEndpoint(() => new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'imagewright-decode' })),
    { size: decodePoolSize(navigator.hardwareConcurrency) },
  );
  return pool;
}

let pending: Promise<BlobReadContext> | undefined;

export function browserReadContext(): Promise<BlobReadContext> {
  pending ??= (async () => {
    const shared = codecPool();
    if (!shared) return createBlobReadContext(inProcessDecoder(new CodecRegistry(browserWasmLoader)), browserWasmLoader);
    return createBlobReadContext(poolDecoder(shared as unknown as WorkerPool<DecodeTask, DecodeResult>), browserWasmLoader);
  })();
  pending.catch(() => (pending = undefined));
  return pending;
}

let pendingWrite: Promise<BlobWriteContext> | undefined;

export function browserWriteContext(): Promise<BlobWriteContext> {
  pendingWrite ??= (async () => {
    const shared = codecPool();
    if (!shared) return createBlobWriteContext(inProcessEncoder(new CodecRegistry(browserWasmLoader)), browserWasmLoader);
    return createBlobWriteContext(poolEncoder(shared as unknown as WorkerPool<EncodeTask, EncodeTaskResult>), browserWasmLoader);
  })();
  pendingWrite.catch(() => (pendingWrite = undefined));
  return pendingWrite;
}
