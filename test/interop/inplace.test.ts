/**
 * In-place updates (append, delete --soft, info edits) against wimlib-imagex: after each one wimlib verifies the
 * file and sees what we meant; every byte before the old end but the header is untouched; a soft delete leaves
 * holes that optimize reclaims; cancels and write failures put the file back byte for byte; and files wimlib
 * updated in place (its append, its soft delete) read back identically through our reader.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeWasmLoader } from '../../src/codecs/node-wasm-loader';
import { nodeSha1 } from '../../src/codecs/node-sha1';
import { CodecRegistry } from '../../src/codecs/registry';
import { defaultCaptureConfig, exclusionMatcher } from '../../src/engine/capture/capture-config';
import { scanTree } from '../../src/engine/capture/scan-tree';
import { createBlobReadContext, inProcessDecoder } from '../../src/engine/chunk-decoding';
import { createBlobWriteContext, inProcessEncoder } from '../../src/engine/chunk-encoding';
import { updateWimJob, type UpdateRequest } from '../../src/engine/write/update-job';
import { WIM_HDR_FLAG_WRITE_IN_PROGRESS, readWimHeader } from '../../src/formats/wim/header';
import { closeWimSet, openWimSet } from '../../src/formats/wim/wim-set';
import type { InPlaceWriter } from '../../src/io/byte-writer';
import { NodeFileSource } from '../../src/io/node-file-source';
import { NodeFileUpdater } from '../../src/io/node-file-updater';
import { NodeTreeSource } from '../../src/io/node-tree-source';
import { ErrorCode, ImagewrightError } from '../../src/shared/errors';
import { makeTrickyTree, noise, runOurs, wimlibIn } from './fixtures';
import { expectSameTree } from './tree-compare';

const ROOT = join(__dirname, '..', '..');
let dir: string;

function ours(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return runOurs(dir, ...args);
}

function at(name: string): string {
  return join(dir, name);
}

function verified(wim: string): void {
  expect(wimlibIn(dir, 'verify', wim)).toContain('successfully verified');
}

function copy(from: string, to: string): Buffer {
  copyFileSync(at(from), at(to));
  return readFileSync(at(to));
}

/** Every byte of `before` but the 208-byte header is still there, at the same place, in the file now. */
function expectPrefixKept(before: Buffer, wim: string): void {
  const now = readFileSync(at(wim));
  expect(now.length).toBeGreaterThanOrEqual(before.length);
  expect(now.subarray(208, before.length).equals(before.subarray(208))).toBe(true);
  expect(now.subarray(0, 208).equals(before.subarray(0, 208))).toBe(false);
}

/** Image `image` applied by wimlib and by us, both compared with `reference`. */
function expectAppliesAs(wim: string, image: string, reference: string): void {
  const tag = `${wim}-${image}-${Math.random().toString(36).slice(2, 8)}`;
  wimlibIn(dir, 'apply', wim, image, `theirs-${tag}`);
  expectSameTree(at(`theirs-${tag}`), at(reference));
  const r = ours('apply', wim, image, `ours-${tag}`);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expectSameTree(at(`ours-${tag}`), at(reference));
}

function imageCount(wim: string): number {
  return Number(/Image Count:\s+(\d+)/.exec(wimlibIn(dir, 'info', wim))![1]);
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'iw-inplace-'));
  makeTrickyTree(at('tree1'));
  // tree2: the same tree (its blobs are shared) plus 3 MB of its own.
  makeTrickyTree(at('tree2'));
  writeFileSync(at('tree2/own-noise.bin'), noise(3 << 20, 77));
  writeFileSync(at('tree2/own-text.txt'), 'only in tree 2\n'.repeat(5000));
  for (const n of ['1', '2']) {
    wimlibIn(dir, 'capture', `tree${n}`, `ref${n}.wim`, `T${n}`, '--compress=none');
    wimlibIn(dir, 'apply', `ref${n}.wim`, '1', `ref${n}`);
  }
  mkdirSync(at('big'));
  wimlibIn(dir, 'capture', 'tree1', 'base.wim', 'One', '--check');
  wimlibIn(dir, 'capture', 'tree1', 'base.esd', 'One', '--solid');
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('imagewright append (in place)', () => {
  it('adds an image after the old end of an LZX WIM with an integrity table, leaving every old byte but the header', () => {
    const before = copy('base.wim', 'append.wim');
    const r = ours('append', 'tree2', 'append.wim', 'Two', '--threads', '1');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expectPrefixKept(before, 'append.wim');
    verified('append.wim');
    const text = wimlibIn(dir, 'info', 'append.wim');
    expect(text).toMatch(/Image Count:\s+2/);
    expect(text).toMatch(/Name:\s+Two/);
    expect(text).toMatch(/Attributes:.*Integrity info/);
    // Shared blobs are not stored twice: the file grew by tree 2's own data, not by a copy of tree 1.
    expect(statSync(at('append.wim')).size - before.length).toBeLessThan(3.3 * 2 ** 20);
    expect(wimlibIn(dir, 'dir', 'append.wim', '2')).toBe(wimlibIn(dir, 'dir', 'ref2.wim', '1'));
    expectAppliesAs('append.wim', '1', 'ref1');
    expectAppliesAs('append.wim', '2', 'ref2');
  });

  it('keeps a solid ESD solid: the new blobs go in a new solid resource after the old end', () => {
    const before = copy('base.esd', 'append.esd');
    const r = ours('append', 'tree2', 'append.esd', 'Two', '--threads', '1');
    expect(r.status).toBe(0);
    expectPrefixKept(before, 'append.esd');
    verified('append.esd');
    expect(wimlibIn(dir, 'info', 'append.esd', '--header')).toMatch(/Version\s+= 0xe00/);
    // wimlib sees the old solid resource where it was and a new one past the old end.
    const offsets = [...wimlibIn(dir, 'info', 'append.esd', '--blobs').matchAll(/Solid resource\s+= .* @ offset (\d+)/g)].map((m) => Number(m[1]));
    expect(offsets.some((o) => o < before.length)).toBe(true);
    expect(offsets.some((o) => o >= before.length)).toBe(true);
    expectAppliesAs('append.esd', '2', 'ref2');
    expectAppliesAs('append.esd', '1', 'ref1');
  });

  it('keeps the integrity table of a file larger than one integrity chunk right (old chunks reused, new ones hashed)', () => {
    writeFileSync(at('big/noise.bin'), noise(21 << 20, 5));
    wimlibIn(dir, 'capture', 'big', 'big.wim', 'Big', '--compress=none', '--check');
    const before = readFileSync(at('big.wim'));
    expect(ours('append', 'tree1', 'big.wim', 'Small', '--threads', '1').status).toBe(0);
    expectPrefixKept(before, 'big.wim');
    // wimlib checks every 10 MiB chunk of the table against the file.
    verified('big.wim');
    expect(wimlibIn(dir, 'info', 'big.wim')).toMatch(/Attributes:.*Integrity info/);
    expectAppliesAs('big.wim', '2', 'ref1');
  });

  it('rewrites the whole file with --rebuild (no holes, old bytes not kept in place)', () => {
    copy('base.wim', 'rebuild.wim');
    expect(ours('append', 'tree2', 'rebuild.wim', 'Two', '--rebuild', '--threads', '1').status).toBe(0);
    verified('rebuild.wim');
    copy('base.wim', 'inplace.wim');
    expect(ours('append', 'tree2', 'inplace.wim', 'Two', '--threads', '1').status).toBe(0);
    // The rebuild drops the old blob table, XML and integrity table the in-place update leaves as a hole.
    expect(statSync(at('rebuild.wim')).size).toBeLessThan(statSync(at('inplace.wim')).size);
    expectAppliesAs('rebuild.wim', '2', 'ref2');
  });

  it('rewrites the whole file when the new image asks for another codec, as wimlib does, and says so', () => {
    copy('base.wim', 'codec.wim');
    const r = ours('append', 'tree2', 'codec.wim', 'Two', '--compress=XPRESS', '--threads', '1');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/rewriting the whole file \(another codec or chunk size\)/);
    verified('codec.wim');
    expect(wimlibIn(dir, 'info', 'codec.wim')).toMatch(/Compression:\s+XPRESS/);
    expectAppliesAs('codec.wim', '1', 'ref1');
  });
});

describe('imagewright delete --soft and info edits (in place)', () => {
  it('soft-deletes an image: holes stay (the file is not smaller), both images read right, optimize then shrinks it', () => {
    copy('base.wim', 'soft.wim');
    wimlibIn(dir, 'append', 'tree2', 'soft.wim', 'Two');
    const before = readFileSync(at('soft.wim'));
    const listing = wimlibIn(dir, 'dir', 'soft.wim', '2');
    const r = ours('delete', 'soft.wim', '1', '--soft');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expectPrefixKept(before, 'soft.wim');
    verified('soft.wim');
    expect(imageCount('soft.wim')).toBe(1);
    expect(wimlibIn(dir, 'info', 'soft.wim')).toMatch(/Name:\s+Two/);
    expect(wimlibIn(dir, 'dir', 'soft.wim', '1')).toBe(listing);
    expectAppliesAs('soft.wim', '1', 'ref2');
    const soft = statSync(at('soft.wim')).size;
    expect(ours('optimize', 'soft.wim', '--threads', '1').status).toBe(0);
    verified('soft.wim');
    expect(statSync(at('soft.wim')).size).toBeLessThan(soft);
    expectAppliesAs('soft.wim', '1', 'ref2');
  });

  it('soft-deletes an image of a solid ESD: its blobs stay listed inside the kept solid resources, the rest reads right', () => {
    copy('base.esd', 'soft.esd');
    wimlibIn(dir, 'append', 'tree2', 'soft.esd', 'Two', '--solid');
    const before = readFileSync(at('soft.esd'));
    expect(ours('delete', 'soft.esd', '2', '--soft').status).toBe(0);
    expectPrefixKept(before, 'soft.esd');
    verified('soft.esd');
    expect(imageCount('soft.esd')).toBe(1);
    expectAppliesAs('soft.esd', '1', 'ref1');
    // As wimlib leaves them: the deleted image's blobs keep their entries, with reference count 0.
    expect(wimlibIn(dir, 'info', 'soft.esd', '--blobs')).toMatch(/Reference Count\s+= 0/);
  });

  it('renames an image, sets a property and the boot flag: XML and header only, the blob table stays', async () => {
    const before = copy('base.wim', 'edit.wim');
    const r = ours('info', 'edit.wim', '1', 'Renamed', 'new description', '--image-property', 'DISPLAYNAME=Shown', '--boot');
    expect(r.status).toBe(0);
    expectPrefixKept(before, 'edit.wim');
    verified('edit.wim');
    const text = wimlibIn(dir, 'info', 'edit.wim');
    expect(text).toMatch(/Name:\s+Renamed/);
    expect(text).toMatch(/Description:\s+new description/);
    expect(text).toMatch(/Display Name:\s+Shown/);
    expect(text).toMatch(/Boot Index:\s+1/);
    expect(text).toMatch(/Attributes:.*Integrity info/);
    const headers = await Promise.all([before, readFileSync(at('edit.wim'))].map((bytes) => readWimHeader({ name: 'h', size: bytes.length, read: async (o, n) => bytes.subarray(o, o + n) })));
    expect(headers[1]!.blobTable).toEqual(headers[0]!.blobTable);
    expect(headers[1]!.xmlData.offset).toBeGreaterThanOrEqual(before.length);
    expect(headers[1]!.flags & WIM_HDR_FLAG_WRITE_IN_PROGRESS).toBe(0);
    expectAppliesAs('edit.wim', '1', 'ref1');
  });
});

/** An InPlaceWriter that fails (or aborts `controller`) on write number `failAt` (1-based), else delegates. */
class FaultyUpdater implements InPlaceWriter {
  writes = 0;
  constructor(private readonly inner: NodeFileUpdater, private readonly failAt: number, private readonly controller?: AbortController) {}
  get name(): string {
    return this.inner.name;
  }
  get originalSize(): number {
    return this.inner.originalSize;
  }
  async write(position: number, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
    if (++this.writes === this.failAt) {
      if (!this.controller) throw new ImagewrightError(ErrorCode.WRITE_FAILED, { offset: position, detail: 'simulated failure' });
      this.controller.abort();
    }
    await this.inner.write(position, bytes, signal);
  }
  readBack(position: number, length: number): Promise<Uint8Array> {
    return this.inner.readBack(position, length);
  }
  truncate(length: number): Promise<void> {
    return this.inner.truncate(length);
  }
  sync(): Promise<void> {
    return this.inner.sync();
  }
  commit(): Promise<void> {
    return this.inner.commit();
  }
  abort(): Promise<void> {
    return this.inner.abort();
  }
}

/** Appends tree2 to `wim` through the engine, with the writer `wrap` makes; returns how many writes it made. */
async function engineAppend(wim: string, wrap: (u: NodeFileUpdater) => FaultyUpdater, signal?: AbortSignal): Promise<number> {
  const source = await NodeFileSource.open(at(wim));
  const set = await openWimSet([source]);
  try {
    const tree = await NodeTreeSource.open(at('tree2'));
    const scanned = await scanTree(tree, { isExcluded: exclusionMatcher(defaultCaptureConfig()), rpFix: true });
    const readCtx = await createBlobReadContext(inProcessDecoder(new CodecRegistry(nodeWasmLoader)), nodeWasmLoader, 'release', nodeSha1);
    const writeCtx = await createBlobWriteContext(inProcessEncoder(new CodecRegistry(nodeWasmLoader)), nodeWasmLoader);
    const request: UpdateRequest = { keep: [{ index: 1 }], add: [{ kind: 'tree', source: tree, scanned, fields: { name: 'Two' } }], bootIndex: 0, integrity: true };
    const writer = wrap(await NodeFileUpdater.open(at(wim)));
    await updateWimJob(writer, set, request, readCtx, writeCtx, signal ? { signal } : {});
    return writer.writes;
  } finally {
    await closeWimSet(set);
  }
}

describe('interrupted in-place updates', () => {
  let writes = 0;

  beforeAll(async () => {
    copy('base.wim', 'count.wim');
    writes = await engineAppend('count.wim', (u) => new FaultyUpdater(u, 0));
    verified('count.wim');
  }, 60_000);

  it('puts the file back byte for byte when a write fails: first (flag), middle, last (final header)', async () => {
    expect(writes).toBeGreaterThan(4);
    for (const failAt of [1, 2, Math.floor(writes / 2), writes - 1, writes]) {
      const before = copy('base.wim', `fail-${failAt}.wim`);
      const error = await engineAppend(`fail-${failAt}.wim`, (u) => new FaultyUpdater(u, failAt)).catch((e: unknown) => e);
      expect(error, `write ${failAt}`).toBeInstanceOf(ImagewrightError);
      expect((error as ImagewrightError).code).toBe(ErrorCode.WRITE_FAILED);
      expect(readFileSync(at(`fail-${failAt}.wim`)).equals(before), `write ${failAt}`).toBe(true);
    }
  });

  it('puts the file back byte for byte when cancelled in the middle', async () => {
    const before = copy('base.wim', 'cancel.wim');
    const controller = new AbortController();
    const error = await engineAppend('cancel.wim', (u) => new FaultyUpdater(u, Math.floor(writes / 2), controller), controller.signal).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(readFileSync(at('cancel.wim')).equals(before)).toBe(true);
    verified('cancel.wim');
  });

  it('refuses a file left with WRITE_IN_PROGRESS (a crash before the final header) until --rebuild', () => {
    // What a crash leaves: the flag set in the old header, new bytes after the old end that nothing points to.
    const crashed = copy('base.wim', 'crashed.wim');
    crashed.writeUInt32LE(crashed.readUInt32LE(0x10) | WIM_HDR_FLAG_WRITE_IN_PROGRESS, 0x10);
    writeFileSync(at('crashed.wim'), Buffer.concat([crashed, Buffer.from(noise(5000, 3))]));
    const before = readFileSync(at('crashed.wim'));
    expect(wimlibIn(dir, 'dir', 'crashed.wim', '1')).toBe(wimlibIn(dir, 'dir', 'base.wim', '1'));
    const refused = ours('append', 'tree2', 'crashed.wim', 'Two');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/INPLACE_WRITE_IN_PROGRESS/);
    expect(readFileSync(at('crashed.wim')).equals(before)).toBe(true);
    expect(ours('append', 'tree2', 'crashed.wim', 'Two', '--rebuild', '--threads', '1').status).toBe(0);
    verified('crashed.wim');
    expect(wimlibIn(dir, 'info', 'crashed.wim', '--header')).not.toMatch(/WRITE_IN_PROGRESS/);
    expectAppliesAs('crashed.wim', '2', 'ref2');
  });

  it('refuses split parts and pipable WIMs in place (the CLI rewrites a pipable WIM whole, as wimlib does)', async () => {
    wimlibIn(dir, 'split', 'ref2.wim', 'part.swm', '1');
    const split = ours('append', 'tree1', 'part.swm', 'Two');
    expect(split.stderr).toMatch(/INPLACE_SPLIT_PART/);
    wimlibIn(dir, 'capture', 'tree1', 'pipe.wim', 'One', '--pipable');
    const before = readFileSync(at('pipe.wim'));
    const error = await engineAppend('pipe.wim', (u) => new FaultyUpdater(u, 0)).catch((e: unknown) => e);
    expect((error as ImagewrightError).code).toBe(ErrorCode.INPLACE_PIPABLE);
    expect(readFileSync(at('pipe.wim')).equals(before)).toBe(true);
    const r = ours('append', 'tree2', 'pipe.wim', 'Two', '--threads', '1');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/rewriting the whole file \(pipable WIM\)/);
    verified('pipe.wim');
  });
});

describe('NodeFileUpdater', () => {
  it('refuses to overwrite the old data or cut into it, and puts back what it overwrote on abort', async () => {
    const before = copy('base.wim', 'guard.wim');
    const updater = await NodeFileUpdater.open(at('guard.wim'));
    await updater.write(0, new Uint8Array(208));
    await updater.write(before.length + 10, new Uint8Array([1, 2, 3]));
    const big = await updater.write(208, new Uint8Array(256 * 1024)).catch((e: unknown) => e);
    expect((big as ImagewrightError).code).toBe(ErrorCode.INPLACE_WOULD_OVERWRITE);
    const cut = await updater.truncate(before.length - 1).catch((e: unknown) => e);
    expect((cut as ImagewrightError).code).toBe(ErrorCode.INPLACE_WOULD_OVERWRITE);
    await updater.abort();
    expect(readFileSync(at('guard.wim')).equals(before)).toBe(true);
  });
});

describe('files wimlib-imagex updated in place', () => {
  it('reads a wimlib append and a wimlib soft delete (holes) identically, and appends to it reusing the hole blobs', () => {
    copy('base.wim', 'theirs.wim');
    wimlibIn(dir, 'append', 'tree2', 'theirs.wim', 'Two');
    expectAppliesAs('theirs.wim', '2', 'ref2');
    wimlibIn(dir, 'delete', 'theirs.wim', '2', '--soft');
    expect(imageCount('theirs.wim')).toBe(1);
    expect(ours('verify', 'theirs.wim').status).toBe(0);
    expectAppliesAs('theirs.wim', '1', 'ref1');
    // tree 2's own 3 MB are now a hole wimlib still lists (reference count 0): appending tree 2 again reuses them.
    const size = statSync(at('theirs.wim')).size;
    expect(ours('append', 'tree2', 'theirs.wim', 'Again', '--threads', '1').status).toBe(0);
    verified('theirs.wim');
    expect(statSync(at('theirs.wim')).size - size).toBeLessThan(100_000);
    expectAppliesAs('theirs.wim', '2', 'ref2');
  });
});
