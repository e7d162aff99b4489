/**
 * `imagewright capture` / `append` against wimlib-imagex on the tricky tree (unicode, deep and long paths, empty
 * files, chunk-boundary sizes, duplicates, hard links, symlinks in and out of the tree): every WIM we write passes
 * `wimlib-imagex verify`, applies (with wimlib and with us) to the same tree wimlib's own capture applies to,
 * describes every file exactly as wimlib's capture does (`dir --detailed`, minus storage offsets), and lists in
 * 7-Zip. The capture job leaves the destination untouched when cancelled.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeWasmLoader } from '../../src/codecs/node-wasm-loader';
import { CodecRegistry } from '../../src/codecs/registry';
import { defaultCaptureConfig, exclusionMatcher } from '../../src/engine/capture/capture-config';
import { scanTree } from '../../src/engine/capture/scan-tree';
import { createBlobReadContext, inProcessDecoder } from '../../src/engine/chunk-decoding';
import { createBlobWriteContext, inProcessEncoder } from '../../src/engine/chunk-encoding';
import { writeWimJob } from '../../src/engine/write/write-job';
import { NodeFileWriter } from '../../src/io/node-file-writer';
import { NodeTreeSource } from '../../src/io/node-tree-source';
import { makeTrickyTree, runOurs, text, wimlibIn } from './fixtures';
import { expectSameTree } from './tree-compare';

const ROOT = join(__dirname, '..', '..');
let dir: string;

function ours(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return runOurs(dir, ...args);
}

/**
 * `dir --detailed` without what legitimately differs between two writers: where and how big stored data is, and
 * the (arbitrary) hard-link group numbers — the link counts still pin which names share a file.
 */
function detailedListing(wim: string, image = '1', alsoIgnore: string[] = []): string {
  const ignored = ['Offset in WIM', 'Compressed size', 'Last Access Time', 'Part Number', 'Flags', 'Link Group ID', 'Solid resource', 'Solid offset', ...alsoIgnore];
  return wimlibIn(dir, 'dir', wim, image, '--detailed')
    .split('\n')
    .filter((line) => !ignored.some((field) => line.startsWith(`${field} `)))
    .join('\n');
}

function infoField(wim: string, field: string): string | undefined {
  const m = new RegExp(`^${field}:\\s*(.*)$`, 'm').exec(wimlibIn(dir, 'info', wim, '1'));
  return m?.[1];
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'iw-capture-'));
  makeTrickyTree(join(dir, 'tree'));
  wimlibIn(dir, 'capture', 'tree', 'theirs.wim', 'Tricky', '--compress=none');
  wimlibIn(dir, 'apply', 'theirs.wim', '1', 'theirs-applied');
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const VARIANTS: [string, string[]][] = [
  ['none', ['--compress=none']],
  ['xpress', ['--compress=XPRESS']],
  ['lzx', []],
  ['lzms', ['--compress=LZMS']],
  ['solid', ['--solid']],
  ['solid-lzx', ['--solid', '--solid-compress=LZX', '--solid-chunk-size=65536', '--threads', '2']],
];

describe('imagewright capture vs wimlib-imagex', () => {
  it.each(VARIANTS)('writes a %s WIM that wimlib verifies and applies byte-identical to the source', (variant, args) => {
    const wim = `ours-${variant}.wim`;
    const r = ours('capture', 'tree', wim, 'Tricky', 'A tricky tree', ...args, '--check');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const verify = wimlibIn(dir, 'verify', wim);
    expect(verify).toContain('successfully verified');
    expect(verify).not.toContain('does not contain integrity information');
    wimlibIn(dir, 'apply', wim, '1', `applied-${variant}`);
    expectSameTree(join(dir, `applied-${variant}`), join(dir, 'theirs-applied'));
    const mine = ours('apply', wim, '1', `ours-applied-${variant}`);
    expect(mine.status).toBe(0);
    expectSameTree(join(dir, `ours-applied-${variant}`), join(dir, 'theirs-applied'));
    expect(detailedListing(wim)).toBe(detailedListing('theirs.wim'));
    const listing = execFileSync('7zz', ['l', join(dir, wim)], { encoding: 'utf8' });
    expect(listing).toMatch(/sizes[\\/]noise-131073/);
    expect(listing).not.toMatch(/ERROR/i);
  });

  it('writes the header and XML Microsoft tools expect (LZX 32K default, LZMS ESD 0xE00, DISM fields)', () => {
    const lzx = wimlibIn(dir, 'info', 'ours-lzx.wim', '--header');
    expect(lzx).toMatch(/Version\s+= 0x10d00/);
    expect(lzx).toMatch(/Flags\s+= 0x40082/);
    expect(lzx).toMatch(/Chunk Size\s+= 32768/);
    const esd = wimlibIn(dir, 'info', 'ours-solid.wim', '--header');
    expect(esd).toMatch(/Version\s+= 0xe00/);
    expect(esd).toMatch(/Flags\s+= 0x80082/);
    for (const field of ['Directory Count', 'File Count', 'Total Bytes', 'Hard Link Bytes']) {
      expect(infoField('ours-lzx.wim', field), field).toBe(infoField('theirs.wim', field));
    }
    expect(infoField('ours-lzx.wim', 'Name')).toBe('Tricky');
    expect(infoField('ours-lzx.wim', 'Description')).toBe('A tricky tree');
    const wim = readFileSync(join(dir, 'ours-lzx.wim'));
    const xmlAt = Number(wim.readBigUInt64LE(0x48 + 8));
    const xml = wim.subarray(xmlAt + 2).toString('utf16le');
    expect(xml).toMatch(/^<WIM><TOTALBYTES>\d+<\/TOTALBYTES><IMAGE INDEX="1"><DIRCOUNT>\d+<\/DIRCOUNT><FILECOUNT>\d+<\/FILECOUNT><TOTALBYTES>\d+<\/TOTALBYTES><HARDLINKBYTES>\d+<\/HARDLINKBYTES><CREATIONTIME><HIGHPART>0x[0-9A-F]{8}<\/HIGHPART><LOWPART>0x[0-9A-F]{8}<\/LOWPART><\/CREATIONTIME><LASTMODIFICATIONTIME>.*<\/LASTMODIFICATIONTIME><WIMBOOT>0<\/WIMBOOT><NAME>Tricky<\/NAME><DESCRIPTION>A tricky tree<\/DESCRIPTION><\/IMAGE><\/WIM>/);
  });

  it('stores duplicate contents once and hard links as one file', () => {
    const blobs = (wim: string): number => (wimlibIn(dir, 'info', wim, '--blobs').match(/^Hash\s+=/gm) ?? []).length;
    expect(blobs('ours-none.wim')).toBe(blobs('theirs.wim'));
  });

  it('leaves out the default exclusions and a --config list, and warns about non-Microsoft chunk sizes', () => {
    const src = join(dir, 'excl');
    mkdirSync(join(src, 'System Volume Information'), { recursive: true });
    mkdirSync(join(src, 'keep'), { recursive: true });
    writeFileSync(join(src, 'pagefile.sys'), 'x');
    writeFileSync(join(src, 'keep', 'a.tmp'), 'x');
    writeFileSync(join(src, 'keep', 'b.txt'), 'y');
    writeFileSync(join(dir, 'wimscript.ini'), '[ExclusionList]\n*.tmp\n\\pagefile.sys\n');
    const r = ours('capture', 'excl', 'excl.wim', '--config', 'wimscript.ini', '--chunk-size', '65536');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/warning: Windows Setup and DISM accept only 32768-byte chunks/);
    const listing = wimlibIn(dir, 'dir', 'excl.wim', '1');
    expect(listing.split('\n').filter(Boolean).sort()).toEqual(['/', '/System Volume Information', '/keep', '/keep/b.txt']);
    const d = ours('capture', 'excl', 'excl2.wim');
    expect(d.status).toBe(0);
    expect(wimlibIn(dir, 'dir', 'excl2.wim', '1').split('\n').filter(Boolean).sort()).toEqual(['/', '/keep', '/keep/a.tmp', '/keep/b.txt']);
  });

  it('appends an image that shares blobs with the first, keeps the file valid, and refuses a duplicate name', () => {
    execFileSync('cp', [join(dir, 'ours-lzx.wim'), join(dir, 'append.wim')]);
    const r = ours('append', 'tree', 'append.wim', 'Second', '--boot');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(wimlibIn(dir, 'verify', 'append.wim')).toContain('successfully verified');
    const info = wimlibIn(dir, 'info', 'append.wim');
    expect(info).toMatch(/Image Count:\s+2/);
    expect(info).toMatch(/Boot Index:\s+2/);
    expect(detailedListing('append.wim', '2', ['Reference Count'])).toBe(detailedListing('theirs.wim', '1', ['Reference Count']));
    // Single-instance: the second copy of the tree adds no file data.
    const size = (f: string): number => readFileSync(join(dir, f)).length;
    expect(size('append.wim') - size('ours-lzx.wim')).toBeLessThan(20_000);
    const before = readFileSync(join(dir, 'append.wim'));
    const dup = ours('append', 'tree', 'append.wim', 'Second');
    expect(dup.status).toBe(1);
    expect(dup.stderr).toMatch(/^imagewright: error IMAGE_NAME_TAKEN: /);
    expect(readFileSync(join(dir, 'append.wim')).equals(before)).toBe(true);
  });
});

describe('the capture job', () => {
  it('when cancelled mid-write, throws AbortError and leaves the destination and folder as they were', async () => {
    const src = join(dir, 'big');
    mkdirSync(src);
    for (let i = 0; i < 8; i++) writeFileSync(join(src, `f${i}`), text(300_000 + i, i));
    const dest = join(dir, 'cancel.wim');
    writeFileSync(dest, 'previous contents');
    const source = await NodeTreeSource.open(src);
    const scanned = await scanTree(source, { isExcluded: exclusionMatcher(defaultCaptureConfig()), rpFix: true });
    const readCtx = await createBlobReadContext(inProcessDecoder(new CodecRegistry(nodeWasmLoader)), nodeWasmLoader);
    const writeCtx = await createBlobWriteContext(inProcessEncoder(new CodecRegistry(nodeWasmLoader)), nodeWasmLoader);
    const controller = new AbortController();
    let seen = 0;
    const error = await writeWimJob(await NodeFileWriter.create(dest), [{ kind: 'tree', source, scanned, fields: { name: 'x' } }], { compression: 'LZX', chunkSize: 32768 }, readCtx, writeCtx, {
      signal: controller.signal,
      onProgress: (r) => {
        seen = r.done;
        if (r.done > 500_000) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(seen).toBeGreaterThan(500_000);
    expect(readFileSync(dest, 'utf8')).toBe('previous contents');
    expect(readdirSync(dir).filter((f) => f.includes('iw-partial'))).toEqual([]);
    expect(existsSync(dest)).toBe(true);
  });
});
