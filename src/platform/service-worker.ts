/**
 * Service-worker registration through workbox-window. The first install takes control at once (clientsClaim
 * in src/sw/sw.ts) so the app works offline from the first visit; a later version waits until the user
 * accepts the update prompt, because swapping code under an open image would break the running job.
 */
import { Workbox } from 'workbox-window';

export interface ServiceWorkerEvents {
  /** A new version is installed and waiting; call `apply` to switch to it (the page reloads). */
  onUpdateReady(apply: () => void): void;
  /** The app was cached for the first time. */
  onOfflineReady?(): void;
}

export function registerServiceWorker(events: ServiceWorkerEvents): void {
  // The dev server has no precache manifest to serve; only built apps register the worker.
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const workbox = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });

  workbox.addEventListener('waiting', () => {
    events.onUpdateReady(() => {
      workbox.addEventListener('controlling', () => window.location.reload());
      workbox.messageSkipWaiting();
    });
  });
  workbox.addEventListener('installed', (event) => {
    if (!event.isUpdate) events.onOfflineReady?.();
  });
  workbox.register().catch((error: unknown) => {
    // The app works without a service worker (online only); say why in the console, not in the UI.
    console.warn('Service worker registration failed', error);
  });
}
