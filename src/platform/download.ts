/**
 * Downloads through an object URL: the fallback for browsers without a folder picker when no service worker
 * controls the page, so the streamed route (client/stream-download.ts) is not available. A Blob is built whole
 * in memory, so this path is only for one file of at most BLOB_DOWNLOAD_LIMIT bytes; anything larger, and every
 * folder ZIP, must go through the service worker or fail with DOWNLOAD_UNAVAILABLE.
 */
import { ErrorCode, ImagewrightError } from '../shared/errors';

/** 64 MiB: small enough to hold in a tab's memory on any device the app targets. */
export const BLOB_DOWNLOAD_LIMIT = 64 * 1024 * 1024;

/** Offers `blob` as a download named `name`. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its own reference by now; revoking later keeps slow browsers safe.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Collects one small file's stream (`size` bytes, at most BLOB_DOWNLOAD_LIMIT) into a Blob and offers it.
 * Refuses larger sizes up front, cancelling the stream, instead of buffering them.
 */
export async function downloadSmallFile(name: string, stream: ReadableStream<Uint8Array>, size: number, signal?: AbortSignal): Promise<void> {
  if (size > BLOB_DOWNLOAD_LIMIT) {
    await stream.cancel().catch(() => undefined);
    throw new ImagewrightError(ErrorCode.DOWNLOAD_UNAVAILABLE, { path: name, detail: `${size} bytes is over the ${BLOB_DOWNLOAD_LIMIT}-byte limit for a download without the service worker` });
  }
  // Read by hand rather than through Response.blob(), so that aborting cancels the source (and its engine job).
  const reader = stream.getReader();
  const stop = (): void => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener('abort', stop, { once: true });
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal?.aborted) throw new DOMException('The download was cancelled', 'AbortError');
      if (done) break;
      total += value.byteLength;
      // The size was announced by the engine; a stream that runs past it must not grow the Blob unbounded.
      if (total > BLOB_DOWNLOAD_LIMIT) {
        stop();
        throw new ImagewrightError(ErrorCode.DOWNLOAD_UNAVAILABLE, { path: name, detail: `more than ${BLOB_DOWNLOAD_LIMIT} bytes` });
      }
      chunks.push(value as Uint8Array<ArrayBuffer>);
    }
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  downloadBlob(name, new Blob(chunks, { type: 'application/octet-stream' }));
}
