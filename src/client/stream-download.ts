/**
 * Page side of the service worker's streamed-download route (src/sw/download-route.ts): hands a ReadableStream
 * (e.g. the ZIP from EngineClient.createZipStream) to the controlling service worker, which answers a navigation
 * to the URL it returns with the stream as an attachment. The browser's download manager then pulls the bytes as
 * it writes them: nothing is assembled in memory.
 *
 * Two transports, chosen by feature detection:
 * - 'transfer': the stream itself goes to the worker in postMessage's transfer list (Chromium, recent Firefox);
 * - 'port': where streams are not transferable (Safari), the worker builds its own ReadableStream whose pull()
 *   asks this page for the next batch of chunks over a MessagePort. One batch is in flight at a time, so the page
 *   reads the source only as fast as the download manager writes: back-pressure without stream transfer.
 * Without a controlling service worker (first visit before it took control, private modes that disable it)
 * registration fails with DOWNLOAD_UNAVAILABLE instead of buffering.
 */
import { ErrorCode, ImagewrightError } from '../shared/errors';

export interface StreamDownloadOptions {
  mime?: string;
  /** Exact byte count when known (lets the download manager show a percentage). */
  size?: number;
}

export interface DownloadStreamOptions extends StreamDownloadOptions {
  /**
   * Aborting errors the download (the browser then drops the unfinished file) and cancels the source, which
   * stops the engine job behind it.
   */
  signal?: AbortSignal;
}

export type DownloadTransport = 'transfer' | 'port';

/** Messages of the port protocol, page ⇄ service worker (mirrored in src/sw/download-route.ts). */
type WorkerToPage = { url: string } | { pull: true } | { cancel: true; reason?: string };

let transferDisabled = false;
let transferSupported: boolean | undefined;
let lastTransport: DownloadTransport | undefined;

/** Test hook: pretend streams are not transferable, so the port transport is used (as in Safari). */
export function disableStreamTransfer(disabled: boolean): void {
  transferDisabled = disabled;
}

/** The transport the last registered download used (for the e2e suite). */
export function lastDownloadTransport(): DownloadTransport | undefined {
  return lastTransport;
}

/** True when a service worker controls the page, i.e. the streamed route can be used. */
export function hasStreamDownloadRoute(): boolean {
  return typeof navigator !== 'undefined' && Boolean(navigator.serviceWorker?.controller);
}

function canTransferStreams(): boolean {
  if (transferDisabled) return false;
  if (transferSupported === undefined) {
    // Posting to a throwaway channel throws DataCloneError where ReadableStream is not transferable.
    const probe = new MessageChannel();
    try {
      const stream = new ReadableStream();
      probe.port1.postMessage(stream, [stream as unknown as Transferable]);
      transferSupported = true;
    } catch {
      transferSupported = false;
    } finally {
      probe.port1.close();
      probe.port2.close();
    }
  }
  return transferSupported;
}

/** A Uint8Array that owns its whole buffer, so transferring it cannot detach bytes someone else still views. */
function ownBuffer(chunk: Uint8Array): Uint8Array<ArrayBuffer> {
  if (chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer) {
    return chunk as Uint8Array<ArrayBuffer>;
  }
  return chunk.slice();
}

/**
 * One answer to a pull carries at least this many bytes (unless the source ends): a ZIP of small files comes as
 * many tiny chunks, and one message round trip each would make the port transport crawl.
 */
export const PORT_BATCH_BYTES = 256 * 1024;

/** Answers the worker's pulls with the source's chunks, one batch each; a cancel from the worker stops the source. */
export function servePulls(port: MessagePort, source: ReadableStream<Uint8Array>, onMessage: (data: WorkerToPage) => void): void {
  const reader = source.getReader();
  port.onmessage = async (event: MessageEvent<WorkerToPage>) => {
    const data = event.data;
    onMessage(data);
    if ('cancel' in data) {
      port.close();
      await reader.cancel(data.reason).catch(() => undefined);
    } else if ('pull' in data) {
      try {
        const chunks: Uint8Array<ArrayBuffer>[] = [];
        let bytes = 0;
        let ended = false;
        while (bytes < PORT_BATCH_BYTES) {
          const { done, value } = await reader.read();
          if (done) {
            ended = true;
            break;
          }
          const chunk = ownBuffer(value);
          chunks.push(chunk);
          bytes += chunk.byteLength;
        }
        if (chunks.length > 0) port.postMessage({ chunks }, chunks.map((chunk) => chunk.buffer));
        if (ended) {
          port.postMessage({ done: true });
          port.close();
        }
      } catch (error) {
        port.postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
        port.close();
      }
    }
  };
}

/** Registers the stream with the service worker and returns the URL that downloads it (valid once, 60 s). */
export async function registerStreamDownload(stream: ReadableStream<Uint8Array>, name: string, options: StreamDownloadOptions = {}): Promise<string> {
  const controller = hasStreamDownloadRoute() ? navigator.serviceWorker.controller : null;
  if (!controller) throw new ImagewrightError(ErrorCode.DOWNLOAD_UNAVAILABLE, { path: name });
  const transport: DownloadTransport = canTransferStreams() ? 'transfer' : 'port';
  const channel = new MessageChannel();
  let settle: ((data: WorkerToPage) => void) | undefined;
  const answer = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ImagewrightError(ErrorCode.DOWNLOAD_UNAVAILABLE, { path: name, detail: 'the service worker did not answer' })), 10_000);
    settle = (data) => {
      if (!('url' in data)) return;
      clearTimeout(timer);
      resolve(data.url);
    };
  });
  const base = { type: 'IW_DOWNLOAD', transport, name, mime: options.mime ?? 'application/octet-stream', ...(options.size === undefined ? {} : { size: options.size }) };
  if (transport === 'transfer') {
    channel.port1.onmessage = (event: MessageEvent<WorkerToPage>) => settle?.(event.data);
    controller.postMessage({ ...base, stream }, [stream as unknown as Transferable, channel.port2]);
  } else {
    servePulls(channel.port1, stream, (data) => settle?.(data));
    controller.postMessage(base, [channel.port2]);
  }
  lastTransport = transport;
  return answer;
}

/**
 * Wraps `source` so the caller learns when the download manager has taken the last byte (`finished` resolves)
 * or stopped early: a cancel from the browser's download list rejects with an AbortError, an unused URL that
 * expired with DOWNLOAD_UNAVAILABLE, a source error with that error.
 */
function trackCompletion(source: ReadableStream<Uint8Array>, name: string, signal?: AbortSignal): { stream: ReadableStream<Uint8Array>; finished: Promise<void> } {
  const reader = source.getReader();
  let resolvePromise!: () => void;
  let rejectPromise!: (error: unknown) => void;
  const finished = new Promise<void>((res, rej) => {
    resolvePromise = res;
    rejectPromise = rej;
  });
  // Settled once: an abort after the last byte left changes nothing, the download is complete.
  let settled = false;
  const resolve = (): void => {
    settled = true;
    resolvePromise();
  };
  const reject = (error: unknown): void => {
    settled = true;
    rejectPromise(error);
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const abort = (): void => {
          if (settled) return;
          const reason = new DOMException('The download was cancelled', 'AbortError');
          controller.error(reason); // reaches the service worker's response: the download fails, no file stays
          void reader.cancel(reason).catch(() => undefined);
          reject(reason);
        };
        if (signal?.aborted) abort();
        else signal?.addEventListener('abort', abort, { once: true });
      },
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            controller.close();
            resolve();
          } else controller.enqueue(value);
        } catch (error) {
          controller.error(error);
          reject(error);
        }
      },
      async cancel(reason) {
        await reader.cancel(reason).catch(() => undefined);
        reject(
          reason === EXPIRED_REASON
            ? new ImagewrightError(ErrorCode.DOWNLOAD_UNAVAILABLE, { path: name, detail: 'the download was never requested' })
            : new DOMException('The download was cancelled', 'AbortError'),
        );
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, finished };
}

const KEEPALIVE_MS = 10_000;
/** How long the hidden frame outlives a finished download (see the end of downloadStream). */
const FRAME_LINGER_MS = 60_000;

/** Cancel reason the service worker gives when a registered download was never requested. */
export const EXPIRED_REASON = 'iw-download-expired';

/**
 * Registers the stream and starts the download through a hidden frame (a navigation, which the service worker
 * intercepts; the attachment header keeps the page where it is). Resolves once the last byte was handed to the
 * browser's download manager.
 */
export async function downloadStream(source: ReadableStream<Uint8Array>, name: string, options: DownloadStreamOptions = {}): Promise<void> {
  const { signal, ...rest } = options;
  const { stream, finished } = trackCompletion(source, name, signal);
  let url: string;
  try {
    url = await registerStreamDownload(stream, name, rest);
  } catch (error) {
    // Not handed over (or never answered): stop the source so its engine job ends too.
    finished.catch(() => undefined);
    await stream.cancel().catch(() => undefined);
    throw error;
  }
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.src = url;
  document.body.append(frame);
  // Browsers stop a service worker that has handled no event for ~30 s, even while its response is still
  // streaming; each message is an event, so a slow download keeps its worker alive this way.
  const keepAlive = setInterval(() => navigator.serviceWorker.controller?.postMessage({ type: 'IW_KEEPALIVE' }), KEEPALIVE_MS);
  try {
    await finished;
  } catch (error) {
    frame.remove(); // a failed or cancelled download: nothing left for the frame to hand over
    throw error;
  } finally {
    clearInterval(keepAlive);
  }
  // The last byte can reach the service worker before the browser has turned the frame's navigation into a
  // download (a small file fits in the response's first buffers). Removing the frame then aborts the navigation
  // and the download never appears, so the frame stays a while; once it is a download it no longer needs it.
  setTimeout(() => frame.remove(), FRAME_LINGER_MS);
}
