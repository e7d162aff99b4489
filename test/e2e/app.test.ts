// The built PWA in headless Chromium: first visit, the sample, files made by wimlib-imagex, errors, languages,
// and a reload with the network cut.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureBuilt,
  launchBrowser,
  makeScratchDir,
  newAppPage,
  ROOT,
  run,
  startServer,
  waitForServiceWorkerControl,
  wimlibImageNames,
  type AppServer,
} from './harness';

let server: AppServer;
let browser: Browser;
let scratch: Awaited<ReturnType<typeof makeScratchDir>>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await ensureBuilt();
  scratch = await makeScratchDir();
  server = await startServer();
  browser = await launchBrowser();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await scratch?.remove();
});

async function openApp(locale = 'en-US'): Promise<Page> {
  const { context, page } = await newAppPage(browser, locale);
  contexts.push(context);
  await page.goto(server.url);
  await page.getByTestId('home').waitFor();
  return page;
}

/** Image names in the explorer's image list. */
async function shownImageNames(page: Page): Promise<string[]> {
  await page.getByTestId('image-list-name').first().waitFor();
  return page.getByTestId('image-list-name').allTextContents();
}

/** Switches the explorer to the file details view (header facts and one card per image). */
async function showDetails(page: Page): Promise<void> {
  await page.getByTestId('view-details').click();
  await page.getByTestId('image-card').first().waitFor();
}

/** Value of one fact row (data-fact=key) in the image card with this index. */
function imageFact(page: Page, index: number, key: string) {
  return page.locator(`[data-testid=image-card][data-index="${index}"] [data-fact="${key}"] dd`);
}

/** Two directory trees captured as a two-image LZX WIM by wimlib-imagex. */
async function makeTwoImageWim(): Promise<string> {
  const trees = join(scratch.dir, 'trees');
  for (const [tree, files] of [
    ['first', ['readme.txt', 'data/a.bin', 'data/b.bin']],
    ['second', ['setup.cmd', 'drivers/net/e1000.inf', 'drivers/net/e1000.sys', 'drivers/usb/x.inf', 'notes.txt']],
  ] as const) {
    for (const file of files) {
      const path = join(trees, tree, file);
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, `${tree}/${file}\n`.repeat(200));
    }
  }
  const wim = join(scratch.dir, 'two-images.wim');
  await run('wimlib-imagex', ['capture', join(trees, 'first'), wim, 'Alpha Build', 'First test image', '--compress=LZX']);
  await run('wimlib-imagex', ['append', join(trees, 'second'), wim, 'Beta Drivers', 'Second test image']);
  return wim;
}

async function wimlibCounts(wim: string, index: number): Promise<{ files: string; dirs: string }> {
  const { stdout } = await run('wimlib-imagex', ['info', wim, String(index)]);
  return {
    files: /^File Count:\s+(\d+)/m.exec(stdout)![1]!,
    dirs: /^Directory Count:\s+(\d+)/m.exec(stdout)![1]!,
  };
}

describe('Imagewright in Chromium', () => {
  it('opens the bundled sample with one click and shows its images, properties and doctor report', async () => {
    const page = await openApp();
    const expectedNames = await wimlibImageNames(join(ROOT, 'public/samples/sample.wim'));
    await waitForServiceWorkerControl(page);
    const offlineNotice = page.getByTestId('offline-banner');
    await offlineNotice.getByRole('button').click(); // the first visit announces offline readiness
    await offlineNotice.waitFor({ state: 'detached' });
    await page.getByTestId('open-sample').click();

    expect(await shownImageNames(page)).toEqual(expectedNames);
    await expect.poll(() => page.getByTestId('explorer-file').textContent()).toBe('sample.wim');
    await showDetails(page);
    expect(await page.getByTestId('image-name').allTextContents()).toEqual(expectedNames);
    expect(await page.getByTestId('file-name').textContent()).toBe('sample.wim');
    expect(await page.locator('[data-testid=file-facts] [data-fact=compression] dd').textContent()).toBe('LZX');
    expect(await page.locator('[data-testid=file-facts] [data-fact=chunkSize] dd').textContent()).toBe('32\u00a0KiB');
    expect(await page.locator('[data-testid=file-facts] [data-fact=parts] dd').textContent()).toBe('1 of 1');

    const properties = page.getByTestId('all-properties').first();
    await properties.locator('summary').click();
    await expect.poll(() => properties.locator('tbody tr').count()).toBeGreaterThan(5);

    // The README screenshot: the explorer with the doctor's report and the trainee explanation beside it.
    await page.getByTestId('view-doctor').click();
    await page.getByTestId('findings').waitFor();
    await page.getByTestId('learn-toggle').click();
    await page.getByTestId('learn-panel').waitFor();
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
    });

    await mkdir(join(ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'docs/screenshot.png') });
  });

  it('keeps working offline once the service worker controls the page', async () => {
    const page = await openApp();
    await waitForServiceWorkerControl(page);
    await page.context().setOffline(true);
    await page.reload();
    await page.getByTestId('home').waitFor();
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);

    await page.getByTestId('open-sample').click();
    expect((await shownImageNames(page)).length).toBeGreaterThan(0);
  });

  it('shows names, descriptions and counts of a two-image LZX WIM made by wimlib-imagex', async () => {
    const wim = await makeTwoImageWim();
    const page = await openApp();
    await page.locator('#file-input').setInputFiles(wim);

    expect(await shownImageNames(page)).toEqual(['Alpha Build', 'Beta Drivers']);
    expect(await page.getByTestId('explorer-file').textContent()).toBe('two-images.wim');
    await showDetails(page);
    expect(await page.locator('[data-testid=file-facts] [data-fact=compression] dd').textContent()).toBe('LZX');
    for (const index of [1, 2]) {
      const counts = await wimlibCounts(wim, index);
      expect(await imageFact(page, index, 'fileCount').textContent()).toBe(counts.files);
      expect(await imageFact(page, index, 'dirCount').textContent()).toBe(counts.dirs);
    }
    expect(await page.locator('[data-index="2"] .image-card__description').textContent()).toBe('Second test image');
  });

  it('opens every part of a split image picked together', async () => {
    const tree = join(scratch.dir, 'random-tree');
    await mkdir(tree, { recursive: true });
    for (let i = 0; i < 4; i++) await writeFile(join(tree, `blob${i}.bin`), randomBytes(40_000)); // incompressible
    const wim = join(scratch.dir, 'random.wim');
    await run('wimlib-imagex', ['capture', tree, wim, 'Alpha Build', '--compress=LZX']);
    await run('wimlib-imagex', ['append', tree, wim, 'Beta Drivers']);
    const splitDir = join(scratch.dir, 'split');
    await mkdir(splitDir);
    await run('wimlib-imagex', ['split', wim, join(splitDir, 'set.swm'), '0.05']); // 50 KB parts
    const parts = (await readdir(splitDir)).map((name) => join(splitDir, name));
    expect(parts.length).toBeGreaterThan(1);

    const page = await openApp();
    await page.locator('#file-input').setInputFiles([...parts].reverse());
    expect(await shownImageNames(page)).toEqual(['Alpha Build', 'Beta Drivers']);
    await showDetails(page);
    expect(await page.locator('[data-testid=file-facts] [data-fact=parts] dd').textContent()).toBe(`1 of ${parts.length}`);
  });

  it('opens a file dropped anywhere on the page', async () => {
    const page = await openApp();
    await page.evaluate(async () => {
      const bytes = await (await fetch('/samples/sample.wim')).blob();
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'dropped.wim'));
      const init = { dataTransfer: transfer, bubbles: true, cancelable: true };
      document.body.dispatchEvent(new DragEvent('dragenter', init));
      document.body.dispatchEvent(new DragEvent('dragover', init));
      document.body.dispatchEvent(new DragEvent('drop', init));
    });
    expect((await shownImageNames(page)).length).toBeGreaterThan(0);
    expect(await page.getByTestId('explorer-file').textContent()).toBe('dropped.wim');
  });

  it('explains in the chosen language why a file that is not a WIM cannot be opened', async () => {
    const notWim = join(scratch.dir, 'holiday-photos.zip');
    await writeFile(notWim, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(4096, 0x41)]));
    const page = await openApp();
    await page.locator('#file-input').setInputFiles(notWim);

    const panel = page.getByTestId('error-panel');
    await panel.waitFor();
    expect(await panel.getAttribute('data-code')).toBe('NOT_A_WIM');
    expect(await page.getByTestId('error-message').textContent()).toMatch(/^This is not a WIM, ESD or SWM file/);
    expect(await panel.textContent()).toContain('holiday-photos.zip');

    await page.getByTestId('locale-fr').click();
    expect(await page.getByTestId('error-message').textContent()).toMatch(/^Ce n’est pas un fichier WIM, ESD ou SWM/);

    await panel.getByRole('button').click();
    await page.getByTestId('home').waitFor();
  });

  it('switches between French and English and remembers the choice across reloads', async () => {
    const page = await openApp('en-US');
    const sampleButton = page.getByTestId('open-sample');
    expect(await sampleButton.textContent()).toBe('Open the sample image');

    await page.getByTestId('locale-fr').click();
    expect(await sampleButton.textContent()).toBe('Ouvrir l’image d’exemple');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');

    await page.reload();
    await page.getByTestId('home').waitFor();
    expect(await page.getByTestId('open-sample').textContent()).toBe('Ouvrir l’image d’exemple');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');

    await page.getByTestId('locale-en').click();
    await page.reload();
    await page.getByTestId('home').waitFor();
    expect(await page.getByTestId('open-sample').textContent()).toBe('Open the sample image');
  });

  it('starts in French for a French-speaking browser', async () => {
    const page = await openApp('fr-FR');
    expect(await page.getByTestId('open-sample').textContent()).toBe('Ouvrir l’image d’exemple');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
  });
});
