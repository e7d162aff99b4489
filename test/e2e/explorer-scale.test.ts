// Scale: a folder of 100 000 entries (the size of a real WinSxS) captured by wimlib-imagex, listed and scrolled
// end to end in headless Chromium with only a window of rows in the page. Its own browser, since the fixture
// takes tens of seconds to build.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeEntryName, goToFolder } from './explorer-page';
import { ensureBuilt, launchBrowser, makeScratchDir, newAppPage, run, startServer, type AppServer } from './harness';

const ENTRIES = 100_000;

let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let scratch: Awaited<ReturnType<typeof makeScratchDir>>;
let wim: string;

beforeAll(async () => {
  await ensureBuilt();
  scratch = await makeScratchDir();
  const folder = join(scratch.dir, 'tree/Windows/WinSxS');
  mkdirSync(folder, { recursive: true });
  // Empty files: the entries are what matters, and wimlib captures them without hashing any data.
  for (let i = 0; i < ENTRIES; i++) writeFileSync(join(folder, `x86_component_${String(i).padStart(6, '0')}.manifest`), '');
  wim = join(scratch.dir, 'winsxs.wim');
  await run('wimlib-imagex', ['capture', join(scratch.dir, 'tree'), wim, 'WinSxS scale', '--compress=none']);
  server = await startServer();
  browser = await launchBrowser();
  ({ context, page } = await newAppPage(browser));
  await page.goto(server.url);
  await page.getByTestId('home').waitFor();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  await scratch?.remove();
});

describe('explorer at scale', () => {
  it(`lists a ${ENTRIES.toLocaleString('en')}-entry folder and walks it end to end with a bounded number of rows in the page`, async () => {
    await page.locator('#file-input').setInputFiles(wim);
    await page.getByTestId('explorer').waitFor();
    await goToFolder(page, 1, '/Windows/WinSxS');
    const list = page.getByTestId('entry-list');
    expect(await list.getAttribute('data-count')).toBe(String(ENTRIES));
    const rendered = () => page.locator('[data-testid=entry-list] [data-testid=entry]').count();
    expect(await rendered()).toBeLessThan(100);

    await list.focus();
    await page.keyboard.press('End');
    await expect.poll(() => activeEntryName(page)).toBe(`x86_component_${String(ENTRIES - 1).padStart(6, '0')}.manifest`);
    // Scrolling through the middle keeps the window small.
    await list.evaluate((element) => (element.scrollTop = element.scrollHeight / 2));
    await expect.poll(() => page.locator('[data-testid=entry-list] [data-name="x86_component_050000.manifest"]').count()).toBe(1);
    expect(await rendered()).toBeLessThan(100);
    await page.keyboard.type('x86_component_0123');
    expect(await activeEntryName(page)).toBe('x86_component_012300.manifest');
  });
});
