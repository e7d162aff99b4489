/**
 * A tricky source tree and the WIMs wimlib-imagex makes from it, shared by the reading interop suites. Everything
 * is generated in a temp dir during the run; the tree is small (about 1 MB) so every variant captures in seconds.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The bundled CLI (bin/imagewright), as the interop suites run it. */
export const CLI = join(__dirname, '..', '..', 'bin', 'imagewright');

/** Runs our CLI in `dir` and returns its exit status and output. */
export function runOurs(dir: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function wimlibIn(dir: string, ...args: string[]): string {
  return execFileSync('wimlib-imagex', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

/** Deterministic bytes: xorshift noise (incompressible) or repeated text (compressible). */
export function noise(length: number, seed: number): Uint8Array {
  let x = seed | 1;
  return new Uint8Array(length).map(() => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x & 0xff));
}

export function text(length: number, seed: number): Uint8Array {
  const line = `line ${seed}: the quick brown fox jumps over the lazy dog ${'#'.repeat(seed % 7)}\n`;
  return new TextEncoder().encode(line.repeat(Math.ceil(length / line.length)).slice(0, length));
}

/** Builds the tree under `root` (created). Returns nothing; tests compare against what is on disk. */
export function makeTrickyTree(root: string): void {
  mkdirSync(root, { recursive: true });
  const file = (path: string, bytes: Uint8Array | string): void => writeFileSync(join(root, path), bytes);
  const dir = (path: string): void => void mkdirSync(join(root, path), { recursive: true });
  dir('empty-dir');
  dir('Unicode/Déjà vu/日本語');
  file('Unicode/Déjà vu/日本語/ファイル.txt', 'こんにちは\n');
  file('Unicode/emoji-😀.txt', '😀\n');
  file('Unicode/Straße', 'ß');
  // Deep and long: 12 levels of 60-character names, then a 200-byte name.
  let deep = 'deep';
  for (let i = 0; i < 12; i++) deep += `/${String(i).padStart(2, '0')}-${'d'.repeat(57)}`;
  dir(deep);
  file(`${deep}/${'L'.repeat(200)}.txt`, 'at the bottom\n');
  file('empty.txt', '');
  file('empty-too', '');
  dir('sizes');
  for (const n of [1, 32767, 32768, 32769, 65536, 131071, 131072, 131073]) {
    file(`sizes/text-${n}`, text(n, n));
    file(`sizes/noise-${n}`, noise(n, n));
  }
  file('sizes/big-text', text(400_000, 3));
  file('sizes/mixed', new Uint8Array([...noise(40_000, 9), ...text(60_000, 9)]));
  // Duplicates: same content under different names (one blob).
  file('dup-a.bin', noise(50_000, 77));
  file('Unicode/dup-b.bin', noise(50_000, 77));
  // Hard links: three names of one file, one in another directory.
  file('hard-1.txt', text(10_000, 5));
  linkSync(join(root, 'hard-1.txt'), join(root, 'hard-2.txt'));
  linkSync(join(root, 'hard-1.txt'), join(root, 'sizes/hard-3.txt'));
  // Symlinks: relative file and dir, absolute inside the tree (RP_FIX rewrites it), absolute outside, dangling.
  symlinkSync('hard-1.txt', join(root, 'link-rel'));
  symlinkSync('../Unicode', join(root, 'sizes/link-dir'));
  symlinkSync(join(root, 'dup-a.bin'), join(root, 'link-abs-inside'));
  symlinkSync('/etc/hostname', join(root, 'link-abs-outside'));
  symlinkSync('does/not/exist', join(root, 'link-dangling'));
  file('Case', 'upper');
  file('case', 'lower');
}

export interface Fixtures {
  dir: string;
  tree: string;
  /** File names inside `dir`, by variant. */
  wims: Record<FixtureVariant, string>;
}

export type FixtureVariant =
  | 'none'
  | 'xpress'
  | 'xpress-4k'
  | 'xpress-64k'
  | 'lzx'
  | 'lzx-1m'
  | 'lzms'
  | 'solid'
  | 'solid-small'
  | 'pipable'
  | 'split'
  | 'integrity';

/** Every codec and chunk size wimlib writes for non-solid resources, solid (LZMS and LZX), pipable, split, --check. */
export const VARIANTS: readonly FixtureVariant[] = [
  'none',
  'xpress',
  'xpress-4k',
  'xpress-64k',
  'lzx',
  'lzx-1m',
  'lzms',
  'solid',
  'solid-small',
  'pipable',
  'split',
  'integrity',
];

/** Captures the tree with every variant. `split` is an LZX WIM split into parts of 300 KB (set.swm, set2.swm…). */
export function makeFixtures(prefix: string): Fixtures {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const tree = join(dir, 'tree');
  makeTrickyTree(tree);
  const capture = (name: string, ...args: string[]): string => {
    wimlibIn(dir, 'capture', 'tree', name, 'Tricky', ...args);
    return name;
  };
  const wims: Record<FixtureVariant, string> = {
    none: capture('none.wim', '--compress=none'),
    xpress: capture('xpress.wim', '--compress=xpress'),
    'xpress-4k': capture('xpress-4k.wim', '--compress=xpress', '--chunk-size=4096'),
    'xpress-64k': capture('xpress-64k.wim', '--compress=xpress', '--chunk-size=65536'),
    lzx: capture('lzx.wim', '--compress=lzx', '--chunk-size=32768'),
    'lzx-1m': capture('lzx-1m.wim', '--compress=lzx', '--chunk-size=1048576'),
    lzms: capture('lzms.wim', '--compress=lzms'),
    solid: capture('solid.esd', '--solid'),
    'solid-small': capture('solid-small.esd', '--solid', '--solid-chunk-size=65536', '--solid-compress=lzx'),
    pipable: capture('pipable.wim', '--pipable', '--compress=xpress'),
    split: 'set.swm',
    integrity: capture('integrity.wim', '--compress=lzx', '--check'),
  };
  wimlibIn(dir, 'split', 'lzx.wim', 'set.swm', '0.3');
  return { dir, tree, wims };
}

/** The --ref arguments for a variant (the other parts of the split set). */
export function refArgs(fixtures: Fixtures, variant: FixtureVariant): string[] {
  if (variant !== 'split') return [];
  const parts = readdirSync(fixtures.dir).filter((f) => /^set\d+\.swm$/.test(f));
  return parts.length ? ['--ref', 'set*.swm'] : [];
}
