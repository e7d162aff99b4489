// The image catalog in real Chromium with real IndexedDB and OPFS: three WIMs made by wimlib-imagex during the
// run are written into OPFS and handed to the app as FileSystemFileHandles (test hook instead of the picker);
// the admin tags them, finds one by tag, distributes it into an OPFS folder, and after a reload — online and
// offline — still sees the entry and its verified history. SHA256SUMS is checked against node's crypto.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, launchBrowser, makeScratchDir, newAppPage, run, startServer, waitForServiceWorkerControl, type AppServer } from './harness';

let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let scratch: Awaited<ReturnType<typeof makeScratchDir>>;

interface MadeWim {
  file: string;
  name: string;
  bytes: Buffer;
}
const wims: MadeWim[] = [];

beforeAll(async () => {
  await ensureBuilt();
  scratch = await makeScratchDir();
  for (const [file, name] of [
    ['alpha.wim', 'Alpha Workstation'],
    ['beta.wim', 'Beta Kiosk'],
    ['gamma.wim', 'Gamma Lab'],
  ] as const) {
    const tree = join(scratch.dir, `tree-${file}`);
    await mkdir(join(tree, 'Windows', 'System32'), { recursive: true });
    await writeFile(join(tree, 'Windows', 'System32', 'data.bin'), randomBytes(40_000));
    await writeFile(join(tree, 'readme.txt'), `${name}\n`);
    const wim = join(scratch.dir, file);
    await run('wimlib-imagex', ['capture', tree, wim, name, `${name} description`, '--compress=LZX']);
    wims.push({ file, name, bytes: await readFile(wim) });
  }
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  await scratch?.remove();
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Writes the WIMs into OPFS /images and makes the app's file picker return their handles. */
async function putImagesInOpfs(page: Page): Promise<void> {
  const payload = wims.map((wim) => ({ file: wim.file, bytes: wim.bytes.toString('base64') }));
  await page.evaluate(async (files) => {
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle('images', { create: true });
    for (const { file, bytes } of files) {
      const handle = await dir.getFileHandle(file, { create: true });
      const writable = await handle.createWritable();
      await writable.write(Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0)));
      await writable.close();
    }
    (window as unknown as { __imagewrightPickers: unknown }).__imagewrightPickers = {
      files: async () => Promise.all(files.map(({ file }) => dir.getFileHandle(file))),
      folder: async () => root.getDirectoryHandle('distribution', { create: true }),
    };
  }, payload);
}

async function openCatalog(page: Page): Promise<void> {
  await page.getByTestId('nav-catalog').click();
  await page.getByTestId('catalog').waitFor();
}

const rowNames = (page: Page): Promise<string[]> => page.getByTestId('catalog-entry-name').allTextContents();

async function openEntry(page: Page, name: string): Promise<void> {
  await page.getByTestId('catalog-entry-name').filter({ hasText: name }).click();
  await page.getByTestId('catalog-detail').waitFor();
}

async function historyOf(page: Page): Promise<string[]> {
  await page.getByTestId('history').waitFor();
  const events = page.getByTestId('history-event');
  const out: string[] = [];
  for (let i = 0; i < (await events.count()); i++) {
    const event = events.nth(i);
    out.push(`${await event.getAttribute('data-kind')}:${await event.getAttribute('data-result')}`);
  }
  return out;
}

describe('image catalog', () => {
  it('adds three images, finds one by tag, distributes it verified, and keeps it all after a reload, offline too', async () => {
    let page: Page;
    ({ context, page } = await newAppPage(browser));
    await page.goto(server.url);
    await page.getByTestId('home').waitFor();
    await waitForServiceWorkerControl(page);
    await putImagesInOpfs(page);

    await openCatalog(page);
    await page.getByTestId('catalog-empty').waitFor();
    await expect.poll(() => page.getByTestId('storage-usage').count()).toBe(1);
    await page.getByTestId('catalog-add').click();
    await expect.poll(() => rowNames(page), { timeout: 30_000 }).toEqual(wims.map((wim) => wim.name));
    expect(await page.locator('[data-testid=catalog-row] [data-link]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-link')))).toEqual([
      'handle',
      'handle',
      'handle',
    ]);

    // Edit: tags, version and comment of Beta.
    await openEntry(page, 'Beta Kiosk');
    const beta = wims[1]!;
    expect(await page.getByTestId('detail-sha256').textContent()).toBe(sha256(beta.bytes));
    expect(await page.getByTestId('detail-index-name').allTextContents()).toEqual(['Beta Kiosk']);
    await page.getByTestId('edit-tags').fill('Pilot, Kiosk');
    await page.getByTestId('edit-version').fill('2026-03 CU');
    await page.getByTestId('edit-comment').fill('Locked-down kiosk build');
    await page.getByTestId('edit-save').click();
    await page.getByTestId('edit-saved').waitFor();
    await page.getByTestId('detail-back').click();

    // Find by tag.
    await page.getByTestId('catalog-tag-filter').selectOption('Pilot');
    await expect.poll(() => rowNames(page)).toEqual(['Beta Kiosk']);
    await page.getByTestId('catalog-tag-filter').selectOption('');
    await page.getByTestId('catalog-search').fill('kiosk build');
    await expect.poll(() => rowNames(page)).toEqual(['Beta Kiosk']);

    // Distribute into an OPFS folder, declared exFAT.
    await openEntry(page, 'Beta Kiosk');
    await page.getByTestId('distribute-pick').click();
    await page.getByTestId('distribute-folder').waitFor();
    await page.getByTestId('distribute-kind').selectOption('exfat');
    await page.getByTestId('distribute-start').click();
    const result = page.getByTestId('distribute-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-verified')).toBe('true');

    const target = await page.evaluate(async () => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('distribution');
      const names: string[] = [];
      for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
      const sums = await (await (await dir.getFileHandle('SHA256SUMS')).getFile()).text();
      const copy = new Uint8Array(await (await (await dir.getFileHandle('beta.wim')).getFile()).arrayBuffer());
      let binary = '';
      for (const byte of copy) binary += String.fromCharCode(byte);
      return { names: names.sort(), sums, copy: btoa(binary) };
    });
    expect(target.names).toEqual(['SHA256SUMS', 'beta.wim']); // no probe, no partial left behind
    expect(target.sums).toBe(`${sha256(beta.bytes)}  beta.wim\n`);
    expect(sha256(Buffer.from(target.copy, 'base64'))).toBe(sha256(beta.bytes));
    await expect.poll(() => historyOf(page)).toEqual(['distributed:ok', 'edited:ok', 'added:ok']);
    // Chromium has FileSystemHandle.move(): the copy went through "beta.wim.iw-partial".
    expect(await page.locator('[data-kind=distributed] .entry-history__figures').textContent()).toContain('method=partial+move');

    // Distributing again replaces the copy and its SHA256SUMS line (move() over an existing file).
    await page.getByTestId('distribute-start').click();
    await expect.poll(() => historyOf(page), { timeout: 30_000 }).toEqual(['distributed:ok', 'distributed:ok', 'edited:ok', 'added:ok']);
    expect(await result.getAttribute('data-verified')).toBe('true');
    const again = await page.evaluate(async () => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('distribution');
      const names: string[] = [];
      for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
      return { names: names.sort(), sums: await (await (await dir.getFileHandle('SHA256SUMS')).getFile()).text() };
    });
    expect(again).toEqual({ names: ['SHA256SUMS', 'beta.wim'], sums: `${sha256(beta.bytes)}  beta.wim\n` });

    // The catalog really lives in IndexedDB (v2 schema), not in page memory.
    const stored = await page.evaluate(
      () =>
        new Promise<{ version: number; images: number; history: number }>((resolve, reject) => {
          const request = indexedDB.open('imagewright-catalog');
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const db = request.result;
            const tx = db.transaction(['images', 'history']);
            const images = tx.objectStore('images').count();
            const history = tx.objectStore('history').count();
            tx.oncomplete = () => {
              resolve({ version: db.version, images: images.result, history: history.result });
              db.close();
            };
          };
        }),
    );
    expect(stored).toEqual({ version: 2, images: 3, history: 6 });

    // Reload: the entry, its tags and its verified distribution are still there.
    await page.reload();
    await openCatalog(page);
    await page.getByTestId('catalog-tag-filter').selectOption('Pilot');
    await expect.poll(() => rowNames(page)).toEqual(['Beta Kiosk']);
    await openEntry(page, 'Beta Kiosk');
    expect(await page.getByTestId('edit-version').inputValue()).toBe('2026-03 CU');
    expect(await historyOf(page)).toEqual(['distributed:ok', 'distributed:ok', 'edited:ok', 'added:ok']);

    // Offline: the service worker serves the app, IndexedDB serves the catalog.
    await context.setOffline(true);
    await page.reload();
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await openCatalog(page);
    await expect.poll(() => rowNames(page)).toEqual(wims.map((wim) => wim.name));
    await openEntry(page, 'Beta Kiosk');
    expect(await historyOf(page)).toEqual(['distributed:ok', 'distributed:ok', 'edited:ok', 'added:ok']);
    await context.setOffline(false);
  });

  it('says clearly when a catalogued file is gone, and records the failed verification', async () => {
    const { context: ctx, page } = await newAppPage(browser);
    try {
      await page.goto(server.url);
      await page.getByTestId('home').waitFor();
      await putImagesInOpfs(page);
      await openCatalog(page);
      await page.getByTestId('catalog-add').click();
      await expect.poll(() => rowNames(page), { timeout: 30_000 }).toHaveLength(3);

      await page.evaluate(async () => {
        const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('images');
        await dir.removeEntry('gamma.wim');
      });
      await openEntry(page, 'Gamma Lab');
      await page.getByTestId('detail-open').click();
      const panel = page.getByTestId('error-panel');
      await panel.waitFor();
      expect(await panel.getAttribute('data-code')).toBe('CATALOG_FILE_MISSING');
      expect(await page.getByTestId('error-message').textContent()).toContain('gone or was moved');

      await page.getByTestId('detail-verify').click();
      await expect.poll(() => historyOf(page)).toEqual(['verified:failed', 'added:ok']);

      // Opening an intact entry still works: the explorer shows the file.
      await page.getByTestId('detail-back').click();
      await openEntry(page, 'Alpha Workstation');
      await page.getByTestId('detail-open').click();
      await expect.poll(() => page.getByTestId('explorer-file').textContent()).toBe('alpha.wim');
    } finally {
      await ctx.close();
    }
  });

  it('exports the catalog as JSON and imports it on another machine as unlinked entries that relink by size and SHA-256', async () => {
    const first = await newAppPage(browser);
    const jsonPath = join(scratch.dir, 'catalog-export.json');
    try {
      await first.page.goto(server.url);
      await first.page.getByTestId('home').waitFor();
      await putImagesInOpfs(first.page);
      await openCatalog(first.page);
      await first.page.getByTestId('catalog-add').click();
      await expect.poll(() => rowNames(first.page), { timeout: 30_000 }).toHaveLength(3);
      const download = first.page.waitForEvent('download');
      await first.page.getByTestId('catalog-export').click();
      await (await download).saveAs(jsonPath);
    } finally {
      await first.context.close();
    }
    const exported = JSON.parse(await readFile(jsonPath, 'utf8')) as { format: string; images: { fileName: string; sha256: string }[] };
    expect(exported.format).toBe('imagewright-catalog');
    expect(exported.images.map((image) => [image.fileName, image.sha256]).sort()).toEqual(wims.map((wim) => [wim.file, sha256(wim.bytes)]));

    // "Another machine": a fresh profile with an empty catalog.
    const { context: ctx, page } = await newAppPage(browser);
    try {
      await page.goto(server.url);
      await page.getByTestId('home').waitFor();
      await openCatalog(page);
      await page.getByTestId('catalog-empty').waitFor();
      await page.getByTestId('catalog-import-input').setInputFiles(jsonPath);
      await expect.poll(() => rowNames(page)).toEqual(wims.map((wim) => wim.name));
      expect(await page.getByTestId('catalog-notice').textContent()).toContain('Imported 3 entries (0 already present)');
      expect(await page.locator('[data-testid=catalog-row] [data-link]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-link')))).toEqual([
        'unlinked',
        'unlinked',
        'unlinked',
      ]);

      await putImagesInOpfs(page);
      await openEntry(page, 'Beta Kiosk');
      expect(await page.getByTestId('detail-link').textContent()).toBe('Not linked');
      // Picking the wrong file is refused with the reason.
      const pickOnly = (file: string) =>
        page.evaluate(async (name) => {
          const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('images');
          const hooks = (window as unknown as { __imagewrightPickers: { files: () => Promise<FileSystemFileHandle[]> } }).__imagewrightPickers;
          hooks.files = async () => [await dir.getFileHandle(name)];
        }, file);
      await pickOnly('alpha.wim');
      await page.getByTestId('detail-relink').click();
      const panel = page.getByTestId('error-panel');
      await panel.waitFor();
      expect(await panel.getAttribute('data-code')).toBe('CATALOG_RELINK_MISMATCH');
      await pickOnly('beta.wim');
      await page.getByTestId('detail-relink').click();
      await expect.poll(() => page.getByTestId('detail-link').textContent()).toBe('Linked');
      expect(await historyOf(page)).toEqual(['relinked:ok', 'relinked:mismatch', 'imported:ok', 'added:ok']);
    } finally {
      await ctx.close();
    }
  });

  it('offers to go to the existing entry when the same file is added again (the default), or to keep a separate one', async () => {
    const { context: ctx, page } = await newAppPage(browser);
    try {
      await page.goto(server.url);
      await page.getByTestId('home').waitFor();
      await putImagesInOpfs(page);
      await openCatalog(page);
      await page.getByTestId('catalog-add').click();
      await expect.poll(() => rowNames(page), { timeout: 30_000 }).toHaveLength(3);
      await openEntry(page, 'Beta Kiosk');
      const betaId = await page.getByTestId('catalog-detail').getAttribute('data-id');
      await page.getByTestId('detail-back').click();

      // The picker now hands back beta.wim only, as a user picking it a second time.
      const pickBetaAgain = () =>
        page.evaluate(async () => {
          const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('images');
          (window as unknown as { __imagewrightPickers: { files: () => Promise<FileSystemFileHandle[]> } }).__imagewrightPickers.files = async () => [await dir.getFileHandle('beta.wim')];
        });
      await pickBetaAgain();
      await page.getByTestId('catalog-add').click();
      const prompt = page.getByTestId('duplicate-prompt');
      await prompt.waitFor({ timeout: 30_000 });
      expect(await prompt.getAttribute('data-existing')).toBe(betaId);
      expect(await prompt.textContent()).toContain('Beta Kiosk');
      // The default answer has the focus: Enter goes to the existing entry, and nothing is recorded.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('duplicate-existing');
      await page.keyboard.press('Enter');
      await page.locator(`[data-testid=catalog-detail][data-id="${betaId}"]`).waitFor();
      expect(await historyOf(page)).toEqual(['added:ok']);
      await page.getByTestId('detail-back').click();
      await expect.poll(() => rowNames(page)).toHaveLength(3);

      await page.getByTestId('catalog-add').click();
      await prompt.waitFor({ timeout: 30_000 });
      await page.getByTestId('duplicate-separate').click();
      await expect.poll(() => rowNames(page), { timeout: 30_000 }).toEqual(['Alpha Workstation', 'Beta Kiosk', 'Beta Kiosk', 'Gamma Lab']);
    } finally {
      await ctx.close();
    }
  });
});
