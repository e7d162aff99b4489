/** PoolEndpoint over a browser Web Worker (module worker). */
import type { PoolEndpoint } from './worker-pool';

export function webWorkerEndpoint(create: () => Worker): PoolEndpoint {
  const worker = create();
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    listen: (onMessage, onError) => {
      worker.addEventListener('message', (event: MessageEvent) => onMessage(event.data));
      worker.addEventListener('error', (event: ErrorEvent) => onError(event.error ?? new Error(event.message)));
      worker.addEventListener('messageerror', () => onError(new Error('a message could not be deserialized')));
    },
    terminate: () => worker.terminate(),
  };
}
