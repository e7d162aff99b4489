// readBlobRange against the whole blob (readBlobBytes, SHA-1 checked) on WIMs wimlib-imagex writes in every
// layout: stored, XPRESS, LZX, LZMS, solid LZMS and LZX, pipable.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBlobBytes } from '../../../../src/formats/wim/blob-reader';
import { readBlobRange } from '../../../../src/formats/wim/blob-range';
import { openWimSet, type WimSet } from '../../../../src/formats/wim/wim-set';
import { BlobSource } from '../../../../src/io/blob-source';
import { noise, text } from '../../../interop/fixtures';
import { nodeReadContext } from '../../engine/explorer/explorer-fixtures';

const VARIANTS: Record<string, string[]> = {
  none: ['--compress=none'],
  xpress: ['--compress=xpress'],
  lzx: ['--compress=lzx'],
  lzms: ['--compress=lzms'],
  solid: ['--solid'],
  'solid-lzx': ['--solid', '--solid-chunk-size=65536', '--solid-compress=lzx'],
  pipable: ['--pipable', '--compress=xpress'],
};

let dir: string;
const sets = new Map<string, WimSet>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iw-range-'));
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  writeFileSync(join(tree, 'mixed.bin'), new Uint8Array([...noise(300_000, 3), ...text(500_000, 4)]));
  writeFileSync(join(tree, 'small.txt'), text(1000, 5));
  writeFileSync(join(tree, 'odd.bin'), noise(65_537, 6));
  for (const [name, args] of Object.entries(VARIANTS)) {
    const path = join(dir, `${name}.wim`);
    execFileSync('wimlib-imagex', ['capture', tree, path, 'T', ...args], { stdio: 'ignore' });
    sets.set(name, await openWimSet([new BlobSource(await openAsBlob(path), `${name}.wim`)]));
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readBlobRange', () => {
  for (const name of Object.keys(VARIANTS)) {
    it(`reads any range of any blob like the whole read does (${name})`, async () => {
      const set = sets.get(name)!;
      const ctx = await nodeReadContext();
      for (const home of set.blobs.values()) {
        const whole = await readBlobBytes(set, home, ctx);
        const size = whole.length;
        const ranges: [number, number][] = [[0, 16], [size - 5, 100], [32767, 3], [65535, 70_000], [Math.floor(size / 2), 1 << 20], [size, 10], [7, 0]];
        for (const [offset, length] of ranges) {
          const got = await readBlobRange(set, home, ctx, offset, length);
          const start = Math.min(Math.max(0, offset), size);
          expect(Buffer.from(got).equals(Buffer.from(whole.subarray(start, Math.min(size, start + length)))), `${home.blob.hash} @${offset}+${length}`).toBe(true);
        }
      }
    });
  }
});
