/**
 * `imagewright verify` on WIMs made during the run: clean files verify (as they do with wimlib-imagex verify), an
 * integrity table is checked, and a flipped bit inside a compressed resource is reported with the blob's hash and
 * every path that uses it, with a non-zero exit (wimlib fails on the same file).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBlobTable } from '../../src/formats/wim/blob-table';
import { readWimHeader } from '../../src/formats/wim/header';
import { NodeFileSource } from '../../src/io/node-file-source';
import { VARIANTS, makeFixtures, refArgs, wimlibIn, type Fixtures, runOurs } from './fixtures';

const ROOT = join(__dirname, '..', '..');
let fx: Fixtures;

function ours(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return runOurs(fx.dir, ...args);
}

function wimlibStatus(...args: string[]): number | null {
  return spawnSync('wimlib-imagex', args, { cwd: fx.dir, stdio: 'ignore' }).status;
}

/** Copies `name` and flips one bit in the middle of the stored bytes (compressed or not) of the blob with this content. */
async function damageBlobOf(name: string, copy: string, content: Buffer): Promise<string> {
  copyFileSync(join(fx.dir, name), join(fx.dir, copy));
  const hash = createHash('sha1').update(content).digest('hex');
  const source = await NodeFileSource.open(join(fx.dir, copy));
  const blob = (await readBlobTable(source, await readWimHeader(source))).byHash.get(hash)!;
  await source.close();
  if (blob.location.kind === 'solid') throw new Error('solid blobs are not damaged by this helper');
  const stored = blob.location.kind === 'compressed' ? blob.location.sizeInWim : blob.size;
  const bytes = readFileSync(join(fx.dir, copy));
  const at = blob.location.offset + Math.floor(stored / 2);
  bytes[at] = bytes[at]! ^ 0x04;
  writeFileSync(join(fx.dir, copy), bytes);
  return blob.location.kind;
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
  fx = makeFixtures('iw-verify-');
  wimlibIn(fx.dir, 'capture', 'tree', 'checked.wim', '--compress=lzx', '--check');
}, 120_000);

afterAll(() => {
  if (fx) rmSync(fx.dir, { recursive: true, force: true });
});

describe('imagewright verify', () => {
  it.each(VARIANTS)('verifies the clean %s like wimlib does', (variant) => {
    const args = [fx.wims[variant], ...refArgs(fx, variant)];
    expect(wimlibStatus('verify', ...args)).toBe(0);
    const r = ours('verify', ...args);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Verifying metadata for image 1 of 1\nVerifying file data: \d+ blobs, \d+ bytes\n\n".*" was successfully verified\.\n$/);
  });

  it('checks the integrity table when there is one', () => {
    const r = ours('verify', 'checked.wim');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Integrity table: ok\n/);
    expect(r.stderr).toBe('');
  });

  it('reports a bit flip in a compressed resource with the blob hash and every path using it', async () => {
    const content = readFileSync(join(fx.tree, 'hard-1.txt'));
    expect(await damageBlobOf('lzx.wim', 'flipped.wim', content)).toBe('compressed');
    expect(wimlibStatus('verify', 'flipped.wim')).not.toBe(0);
    const r = ours('verify', 'flipped.wim');
    expect(r.status).toBe(1);
    const hash = createHash('sha1').update(content).digest('hex');
    expect(r.stdout).toContain(`Bad blob ${hash} (10000 bytes): `);
    for (const path of ['/hard-1.txt', '/hard-2.txt', '/sizes/hard-3.txt']) expect(r.stdout).toContain(`    used by image 1: ${path}\n`);
    expect(r.stderr).toMatch(/"flipped\.wim" failed verification \(1 bad blob\)\n$/);
  });

  it('reports integrity chunks that no longer match', async () => {
    await damageBlobOf('checked.wim', 'checked-flipped.wim', readFileSync(join(fx.tree, 'dup-a.bin')));
    const r = ours('verify', 'checked-flipped.wim', '--json');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { integrity: { mismatches: { chunk: number }[] }; problems: { users: { path: string }[] }[] };
    expect(report.integrity.mismatches.map((m) => m.chunk)).toEqual([0]);
    expect(report.problems[0]!.users.map((u) => u.path).sort()).toEqual(['/Unicode/dup-b.bin', '/dup-a.bin']);
  });
});
