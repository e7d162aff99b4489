/**
 * Service worker: makes Imagewright a fully offline app. Workbox precaches the build (HTML, JS chunks, the
 * engine worker, wasm codecs, CSS, icons, manifest) and the bundled sample image; vite-plugin-pwa injects the
 * list with revision hashes at build time.
 *
 * Routing is one small fetch handler instead of workbox-routing: precached URLs come from the cache, and any
 * navigation inside the scope gets the cached app shell, so a reload or a file-handler launch works offline.
 * Everything else (user files are never fetched — they are read from File objects) goes to the network, except
 * the one-time URLs of streamed downloads (download-route.ts).
 */
/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, getCacheKeyForURL, matchPrecache, precache, type PrecacheEntry } from 'workbox-precaching';
import { acceptDownload, serveDownload } from './download-route';

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
