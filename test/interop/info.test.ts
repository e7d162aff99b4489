/**
 * `imagewright info` against `wimlib-imagex info` on WIMs that wimlib makes during the run: every compression,
 * solid ESD, several images with a boot index, a split set, a pipable WIM, an integrity table. Our text output must
 * equal wimlib's byte for byte; our --json must agree with wimlib's values; our chunk-table readers must accept
 * every compressed resource wimlib wrote.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, linkSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBlobTable } from '../../src/formats/wim/blob-table';
import { readWimHeader } from '../../src/formats/wim/header';
import { chunkAt, readChunkTable } from '../../src/formats/wim/resource';
import { readSolidChunkTable } from '../../src/formats/wim/solid';
import type { WimBlobFacts } from '../../src/formats/wim/blob-list';
import type { WimInfo } from '../../src/formats/wim/wim-info';
import { NodeFileSource } from '../../src/io/node-file-source';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'imagewright');

let dir: string;
const wim = (name: string): string => join(dir, name);

function wimlib(...args: string[]): string {
  return execFileSync('wimlib-imagex', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function ours(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function oursJson(...args: string[]): WimInfo {
  const r = ours('info', ...args, '--json');
  expect(r.stderr.replace(/^imagewright: warning: .*\n/gm, '')).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as WimInfo;
}

/** Parses `wimlib-imagex info` text: the WIM block and one record per image. */
function parseWimlibInfo(text: string): { wim: Record<string, string>; images: Record<string, string>[] } {
  const [head = '', tail = ''] = text.split('Available Images:');
  const wimFields: Record<string, string> = {};
  for (const m of head.matchAll(/^([A-Za-z ]+):\s*(.*)$/gm)) wimFields[m[1]!.trim()] = m[2]!.trim();
  const images = tail
    .split(/\n(?=Index:)/)
    .filter((block) => block.includes('Index:'))
    .map((block) => {
      const fields: Record<string, string> = {};
      for (const m of block.matchAll(/^([A-Za-z ]+):[ \t]*(.*)$/gm)) fields[m[1]!.trim()] = m[2]!.trim();
      return fields;
    });
  return { wim: wimFields, images };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "Sat Nov 21 02:36:59 2026 UTC" → epoch seconds. */
function wimlibTimeToSeconds(text: string): number {
  const m = /^\w{3} (\w{3}) +(\d+) (\d\d):(\d\d):(\d\d) (\d+) UTC$/.exec(text);
  if (!m) throw new Error(`unexpected wimlib time ${text}`);
  return Date.UTC(Number(m[6]), MONTHS.indexOf(m[1]!), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) / 1000;
}

/** Compares our JSON with wimlib's text, field by field. */
function expectSameAsWimlib(info: WimInfo, name: string): void {
  const w = parseWimlibInfo(wimlib('info', name));
  expect(`0x${info.header.guid}`).toBe(w.wim['GUID']);
  expect(String(info.header.version)).toBe(w.wim['Version']);
  expect(String(info.header.imageCount)).toBe(w.wim['Image Count']);
  expect({ none: 'None', XPRESS: 'XPRESS', LZX: 'LZX', LZMS: 'LZMS' }[info.compression]).toBe(w.wim['Compression']);
  expect(`${info.header.chunkSize} bytes`).toBe(w.wim['Chunk Size']);
  expect(`${info.header.partNumber}/${info.header.totalParts}`).toBe(w.wim['Part Number']);
  expect(String(info.header.bootIndex)).toBe(w.wim['Boot Index']);
  expect(`${info.xmlTotalBytes} bytes`).toBe(w.wim['Size']);
  const attrs = w.wim['Attributes'] ?? '';
  expect(info.hasIntegrityTable).toBe(attrs.includes('Integrity info'));
  expect(info.rpFix).toBe(attrs.includes('Relative path junction'));
  expect(info.pipable).toBe(attrs.includes('Pipable'));
  expect(info.images).toHaveLength(w.images.length);
  info.images.forEach((image, i) => {
    const theirs = w.images[i]!;
    expect(String(image.index)).toBe(theirs['Index']);
    expect(image.name ?? '').toBe(theirs['Name']);
    expect(image.description ?? '').toBe(theirs['Description']);
    expect(String(image.dirCount)).toBe(theirs['Directory Count']);
    expect(String(image.fileCount)).toBe(theirs['File Count']);
    expect(String(image.totalBytes)).toBe(theirs['Total Bytes']);
    expect(String(image.hardLinkBytes)).toBe(theirs['Hard Link Bytes']);
    expect(Math.floor(Date.parse(image.creationTime!) / 1000)).toBe(wimlibTimeToSeconds(theirs['Creation Time']!));
    expect(Math.floor(Date.parse(image.lastModificationTime!) / 1000)).toBe(wimlibTimeToSeconds(theirs['Last Modification Time']!));
    expect(image.wimBoot ? 'yes' : 'no').toBe(theirs['WIMBoot compatible']);
  });
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'iw-info-'));
  const src = join(dir, 'src');
  mkdirSync(join(src, 'docs', 'deep'), { recursive: true });
  mkdirSync(join(src, 'empty'));
  writeFileSync(join(src, 'readme.txt'), 'Imagewright interop fixture\n'.repeat(200));
  writeFileSync(join(src, 'docs', 'numbers.txt'), Array.from({ length: 40000 }, (_, i) => `${i} ${i * i}`).join('\n'));
  // Incompressible data so the split set really has several parts (xorshift, fixed seed).
  let x = 0x9e3779b9;
  const noise = new Uint8Array(2_500_000).map(() => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x & 0xff));
  writeFileSync(join(src, 'docs', 'deep', 'noise.bin'), noise);
  linkSync(join(src, 'readme.txt'), join(src, 'docs', 'readme-link.txt'));
  symlinkSync('readme.txt', join(src, 'link-to-readme'));
  const capture = (name: string, ...args: string[]): string => wimlib('capture', 'src', name, 'Base', 'First image', ...args);
  capture('none.wim', '--compress=none');
  capture('xpress.wim', '--compress=xpress');
  capture('lzx.wim', '--compress=lzx', '--check');
  capture('lzms.wim', '--compress=lzms');
  capture('solid.esd', '--solid');
  capture('pipable.wim', '--pipable');
  capture('multi.wim', '--compress=lzx');
  writeFileSync(join(src, 'docs', 'added.txt'), 'appended later\n');
  wimlib('append', 'src', 'multi.wim', 'Second', 'Second image');
  wimlib('append', 'src/docs', 'multi.wim', 'Third');
  wimlib('info', 'multi.wim', '2', '--boot');
  wimlib('split', 'none.wim', 'set.swm', '1');
  mkdirSync(join(dir, 'other'));
  wimlib('split', 'xpress.wim', join('other', 'set.swm'), '1');
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const SINGLE_FILES = ['none.wim', 'xpress.wim', 'lzx.wim', 'lzms.wim', 'solid.esd', 'pipable.wim', 'multi.wim'];

describe('imagewright info vs wimlib-imagex info', () => {
  it.each(SINGLE_FILES)('prints the same text as wimlib for %s', (name) => {
    const r = ours('info', name);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(wimlib('info', name));
  });

  it.each(SINGLE_FILES)('prints the same header dump as wimlib for %s', (name) => {
    expect(ours('info', name, '--header').stdout).toBe(wimlib('info', name, '--header'));
  });

  it.each(SINGLE_FILES)('prints the same blob table as wimlib info --blobs for %s', (name) => {
    const r = ours('info', name, '--blobs');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Hash {14}= 0x[0-9a-f]{40}\n/);
    expect(r.stdout).toBe(wimlib('info', name, '--blobs'));
  });

  it.each(SINGLE_FILES)('reports the same JSON facts as wimlib for %s', (name) => {
    expectSameAsWimlib(oursJson(name), name);
  });

  it('describes the codecs of each file', () => {
    expect(oursJson('none.wim')).toMatchObject({ compression: 'none', solid: false, hasIntegrityTable: false });
    expect(oursJson('lzx.wim')).toMatchObject({ compression: 'LZX', hasIntegrityTable: true });
    expect(oursJson('pipable.wim')).toMatchObject({ pipable: true });
    const esd = oursJson('solid.esd');
    expect(esd).toMatchObject({ compression: 'LZMS', solid: true });
    expect(esd.header.version).toBe(0xe00);
    expect(esd.solidResources.map((s) => s.compression)).toEqual(['LZMS']);
  });

  it('reads three images and the boot index set with wimlib', () => {
    const info = oursJson('multi.wim');
    expect(info.images.map((i) => i.name)).toEqual(['Base', 'Second', 'Third']);
    expect(info.header.bootIndex).toBe(2);
    expect(info.metadataResourceCount).toBe(3);
  });

  it('prints the XML as UTF-8 text', () => {
    const r = ours('info', 'multi.wim', '--xml');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^<WIM>.*<IMAGE INDEX="3">.*<\/WIM>\n$/s);
  });
});

describe('split sets', () => {
  const partsOf = (d: string): string[] => readdirSync(join(dir, d)).filter((f) => f.endsWith('.swm'));

  it('opens every part with --ref and sums the blobs of all parts', () => {
    const parts = partsOf('.');
    expect(parts.length).toBeGreaterThanOrEqual(3);
    const info = oursJson('set.swm', '--ref', 'set*.swm');
    expect(info.parts.map((p) => p.partNumber)).toEqual(parts.map((_, i) => i + 1));
    expect(info.header.totalParts).toBe(parts.length);
    expect(info.blobCount).toBe(oursJson('none.wim').blobCount);
    expectSameAsWimlib(info, 'set.swm');
    // wimlib's info has no --ref (it shows part 1 alone); the merged set must print exactly that.
    expect(ours('info', 'set.swm', '--ref', 'set*.swm').stdout).toBe(wimlib('info', 'set.swm'));
  });

  it('lists the blobs of every part with --ref, each part exactly as wimlib lists that part', () => {
    const parts = partsOf('.').sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const r = ours('info', 'set.swm', '--blobs', '--ref', 'set*.swm');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(parts.map((part) => wimlib('info', part, '--blobs')).join(''));
    // Without --ref: part 1 alone, as wimlib, with a warning on stderr.
    const alone = ours('info', 'set.swm', '--blobs');
    expect(alone.stdout).toBe(wimlib('info', 'set.swm', '--blobs'));
    expect(alone.stderr).toMatch(/^imagewright: warning: This is part 1 of a \d+-part split image/);
  });

  it('includes every blob of every part in --json --blobs', () => {
    const info = oursJson('set.swm', '--blobs', '--ref', 'set*.swm') as WimInfo & { blobs: WimBlobFacts[] };
    expect(info.blobs.filter((b) => !b.isMetadata)).toHaveLength(info.blobCount);
    expect(info.blobs.filter((b) => b.isMetadata)).toHaveLength(1);
    expect(new Set(info.blobs.map((b) => b.partNumber)).size).toBe(info.header.totalParts);
    const esd = oursJson('solid.esd', '--blobs') as WimInfo & { blobs: WimBlobFacts[] };
    const solid = esd.blobs.filter((b) => b.place.kind === 'solid');
    expect(solid.length).toBe(esd.blobCount);
    expect(solid.every((b) => b.flagNames.includes('SOLID'))).toBe(true);
  });

  it('names the missing part when one is absent', () => {
    const r = ours('info', 'set.swm', '--ref', 'set2.swm');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^imagewright: error SPLIT_PART_MISSING: Part 3 of this split image is missing.*\n$/);
  });

  it('refuses a part of another split set', () => {
    const r = ours('info', 'set.swm', '--ref', 'set*.swm', '--ref', join('other', 'set2.swm'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^imagewright: error SPLIT_PART_MISMATCH: .*set2\.swm.*\n$/);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });
});

describe('chunk tables of real files', () => {
  it.each(['xpress.wim', 'lzx.wim', 'lzms.wim', 'multi.wim'])('locates every chunk of every compressed blob in %s', async (name) => {
    const source = await NodeFileSource.open(wim(name));
    try {
      const header = await readWimHeader(source);
      const table = await readBlobTable(source, header);
      let compressed = 0;
      for (const blob of [...table.metadata, ...table.blobs]) {
        if (blob.location.kind !== 'compressed') continue;
        compressed++;
        const layout = await readChunkTable(
          source,
          { offset: blob.location.offset, sizeInWim: blob.location.sizeInWim, uncompressedSize: blob.size, flags: blob.flags },
          header.compression,
          header.chunkSize,
        );
        expect(layout.chunkCount).toBe(Math.ceil(blob.size / header.chunkSize));
        const last = chunkAt(layout, layout.chunkCount - 1);
        expect(last.offset + last.storedSize).toBe(blob.location.offset + blob.location.sizeInWim);
      }
      expect(compressed).toBeGreaterThan(0);
    } finally {
      await source.close();
    }
  });

  it('places every blob of the solid ESD inside a solid resource whose chunks add up', async () => {
    const source = await NodeFileSource.open(wim('solid.esd'));
    try {
      const header = await readWimHeader(source);
      const table = await readBlobTable(source, header);
      expect(table.solidResources.length).toBeGreaterThan(0);
      for (const r of table.solidResources) {
        const layout = await readSolidChunkTable(source, { offset: r.offset, sizeInWim: r.sizeInWim, uncompressedSize: 2 ** 32, flags: 0x10 });
        expect(layout).toMatchObject({ compression: 'LZMS', chunkSize: r.chunkSize, uncompressedSize: r.uncompressedSize });
      }
      const solidBlobs = table.blobs.filter((b) => b.location.kind === 'solid');
      expect(solidBlobs.length).toBe(table.blobs.length);
      for (const blob of solidBlobs) {
        if (blob.location.kind !== 'solid') continue;
        const resource = table.solidResources[blob.location.resource]!;
        expect(blob.location.offsetInResource + blob.size).toBeLessThanOrEqual(resource.uncompressedSize);
      }
    } finally {
      await source.close();
    }
  });
});

describe('CLI behaviour', () => {
  it('fails with one line naming the error code for a file that is not a WIM', () => {
    writeFileSync(wim('not.wim'), 'this is plain text, long enough to hold a header '.repeat(10));
    const r = ours('info', 'not.wim');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^imagewright: error NOT_A_WIM: [^\n]+\n$/);
  });

  it('prints the header, the blobs and the XML in wimlib\'s order when several sections are asked for', () => {
    const r = ours('info', 'multi.wim', '--xml', '--blobs', '--header');
    expect(r.status).toBe(0);
    const header = wimlib('info', 'multi.wim', '--header');
    const blobs = wimlib('info', 'multi.wim', '--blobs');
    expect(r.stdout.startsWith(header + blobs)).toBe(true);
    // The XML comes last, as UTF-8 text (wimlib writes the UTF-16 bytes as stored).
    expect(r.stdout.slice((header + blobs).length)).toMatch(/^<WIM>.*<\/WIM>\n$/s);
  });

  it('stops quietly when the reader of its output goes away (| head)', () => {
    // `true` exits without reading, long before node has started: every write meets a closed pipe (EPIPE).
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" info multi.wim --blobs | true; exit \${PIPESTATUS[0]}`], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('answers --help and --version, and rejects unknown options with exit code 2', () => {
    expect(ours('--help')).toMatchObject({ status: 0, stdout: expect.stringContaining('info') });
    expect(ours('--version').stdout).toMatch(/^imagewright \d+\.\d+\.\d+\n$/);
    const r = ours('info', 'none.wim', '--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^imagewright: error INVALID_ARGUMENT: .*--bogus\n$/);
  });
});
