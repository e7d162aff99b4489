/**
 * Service worker: makes Imagewright a fully offline app. Workbox precaches the build (HTML, JS chunks, the
 * engine worker, wasm codecs, CSS, icons, manifest) and the bundled sample image; vite-plugin-pwa injects the
 * list with revision hashes at build time.
 *
 * Routing is one small fetch handler instead of workbox-routing: precached URLs come from the cache, and any
 * navigation inside the scope gets the cached app shell, so a reload or a file-handler launch works offline.
 * Everything else (user files are never fetched — they are read from File objects) goes to the network.
 */
/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, getCacheKeyForURL, matchPrecache, precache, type PrecacheEntry } from 'workbox-precaching';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (PrecacheEntry | string)[] };

const APP_SHELL = 'index.html';

precache(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// The first install controls open pages at once, so the very first visit already works offline. Updates
// still wait in 'waiting' until the page asks for SKIP_WAITING (the user accepted the update prompt).
clientsClaim();

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
  acceptDownload(event);
});

/**
 * Streamed downloads (client/stream-download.ts): where the browser has no folder picker, a folder leaves as a
 * ZIP the engine streams. The page transfers the ReadableStream here with a name and gets back a URL under
 * DOWNLOAD_PREFIX; navigating to it answers with the stream as an attachment, so the browser's download manager
 * pulls bytes as it writes them and nothing is built whole in memory. A registered stream is served once and
 * forgotten after DOWNLOAD_TTL_MS if nobody asks for it (its stream is then cancelled, which stops the job).
 */
const DOWNLOAD_PREFIX = '__iw-download/';
const DOWNLOAD_TTL_MS = 60_000;
interface PendingDownload {
  stream: ReadableStream<Uint8Array>;
  name: string;
  mime: string;
  size?: number;
}
const downloads = new Map<string, PendingDownload>();

function acceptDownload(event: ExtendableMessageEvent): void {
  const data = event.data as ({ type?: unknown } & Partial<PendingDownload>) | null;
  if (data?.type !== 'IW_DOWNLOAD' || !(data.stream instanceof ReadableStream) || typeof data.name !== 'string') return;
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const pending: PendingDownload = { stream: data.stream, name: data.name, mime: typeof data.mime === 'string' ? data.mime : 'application/octet-stream' };
  if (typeof data.size === 'number') pending.size = data.size;
  downloads.set(id, pending);
  setTimeout(() => {
    if (downloads.delete(id)) void pending.stream.cancel().catch(() => undefined);
  }, DOWNLOAD_TTL_MS);
  const url = new URL(`${DOWNLOAD_PREFIX}${id}/${encodeURIComponent(data.name)}`, self.registration.scope).href;
  event.ports[0]?.postMessage({ url });
}

function serveDownload(url: URL): Response | undefined {
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

self.addEventListener('fetch', (event: FetchEvent) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const download = serveDownload(url);
  if (download) {
    event.respondWith(download);
    return;
  }

  // Query strings never select different app files; ignoring them keeps `/?source=pwa` on the shell.
  const path = url.origin + url.pathname;
  let precachedUrl: string | undefined = getCacheKeyForURL(path) ? path : undefined;
  if (!precachedUrl && request.mode === 'navigate' && path.startsWith(self.registration.scope)) {
    precachedUrl = new URL(APP_SHELL, self.registration.scope).href;
  }
  if (precachedUrl === undefined) return;
  event.respondWith(fromPrecacheOrNetwork(precachedUrl, request));
});

async function fromPrecacheOrNetwork(precachedUrl: string, request: Request): Promise<Response> {
  // matchPrecache takes the URL as listed in the manifest and adds the revision itself.
  const cached = await matchPrecache(precachedUrl);
  // A cache evicted under storage pressure must not break the app while online.
  return cached ?? fetch(request);
}
