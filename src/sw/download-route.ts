/**
 * Streamed downloads, service worker side (page side: src/client/stream-download.ts). Where the browser has no
 * folder picker, a file or a folder's ZIP leaves as a stream the engine produces. The page registers it here
 * with a name and gets back a URL under DOWNLOAD_PREFIX; navigating to it answers with the stream as an
 * attachment, so the browser's download manager pulls bytes as it writes them and nothing is built whole in
 * memory.
 *
 * The stream arrives in one of two ways: transferred whole in the message (transport 'transfer'), or — where
 * streams are not transferable — rebuilt here from a MessagePort (transport 'port'): each pull() asks the page
 * for one batch of chunks (about 256 KiB) and waits for it, so at most one batch is queued here and one is on its
 * way.
 *
 * A registered stream is served once and forgotten after DOWNLOAD_TTL_MS if nobody asks for it; it is then
 * cancelled with EXPIRED_REASON, which stops the job on the page. While a download runs the page posts
 * IW_KEEPALIVE now and then: the message event alone keeps this worker from being stopped as idle.
 */
/// <reference lib="webworker" />
import { streamFromPort } from './port-stream';

declare const self: ServiceWorkerGlobalScope;

const DOWNLOAD_PREFIX = '__iw-download/';
const DOWNLOAD_TTL_MS = 60_000;
/** Same string as EXPIRED_REASON in client/stream-download.ts (the service worker realm imports shared only). */
const EXPIRED_REASON = 'iw-download-expired';

interface PendingDownload {
  stream: ReadableStream<Uint8Array>;
  name: string;
  mime: string;
  size?: number;
}

interface DownloadMessage {
  type?: unknown;
  transport?: unknown;
  stream?: unknown;
  name?: unknown;
  mime?: unknown;
  size?: unknown;
}

const downloads = new Map<string, PendingDownload>();

/** Registers a download sent by a page (type IW_DOWNLOAD); other messages are ignored. */
export function acceptDownload(event: ExtendableMessageEvent): void {
  const data = event.data as DownloadMessage | null;
  const port = event.ports[0];
  if (data?.type !== 'IW_DOWNLOAD' || typeof data.name !== 'string' || !port) return;
  let stream: ReadableStream<Uint8Array>;
  if (data.transport === 'port') stream = streamFromPort(port);
  else if (data.stream instanceof ReadableStream) stream = data.stream as ReadableStream<Uint8Array>;
  else return;
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const pending: PendingDownload = { stream, name: data.name, mime: typeof data.mime === 'string' ? data.mime : 'application/octet-stream' };
  if (typeof data.size === 'number') pending.size = data.size;
  downloads.set(id, pending);
  setTimeout(() => {
    if (downloads.delete(id)) void pending.stream.cancel(EXPIRED_REASON).catch(() => undefined);
  }, DOWNLOAD_TTL_MS);
  const url = new URL(`${DOWNLOAD_PREFIX}${id}/${encodeURIComponent(data.name)}`, self.registration.scope).href;
  port.postMessage({ url });
}

/** The response for a download URL (undefined when `url` is not one): the stream once, then 410 Gone. */
export function serveDownload(url: URL): Response | undefined {
  const prefix = new URL(DOWNLOAD_PREFIX, self.registration.scope).pathname;
  if (!url.pathname.startsWith(prefix)) return undefined;
  const id = url.pathname.slice(prefix.length).split('/')[0] ?? '';
  const pending = downloads.get(id);
  if (!pending) return new Response('This download has expired; start it again.', { status: 410, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  downloads.delete(id);
  const ascii = pending.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const headers: Record<string, string> = {
    'Content-Type': pending.mime,
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(pending.name)}`,
    'X-Content-Type-Options': 'nosniff',
  };
  if (pending.size !== undefined) headers['Content-Length'] = String(pending.size);
  return new Response(pending.stream, { headers });
}
