// A new deployment while the app is open: the new service worker waits, the user is asked, and accepting
// switches to it with one reload. The "deployment" is a copy of dist/ whose sw.js gains a byte.
import { appendFile, cp } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIST,
  ensureBuilt,
  launchBrowser,
  makeScratchDir,
  newAppPage,
  startServer,
  waitForServiceWorkerControl,
  type AppServer,
} from './harness';

let server: AppServer;
let browser: Browser;
let context: BrowserContext | undefined;
let scratch: Awaited<ReturnType<typeof makeScratchDir>>;
let site: string;

beforeAll(async () => {
  await ensureBuilt();
  scratch = await makeScratchDir();
  site = join(scratch.dir, 'site');
  await cp(DIST, site, { recursive: true });
  server = await startServer(site);
  browser = await launchBrowser();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  await scratch?.remove();
});

describe('app updates', () => {
  it('offers a new version when one is deployed and switches to it when accepted', async () => {
    const opened = await newAppPage(browser);
    context = opened.context;
    const page = opened.page;
    await page.goto(server.url);
    await waitForServiceWorkerControl(page);
    expect(await page.getByTestId('update-banner').count()).toBe(0);

    await appendFile(join(site, 'sw.js'), '\n// next deployment\n');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

    const banner = page.getByTestId('update-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('A new version of Imagewright is ready.');

    const reloaded = page.waitForEvent('load');
    await banner.getByRole('button', { name: 'Update now' }).click();
    await reloaded;
    await page.getByTestId('home').waitFor();
    const stillWaiting = await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting));
    expect(stillWaiting).toBe(false);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await page.getByTestId('update-banner').count()).toBe(0);
  });
});
