// extractEntries into a FileSystemDirectoryHandle (in-memory fake with Chromium's semantics), conflict policies,
// cancel without a half file, the ZIP stream checked by 7-Zip, and split sets with missing parts named.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplorerApi, ExplorerProgress, OpenedImage } from '../../../../src/engine/explorer/explorer-api';
import { ErrorCode, isAbortError } from '../../../../src/shared/errors';
import { noise } from '../../../interop/fixtures';
import { FakeDirectoryHandle, FakeFile } from '../../io/fake-directory-handle';
import { captureWim, engineFile, nodeExplorer, stageSampleTree, tempDir } from './explorer-fixtures';

let dir: string;
let tree: string;
let api: ExplorerApi;
let opened: OpenedImage;

beforeAll(async () => {
  dir = tempDir('extract');
  tree = stageSampleTree(dir);
  writeFileSync(join(tree, 'big.bin'), noise(6 * 1024 * 1024, 7));
  // wimlib keeps a blob in one part: more big blobs make more parts.
  writeFileSync(join(tree, 'big2.bin'), noise(3 * 1024 * 1024, 8));
  writeFileSync(join(tree, 'big3.bin'), noise(3 * 1024 * 1024, 9));
  const wim = captureWim(tree, dir, 'install.wim', '--compress=LZX');
  execFileSync('wimlib-imagex', ['split', wim, join(dir, 'install.swm'), '2'], { stdio: 'ignore' });
  api = nodeExplorer();
  opened = await api.openImage([await engineFile(wim)]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('extractEntries to a directory handle', () => {
  it('writes a folder under its own name with the same bytes as the source tree', async () => {
    const target = new FakeDirectoryHandle();
    const progress: ExplorerProgress[] = [];
    const summary = await api.extractEntries(opened.sessionId, 1, ['/Windows/Panther'], target.asHandle(), { conflict: 'overwrite' }, (p) => void progress.push(p));
    const files = target.files();
    expect([...files.keys()].sort()).toEqual(['Panther/setupact.log', 'Panther/setuperr.log', 'Panther/unattend.xml']);
    for (const [path, bytes] of files) expect(Buffer.from(bytes).equals(readFileSync(join(tree, 'Windows', path)))).toBe(true);
    expect(summary).toMatchObject({ files: 3, directories: 1, skipped: [], keptBoth: [] });
    expect(progress.at(-1)).toMatchObject({ done: summary.bytes, total: summary.bytes });
    expect(target.openWritables).toBe(0);
  });

  it('skips, overwrites or keeps both when a file already exists', async () => {
    const make = (): FakeDirectoryHandle => {
      const target = new FakeDirectoryHandle();
      target.children.set('win.ini', new FakeFile(new TextEncoder().encode('mine')));
      return target;
    };
    const original = readFileSync(join(tree, 'Windows/win.ini'));
    const skip = make();
    expect((await api.extractEntries(opened.sessionId, 1, ['/Windows/win.ini'], skip.asHandle(), { conflict: 'skip' })).skipped).toEqual(['win.ini']);
    expect(new TextDecoder().decode(skip.files().get('win.ini'))).toBe('mine');
    const over = make();
    await api.extractEntries(opened.sessionId, 1, ['/Windows/win.ini'], over.asHandle(), { conflict: 'overwrite' });
    expect(Buffer.from(over.files().get('win.ini')!).equals(original)).toBe(true);
    const both = make();
    const summary = await api.extractEntries(opened.sessionId, 1, ['/Windows/win.ini'], both.asHandle(), { conflict: 'keep-both' });
    expect(summary.keptBoth).toEqual([{ from: 'win.ini', to: 'win (2).ini' }]);
    expect(new TextDecoder().decode(both.files().get('win.ini'))).toBe('mine');
    expect(Buffer.from(both.files().get('win (2).ini')!).equals(original)).toBe(true);
  });

  it('stops on cancelJob without a half-written file, and the session stays usable', async () => {
    const target = new FakeDirectoryHandle();
    const run = api.extractEntries(opened.sessionId, 1, ['/big.bin'], target.asHandle(), { jobId: 'cancel-me' }, () => void api.cancelJob('cancel-me'));
    const error = await run.then(() => undefined, (e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    expect(target.files().has('big.bin')).toBe(false);
    expect(target.aborted).toBe(1);
    expect((await api.listDirectory(opened.sessionId, 1, '/')).entries.length).toBeGreaterThan(0);
  });
});

describe('createZipStream', () => {
  it('streams a ZIP that 7-Zip tests clean and whose files match the tree', async () => {
    const stream = await api.createZipStream(opened.sessionId, 1, ['/Windows/Panther', '/Users'], {});
    const chunks: Uint8Array[] = [];
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    const zip = join(dir, 'out.zip');
    writeFileSync(zip, Buffer.concat(chunks));
    execFileSync('7zz', ['t', zip], { stdio: 'ignore' });
    const out = join(dir, 'unzipped');
    execFileSync('7zz', ['x', '-y', `-o${out}`, zip], { stdio: 'ignore' });
    expect(readdirSync(out).sort()).toEqual(['Panther', 'Users']);
    expect(readFileSync(join(out, 'Panther/setuperr.log')).equals(readFileSync(join(tree, 'Windows/Panther/setuperr.log')))).toBe(true);
    expect(readFileSync(join(out, 'Users/tech01/Documents/notes.txt')).equals(readFileSync(join(tree, 'Users/tech01/Documents/notes.txt')))).toBe(true);
  });
});

describe('openImage of a split set', () => {
  it('opens every part picked in any order, and names the missing parts otherwise', async () => {
    const parts = readdirSync(dir).filter((n) => n.endsWith('.swm')).sort();
    expect(parts.length).toBeGreaterThanOrEqual(3);
    const files = await Promise.all(parts.reverse().map((n) => engineFile(join(dir, n))));
    const all = await api.openImage(files);
    expect(all.info.parts.map((p) => p.partNumber)).toEqual(parts.map((_, i) => i + 1));
    const big = await api.readBytes(all.sessionId, 1, '/big.bin', 6 * 1024 * 1024 - 4, 4);
    expect([...big]).toEqual([...noise(6 * 1024 * 1024, 7).subarray(-4)]);
    const missing = files.filter((f) => f.name !== 'install2.swm');
    await expect(api.openImage(missing)).rejects.toMatchObject({ code: ErrorCode.SWM_PARTS_MISSING, params: { missing: '2', names: 'install2.swm', total: parts.length } });
    const onlyThird = files.filter((f) => f.name === 'install3.swm');
    await expect(api.openImage(onlyThird)).rejects.toMatchObject({ params: { names: expect.stringMatching(/^install\.swm, install2\.swm/) } });
  });
});
