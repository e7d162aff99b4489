/**
 * Builds the PWA: Preact UI, the engine as an ES-module Web Worker, and the Workbox service worker
 * (src/sw/sw.ts, injectManifest) that precaches the whole app — wasm codecs and the sample image included — so
 * it runs offline from the first visit. The manifest registers the app as a handler for .wim / .esd / .swm.
 */
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const THEME_COLOR = '#1f5fbf';

export default defineConfig({
  base: '/',
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      // main.tsx registers through workbox-window (src/platform/service-worker.ts) to drive the update prompt.
      injectRegister: false,
      registerType: 'prompt',
      // The glob below already lists icons and the manifest; adding them twice only bloats the precache list.
      includeManifestIcons: false,
      injectManifest: {
        // Classic script: service workers of type 'module' are not supported by every browser we let read images.
        rollupFormat: 'iife',
        globPatterns: ['**/*.{html,js,css,wasm,png,svg,webmanifest}', 'samples/sample.wim'],
        // Codecs and the sample are bigger than Workbox's 2 MiB default; the build fails rather than skip them.
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
      },
      manifest: {
        id: '/',
        name: 'Imagewright',
        short_name: 'Imagewright',
        description: 'Inspect Windows deployment images (WIM, ESD, SWM) offline, in your browser.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: THEME_COLOR,
        background_color: '#f4f6fa',
        categories: ['utilities', 'developer'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        file_handlers: [{ action: '/', accept: { 'application/x-ms-wim': ['.wim', '.esd', '.swm'] } }],
        // One window: a second "Open with Imagewright" goes to the open window's launchQueue consumer.
        launch_handler: { client_mode: ['focus-existing', 'auto'] },
      },
      devOptions: { enabled: false },
    }),
  ],
  worker: {
    format: 'es',
  },
  build: {
    target: 'es2022',
    sourcemap: true,
  },
});
