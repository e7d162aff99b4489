/**
 * Page side of the service worker's streamed-download route (src/sw/sw.ts): hands a ReadableStream (e.g. the ZIP
 * from EngineClient.createZipStream) to the controlling service worker, which answers a navigation to the URL it
 * returns with the stream as an attachment. The browser's download manager then pulls the bytes as it writes
 * them: nothing is assembled in memory. Without a controlling service worker (first visit before it took
 * control, private modes that disable it) this fails with DOWNLOAD_UNAVAILABLE instead of buffering.
 */
import { ErrorCode, ImagewrightError } from '../shared/errors';

export interface StreamDownloadOptions {
  mime?: string;
  /** Exact byte count when known (lets the download manager show a percentage). */
  size?: number;
}

/** Registers the stream with the service worker and returns the URL that downloads it (valid once, 60 s). */
export async function registerStreamDownload(stream: ReadableStream<Uint8Array>, name: string, options: StreamDownloadOptions = {}): Promise<string> {
  const controller = typeof navigator !== 'undefined' ? navigator.serviceWorker?.controller : undefined;
  if (!controller) throw new ImagewrightError(ErrorCode.DOWNLOAD_UNAVAILABLE, { path: name });
  const channel = new MessageChannel();
  const answer = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ImagewrightError(ErrorCode.DOWNLOAD_UNAVAILABLE, { path: name, detail: 'the service worker did not answer' })), 10_000);
    channel.port1.onmessage = (event: MessageEvent<{ url?: string }>) => {
      clearTimeout(timer);
      if (typeof event.data?.url === 'string') resolve(event.data.url);
      else reject(new ImagewrightError(ErrorCode.DOWNLOAD_UNAVAILABLE, { path: name }));
    };
  });
  const message = { type: 'IW_DOWNLOAD', stream, name, mime: options.mime ?? 'application/octet-stream', ...(options.size === undefined ? {} : { size: options.size }) };
  controller.postMessage(message, [stream as unknown as Transferable, channel.port2]);
  return answer;
}

/** Registers the stream and starts the download with a temporary link. */
export async function downloadStream(stream: ReadableStream<Uint8Array>, name: string, options: StreamDownloadOptions = {}): Promise<void> {
  const url = await registerStreamDownload(stream, name, options);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
}
