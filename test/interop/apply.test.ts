/**
 * `imagewright apply` / `extract` against `wimlib-imagex apply` / `extract` on WIMs made during the run from the
 * tricky tree (unicode, deep and long paths, empty files, sizes around chunk boundaries, duplicates, hard links,
 * symlinks inside and outside the tree) in every variant. The two trees must agree on: the entry list and types,
 * file contents, symlink targets (RP_FIX links point into each one's own folder), which names share an inode,
 * and modification times (to the microsecond: Node sets times through a double).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeWasmLoader } from '../../src/codecs/node-wasm-loader';
import { CodecRegistry } from '../../src/codecs/registry';
import { createBlobReadContext, inProcessDecoder } from '../../src/engine/chunk-decoding';
import { extractImage } from '../../src/engine/extract/extract-image';
import { readImage } from '../../src/formats/wim/image';
import { closeWimSet, openWimSet } from '../../src/formats/wim/wim-set';
import { NodeDirSink } from '../../src/io/node-dir-sink';
import { NodeFileSource } from '../../src/io/node-file-source';
import { VARIANTS, makeFixtures, refArgs, wimlibIn, type Fixtures, runOurs } from './fixtures';
import { describeTree, expectSameTree } from './tree-compare';

const ROOT = join(__dirname, '..', '..');
let fx: Fixtures;

function ours(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return runOurs(fx.dir, ...args);
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
  fx = makeFixtures('iw-apply-');
}, 120_000);

afterAll(() => {
  if (fx) rmSync(fx.dir, { recursive: true, force: true });
});

describe('imagewright apply vs wimlib-imagex apply', () => {
  it.each(VARIANTS)('writes the same tree as wimlib for %s', (variant) => {
    const wim = fx.wims[variant];
    const refs = refArgs(fx, variant);
    const r = ours('apply', wim, '1', `ours-${variant}`, ...refs);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Extracted \d+ files \(\d+ bytes\), \d+ directories, 2 hard links, 5 symbolic links\n$/);
    wimlibIn(fx.dir, 'apply', wim, '1', `theirs-${variant}`, ...refs);
    expectSameTree(join(fx.dir, `ours-${variant}`), join(fx.dir, `theirs-${variant}`));
    // RP_FIX: the absolute link captured inside the tree points into the extracted copy.
    expect(readlinkSync(join(fx.dir, `ours-${variant}`, 'link-abs-inside'))).toBe(join(fx.dir, `ours-${variant}`, 'dup-a.bin'));
  });

  it('extracts chosen paths each under its own name, like wimlib extract --dest-dir', () => {
    const paths = ['/Unicode', '/sizes/text-32769', '/hard-2.txt'];
    const r = ours('extract', 'solid.esd', '1', ...paths, '--dest-dir', 'ours-extract');
    expect(r.status).toBe(0);
    wimlibIn(fx.dir, 'extract', 'solid.esd', '1', ...paths, '--dest-dir=theirs-extract');
    const a = describeTree(join(fx.dir, 'ours-extract'));
    const b = describeTree(join(fx.dir, 'theirs-extract'));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [path, node] of a) expect(node.content, path).toBe(b.get(path)!.content);
  });

  it('fails with one line naming the image path for a missing path, and leaves no partial file on damage', () => {
    const missing = ours('apply', 'set.swm', '1', 'ours-missing');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^imagewright: error SPLIT_PART_MISSING: .*\n$/);
    const nopath = ours('extract', 'lzx.wim', '1', '/nope', '--dest-dir', 'ours-nope');
    expect(nopath.status).toBe(1);
    expect(nopath.stderr).toMatch(/^imagewright: error PATH_NOT_FOUND: .*\n$/);
  });
});

describe('apply WIM all DIR', () => {
  // Every image, each into DIR/<image name>, as wimlib-imagex does.
  it('extracts every image into a folder named after it, as wimlib does', () => {
    wimlibIn(fx.dir, 'capture', 'tree', 'two.wim', 'First', '--compress=lzx');
    wimlibIn(fx.dir, 'append', 'tree/Unicode', 'two.wim', 'Second');
    wimlibIn(fx.dir, 'apply', 'two.wim', 'all', 'theirs-all');
    expect(readdirSync(join(fx.dir, 'theirs-all')).sort()).toEqual(['First', 'Second']);
    const r = ours('apply', 'two.wim', 'all', 'ours-all');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expectSameTree(join(fx.dir, 'ours-all'), join(fx.dir, 'theirs-all'));
  });
});

describe('the extraction job', () => {
  it('reports byte progress up to the total and, when cancelled, stops with AbortError leaving no partial file', async () => {
    const set = await openWimSet([await NodeFileSource.open(join(fx.dir, 'lzms.wim'))]);
    try {
      const ctx = await createBlobReadContext(inProcessDecoder(new CodecRegistry(nodeWasmLoader)), nodeWasmLoader);
      const image = await readImage(set, 1, ctx);
      const reports: { done: number; total: number }[] = [];
      const full = await extractImage(set, image, await NodeDirSink.open(join(fx.dir, 'job-full')), ctx, { onProgress: (r) => reports.push(r) });
      expect(reports.at(-1)).toEqual({ phase: 'data', done: full.bytes, total: full.bytes });
      expect(full.bytes).toBeGreaterThan(1_000_000);

      const controller = new AbortController();
      let seen = 0;
      const error = await extractImage(set, image, await NodeDirSink.open(join(fx.dir, 'job-cancel')), ctx, {
        signal: controller.signal,
        onProgress: (r) => {
          seen = r.done;
          if (r.done > 100_000) controller.abort();
        },
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'AbortError' });
      expect(seen).toBeGreaterThan(100_000);
      const left = describeTree(join(fx.dir, 'job-cancel'));
      expect([...left.keys()].filter((p) => p.includes('.iw-partial-'))).toEqual([]);
    } finally {
      await closeWimSet(set);
    }
  });
});
