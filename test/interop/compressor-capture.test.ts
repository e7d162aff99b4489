/**
 * Our XPRESS and LZX compressors judged by wimlib-imagex: `imagewright capture` writes WIMs at fast and
 * near-optimal levels and at the smallest, default and largest chunk sizes of each codec, from a tree of real PE
 * files, text, E8-heavy code, runs, random data and chunk-boundary sizes; wimlib-imagex must verify every WIM and
 * apply it byte-identical to the source. Sizes are pinned against wimlib's own capture of the same tree at its
 * default level: LZX at our default level within +1 %, XPRESS within +2 %, on this tree.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noise, runOurs, text, wimlibIn } from './fixtures';

const ROOT = join(__dirname, '..', '..');
const PE_DIR = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';
let dir: string;

/** Call-heavy pseudo code: E8 with near, far, negative and out-of-range operands between filler bytes. */
function e8Code(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  let x = seed | 1;
  const next = (): number => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
  for (let at = 0; at + 5 <= length; at += 5 + (next() % 7)) {
    out[at] = 0xe8;
    view.setInt32(at + 1, next() % 3 === 0 ? (next() | 0) : (next() % 20_000) - 10_000, true);
  }
  return out;
}

function makeTree(root: string): void {
  mkdirSync(join(root, 'pe'), { recursive: true });
  mkdirSync(join(root, 'data'), { recursive: true });
  let total = 0;
  for (const name of readdirSync(PE_DIR).sort()) {
    const size = statSync(join(PE_DIR, name)).size;
    if (size < 50_000 || size > 900_000 || total > 2_500_000) continue;
    copyFileSync(join(PE_DIR, name), join(root, 'pe', name));
    total += size;
  }
  writeFileSync(join(root, 'data', 'text.txt'), text(300_000, 3));
  writeFileSync(join(root, 'data', 'e8.bin'), e8Code(200_003, 5));
  writeFileSync(join(root, 'data', 'zeros-65537'), new Uint8Array(65_537));
  writeFileSync(join(root, 'data', 'noise-70000'), noise(70_000, 9));
  const mixed = new Uint8Array(2 * 1024 * 1024 + 1);
  mixed.set(text(1_000_000, 7), 0);
  mixed.set(e8Code(1_000_000, 11), 1_000_000);
  writeFileSync(join(root, 'data', 'mixed-2M+1'), mixed);
  for (const size of [1, 2, 3, 17, 100, 4095, 4096, 4097, 32767, 32768, 32769]) writeFileSync(join(root, 'data', `text-${size}`), text(size, size));
}

/** Path → SHA-1 of every regular file under `top`. */
function contents(top: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.set(relative(top, path), createHash('sha1').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(top);
  return out;
}

/** Bytes of file data in a WIM: its blobs' compressed sizes, metadata resources left out. */
function dataBytes(wim: string): number {
  let sum = 0;
  for (const block of wimlibIn(dir, 'info', wim, '--blobs').split('\n\n')) {
    if (!block.includes('Compressed size') || block.includes('METADATA')) continue;
    sum += Number(/Compressed size\s+= (\d+)/.exec(block)?.[1]);
  }
  return sum;
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'iw-compressors-'));
  makeTree(join(dir, 'tree'));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const VARIANTS: [string, string, number][] = [
  ['XPRESS:20', 'XPRESS', 4096],
  ['XPRESS:50', 'XPRESS', 32768],
  ['XPRESS:80', 'XPRESS', 65536],
  ['LZX:20', 'LZX', 32768],
  ['LZX:50', 'LZX', 32768],
  ['LZX:50', 'LZX', 2097152],
  ['LZX:100', 'LZX', 65536],
];

describe('our compressors in WIMs, judged by wimlib-imagex', () => {
  it.each(VARIANTS)('--compress=%s, %s chunks of %i bytes: wimlib verifies and applies byte-identical', (compress, _codec, chunk) => {
    const wim = `ours-${compress.replace(':', '-')}-${chunk}.wim`;
    const r = runOurs(dir, 'capture', 'tree', wim, 'Compressors', `--compress=${compress}`, '--chunk-size', String(chunk), '--threads', '2');
    expect(r.status, r.stderr).toBe(0);
    expect(wimlibIn(dir, 'verify', wim)).toContain('successfully verified');
    const applied = join(dir, `applied-${wim}`);
    wimlibIn(dir, 'apply', wim, '1', applied);
    expect(contents(applied)).toEqual(contents(join(dir, 'tree')));
  });

  it.each([
    ['LZX', 1.01],
    ['XPRESS', 1.02],
  ])('writes %s file data at most %f × the size wimlib-imagex writes at its default level', (codec, ratio) => {
    wimlibIn(dir, 'capture', 'tree', `theirs-${codec}.wim`, '--compress', String(codec), '--threads=2');
    const ours = `ours-${codec}-default.wim`;
    expect(runOurs(dir, 'capture', 'tree', ours, `--compress=${codec}`).status).toBe(0);
    expect(dataBytes(ours)).toBeLessThanOrEqual(Math.ceil(dataBytes(`theirs-${codec}.wim`) * Number(ratio)));
    expect(dataBytes(ours)).toBeGreaterThan(0);
  });
});
