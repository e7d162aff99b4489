// The explorer in headless Chromium on a two-image WIM made by wimlib-imagex during the run: image list, keyboard
// navigation, a 3000-entry folder, sort, search, properties, previews (text, image, hex), extraction into OPFS
// (downloads without a folder picker: explorer-download.test.ts), the image doctor, trainee explanations, and
// French / English. One browser and one page for the whole file.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFiles, hashTree, makeExplorerFixture, MANY_FILES, type ExplorerFixture } from './explorer-fixtures';
import { activeEntryName, goToFolder, hashOpfsDirectory, selectEntry, shownEntryNames, waitForListing } from './explorer-page';
import { ensureBuilt, launchBrowser, makeScratchDir, newAppPage, run, startServer, wimlibImageNames, type AppServer } from './harness';

let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let scratch: Awaited<ReturnType<typeof makeScratchDir>>;
let fixture: ExplorerFixture;

beforeAll(async () => {
  await ensureBuilt();
  scratch = await makeScratchDir();
  fixture = await makeExplorerFixture(scratch.dir);
  server = await startServer();
  browser = await launchBrowser();
  ({ context, page } = await newAppPage(browser));
  await page.goto(server.url);
  await page.getByTestId('home').waitFor();
  await page.locator('#file-input').setInputFiles(fixture.wim);
  await page.getByTestId('explorer').waitFor();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  await scratch?.remove();
});

/** Children of a source folder in the order the tree shows them by default: folders first, then by name. */
async function expectedOrder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  return entries
    .sort((a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || collator.compare(a.name, b.name))
    .map((entry) => entry.name);
}

/** The app's e2e hooks (declared on Window in src/ui/app/App.tsx, which this realm does not compile). */
interface TestHooks {
  __imagewright: { useOpfsForNextFolderPick(name: string, keep?: boolean): void };
}

/** Extracts the current folder into the OPFS directory `target` and resolves to the outcome line. */
async function extractCurrentFolder(target: string, keep: boolean) {
  await page.evaluate(([name, again]) => (window as unknown as TestHooks).__imagewright.useOpfsForNextFolderPick(name, again), [target, keep] as const);
  await page.getByTestId('extract-folder').click();
  const done = page.getByTestId('extract-done');
  const failed = page.locator('[data-testid=extract-bar] [data-testid=error-panel]');
  await done.or(failed).waitFor({ timeout: 60_000 });
  if ((await failed.count()) > 0) throw new Error(`extraction failed: ${await failed.textContent()}`);
  return done;
}

function fact(scope: string, key: string) {
  return page.locator(`[data-testid=${scope}] [data-fact="${key}"] dd`);
}

describe('explorer', () => {
  it('lists every image of a two-image WIM with the names wimlib-imagex reports', async () => {
    expect(await page.getByTestId('explorer-file').textContent()).toBe('reference.wim');
    expect(await page.getByTestId('image-list-name').allTextContents()).toEqual(await wimlibImageNames(fixture.wim));
    await waitForListing(page, 'Image 1');
    expect(await shownEntryNames(page)).toEqual(await expectedOrder(fixture.windowsTree));
  });

  it('browses with the keyboard: type-ahead, Enter opens, Backspace goes up, breadcrumbs lead back', async () => {
    await goToFolder(page, 1, '/');
    const list = page.getByTestId('entry-list');
    await list.focus();
    await page.keyboard.type('win');
    expect(await activeEntryName(page)).toBe('Windows');
    await page.keyboard.press('Enter');
    await waitForListing(page, 'Windows');
    expect(await shownEntryNames(page)).toEqual(await expectedOrder(join(fixture.windowsTree, 'Windows')));

    await page.keyboard.type('pa');
    expect(await activeEntryName(page)).toBe('Panther');
    await page.keyboard.press('Enter');
    await waitForListing(page, 'Panther');
    expect(await shownEntryNames(page)).toEqual(['setupact.log', 'setuperr.log', 'unattend.xml']);
    await page.keyboard.press('End');
    expect(await activeEntryName(page)).toBe('unattend.xml');
    await page.keyboard.press('ArrowUp');
    expect(await activeEntryName(page)).toBe('setuperr.log');

    await page.keyboard.press('Backspace');
    await waitForListing(page, 'Windows');
    await page.getByTestId('crumb').first().click();
    await waitForListing(page, 'Image 1');

    // "/" jumps to the search box, ArrowDown back into the results.
    await list.focus();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search-box');
    await page.keyboard.type('unattend*');
    await expect.poll(() => page.getByTestId('tree-status').textContent()).toBe('1 found');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await activeEntryName(page, 'search-results')).toBe('unattend.xml');
    await page.getByTestId('search-box').fill('');
    await page.getByTestId('entry-list').waitFor();
  });

  it(`keeps only the visible rows of a ${MANY_FILES}-entry folder in the page and still reaches its end`, async () => {
    await goToFolder(page, 1, '/Windows/WinSxS/Manifests');
    const list = page.getByTestId('entry-list');
    expect(await list.getAttribute('data-count')).toBe(String(MANY_FILES));
    const rendered = () => page.locator('[data-testid=entry-list] [data-testid=entry]').count();
    expect(await rendered()).toBeLessThan(100);
    await list.focus();
    await page.keyboard.press('End');
    const last = `amd64_component-${String(MANY_FILES - 1).padStart(5, '0')}.manifest`;
    await expect.poll(() => activeEntryName(page)).toBe(last);
    expect(await rendered()).toBeLessThan(100);
    await page.keyboard.press('PageUp');
    expect(await activeEntryName(page)).not.toBe(last);
    await page.keyboard.press('Home');
    expect(await activeEntryName(page)).toBe('amd64_component-00000.manifest');
  });

  it('sorts by size, largest first, and back by name', async () => {
    await goToFolder(page, 1, '/Data');
    const dir = join(fixture.windowsTree, 'Data');
    const sizes = await Promise.all((await readdir(dir)).map(async (name) => ({ name, size: (await stat(join(dir, name))).size })));
    await page.getByTestId('sort-size').click();
    const bySize = [...sizes].sort((a, b) => b.size - a.size || a.name.localeCompare(b.name)).map((f) => f.name);
    expect(await shownEntryNames(page)).toEqual(bySize);
    await page.getByTestId('sort-name').click();
    expect(await shownEntryNames(page)).toEqual(await expectedOrder(dir));
  });

  it('finds files by wildcard across the whole image, matches streaming into the list', async () => {
    await page.getByTestId('search-box').fill('*.log');
    const expected = await findFiles(fixture.windowsTree, (name) => name.endsWith('.log'));
    await expect.poll(() => page.getByTestId('tree-status').textContent()).toBe(`${expected.length} found`);
    const found = await page.locator('[data-testid=search-results] [data-testid=entry]').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.path!));
    expect(found.sort()).toEqual(expected.sort());

    await page.getByTestId('search-box').fill('amd64_component-0299?.manifest');
    await expect.poll(() => page.getByTestId('tree-status').textContent()).toBe('10 found');
    await page.getByTestId('search-box').press('Escape');
    await page.getByTestId('entry-list').waitFor();
  });

  it('shows the properties of a hard-linked file as wimlib-imagex reports them: size, attributes, SHA-1, both names', async () => {
    await goToFolder(page, 1, '/Data');
    await selectEntry(page, 'link-a.txt');
    const { stdout } = await run('wimlib-imagex', ['dir', fixture.wim, '1', '--path=/Data/link-a.txt', '--detailed']);
    const wimlibAttributes = [...stdout.matchAll(/FILE_ATTRIBUTE_(\w+) is set/g)].map((m) => m[1]!);
    const wimlibHash = /^Hash\s+= 0x([0-9a-f]{40})/m.exec(stdout)![1];
    const wimlibSize = /^Uncompressed size = (\d+) bytes/m.exec(stdout)![1];
    expect(/^Link Count\s+= (\d+)/m.exec(stdout)![1]).toBe('2');

    await page.getByTestId('properties').waitFor();
    expect(await fact('properties', 'sha1').textContent()).toBe(wimlibHash);
    expect(await fact('properties', 'size').textContent()).toBe(`${wimlibSize}\u00a0B`);
    expect(await page.locator('[data-testid=properties] [data-fact=attributes] .chip').allTextContents()).toEqual(wimlibAttributes);
    expect((await page.locator('[data-testid=hard-links] li').allTextContents()).sort()).toEqual(['/Data/link-a.txt', '/Data/link-b.txt']);
  });

  it('shows a symbolic link as the reparse point wimlib-imagex stored, with its target', async () => {
    await goToFolder(page, 1, '/Links');
    await selectEntry(page, 'readme-link.txt');
    const { stdout } = await run('wimlib-imagex', ['dir', fixture.wim, '1', '--path=/Links/readme-link.txt', '--detailed']);
    expect(/^Reparse Tag\s+= (0x[0-9a-f]+)/m.exec(stdout)?.[1]).toBe('0xa000000c'); // IO_REPARSE_TAG_SYMLINK
    await page.getByTestId('properties').waitFor();
    expect(await fact('properties', 'kind').textContent()).toBe('Symbolic link');
    expect(await fact('properties', 'reparse').textContent()).toBe('SYMLINK');
    expect(await fact('properties', 'target').textContent()).toMatch(/link-a\.txt/);
    expect(await page.locator('[data-testid=properties] [data-fact=attributes] .chip').allTextContents()).toContain('REPARSE_POINT');
  });

  it('previews a setup log in place with its error lines marked', async () => {
    await goToFolder(page, 1, '/Windows/Panther');
    await selectEntry(page, 'setuperr.log');
    await page.getByTestId('entry-list').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('text-preview').waitFor();
    const source = (await readFile(join(fixture.windowsTree, 'Windows/Panther/setuperr.log'), 'utf8')).split(/\r?\n/);
    const errorLines = source.flatMap((line, i) => (/, Error\b/.test(line) ? [String(i + 1)] : []));
    expect(errorLines.length).toBeGreaterThan(0);
    const marked = await page.locator('[data-testid=text-lines] [data-mark=error]').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.line!));
    expect(marked).toEqual(errorLines);
    expect(await page.locator('[data-testid=text-lines] [data-line="1"] .text-line__text').textContent()).toBe(source[0]);
  });

  it('previews a PNG through a blob URL', async () => {
    await goToFolder(page, 1, '/Data');
    await selectEntry(page, 'logo.png');
    await page.getByTestId('tab-preview').click();
    const image = page.locator('[data-testid=image-preview] img');
    await image.waitFor();
    await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(2);
    expect(await image.getAttribute('src')).toMatch(/^blob:/);
  });

  it('pages a 300 KB binary in the hex view, fetching rows as they scroll into view', async () => {
    await goToFolder(page, 1, '/Data');
    await selectEntry(page, 'blob.bin');
    await page.getByTestId('tab-hex').click();
    const bytes = await readFile(join(fixture.windowsTree, 'Data/blob.bin'));
    const hexOf = (slice: Buffer) => [...slice].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
    const row = (offset: number) => page.locator(`[data-testid=hex-rows] [data-offset="${offset}"] [data-testid=hex-bytes]`);
    await expect.poll(() => row(0).textContent()).toBe(hexOf(bytes.subarray(0, 16)));
    expect(await page.getByTestId('hex-rows').getAttribute('data-count')).toBe(String(Math.ceil(bytes.length / 16)));
    await page.getByTestId('hex-rows').focus();
    await page.keyboard.press('End');
    const lastOffset = Math.floor((bytes.length - 1) / 16) * 16;
    await expect.poll(() => row(lastOffset).textContent()).toBe(hexOf(bytes.subarray(lastOffset)));
  });

  it('extracts a folder into an OPFS directory, byte for byte the source tree', async () => {
    await goToFolder(page, 1, '/Windows/System32');
    const done = await extractCurrentFolder('extract-e2e', false);
    const expected = await hashTree(join(fixture.windowsTree, 'Windows/System32'));
    const written = await hashOpfsDirectory(page, 'extract-e2e');
    expect(new Map(Object.entries(written))).toEqual(new Map([...expected].map(([path, hash]) => [`System32/${path}`, hash])));
    expect(await done.getAttribute('data-files')).toBe(String(expected.size));
  });

  it('follows the conflict policy when extracting into a folder that already holds the files', async () => {
    await goToFolder(page, 1, '/Windows/Panther');
    const source = await hashTree(join(fixture.windowsTree, 'Windows/Panther'));
    const names = [...source.keys()].sort();
    const inTarget = async () => Object.keys(await hashOpfsDirectory(page, 'conflict-e2e')).sort();

    await extractCurrentFolder('conflict-e2e', false);
    expect(await inTarget()).toEqual(names.map((n) => `Panther/${n}`));

    await page.getByTestId('conflict-policy').selectOption('skip');
    const skipped = await extractCurrentFolder('conflict-e2e', true);
    expect(await skipped.getAttribute('data-skipped')).toBe(String(names.length));
    expect(await inTarget()).toEqual(names.map((n) => `Panther/${n}`));

    await page.getByTestId('conflict-policy').selectOption('keep-both');
    const kept = await extractCurrentFolder('conflict-e2e', true);
    expect(await kept.getAttribute('data-kept-both')).toBe(String(names.length));
    const twice = names.flatMap((n) => [`Panther/${n}`, `Panther/${n.replace(/(\.[^.]+)$/, ' (2)$1')}`]).sort();
    expect(await inTarget()).toEqual(twice);

    await page.getByTestId('conflict-policy').selectOption('overwrite');
    await extractCurrentFolder('conflict-e2e', true);
    const written = await hashOpfsDirectory(page, 'conflict-e2e');
    expect(Object.keys(written).sort()).toEqual(twice);
    for (const name of names) expect(written[`Panther/${name}`]).toBe(source.get(name));
    await page.getByTestId('conflict-policy').selectOption('keep-both');
  });

  it('runs the doctor: generalized, setup log errors, a password in the answer file, a leftover profile — each with why it matters', async () => {
    await page.getByTestId('view-doctor').click();
    const findings = page.getByTestId('finding');
    await page.getByTestId('findings').waitFor({ timeout: 60_000 });
    const ids = await findings.evaluateAll((items) => items.map((item) => `${(item as HTMLElement).dataset.id}:${(item as HTMLElement).dataset.severity}`));
    expect(ids).toContain('generalized:ok');
    expect(ids).toContain('answer-file-password:warn');
    expect(ids).toContain('user-profiles:warn');
    expect(ids).toContain('setup-log:warn');
    for (const why of await page.getByTestId('finding-why').allTextContents()) expect(why.length).toBeGreaterThan(30);
    expect(await page.locator('[data-testid=finding][data-id=user-profiles] [data-testid=finding-title]').textContent()).toContain('tech01');
    expect(await page.locator('[data-testid=finding][data-id=generalized] [data-testid=finding-title]').textContent()).toBe(
      'Generalized by Sysprep (IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE)',
    );

    await page.getByTestId('learn-toggle').click();
    expect(await page.getByTestId('learn-panel').getAttribute('data-topic')).toBe('sysprep');
    expect(await page.getByTestId('learn-title').textContent()).toBe('Sysprep: generalize, OOBE, audit mode');

    // A log named by the doctor opens in place, errors marked.
    await page.locator('[data-testid=finding-path][data-path$="Windows/Panther/setuperr.log" i]').first().click();
    await page.getByTestId('text-preview').waitFor();
    expect(await page.locator('[data-testid=text-lines] [data-mark=error]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('learn-panel').getAttribute('data-topic')).toBe('logs');
  });

  it('switches the explorer, the doctor and the explanations between French and English', async () => {
    await page.getByTestId('view-doctor').click();
    await page.getByTestId('findings').waitFor();
    await page.getByTestId('locale-fr').click();
    expect(await page.locator('[data-testid=finding][data-id=generalized] [data-testid=finding-title]').textContent()).toBe(
      'Généralisée par Sysprep (IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE)',
    );
    expect(await page.getByTestId('learn-title').textContent()).toBe('Sysprep : généralisation, OOBE, mode audit');
    expect(await page.getByTestId('view-files').textContent()).toBe('Parcourir les fichiers');
    await page.getByTestId('view-files').click();
    expect(await page.getByTestId('sort-date').textContent()).toContain('Modifié le');

    await page.getByTestId('locale-en').click();
    expect(await page.getByTestId('view-files').textContent()).toBe('Browse files');
    await page.getByTestId('learn-toggle').click(); // leave the panel closed for the next tests
    await page.getByTestId('learn-panel').waitFor({ state: 'detached' });
  });

  it('says so when an image is not a Windows installation', async () => {
    await page.locator('[data-testid=image-list-item][data-index="2"]').click();
    await page.getByTestId('view-doctor').click();
    await page.getByTestId('not-windows').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid=finding]').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.id))).toContain('not-windows');
    await page.getByTestId('view-files').click();
    await waitForListing(page, 'Image 2');
    expect(await shownEntryNames(page)).toEqual(['Tools']);
    await page.locator('[data-testid=image-list-item][data-index="1"]').click();
    await waitForListing(page, 'Image 1');
  });
});
