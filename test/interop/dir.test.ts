/**
 * `imagewright dir` against `wimlib-imagex dir` on WIMs made during the run from the tricky tree (fixtures.ts):
 * every compression, solid, pipable, split (with and without its other parts), several images, UNIX data.
 * The path listing and the --detailed blocks must equal wimlib's output byte for byte.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirEntryFacts } from '../../src/engine/list';
import { VARIANTS, makeFixtures, refArgs, wimlibIn, type Fixtures } from './fixtures';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'imagewright');
let fx: Fixtures;

function ours(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: fx.dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectSame(...args: string[]): void {
  const r = ours('dir', ...args);
  expect(r.stderr.replace(/^imagewright: warning: .*\n/gm, '')).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(wimlibIn(fx.dir, 'dir', ...args));
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
  fx = makeFixtures('iw-dir-');
  wimlibIn(fx.dir, 'capture', 'tree', 'multi.wim', 'First', '--compress=lzx');
  wimlibIn(fx.dir, 'append', 'tree/Unicode', 'multi.wim', 'Second');
  wimlibIn(fx.dir, 'capture', 'tree', 'unix.wim', 'Unix', '--unix-data', '--compress=xpress');
}, 120_000);

afterAll(() => {
  if (fx) rmSync(fx.dir, { recursive: true, force: true });
});

describe('imagewright dir vs wimlib-imagex dir', () => {
  it.each(VARIANTS)('lists the same paths as wimlib for %s', (variant) => {
    expectSame(fx.wims[variant], '1', ...refArgs(fx, variant));
  });

  it.each(VARIANTS)('prints the same detailed listing as wimlib for %s', (variant) => {
    expectSame(fx.wims[variant], '1', '--detailed', ...refArgs(fx, variant));
  });

  it('lists part 1 of a split set alone, showing streams of absent parts as missing, as wimlib does', () => {
    expectSame('set.swm', '1', '--detailed');
  });

  it('selects images by index or name and prints UNIX data', () => {
    expectSame('multi.wim', '2');
    expectSame('multi.wim', 'Second', '--detailed');
    expectSame('unix.wim', '--detailed');
  });

  it('lists the subtree or the single file at --path, with either separator', () => {
    expectSame('lzx.wim', '1', '--path', '/Unicode');
    expectSame('lzx.wim', '1', '--path', 'Unicode\\Déjà vu', '--detailed');
    expectSame('lzx.wim', '1', '--path', '/sizes/text-32768', '--detailed');
  });

  it('fails with PATH_NOT_FOUND or IMAGE_NOT_FOUND in one line', () => {
    const missing = ours('dir', 'lzx.wim', '1', '--path', '/nope');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^imagewright: error PATH_NOT_FOUND: .*\/nope.*\n$/);
    const image = ours('dir', 'multi.wim', 'Third');
    expect(image.status).toBe(1);
    expect(image.stderr).toMatch(/^imagewright: error IMAGE_NOT_FOUND: .*"Third".*\n$/);
    expect(ours('dir', 'multi.wim').status).toBe(2);
  });

  it('describes entries as JSON with hard-link counts and stream locations', () => {
    const r = ours('dir', 'solid.esd', '1', '--json');
    expect(r.status).toBe(0);
    const entries = JSON.parse(r.stdout) as DirEntryFacts[];
    const hard = entries.filter((e) => /hard-\d\.txt$/.test(e.path));
    expect(hard).toHaveLength(3);
    expect(hard.every((e) => e.linkCount === 3 && e.linkGroupId === hard[0]!.linkGroupId)).toBe(true);
    expect(hard[0]!.streams[0]).toMatchObject({ kind: 'data', size: 10_000, missing: false, resource: { solid: expect.any(Object) } });
    const link = entries.find((e) => e.path === '/link-rel')!;
    expect(link.reparseTag).toBe(0xa000000c);
    expect(link.streams[0]!.kind).toBe('reparse');
  });
});
