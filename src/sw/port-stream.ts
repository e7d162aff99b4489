/**
 * The service worker's end of the 'port' download transport (page end: servePulls in
 * src/client/stream-download.ts), for browsers that cannot transfer a ReadableStream. Kept apart from the route so
 * it needs nothing but MessagePort and ReadableStream, and runs in Node tests.
 *
 * Protocol: this side posts { pull: true } from pull() and waits; the page answers with { chunks } (one batch),
 * { done: true } or { error }. A cancel from the consumer posts { cancel: true, reason }. highWaterMark 1 with
 * one pull in flight keeps at most one batch queued here and one on its way.
 */

/** Page → worker messages of the port transport. */
type PageToWorker = { chunks: Uint8Array[] } | { done: true } | { error: string };

/** A stream whose every pull asks the page for its next batch of chunks over `port`. */
export function streamFromPort(port: MessagePort): ReadableStream<Uint8Array> {
  let delivered: (() => void) | undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        port.onmessage = (event: MessageEvent<PageToWorker | { url?: unknown }>) => {
          const data = event.data;
          if ('chunks' in data && Array.isArray(data.chunks)) for (const chunk of data.chunks) controller.enqueue(chunk);
          else if ('done' in data) {
            controller.close();
            port.close();
          } else if ('error' in data) {
            controller.error(new Error(data.error));
            port.close();
          } else return;
          const wake = delivered;
          delivered = undefined;
          wake?.();
        };
      },
      pull() {
        return new Promise<void>((resolve) => {
          delivered = resolve;
          port.postMessage({ pull: true });
        });
      },
      cancel(reason) {
        port.postMessage({ cancel: true, reason: typeof reason === 'string' ? reason : String(reason) });
        port.close();
      },
    },
    { highWaterMark: 1 },
  );
}

