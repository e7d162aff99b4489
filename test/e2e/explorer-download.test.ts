// Downloads where the browser has no folder picker (Firefox, Safari), in headless Chromium with its picker
// removed: a folder leaves as a ZIP streamed through the service worker — with the stream transferred, and with
// the MessagePort transport that browsers without transferable streams take — and a file as itself. Without a
// service worker, a folder is refused with DOWNLOAD_UNAVAILABLE and a small file still downloads through a Blob.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTree, makeExplorerFixture, type ExplorerFixture } from './explorer-fixtures';
import { goToFolder, selectEntry } from './explorer-page';
import { ensureBuilt, launchBrowser, makeScratchDir, newAppPage, run, startServer, waitForServiceWorkerControl, type AppServer } from './harness';

let server: AppServer;
let browser: Browser;
let scratch: Awaited<ReturnType<typeof makeScratchDir>>;
let fixture: ExplorerFixture;

/** The app's e2e hooks (declared on Window in src/ui/app/App.tsx, which this realm does not compile). */
interface TestHooks {
  __imagewright: { disableStreamTransfer(disabled: boolean): void; lastDownloadTransport(): string | undefined };
}

beforeAll(async () => {
  await ensureBuilt();
  scratch = await makeScratchDir();
  fixture = await makeExplorerFixture(scratch.dir);
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await scratch?.remove();
});

/** Opens the fixture in `page` with the folder picker taken away before the app can look for it. */
async function openWithoutFolderPicker(page: Page): Promise<void> {
  await page.addInitScript(() => delete (window as { showDirectoryPicker?: unknown }).showDirectoryPicker);
  await page.goto(server.url);
  await page.getByTestId('home').waitFor();
  expect(await page.evaluate(() => 'showDirectoryPicker' in window)).toBe(false);
  await page.locator('#file-input').setInputFiles(fixture.wim);
  await page.getByTestId('explorer').waitFor();
}

/** Selects `name` in `folder` of image 1, asks for it, and saves the download as `saveAs`; resolves to its name. */
async function downloadEntry(page: Page, folder: string, name: string, saveAs: string): Promise<string> {
  await goToFolder(page, 1, folder);
  await selectEntry(page, name);
  // The download starts once the engine stream reaches the service worker; a busy 2-core CI machine can take a
  // while, so the wait is generous (the test measures nothing about speed).
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.getByTestId('extract-selection').click()]);
  await download.saveAs(saveAs);
  expect(await download.failure()).toBeNull();
  // The page learns the end from the stream itself: "done" only after the last byte left.
  const done = page.getByTestId('download-done');
  await done.waitFor({ timeout: 60_000 });
  expect(await done.getAttribute('data-name')).toBe(download.suggestedFilename());
  return download.suggestedFilename();
}

/** Tests the ZIP with 7-Zip, extracts it, and compares every file's bytes with the source folder. */
async function expectZipOfFolder(zip: string, folder: string, source: string): Promise<void> {
  const { stdout } = await run('7zz', ['t', zip]);
  expect(stdout).toMatch(/Everything is Ok/);
  const out = `${zip}.d`;
  await run('7zz', ['x', '-y', `-o${out}`, zip]);
  expect(await hashTree(join(out, folder))).toEqual(await hashTree(source));
}

describe('downloads without a folder picker', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await newAppPage(browser));
    await openWithoutFolderPicker(page);
    await waitForServiceWorkerControl(page);
  });

  afterAll(async () => {
    await context?.close();
  });

  for (const transport of ['transfer', 'port'] as const) {
    it(`streams a folder as a ZIP through the service worker (${transport} transport) that 7-Zip tests and extracts to the source bytes`, async () => {
      await page.evaluate((off) => (window as unknown as TestHooks).__imagewright.disableStreamTransfer(off), transport === 'port');
      const zip = join(scratch.dir, `Data-${transport}.zip`);
      expect(await downloadEntry(page, '/', 'Data', zip)).toBe('Data.zip');
      expect(await page.evaluate(() => (window as unknown as TestHooks).__imagewright.lastDownloadTransport())).toBe(transport);
      await expectZipOfFolder(zip, 'Data', join(fixture.windowsTree, 'Data'));
    });

    it(`streams a single file as itself through the service worker (${transport} transport)`, async () => {
      // After a ZIP on the same page, as a user would: the small file reaches the service worker before the browser
      // has turned the navigation into a download, which once made it vanish (the frame went away too early).
      await page.evaluate((off) => (window as unknown as TestHooks).__imagewright.disableStreamTransfer(off), transport === 'port');
      const saved = join(scratch.dir, `blob-${transport}.bin`);
      expect(await downloadEntry(page, '/Data', 'blob.bin', saved)).toBe('blob.bin');
      expect(await page.evaluate(() => (window as unknown as TestHooks).__imagewright.lastDownloadTransport())).toBe(transport);
      expect((await readFile(saved)).equals(await readFile(join(fixture.windowsTree, 'Data/blob.bin')))).toBe(true);
    });
  }

  it('streams a 3000-file folder through the port transport, a batch of chunks per pull', async () => {
    await page.evaluate(() => (window as unknown as TestHooks).__imagewright.disableStreamTransfer(true));
    const zip = join(scratch.dir, 'WinSxS-port.zip');
    expect(await downloadEntry(page, '/Windows', 'WinSxS', zip)).toBe('WinSxS.zip');
    await expectZipOfFolder(zip, 'WinSxS', join(fixture.windowsTree, 'Windows/WinSxS'));
  });

  it('cancelling a streamed ZIP stops the job and the browser drops the unfinished download', async () => {
    await page.evaluate(() => (window as unknown as TestHooks).__imagewright.disableStreamTransfer(false));
    await goToFolder(page, 1, '/Windows');
    await selectEntry(page, 'WinSxS');
    // The 3000-file ZIP takes seconds to produce; the download event comes with the response headers, at once.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.getByTestId('extract-selection').click()]);
    await page.getByTestId('progress-cancel').click();
    await page.getByTestId('extract-cancelled').waitFor();
    expect(await download.failure()).not.toBeNull();
    expect(await page.getByTestId('download-done').count()).toBe(0);
  });
});

describe('downloads without a folder picker or a service worker', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', serviceWorkers: 'block' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await openWithoutFolderPicker(page);
  });

  afterAll(async () => {
    await context?.close();
  });

  it('refuses a folder with DOWNLOAD_UNAVAILABLE instead of building the ZIP in memory', async () => {
    expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
    await goToFolder(page, 1, '/');
    await selectEntry(page, 'Data');
    await page.getByTestId('extract-selection').click();
    const failed = page.locator('[data-testid=extract-bar] [data-testid=error-panel]');
    await failed.waitFor();
    expect(await failed.getAttribute('data-code')).toBe('DOWNLOAD_UNAVAILABLE');
    expect(await failed.textContent()).toContain('service worker');
  });

  it('still downloads a small single file through a Blob', async () => {
    const saved = join(scratch.dir, 'blob-no-sw.bin');
    expect(await downloadEntry(page, '/Data', 'blob.bin', saved)).toBe('blob.bin');
    expect((await readFile(saved)).equals(await readFile(join(fixture.windowsTree, 'Data/blob.bin')))).toBe(true);
  });
});
