/**
 * Our LZMS compressor inside real WIMs, checked by wimlib-imagex: `imagewright capture --compress=LZMS` (128 KiB
 * chunks) and `--solid` (an ESD: version 0xE00, one solid LZMS resource in 64 MiB chunks) of a tree of x86-64 PE
 * files from Wine (x86 filter, delta matches), text, zeros and random bytes, including a file larger than one
 * non-solid chunk. wimlib must verify both, and apply them byte-identical to the source (compared with wimlib's
 * own capture of the tree, applied: same contents, names and times); the solid ESD must also
 * not be more than a few percent larger than wimlib's own solid capture of the same tree.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noise, runOurs, text, wimlibIn } from './fixtures';
import { describeTree } from './tree-compare';

const ROOT = join(__dirname, '..', '..');
const WINE_DIR = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';
let dir: string;

/** Same entries, types, file contents and modification times (this tree has no links). */
function expectSameFiles(oursDir: string, theirsDir: string): void {
  const a = describeTree(oursDir);
  const b = describeTree(theirsDir);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [path, mine] of a) {
    const theirs = b.get(path);
    expect({ path, type: mine.type, content: mine.content }).toEqual({ path, type: theirs?.type, content: theirs?.content });
    expect(mine.mtimeNs, path).toBe(theirs?.mtimeNs);
  }
  expect(a.size).toBeGreaterThan(10);
}

/** About `limit` bytes of Wine PE DLLs (sorted by name, deterministic) copied into `to`. */
function copyWine(to: string, limit: number): void {
  mkdirSync(to, { recursive: true });
  let total = 0;
  for (const name of readdirSync(WINE_DIR).sort()) {
    if (!name.endsWith('.dll')) continue;
    const size = statSync(join(WINE_DIR, name)).size;
    if (size > 2 * 1024 * 1024) continue;
    copyFileSync(join(WINE_DIR, name), join(to, name));
    total += size;
    if (total >= limit) break;
  }
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'iw-lzms-capture-'));
  const tree = join(dir, 'tree');
  copyWine(join(tree, 'Windows', 'System32'), 6 * 1024 * 1024);
  mkdirSync(join(tree, 'data'), { recursive: true });
  writeFileSync(join(tree, 'data', 'notes.txt'), text(300_000, 5));
  writeFileSync(join(tree, 'data', 'zeros.bin'), new Uint8Array(200_000));
  writeFileSync(join(tree, 'data', 'noise.bin'), noise(150_000, 9));
  writeFileSync(join(tree, 'data', 'tiny.txt'), 'LZMS');
  wimlibIn(dir, 'capture', 'tree', 'theirs-solid.esd', '--solid');
  // The reference: wimlib's own capture, applied (times round to the WIM's 100 ns units the same way).
  wimlibIn(dir, 'apply', 'theirs-solid.esd', '1', 'theirs-applied');
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('imagewright capture with LZMS, checked by wimlib-imagex', () => {
  it.each([
    ['non-solid LZMS', 'ours-lzms.wim', ['--compress=LZMS']],
    ['solid LZMS (ESD)', 'ours-solid.esd', ['--solid']],
  ])('writes a %s WIM that wimlib verifies and applies byte-identical to the source', (_name, wim, args) => {
    const r = runOurs(dir, 'capture', 'tree', wim, ...args, '--check');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(wimlibIn(dir, 'verify', wim)).toContain('successfully verified');
    const applied = `applied-${wim}`;
    wimlibIn(dir, 'apply', wim, '1', applied);
    expectSameFiles(join(dir, applied), join(dir, 'theirs-applied'));
  }, 300_000);

  it('writes the solid ESD as LZMS (version 0xE00) within 3 % of wimlib’s solid capture', () => {
    const header = wimlibIn(dir, 'info', 'ours-solid.esd', '--header');
    expect(header).toMatch(/Version\s+= 0xe00/);
    expect(wimlibIn(dir, 'info', 'ours-solid.esd')).toMatch(/Compression:\s+LZMS/);
    const ours = statSync(join(dir, 'ours-solid.esd')).size;
    const theirs = statSync(join(dir, 'theirs-solid.esd')).size;
    expect(ours).toBeLessThan(theirs * 1.03);
  });
});
