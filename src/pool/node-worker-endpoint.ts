/** PoolEndpoint over a Node worker_threads Worker (CLI, tests, benchmarks). */
import { Worker } from 'node:worker_threads';
import type { PoolEndpoint } from './worker-pool';

export function nodeWorkerEndpoint(script: string | URL, workerData?: unknown): PoolEndpoint {
  const worker = new Worker(script, { workerData });
  // Workers must not keep the CLI alive once the pool is idle and closed.
  worker.unref();
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer as never),
    listen: (onMessage, onError) => {
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', (code) => {
        if (code !== 0) onError(new Error(`worker exited with code ${code}`));
      });
    },
    terminate: () => void worker.terminate(),
  };
}
