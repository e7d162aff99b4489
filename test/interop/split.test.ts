/**
 * `imagewright split` / `join` against wimlib-imagex: parts stay under the size limit (a single larger resource
 * is reported and gets its own part), every part set verifies and applies with `wimlib-imagex apply --ref`
 * byte-identical to the source, 7-Zip extracts every file from it, and join gives back one WIM that verifies. Solid ESDs split too
 * (wimlib refuses): solid resources are cut at chunk boundaries, never across parts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTrickyTree, noise, runOurs, text, wimlibIn } from './fixtures';
import { describeTree, expectSameTree } from './tree-compare';

const ROOT = join(__dirname, '..', '..');
const MIB = 1024 * 1024;
let dir: string;

function ours(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return runOurs(dir, ...args);
}

function parts(prefix: string): string[] {
  return readdirSync(dir).filter((f) => new RegExp(`^${prefix}\\d*\\.swm$`).test(f)).sort();
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'iw-split-'));
  const tree = join(dir, 'tree');
  makeTrickyTree(tree);
  mkdirSync(join(tree, 'bulk'));
  for (let i = 0; i < 24; i++) writeFileSync(join(tree, 'bulk', `f${i}`), i % 3 ? text(150_000 + 977 * i, i) : noise(120_000 + 311 * i, i));
  writeFileSync(join(tree, 'bulk', 'large-noise'), noise(1_600_000, 42));
  wimlibIn(dir, 'capture', 'tree', 'theirs.wim', 'T', '--compress=none');
  wimlibIn(dir, 'apply', 'theirs.wim', '1', 'theirs-applied');
  expect(ours('capture', 'tree', 'src.wim', 'T').status).toBe(0);
  expect(ours('capture', 'tree', 'src.esd', 'T', '--solid', '--solid-chunk-size=262144').status).toBe(0);
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('imagewright split', () => {
  it.each([
    ['an LZX WIM', 'src.wim', 'lzx'],
    ['a solid LZMS ESD', 'src.esd', 'solid'],
  ])('splits %s into parts under the limit that wimlib applies with --ref and 7-Zip extracts', (_label, source, prefix) => {
    const r = ours('split', source, `${prefix}.swm`, '1');
    expect(r.status).toBe(0);
    const names = parts(prefix);
    expect(names.length).toBeGreaterThan(2);
    expect(r.stdout).toBe(`Wrote ${names.length} parts\n`);
    // Only the part holding the 1.6 MB incompressible file may exceed 1 MiB, and the user is told.
    const over = names.filter((n) => statSync(join(dir, n)).size > MIB);
    expect(over.length).toBeLessThanOrEqual(1);
    if (over.length) expect(r.stderr).toMatch(/warning: .* is \d+ bytes, more than the part size/);
    const verify = wimlibIn(dir, 'verify', `${prefix}.swm`, `--ref=${prefix}*.swm`);
    expect(verify).toContain('successfully verified');
    wimlibIn(dir, 'apply', `${prefix}.swm`, '1', `applied-${prefix}`, `--ref=${prefix}*.swm`);
    expectSameTree(join(dir, `applied-${prefix}`), join(dir, 'theirs-applied'));
    const mine = ours('apply', `${prefix}.swm`, '1', `ours-applied-${prefix}`, '--ref', `${prefix}*.swm`);
    expect(mine.status).toBe(0);
    expectSameTree(join(dir, `ours-applied-${prefix}`), join(dir, 'theirs-applied'));
    // 7-Zip opens the set from part 1 and extracts every file. (It compares the LAST part's size with the first
    // file's and reports "Unexpected end of archive" or "data after the end" for every split set whose parts
    // differ in size — wimlib's own split sets included — so its exit status says nothing about our layout.)
    const out = join(dir, `7z-${prefix}`);
    const x = spawnSync('7zz', ['x', join(dir, `${prefix}.swm`), `-o${out}`, '-y'], { encoding: 'utf8' });
    expect(x.stdout + x.stderr).not.toMatch(/Data Error|CRC Failed|Unsupported|Can not open/i);
    for (const [path, node] of describeTree(join(dir, 'tree'))) {
      if (node.type === 'file') expect(readFileSync(join(out, path)).toString('base64'), path).toBe(node.content);
    }
  });

  it('cuts solid resources at chunk boundaries: every part is a solid WIM of its own', () => {
    for (const name of parts('solid')) {
      const header = wimlibIn(dir, 'info', name, '--header');
      expect(header).toMatch(/Version\s+= 0xe00/);
      expect(header).toMatch(/Flags\s+= 0x8008a/);
    }
  });

  it('refuses a part size too small for the header and XML, leaving no file behind', () => {
    const r = ours('split', 'src.wim', 'tiny.swm', '0.0001');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^imagewright: error BAD_SPLIT_SIZE: /);
    expect(readdirSync(dir).filter((f) => f.startsWith('tiny') || f.includes('iw-partial'))).toEqual([]);
  });
});

describe('imagewright join', () => {
  it.each(['lzx', 'solid'])('joins the %s parts (given in any order) into one WIM that wimlib verifies and applies', (prefix) => {
    const names = parts(prefix).reverse();
    const r = ours('join', `joined-${prefix}.wim`, ...names);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(wimlibIn(dir, 'verify', `joined-${prefix}.wim`)).toContain('successfully verified');
    expect(wimlibIn(dir, 'info', `joined-${prefix}.wim`, '--header')).toMatch(/Total Parts\s+= 1/);
    wimlibIn(dir, 'apply', `joined-${prefix}.wim`, '1', `joined-applied-${prefix}`);
    expectSameTree(join(dir, `joined-applied-${prefix}`), join(dir, 'theirs-applied'));
  });
});
