// The explorer on other inputs, in one headless Chromium page: a file captured from an NTFS volume (security
// descriptors), the bundled sample (PE version resources, trainee explanations), a split set with a part left
// out, and a damaged WIM. Everything is made by wimlib-imagex and mkntfs during the run.
import { existsSync } from 'node:fs';
import { mkdir, open as open_, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goToFolder, selectEntry, waitForListing } from './explorer-page';
import { ensureBuilt, launchBrowser, makeScratchDir, newAppPage, ROOT, run, startServer, type AppServer } from './harness';

let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let scratch: Awaited<ReturnType<typeof makeScratchDir>>;

beforeAll(async () => {
  await ensureBuilt();
  scratch = await makeScratchDir();
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

/** ntfs-3g's tools live in /usr/sbin, which a non-root PATH may lack. */
const sbin = (command: string): string => (existsSync(`/usr/sbin/${command}`) ? `/usr/sbin/${command}` : command);

/** The app's e2e hooks (declared on Window in src/ui/app/App.tsx, which this realm does not compile). */
interface TestHooks {
  __imagewright: { useOpfsForNextFolderPick(name: string): void };
}

/** Back to the home screen (closing whatever is open), then opens `files` through the file input. */
async function open(files: string | string[]): Promise<void> {
  const close = page.getByTestId('close-image');
  if ((await close.count()) > 0) await close.click();
  const back = page.locator('[data-testid=error-panel] button');
  if ((await back.count()) > 0) await back.first().click();
  await page.getByTestId('home').waitFor();
  await page.locator('#file-input').setInputFiles(files);
}

describe('explorer inputs', () => {
  it('shows the security descriptor and named stream of a file captured from NTFS, as wimlib-imagex reports them', async () => {
    const tree = join(scratch.dir, 'plain');
    await mkdir(tree);
    await writeFile(join(tree, 'secured.txt'), 'guarded\n');
    const plain = join(scratch.dir, 'plain.wim');
    const volume = join(scratch.dir, 'ntfs.img');
    const captured = join(scratch.dir, 'from-ntfs.wim');
    await run('wimlib-imagex', ['capture', tree, plain, 'Plain']);
    await writeFile(volume, '');
    await truncate(volume, 16 * 1024 * 1024);
    await run(sbin('mkntfs'), ['-F', '-Q', '-q', volume]);
    await run('wimlib-imagex', ['apply', plain, '1', volume]);
    const zone = join(scratch.dir, 'zone.txt');
    await writeFile(zone, '[ZoneTransfer]\r\nZoneId=3\r\n');
    await run(sbin('ntfscp'), ['-N', 'Zone.Identifier', volume, zone, '/secured.txt']); // a named stream, as downloads get
    await run('wimlib-imagex', ['capture', volume, captured, 'From NTFS']);

    // The descriptor libntfs-3g gave the file, as wimlib-imagex prints it. Decoded by hand: revision 1, control
    // 0x8004 (DACL present, self-relative), owner and group S-1-5-32-544, one ACE: allow, OI|CI, 0x1F01FF, S-1-1-0.
    const { stdout } = await run('wimlib-imagex', ['dir', captured, '1', '--path=/secured.txt', '--detailed']);
    expect(/^Security Descriptor = ([0-9a-f]+)/m.exec(stdout)?.[1]).toBe(
      '0100048014000000240000000000000034000000010200000000000520000000200200000102000000000005200000002002000002001c000100000000031400ff011f00010100000000000100000000',
    );

    await open(captured);
    await page.getByTestId('explorer').waitFor();
    await waitForListing(page, 'Image 1');
    await selectEntry(page, 'secured.txt');
    expect(await page.getByTestId('sddl').textContent()).toBe('O:BAG:BAD:(A;OICI;FA;;;WD)');
    expect(await page.locator('[data-testid=security] [data-fact=owner] dd').textContent()).toContain('BA');
    const ace = page.locator('[data-testid=dacl] [data-testid=ace] td');
    expect(await ace.nth(0).textContent()).toBe('allow');
    expect(await ace.nth(1).textContent()).toContain('WD');
    expect(await ace.nth(2).textContent()).toBe('FA');
    expect(await ace.nth(3).textContent()).toBe('OI CI');

    const streamHash = /Named data stream "Zone\.Identifier":\s*\nHash\s+= 0x([0-9a-f]{40})/.exec(stdout)?.[1];
    expect(streamHash).toMatch(/^[0-9a-f]{40}$/);
    const named = page.locator('[data-testid=streams] [data-stream="Zone.Identifier"]');
    expect(await named.textContent()).toContain(streamHash!);
    await named.getByTestId('open-stream').click();
    await page.getByTestId('stream-bar').waitFor();
    expect(await page.locator('[data-testid=text-lines] [data-line="2"] .text-line__text').textContent()).toBe('ZoneId=3');
  });

  it('shows the version resource of an .exe in the bundled sample, and explains what is on screen', async () => {
    await open(join(ROOT, 'public/samples/sample.wim'));
    await page.getByTestId('explorer').waitFor();
    await waitForListing(page, 'Image 1');
    await page.getByTestId('learn-toggle').click();
    expect(await page.getByTestId('learn-panel').getAttribute('data-topic')).toBe('wim');
    expect(await page.getByTestId('learn-title').textContent()).toBe('What a WIM file is');

    await goToFolder(page, 1, '/Windows');
    await selectEntry(page, 'notepad.exe');
    expect(await page.getByTestId('learn-panel').getAttribute('data-topic')).toBe('installWim');
    await page.getByTestId('tab-preview').click();
    const pe = page.getByTestId('pe-version');
    await pe.waitFor();
    // What scripts/make-sample.mjs wrote into the resource (10.0.22631.4460, "Notepad").
    expect(await pe.locator('[data-fact=fileVersion] dd').textContent()).toBe('10.0.22631.4460');
    expect(await pe.locator('[data-fact="string-FileDescription"] dd').textContent()).toBe('Notepad');
    await page.getByTestId('learn-toggle').click();
  });

  it('browses a solid LZMS ESD exported by wimlib-imagex and previews a file from inside a solid block', async () => {
    const tree = join(scratch.dir, 'esd-tree');
    await mkdir(join(tree, 'sources'), { recursive: true });
    const lines = Array.from({ length: 4000 }, (_, i) => `${i}: component store entry amd64_microsoft-windows-${i % 97}\r\n`).join('');
    await writeFile(join(tree, 'sources/manifest.txt'), lines);
    for (let i = 0; i < 20; i++) await writeFile(join(tree, `sources/part${i}.dat`), `payload ${i}\n`.repeat(2000 + i));
    const wim = join(scratch.dir, 'esd-source.wim');
    const esd = join(scratch.dir, 'install.esd');
    await run('wimlib-imagex', ['capture', tree, wim, 'Solid']);
    await run('wimlib-imagex', ['export', wim, '1', esd, '--solid']);
    expect((await run('wimlib-imagex', ['info', esd])).stdout).toMatch(/^Compression:\s+LZMS/m);

    await open(esd);
    await page.getByTestId('explorer').waitFor();
    await goToFolder(page, 1, '/sources');
    expect(await page.getByTestId('entry-list').getAttribute('data-count')).toBe('21');
    await selectEntry(page, 'manifest.txt');
    await page.getByTestId('tab-preview').click();
    await page.getByTestId('text-preview').waitFor();
    const source = lines.split('\r\n');
    expect(await page.locator('[data-testid=text-lines] [data-line="1"] .text-line__text').textContent()).toBe(source[0]);
    await page.getByTestId('text-lines').focus();
    await page.keyboard.press('End');
    expect(await page.locator('[data-testid=text-lines] [data-line="4000"] .text-line__text').textContent()).toBe(source[3999]);
  });

  it('cancels an extraction on request and leaves no half-written file in the target folder', async () => {
    const tree = join(scratch.dir, 'large');
    await mkdir(tree);
    // Big enough that the job is still writing when the first progress event has been shown and Cancel clicked.
    const chunk = Buffer.alloc(1 << 20);
    const handle = await open_(join(tree, 'large.bin'), 'w');
    for (let i = 0; i < 192; i++) {
      chunk.fill(i);
      chunk.writeUInt32LE(i * 2654435761 >>> 0, 0);
      await handle.write(chunk);
    }
    await handle.close();
    const wim = join(scratch.dir, 'large.wim');
    await run('wimlib-imagex', ['capture', tree, wim, 'Large', '--compress=none']);
    await rm(tree, { recursive: true });

    await open(wim);
    await page.getByTestId('explorer').waitFor();
    await waitForListing(page, 'Image 1');
    await selectEntry(page, 'large.bin');
    await page.evaluate(() => (window as unknown as TestHooks).__imagewright.useOpfsForNextFolderPick('cancel-e2e'));
    await page.getByTestId('extract-selection').click();
    await page.getByTestId('progress').waitFor();
    await page.getByTestId('progress-cancel').click();
    await page.getByTestId('extract-cancelled').waitFor();
    // The UI reports the cancel at once; the engine then aborts the file's writable (its swap file goes away).
    const left = () =>
      page.evaluate(async () => {
        const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('cancel-e2e');
        const names: string[] = [];
        for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
        return names;
      });
    await expect.poll(left, { timeout: 15_000 }).toEqual([]);
    await rm(wim);
  });

  it('names the missing part of a split set, then opens the set once that part is added', async () => {
    const tree = join(scratch.dir, 'noise');
    await mkdir(tree);
    for (let i = 0; i < 4; i++) await writeFile(join(tree, `blob${i}.bin`), Buffer.from(Array.from({ length: 40_000 }, (_, j) => (j * 7919 + i * 104729) % 251)));
    const wim = join(scratch.dir, 'install.wim');
    await run('wimlib-imagex', ['capture', tree, wim, 'Split me', '--compress=none']);
    const splitDir = join(scratch.dir, 'split');
    await mkdir(splitDir);
    await run('wimlib-imagex', ['split', wim, join(splitDir, 'install.swm'), '0.05']);
    const parts = (await readdir(splitDir)).sort();
    expect(parts.length).toBeGreaterThan(2);
    const missing = parts.filter((name) => name !== 'install.swm' && name !== parts[1]);

    await open([join(splitDir, 'install.swm'), join(splitDir, parts[1]!)]);
    await page.getByTestId('missing-parts').waitFor();
    expect(await page.getByTestId('error-panel').getAttribute('data-code')).toBe('SWM_PARTS_MISSING');
    expect((await page.getByTestId('missing-part').allTextContents()).sort()).toEqual(missing.sort());

    await page.locator('#missing-parts-input').setInputFiles(missing.map((name) => join(splitDir, name)));
    await page.getByTestId('explorer').waitFor();
    await waitForListing(page, 'Image 1');
    expect(await page.locator('[data-testid=entry-list] [data-testid=entry]').count()).toBe(4);
  });

  it('shows a damaged WIM in the error panel, with its code, and stays usable', async () => {
    const source = join(scratch.dir, 'install.wim');
    const bytes = await readFile(source);
    const damaged = join(scratch.dir, 'damaged.wim');
    await writeFile(damaged, bytes.subarray(0, Math.floor(bytes.length / 2))); // the tables at the end are gone
    await open(damaged);
    const panel = page.getByTestId('error-panel');
    await panel.waitFor();
    expect(await panel.getAttribute('data-code')).toMatch(/^[A-Z_]+$/);
    expect(await panel.locator('[data-fact=code] dd').textContent()).toMatch(/\(\d{4}\)$/);
    await panel.getByRole('button').click();
    await page.getByTestId('home').waitFor();
    await page.getByTestId('open-sample').click();
    await page.getByTestId('explorer').waitFor();
  });
});
