/**
 * e2e harness: the built app (dist/, built once with `npx vite build` when missing), served by
 * scripts/serve.mjs on a free loopback port, driven in Debian's headless Chromium through playwright-core.
 * Every test gets a fresh browser context, so no service worker, cache or localStorage leaks between tests.
 * Set IMAGEWRIGHT_E2E_REBUILD=1 to rebuild dist/ even when it exists.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = join(ROOT, 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const run = promisify(execFile);

export async function ensureBuilt(): Promise<void> {
  if (existsSync(join(DIST, 'index.html')) && existsSync(join(DIST, 'sw.js')) && !process.env.IMAGEWRIGHT_E2E_REBUILD) {
    return;
  }
  await run('npx', ['vite', 'build'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
}

export interface AppServer {
  url: string;
  close(): Promise<void>;
}

/** Starts scripts/serve.mjs on a free port (serving `dir`, dist/ by default); resolves once it printed its URL. */
export function startServer(dir = DIST): Promise<AppServer> {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), dir], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`serve.mjs did not start: ${output}`));
    }, 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[0], close });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve.mjs exited with ${code}: ${output}`));
    });
  });
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** A browser with an on-disk profile: needed for the CDP PWA domain (install, launch files in the app). */
export function launchPersistentBrowser(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
  });
}

/** A fresh, isolated profile at the README screenshot size; English unless a test asks otherwise. */
export async function newAppPage(browser: Browser, locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/** Resolves once a service worker controls the page (clientsClaim in sw.ts makes that happen on first visit). */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  // Workbox precaches during 'install', before activation and clientsClaim, so control implies a full cache.
}

export async function makeScratchDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'imagewright-e2e-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Image names as wimlib-imagex reports them, in index order: the oracle for what the app must show. */
export async function wimlibImageNames(wimPath: string): Promise<string[]> {
  const { stdout } = await run('wimlib-imagex', ['info', wimPath]);
  return [...stdout.matchAll(/^Name:\s+(.*)$/gm)].map((m) => m[1]!.trim());
}
