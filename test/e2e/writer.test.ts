// The writer in real Chromium: a folder in OPFS (a small tree with unicode names and a few MB, written by the
// test) is captured through the wizard into an OPFS .wim; a solid ESD made by wimlib-imagex is exported to a WIM
// from the explorer; that WIM is split into small parts. Every output is read back out of OPFS and checked with
// wimlib-imagex (verify, apply, apply --ref) against the source tree, byte for byte. The pickers are test hooks
// (window.__imagewrightWriterPickers) returning OPFS handles — the code after the pick is the real one.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, launchBrowser, makeScratchDir, newAppPage, run, startServer, type AppServer } from './harness';

let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let scratch: Awaited<ReturnType<typeof makeScratchDir>>;

/** The source tree: unicode names, nested folders, an empty file, duplicates, ~3 MB in files of ≤ 400 KB. */
const TREE: Record<string, Buffer> = {
  'Été/naïve résumé.txt': Buffer.from('déjà vu — 日本語 — Ωμέγα\n'),
  'Été/日本語/データ.bin': randomBytes(400_000),
  'Windows/System32/drivers/etc/hosts': Buffer.from('127.0.0.1 localhost\r\n'),
  'Windows/System32/a.dll': randomBytes(400_000),
  'Windows/System32/b.dll': randomBytes(350_000),
  'Windows/System32/copy-of-a.dll': Buffer.alloc(0),
  'Program Files/Ünïcödé/app.exe': randomBytes(380_000),
  'Program Files/Ünïcödé/app.log': Buffer.from('line\n'.repeat(60_000)),
  'data/one.bin': randomBytes(300_000),
  'data/two.bin': randomBytes(300_000),
  'empty.txt': Buffer.alloc(0),
};
TREE['Windows/System32/copy-of-a.dll'] = TREE['Windows/System32/a.dll']!;

async function writeTree(root: string): Promise<void> {
  for (const [path, bytes] of Object.entries(TREE)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), bytes);
  }
}

async function expectSameTree(applied: string): Promise<void> {
  for (const [path, bytes] of Object.entries(TREE)) expect((await readFile(join(applied, path))).equals(bytes), path).toBe(true);
  const { stdout } = await run('find', [applied, '-type', 'f']);
  expect(stdout.trim().split('\n').length).toBe(Object.keys(TREE).length);
}

/** Writes the tree into OPFS /capture-src and arms the writer pickers with OPFS handles. */
async function armPickers(): Promise<void> {
  const files = Object.entries(TREE).map(([path, bytes]) => ({ path, bytes: bytes.toString('base64') }));
  await page.evaluate(async (entries) => {
    const root = await navigator.storage.getDirectory();
    for (const name of ['capture-src', 'outputs', 'parts']) await root.removeEntry(name, { recursive: true }).catch(() => undefined);
    const src = await root.getDirectoryHandle('capture-src', { create: true });
    for (const { path, bytes } of entries) {
      const names = path.split('/');
      let dir = src;
      for (const name of names.slice(0, -1)) dir = await dir.getDirectoryHandle(name, { create: true });
      const writable = await (await dir.getFileHandle(names.at(-1)!, { create: true })).createWritable();
      await writable.write(Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0)));
      await writable.close();
    }
    const outputs = await root.getDirectoryHandle('outputs', { create: true });
    (window as unknown as { __imagewrightWriterPickers: unknown }).__imagewrightWriterPickers = {
      captureFolder: async () => src,
      saveFile: async (name: string) => outputs.getFileHandle(name, { create: true }),
      partsFolder: async () => root.getDirectoryHandle('parts', { create: true }),
    };
  }, files);
}

/** The files of an OPFS folder, read out of the browser into the scratch folder. */
async function readOpfs(folder: string): Promise<string[]> {
  const files = await page.evaluate(async (name) => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(name);
    const out: { name: string; base64: string }[] = [];
    for await (const handle of (dir as unknown as { values(): AsyncIterable<FileSystemFileHandle> }).values()) {
      const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      out.push({ name: handle.name, base64: btoa(text) });
    }
    return out;
  }, folder);
  for (const f of files) await writeFile(join(scratch.dir, f.name), Buffer.from(f.base64, 'base64'));
  return files.map((f) => f.name).sort();
}

beforeAll(async () => {
  await ensureBuilt();
  scratch = await makeScratchDir();
  await writeTree(join(scratch.dir, 'tree'));
  await run('wimlib-imagex', ['capture', join(scratch.dir, 'tree'), join(scratch.dir, 'solid.esd'), 'Solid', '--solid']);
  server = await startServer();
  browser = await launchBrowser();
  ({ context, page } = await newAppPage(browser));
  page.setDefaultTimeout(60_000);
  await page.goto(server.url);
  await armPickers();
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  await scratch?.remove();
});

describe('writer', () => {
  it('captures an OPFS folder through the wizard into a WIM that wimlib verifies and applies byte-identical', async () => {
    await page.getByTestId('nav-capture').click();
    await page.getByTestId('capture-pick').click();
    await expect.poll(() => page.getByTestId('capture-name').inputValue()).toBe('capture-src');
    await page.getByTestId('capture-name').fill('Arbre Unicode');
    await page.getByTestId('capture-description').fill('Capturé dans Chromium');
    // A chunk size Windows Setup refuses is allowed, with a warning; back to the default before writing.
    await page.locator('[data-testid=write-options] summary').click();
    await page.getByTestId('write-chunk').selectOption('65536');
    await page.getByTestId('write-chunk-warning').waitFor();
    await page.getByTestId('write-chunk').selectOption('');
    expect(await page.getByTestId('write-chunk-warning').count()).toBe(0);
    await page.getByTestId('capture-start').click();
    await page.getByTestId('capture-done').waitFor();

    expect(await readOpfs('outputs')).toEqual(['Arbre Unicode.wim']);
    const wim = join(scratch.dir, 'Arbre Unicode.wim');
    await run('wimlib-imagex', ['verify', wim]);
    const { stdout: info } = await run('wimlib-imagex', ['info', wim, '1']);
    expect(info).toMatch(/Name:\s+Arbre Unicode/);
    expect(info).toMatch(/Description:\s+Capturé dans Chromium/);
    const { stdout: header } = await run('wimlib-imagex', ['info', wim, '--header']);
    expect(header).toMatch(/Chunk Size\s+=\s+32768/);
    await run('wimlib-imagex', ['apply', wim, '1', join(scratch.dir, 'applied-capture')]);
    await expectSameTree(join(scratch.dir, 'applied-capture'));

    // The result opens in the explorer.
    await page.getByTestId('capture-open').click();
    await expect.poll(() => page.getByTestId('explorer-file').textContent()).toBe('Arbre Unicode.wim');
  });

  it('exports a wimlib solid ESD to a WIM from the explorer, which wimlib verifies and applies', async () => {
    await page.getByTestId('close-image').click();
    await page.locator('#file-input').setInputFiles(join(scratch.dir, 'solid.esd'));
    await expect.poll(() => page.getByTestId('explorer-file').textContent()).toBe('solid.esd');
    await page.getByTestId('write-toggle').click();
    await page.getByTestId('write-export').click();
    await page.getByTestId('write-result').waitFor();
    expect(await readOpfs('outputs')).toContain('solid-export.wim');
    const wim = join(scratch.dir, 'solid-export.wim');
    await run('wimlib-imagex', ['verify', wim]);
    const { stdout } = await run('wimlib-imagex', ['info', wim]);
    expect(stdout).toMatch(/Compression:\s+LZX/);
    await run('wimlib-imagex', ['apply', wim, '1', join(scratch.dir, 'applied-export')]);
    await expectSameTree(join(scratch.dir, 'applied-export'));
  });

  it('splits a WIM into small parts from the explorer that wimlib applies with --ref', async () => {
    // The exported WIM (LZX, files ≤ 400 KB): a solid ESD's single 64 MiB chunk could not be cut that small.
    await page.getByTestId('close-image').click();
    await page.locator('#file-input').setInputFiles(join(scratch.dir, 'solid-export.wim'));
    await expect.poll(() => page.getByTestId('explorer-file').textContent()).toBe('solid-export.wim');
    await page.getByTestId('write-toggle').click();
    await page.getByTestId('write-part-size').fill('0.5');
    await page.getByTestId('write-split').click();
    await page.getByTestId('write-result').filter({ hasText: 'solid-export.swm' }).waitFor();
    const parts = await readOpfs('parts');
    expect(parts.length).toBeGreaterThan(2);
    expect(parts).toContain('solid-export2.swm');
    for (const part of parts) expect((await readFile(join(scratch.dir, part))).length).toBeLessThanOrEqual(512 * 1024);
    await run('wimlib-imagex', ['apply', join(scratch.dir, 'solid-export.swm'), '1', join(scratch.dir, 'applied-swm'), `--ref=${join(scratch.dir, 'solid-export*.swm')}`]);
    await expectSameTree(join(scratch.dir, 'applied-swm'));
  });

  it('adds a capture to the catalog, keeps the doctor verdict, and records an LZMS ESD export and a split in its history', async () => {
    await page.getByTestId('close-image').click();
    await page.getByTestId('nav-capture').click();
    await page.getByTestId('capture-pick').click();
    await page.getByTestId('capture-name').fill('Catalogued');
    await page.getByTestId('capture-start').click();
    await page.getByTestId('capture-done').waitFor();
    await page.getByTestId('capture-add').click();
    await page.getByTestId('capture-added').waitFor();

    await page.getByTestId('nav-catalog').click();
    await page.getByTestId('catalog-entry-name').filter({ hasText: 'Catalogued' }).click();
    await page.getByTestId('catalog-detail').waitFor();
    await page.getByTestId('detail-doctor').click();
    await expect.poll(() => page.getByTestId('detail-index').textContent()).toMatch(/Doctor: windows/);

    await page.getByTestId('write-preset').selectOption('esd');
    await page.getByTestId('write-export').click();
    await page.getByTestId('write-result').waitFor();
    expect(await readOpfs('outputs')).toContain('Catalogued-export.esd');
    const esd = join(scratch.dir, 'Catalogued-export.esd');
    await run('wimlib-imagex', ['verify', esd]);
    expect((await run('wimlib-imagex', ['info', esd])).stdout).toMatch(/Compression:\s+LZMS/);
    await run('wimlib-imagex', ['apply', esd, '1', join(scratch.dir, 'applied-esd')]);
    await expectSameTree(join(scratch.dir, 'applied-esd'));

    await page.getByTestId('write-part-size').fill('0.5');
    await page.getByTestId('write-split').click();
    await page.getByTestId('write-result').filter({ hasText: 'Catalogued.swm' }).waitFor();
    const kinds = () => page.getByTestId('history-event').evaluateAll((items) => items.map((i) => `${(i as HTMLElement).dataset.kind}:${(i as HTMLElement).dataset.result}`));
    await expect.poll(kinds).toContain('split:ok');
    expect(await kinds()).toContain('exported:ok');
  });

  it('cancels a capture: the existing output file keeps its bytes and the next capture still works', async () => {
    // 16 MB of random bytes compressed as a solid LZMS ESD: seconds of work, far more than one click takes.
    await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const src = await root.getDirectoryHandle('big-src', { create: true });
      const writable = await (await src.getFileHandle('noise.bin', { create: true })).createWritable();
      const piece = new Uint8Array(65536);
      for (let i = 0; i < 256; i++) await writable.write(crypto.getRandomValues(piece));
      await writable.close();
      const outputs = await root.getDirectoryHandle('outputs');
      const old = await (await outputs.getFileHandle('Big.esd', { create: true })).createWritable();
      await old.write(new TextEncoder().encode('old contents'));
      await old.close();
      const pickers = (window as unknown as { __imagewrightWriterPickers: { captureFolder(): Promise<FileSystemDirectoryHandle> } }).__imagewrightWriterPickers;
      pickers.captureFolder = async () => src;
    });
    await page.getByTestId('nav-capture').click();
    await page.getByTestId('capture-pick').click();
    await page.getByTestId('capture-name').fill('Big');
    await page.getByTestId('write-preset').selectOption('esd');
    await page.getByTestId('capture-start').click();
    await page.getByTestId('job-cancel').click();
    await expect.poll(() => page.getByTestId('job-progress').count()).toBe(0);
    expect(await page.getByTestId('capture-done').count()).toBe(0);
    expect(await page.getByTestId('error-panel').count()).toBe(0);
    const kept = await page.evaluate(async () => {
      const outputs = await (await navigator.storage.getDirectory()).getDirectoryHandle('outputs');
      return (await (await outputs.getFileHandle('Big.esd')).getFile()).text();
    });
    expect(kept).toBe('old contents');

    // Same worker, same folder: a WIM this time, which completes.
    await page.getByTestId('write-preset').selectOption('wim');
    await page.getByTestId('capture-start').click();
    await page.getByTestId('capture-done').waitFor();
    expect(await readOpfs('outputs')).toContain('Big.wim');
    await run('wimlib-imagex', ['verify', join(scratch.dir, 'Big.wim')]);
  });
});
