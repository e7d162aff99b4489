/**
 * A third opinion on the tricky tree's WIMs (fixtures.ts): 7-Zip's technical listing (`7zz l -slt`) must agree
 * with our `dir --json` on every variant 7-Zip opens — paths, folder flag, sizes (unnamed data stream, or the
 * reparse data of a reparse point), attributes (7-Zip's letters, PropIDUtils.cpp g_WinAttribChars), modification
 * times to 100 ns, hard-link groups (7-Zip's iNode), SHA-1s. 7-Zip shows a one-image WIM without a prefix and a
 * multi-image WIM with each image under a folder named after its 1-based index ("2/Unicode/…"), the folder itself
 * listed with the image root's attributes and times, and the XML as a file "[1].xml". Also checks `info --blobs` byte for byte on every variant:
 * the tricky tree has enough blobs for wimlib's hash buckets to collide.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirEntryFacts } from '../../src/engine/list';
import type { WimInfo } from '../../src/formats/wim/wim-info';
import { attributeLetters, filetimeText, list7z as list7zIn, type Record7z } from './sevenzip-listing';
import { VARIANTS, makeFixtures, refArgs, runOurs, wimlibIn, type FixtureVariant, type Fixtures } from './fixtures';

const ROOT = join(__dirname, '..', '..');
let fx: Fixtures;
const list7z = (file: string): Record7z[] => list7zIn(fx.dir, file);

interface Comparable {
  path: string;
  folder: string;
  size: string;
  attributes: string;
  modified: string;
  sha1: string;
}

function fromOurs(entry: DirEntryFacts, prefix: string): Comparable {
  const isDir = (entry.attributes & 0x10) !== 0;
  const main = entry.streams.find((s) => s.kind === 'reparse') ?? entry.streams.find((s) => s.kind === 'data' && s.name === undefined);
  return {
    path: prefix + entry.path.slice(1),
    folder: isDir ? '+' : '-',
    // A directory symlink or junction shows its reparse data size, like any reparse point.
    size: isDir && main?.kind !== 'reparse' ? '' : String(main?.size ?? 0),
    attributes: attributeLetters(entry.attributes),
    modified: filetimeText(entry.lastWriteTime),
    sha1: isDir || main?.kind === 'reparse' ? '' : (main?.hash ?? ''),
  };
}

function from7z(rec: Record7z): Comparable {
  return {
    path: rec['Path']!,
    folder: rec['Folder']!,
    size: rec['Size']!,
    attributes: rec['Attributes']!,
    modified: rec['Modified']!,
    sha1: rec['Attributes']!.includes('L') ? '' : rec['SHA-1']!,
  };
}

function oursJson(file: string, image: string, ...refs: string[]): DirEntryFacts[] {
  const r = runOurs(fx.dir, 'dir', file, image, '--json', ...refs);
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as DirEntryFacts[];
}

/** Groups of paths sharing a hard-link identity (ours: linkGroupId; 7-Zip: iNode), sorted. */
function groups(pairs: [string, string][]): string[][] {
  const by = new Map<string, string[]>();
  for (const [key, path] of pairs) by.set(key, [...(by.get(key) ?? []), path]);
  return [...by.values()].map((g) => g.sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

function expectSameListing(file: string, images: number, refs: string[]): void {
  let theirs = list7z(file);
  if (images > 1) {
    // 7-Zip also shows a multi-image WIM's XML as a file "[1].xml" (the UTF-16 resource as stored).
    const xml = theirs.filter((r) => r['Path'] === '[1].xml');
    const info = JSON.parse(runOurs(fx.dir, 'info', file, '--json', ...refs).stdout) as WimInfo;
    expect(xml.map((r) => r['Size'])).toEqual([String(info.header.xmlData.uncompressedSize)]);
    theirs = theirs.filter((r) => r['Path'] !== '[1].xml');
  }
  const ours: DirEntryFacts[][] = [];
  const mine: Comparable[] = [];
  for (let image = 1; image <= images; image++) {
    const entries = oursJson(file, String(image), ...refs);
    ours.push(entries);
    const prefix = images > 1 ? `${image}/` : '';
    for (const entry of entries) {
      if (entry.path !== '/') mine.push(fromOurs(entry, prefix));
      else if (images > 1) mine.push({ ...fromOurs(entry, ''), path: String(image) });
    }
  }
  const byPath = (a: Comparable, b: Comparable): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  expect(theirs.map(from7z).sort(byPath)).toEqual(mine.sort(byPath));
  expect(mine.length).toBeGreaterThan(40);
  // Hard links: 7-Zip gives each group one iNode value; we give one linkGroupId.
  const ourLinks = ours.flatMap((entries, i) =>
    entries.filter((e) => e.linkCount > 1).map((e): [string, string] => [`${i}:${e.linkGroupId}`, (images > 1 ? `${i + 1}/` : '') + e.path.slice(1)]),
  );
  const theirLinks = theirs.filter((r) => r['iNode']).map((r): [string, string] => [r['iNode']!, r['Path']!]);
  expect(groups(theirLinks)).toEqual(groups(ourLinks));
  expect(groups(ourLinks).some((g) => g.length === 3)).toBe(true);
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
  fx = makeFixtures('iw-7z-');
  wimlibIn(fx.dir, 'capture', 'tree', 'multi.wim', 'First', '--compress=lzx');
  wimlibIn(fx.dir, 'append', 'tree/Unicode', 'multi.wim', 'Second');
  wimlibIn(fx.dir, 'append', 'tree/sizes', 'multi.wim', 'Third');
}, 120_000);

afterAll(() => {
  if (fx) rmSync(fx.dir, { recursive: true, force: true });
});

/** 7-Zip does not read wimlib's pipable layout (it stops at the WLPWM magic); every other variant it opens. */
const SEVEN_ZIP_VARIANTS = VARIANTS.filter((v) => v !== 'pipable');

describe('7-Zip listing vs imagewright dir --json', () => {
  it.each(SEVEN_ZIP_VARIANTS)('agrees with 7-Zip on every entry of %s', (variant: FixtureVariant) => {
    expectSameListing(fx.wims[variant], 1, refArgs(fx, variant));
  });

  it('is refused by 7-Zip when pipable (so pipable is checked against wimlib only)', () => {
    const r = spawnSync('7zz', ['l', fx.wims.pipable], { cwd: fx.dir, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('Cannot open the file as [wim] archive');
    expect(runOurs(fx.dir, 'dir', fx.wims.pipable, '1').status).toBe(0);
  });

  it('maps 7-Zip\'s image-number folders of a three-image WIM to our images', () => {
    expectSameListing('multi.wim', 3, []);
  });
});

describe('info --blobs on the tricky tree', () => {
  it.each(VARIANTS)('prints the same blob table as wimlib for %s', (variant) => {
    const r = runOurs(fx.dir, 'info', fx.wims[variant], '--blobs', ...refArgs(fx, variant));
    expect(r.status).toBe(0);
    const parts = variant === 'split' ? readdirSync(fx.dir).filter((f) => /^set\d*\.swm$/.test(f)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) : [fx.wims[variant]];
    expect(parts.length).toBeGreaterThan(0);
    expect(r.stdout).toBe(parts.map((part) => wimlibIn(fx.dir, 'info', part, '--blobs')).join(''));
  });
});
