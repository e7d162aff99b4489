/**
 * The blob-reading context of the browser engine worker: chunks decoded by a pool of nested module Web Workers
 * (decode.worker.ts) sized to the cores left beside the page and the engine worker, SHA-1 in this worker. Where
 * the realm has no Worker constructor (some embedded browsers do not nest workers), chunks decode in-process.
 */
import { CodecRegistry } from '../../codecs/registry';
import type { BlobReadContext } from '../../formats/wim/chunk-decoder';
import { webWorkerEndpoint } from '../../pool/web-worker-endpoint';
import { WorkerPool } from '../../pool/worker-pool';
import { createBlobReadContext, inProcessDecoder, poolDecoder, type DecodeResult, type DecodeTask } from '../chunk-decoding';
import { browserWasmLoader } from './browser-wasm-loader';

/** Decode workers: cores minus the page's thread, at least 1, at most 8. */
export function decodePoolSize(cores: number | undefined): number {
  return Math.max(1, Math.min(8, (cores ?? 2) - 1));
}

let pending: Promise<BlobReadContext> | undefined;

export function browserReadContext(): Promise<BlobReadContext> {
  pending ??= (async () => {
    if (typeof Worker === 'undefined') return createBlobReadContext(inProcessDecoder(new CodecRegistry(browserWasmLoader)), browserWasmLoader);
    const spawn = () =>
      webWorkerEndpoint(() => new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'imagewright-decode' }));
    const pool = new WorkerPool<DecodeTask, DecodeResult>(spawn, { size: decodePoolSize(navigator.hardwareConcurrency) });
    return createBlobReadContext(poolDecoder(pool), browserWasmLoader);
  })();
  pending.catch(() => (pending = undefined));
  return pending;
}
