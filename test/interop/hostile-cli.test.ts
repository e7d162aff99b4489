/**
 * Hostile files through the CLI, made during the run from wimlib-imagex captures: truncated at every structural
 * boundary, wrong SHA-1s, damaged blob data, missing / foreign / repeated split parts, absurd counts, sizes and
 * offsets, a directory cycle and a tree deeper than the limit (metadata crafted by hand, SHA-1s fixed up so the
 * damage reaches the parser). Each must end with exit status 1 and one line `imagewright: error CODE: …` naming
 * where (byte offset or path). `apply` of a damaged WIM must exit non-zero and leave no file that looks complete
 * but is not: every file it leaves equals the source.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBlobTable } from '../../src/formats/wim/blob-table';
import { readWimHeader, type WimHeader } from '../../src/formats/wim/header';
import { readImageMetadata } from '../../src/formats/wim/metadata';
import { NodeFileSource } from '../../src/io/node-file-source';
import { buildWim, imagesXml } from '../unit/formats/wim/builders';
import { makeTrickyTree, runOurs, wimlibIn } from './fixtures';

const ROOT = join(__dirname, '..', '..');
let dir: string;
let tree: string;

const ONE_ERROR_LINE = /^imagewright: error [A-Z_]+: [^\n]+\n$/;
/** The message names a place: a byte offset, or the file (every hostile file here is named "bad-…"). */
const NAMES_A_PLACE = /offset|bad-|\/|\.wim|\.swm/;

type Run = { status: number | null; stdout: string; stderr: string };

function expectNamedFailure(r: Run, code?: string): void {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toMatch(ONE_ERROR_LINE);
  expect(r.stderr).toMatch(NAMES_A_PLACE);
  if (code) expect(r.stderr).toMatch(new RegExp(`^imagewright: error ${code}: `));
}

/**
 * verify reports like wimlib's: every bad blob on stdout ("Bad blob HASH …: CODE: … used by image 1: /path"), then
 * one summary line on stderr (after the "no integrity information" warning) — or one error line when the file
 * cannot even be opened.
 */
function expectVerifyFailure(r: Run): void {
  expect(r.status, r.stderr).toBe(1);
  const lines = r.stderr.split('\n').filter(Boolean);
  const last = lines.at(-1) ?? '';
  if (last.startsWith('imagewright: error ')) {
    expect(lines.filter((l) => !l.startsWith('imagewright: warning: '))).toHaveLength(1);
    expect(last).toMatch(NAMES_A_PLACE);
  } else {
    expect(last).toMatch(/^imagewright: ".+" failed verification/);
    const badBlob = /^Bad blob [0-9a-f]{40} \(\d+ bytes\): [A-Z_]+: .+\n(    used by image \d+: \/.+\n)+/m;
    const badImage = /^Verifying metadata for image \d+ of \d+: FAILED: .*(offset|\.wim).*$/m;
    expect(badBlob.test(r.stdout) || badImage.test(r.stdout), r.stdout).toBe(true);
  }
}

async function headerOf(name: string): Promise<WimHeader> {
  const source = await NodeFileSource.open(join(dir, name));
  try {
    return await readWimHeader(source);
  } finally {
    await source.close();
  }
}

/** Every regular file left under `out` must equal the file of the same path in the source tree. */
function expectNoIncompleteFile(out: string): void {
  if (!existsSync(out)) return;
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const st = lstatSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) {
        const rel = relative(out, path);
        expect(readFileSync(path).equals(readFileSync(join(tree, rel))), `${rel} is left incomplete or wrong`).toBe(true);
      }
    }
  };
  walk(out);
}

function damaged(from: string, to: string, edit: (bytes: Buffer) => Buffer | void): string {
  const bytes = readFileSync(join(dir, from));
  writeFileSync(join(dir, to), edit(bytes) ?? bytes);
  return to;
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'iw-hostile-cli-'));
  tree = join(dir, 'tree');
  makeTrickyTree(tree);
  wimlibIn(dir, 'capture', 'tree', 'lzx.wim', 'Tricky', '--compress=lzx', '--check');
  wimlibIn(dir, 'capture', 'tree', 'none.wim', 'Tricky', '--compress=none');
  wimlibIn(dir, 'capture', 'tree', 'solid.esd', 'Tricky', '--solid');
  wimlibIn(dir, 'capture', 'tree', 'other.wim', 'Other', '--compress=none');
  wimlibIn(dir, 'split', 'none.wim', 'set.swm', '0.5');
  wimlibIn(dir, 'split', 'other.wim', 'foreign.swm', '0.5');
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('truncated at every structural boundary', () => {
  it('fails verify and apply with one named line, leaving no incomplete file', async () => {
    const h = await headerOf('lzx.wim');
    const size = readFileSync(join(dir, 'lzx.wim')).length;
    const cuts = new Map<string, number>([
      ['empty', 0],
      ['inside the header', 100],
      ['just before the end of the header', 207],
      ['right after the header', 208],
      ['inside the resources', Math.floor(h.blobTable.offset / 2)],
      ['at the blob table', h.blobTable.offset],
      ['inside the blob table', h.blobTable.offset + 25],
      ['at the XML', h.xmlData.offset],
      ['inside the XML', h.xmlData.offset + Math.floor(h.xmlData.sizeInWim / 2)],
      ['at the integrity table', h.integrityTable.offset],
      ['inside the integrity table', h.integrityTable.offset + 13],
      ['one byte short', size - 1],
    ]);
    for (const [where, cut] of cuts) {
      const name = damaged('lzx.wim', `bad-cut-${cut}.wim`, (b) => b.subarray(0, cut));
      const verify = runOurs(dir, 'verify', name);
      expect(verify.status, `${where}: ${verify.stderr}`).toBe(1);
      expectVerifyFailure(verify);
      const out = `out-cut-${cut}`;
      const apply = runOurs(dir, 'apply', name, '1', out);
      // Cutting only the integrity table leaves every resource whole: apply may then succeed (as wimlib's does).
      if (cut < h.xmlData.offset + h.xmlData.sizeInWim) expectNamedFailure(apply);
      else expect([0, 1], `${where}: ${apply.stderr}`).toContain(apply.status);
      expectNoIncompleteFile(join(dir, out));
    }
  });
});

describe('wrong SHA-1s and damaged data', () => {
  it('names the blob whose stored bytes were changed, and apply leaves that file out', async () => {
    const target = readFileSync(join(tree, 'sizes', 'big-text'));
    const hash = createHash('sha1').update(target).digest('hex');
    const source = await NodeFileSource.open(join(dir, 'none.wim'));
    const blob = (await readBlobTable(source, await readWimHeader(source))).byHash.get(hash)!;
    await source.close();
    expect(blob.location.kind).toBe('plain');
    const at = blob.location.kind === 'plain' ? blob.location.offset + 1000 : 0;
    const name = damaged('none.wim', 'bad-data.wim', (b) => void (b[at] = b[at]! ^ 0x20));
    expectVerifyFailure(runOurs(dir, 'verify', name));
    const apply = runOurs(dir, 'apply', name, '1', 'out-bad-data');
    expectNamedFailure(apply);
    expect(apply.stderr).toContain(hash);
    expect(existsSync(join(dir, 'out-bad-data', 'sizes', 'big-text'))).toBe(false);
    expectNoIncompleteFile(join(dir, 'out-bad-data'));
  });

  it.each([
    ['LZX chunks', 'lzx.wim'],
    ['a solid LZMS resource', 'solid.esd'],
  ])('apply stops with a named error on damaged %s and leaves only complete files', async (_label, wim) => {
    const h = await headerOf(wim);
    // Flip a byte in the middle of the resource data (between the header and the blob table).
    const at = 208 + Math.floor((h.blobTable.offset - 208) / 2);
    const name = damaged(wim, `bad-mid-${wim}`, (b) => void (b[at] = b[at]! ^ 0x55));
    expectVerifyFailure(runOurs(dir, 'verify', name));
    const out = `out-mid-${wim}`;
    expectNamedFailure(runOurs(dir, 'apply', name, '1', out));
    expectNoIncompleteFile(join(dir, out));
  });

  it('reports a blob table hash that no longer matches its data', async () => {
    const h = await headerOf('none.wim');
    const source = await NodeFileSource.open(join(dir, 'none.wim'));
    const table = await readBlobTable(source, h);
    await source.close();
    const victim = table.blobs.find((b) => b.size > 100_000)!;
    const at = h.blobTable.offset + victim.entryIndex * 50 + 30;
    const name = damaged('none.wim', 'bad-hash.wim', (b) => void (b[at + 5] = b[at + 5]! ^ 0xff));
    expectVerifyFailure(runOurs(dir, 'verify', name));
    const apply = runOurs(dir, 'apply', name, '1', 'out-bad-hash');
    expectNamedFailure(apply);
    expectNoIncompleteFile(join(dir, 'out-bad-hash'));
  });
});

describe('split sets', () => {
  it('refuses missing parts, and foreign parts standing in for ours, in verify and apply', () => {
    const parts = readdirSync(dir).filter((f) => /^set\d+\.swm$/.test(f));
    const foreign = readdirSync(dir).filter((f) => /^foreign\d+\.swm$/.test(f));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(foreign.length).toBeGreaterThanOrEqual(1);
    for (const verb of [['verify', 'set.swm'], ['apply', 'set.swm', '1', 'out-split']]) {
      expectNamedFailure(runOurs(dir, ...verb), 'SPLIT_PART_MISSING');
      expectNamedFailure(runOurs(dir, ...verb, '--ref', parts[0]!), 'SPLIT_PART_MISSING');
      expectNamedFailure(runOurs(dir, ...verb, '--ref', 'foreign*.swm'), 'SPLIT_PART_MISSING');
    }
    expect(existsSync(join(dir, 'out-split'))).toBe(false);
    // --ref adds blobs by hash, as wimlib's does, so an extra foreign part next to the complete set is accepted;
    // info, which describes the set itself, refuses it.
    expect(runOurs(dir, 'verify', 'set.swm', '--ref', 'set*.swm', '--ref', 'foreign2.swm').status).toBe(0);
    expectNamedFailure(runOurs(dir, 'info', 'set.swm', '--ref', 'set*.swm', '--ref', 'foreign2.swm'), 'SPLIT_PART_MISMATCH');
    // dir needs part 1 only: it lists with parts missing, as wimlib does.
    expect(runOurs(dir, 'dir', 'set.swm', '1').status).toBe(0);
  });

  it('refuses a part whose header was damaged, or a part given as the main file that is not part 1', () => {
    const name = damaged('set2.swm', 'bad-part2.swm', (b) => void b.writeUInt16LE(7, 0x2a));
    expectNamedFailure(runOurs(dir, 'verify', 'set.swm', '--ref', name));
    expectNamedFailure(runOurs(dir, 'apply', 'set2.swm', '1', 'out-part2', '--ref', 'set*.swm'));
    expect(existsSync(join(dir, 'out-part2'))).toBe(false);
  });
});

describe('absurd counts, sizes and offsets in the header and blob table', () => {
  const patch = (name: string, edit: (view: DataView) => void): string =>
    damaged('none.wim', name, (b) => void edit(new DataView(b.buffer, b.byteOffset, b.byteLength)));

  it.each([
    ['image count of a million', 'bad-count.wim', (v: DataView) => v.setUint32(0x2c, 1_000_000, true), 'TOO_MANY_IMAGES'],
    ['blob table at 1 TiB', 'bad-table-offset.wim', (v: DataView) => v.setBigUint64(0x30 + 8, 1n << 40n, true), 'RESOURCE_OUT_OF_BOUNDS'],
    ['XML of 2^55 bytes', 'bad-xml-size.wim', (v: DataView) => v.setBigUint64(0x48 + 16, 1n << 55n, true), undefined],
    ['chunk size 3 on a compressed header', 'bad-chunk.wim', (v: DataView) => (v.setUint32(0x10, 0x20002, true), v.setUint32(0x14, 3, true)), 'BAD_CHUNK_SIZE'],
    ['part 3 of 2', 'bad-part.wim', (v: DataView) => v.setUint16(0x28, 3, true), 'BAD_PART_NUMBER'],
  ] as const)('%s', (_label, name, edit, code) => {
    patch(name, edit);
    for (const args of [['info', name], ['dir', name, '1'], ['apply', name, '1', `out-${name}`]]) expectNamedFailure(runOurs(dir, ...args), code);
    expectNoIncompleteFile(join(dir, `out-${name}`));
  });

  it('a blob table entry pointing past the end of the file', async () => {
    const h = await headerOf('none.wim');
    const name = patch('bad-entry.wim', (v) => v.setBigUint64(h.blobTable.offset + 50 * 2 + 8, 1n << 45n, true));
    expectVerifyFailure(runOurs(dir, 'verify', name));
    expectNamedFailure(runOurs(dir, 'apply', name, '1', 'out-bad-entry'));
    expectNoIncompleteFile(join(dir, 'out-bad-entry'));
  });
});

/** Copies none.wim with its (uncompressed) metadata resource changed by `edit`, SHA-1 fixed so the parser sees it. */
async function withMetadata(name: string, edit: (metadata: Buffer, rootSubdir: number, dirs: { offset: number; subdir: number }[]) => void): Promise<string> {
  const source = await NodeFileSource.open(join(dir, 'none.wim'));
  const h = await readWimHeader(source);
  const table = await readBlobTable(source, h);
  await source.close();
  const meta = table.metadata[0]!;
  if (meta.location.kind !== 'plain') throw new Error('expected an uncompressed metadata resource');
  const bytes = readFileSync(join(dir, 'none.wim'));
  const start = meta.location.offset;
  const metadata = bytes.subarray(start, start + meta.size);
  const parsed = readImageMetadata(new Uint8Array(metadata));
  const view = new DataView(metadata.buffer, metadata.byteOffset, metadata.byteLength);
  const subdirOf = (offset: number): number => Number(view.getBigUint64(offset + 0x10, true));
  const dirs = (parsed.root.children ?? []).filter((c) => c.children && c.children.length > 0).map((c) => ({ offset: c.offset, subdir: subdirOf(c.offset) }));
  edit(metadata, subdirOf(parsed.root.offset), dirs);
  const hashAt = h.blobTable.offset + meta.entryIndex * 50 + 30;
  bytes.set(createHash('sha1').update(metadata).digest(), hashAt);
  writeFileSync(join(dir, name), bytes);
  return name;
}

describe('hostile trees', () => {
  it('refuses a directory whose children list is its parent\'s (a cycle)', async () => {
    const name = await withMetadata('bad-cycle.wim', (metadata, rootSubdir, dirs) => {
      metadata.writeBigUInt64LE(BigInt(rootSubdir), dirs[0]!.offset + 0x10);
    });
    for (const args of [['dir', name, '1'], ['apply', name, '1', 'out-cycle']]) expectNamedFailure(runOurs(dir, ...args));
    expectVerifyFailure(runOurs(dir, 'verify', name));
    expect(runOurs(dir, 'dir', name, '1').stderr).toMatch(/cycle|loop|ancestor/i);
    expectNoIncompleteFile(join(dir, 'out-cycle'));
  });

  it('refuses a tree deeper than the limit without exhausting the stack', () => {
    // Hand-made: empty security data, then a chain of 20 000 directories, each the only child of the previous.
    const depth = 20_000;
    const dentry = 0x68 + 8; // fixed part + 1-char name (2 bytes) + NUL, aligned to 8
    const metadata = Buffer.alloc(8 + depth * (dentry + 8) + 8 + dentry + 8);
    metadata.writeUInt32LE(8, 0);
    let at = 8;
    for (let i = 0; i <= depth; i++) {
      metadata.writeBigUInt64LE(BigInt(dentry), at);
      metadata.writeUInt32LE(0x10, at + 8);
      metadata.writeUInt32LE(0xffffffff, at + 12);
      const childList = at + dentry + 8;
      if (i < depth) metadata.writeBigUInt64LE(BigInt(childList), at + 0x10);
      if (i > 0) {
        metadata.writeUInt16LE(2, at + 0x64);
        metadata.write('d', at + 0x66, 'utf16le');
      }
      at = childList; // this dentry, then its list's terminator (8 zero bytes), then the child
    }
    const sha1 = createHash('sha1').update(metadata).digest();
    const { bytes } = buildWim({
      imageCount: 1,
      payload: metadata,
      entries: [{ offset: 208, sizeInWim: metadata.length, uncompressedSize: metadata.length, flags: 0x02, hash: sha1 }],
      xml: imagesXml(1),
    });
    writeFileSync(join(dir, 'bad-deep.wim'), bytes);
    expect(runOurs(dir, 'info', 'bad-deep.wim').status).toBe(0);
    for (const args of [['dir', 'bad-deep.wim', '1'], ['apply', 'bad-deep.wim', '1', 'out-deep']]) expectNamedFailure(runOurs(dir, ...args));
    expect(runOurs(dir, 'dir', 'bad-deep.wim', '1').stderr).toMatch(/deep|depth|level/i);
  });
});
