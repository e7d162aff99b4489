/**
 * The NTFS leg: a volume image is made and populated during the run through ntfs-3g (named data streams, security
 * descriptors built here from specs, DOS short names, symlink and junction reparse points, hard links, attributes,
 * a hidden system folder, a sparse file, timestamps), unmounted, and captured by `wimlib-imagex capture
 * volume.img` in NTFS-3G mode (full metadata) with several codecs. Then, for every capture: our `dir --detailed`
 * and `info --blobs` equal wimlib's; 7-Zip's listing with alternate streams agrees with ours; the descriptors,
 * streams, short names, reparse data and times read through our metadata API, listing and blob reader are
 * exactly what was written; our `apply` to a Linux folder writes what wimlib's does (the per-file report of what
 * a POSIX target drops is a known gap, see below); and wimlib's apply of the capture to a fresh NTFS volume gives
 * back, through getxattr, the streams, descriptors, reparse data, short names and attributes we read.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeWasmLoader } from '../../src/codecs/node-wasm-loader';
import { CodecRegistry } from '../../src/codecs/registry';
import { createBlobReadContext, inProcessDecoder } from '../../src/engine/chunk-decoding';
import { readBlob } from '../../src/formats/wim/blob-reader';
import type { BlobReadContext } from '../../src/formats/wim/chunk-decoder';
import { readImage } from '../../src/formats/wim/image';
import type { WimEntry } from '../../src/formats/wim/metadata';
import { closeWimSet, openWimSet, type WimSet } from '../../src/formats/wim/wim-set';
import { NodeFileSource } from '../../src/io/node-file-source';
import { listImage, type DirEntryFacts } from '../../src/engine/list';
import { parseLinkReparseData } from '../../src/formats/wim/reparse';
import { noise, runOurs, text, wimlibIn } from './fixtures';
import { attributeLetters, filetimeText, list7z } from './sevenzip-listing';
import {
  applyOps,
  dumpXattrs,
  hex,
  junctionReparse,
  makeNtfsImage,
  mountNtfs,
  securityDescriptorBytes,
  symlinkReparse,
  type SecuritySpec,
  type VolumeOp,
} from './ntfs-volume';

const ROOT = join(__dirname, '..', '..');
let dir: string;

const USER = 'S-1-5-21-1004336348-1177238915-682003330-1001';
const SD_ADMIN: SecuritySpec = {
  owner: 'S-1-5-32-544',
  group: 'S-1-5-18',
  dacl: [
    { type: 'deny', flags: 0, mask: 0x1f01ff, sid: 'S-1-5-7' },
    { type: 'allow', flags: 0, mask: 0x1200a9, sid: 'S-1-1-0' },
    { type: 'allow', flags: 0, mask: 0x1301bf, sid: 'S-1-5-32-545' },
  ],
};
const SD_FOLDER: SecuritySpec = {
  owner: USER,
  group: 'S-1-5-21-1004336348-1177238915-682003330-513',
  control: 0x1000 | 0x0400,
  dacl: [
    { type: 'allow', flags: 0x03, mask: 0x1f01ff, sid: 'S-1-5-18' },
    { type: 'allow', flags: 0x0b, mask: 0x1f01ff, sid: 'S-1-5-32-544' },
    { type: 'allow', flags: 0x13, mask: 0x1200a9, sid: USER },
  ],
};
const SD_INHERITED: SecuritySpec = {
  owner: USER,
  group: 'S-1-5-18',
  control: 0x0400,
  dacl: [
    { type: 'allow', flags: 0x10, mask: 0x1f01ff, sid: 'S-1-5-18' },
    { type: 'deny', flags: 0x10, mask: 0x000116, sid: 'S-1-5-32-545' },
  ],
};

/** FILETIMEs (100 ns since 1601) with sub-second digits, so rounding anywhere shows. */
const TIMES = { creation: 132223104001234567n, write: 132539328009876543n, access: 133000000000000001n, change: 133000000000000002n };

const ZONE = '[ZoneTransfer]\r\nZoneId=3\r\n';
const STREAMS: Record<string, Record<string, Uint8Array>> = {
  '/Docs/report.txt': { 'Zone.Identifier': new TextEncoder().encode(ZONE), summary: noise(60_000, 41), 'résumé ñ': text(40_000, 6) },
  '/Docs/notes.txt': { empty: new Uint8Array(0) },
  '/Program Files': { 'dir-stream': text(3000, 8) },
};
const SECURITY: Record<string, SecuritySpec> = { '/secret.sys': SD_ADMIN, '/Docs': SD_FOLDER, '/Docs/report.txt': SD_INHERITED };
const SHORT_NAMES: Record<string, string> = { '/Long File Name.txt': 'LONGFI~1.TXT', '/Program Files': 'PROGRA~1' };
const REPARSE: Record<string, Uint8Array> = {
  '/link-rel': symlinkReparse('Docs\\report.txt', true),
  '/link-abs': symlinkReparse('C:\\Windows\\System32\\drivers\\etc\\hosts', false),
  '/junction': junctionReparse('C:\\Users\\Public'),
};

function filetimes(t: typeof TIMES): string {
  const b = Buffer.alloc(32);
  [t.creation, t.write, t.access, t.change].forEach((v, i) => b.writeBigUInt64LE(v, 8 * i));
  return b.toString('hex');
}

function volumeOps(): VolumeOp[] {
  const ops: VolumeOp[] = [
    { op: 'mkdir', path: 'Docs' },
    { op: 'mkdir', path: 'Program Files' },
    { op: 'mkdir', path: 'junction' },
    { op: 'write', path: 'Docs/report.txt', hex: hex(text(100_000, 1)) },
    { op: 'write', path: 'Docs/notes.txt', hex: hex('notes\n') },
    { op: 'write', path: 'Long File Name.txt', hex: hex('long name\n') },
    { op: 'write', path: 'Program Files/app.exe', hex: hex(noise(5000, 2)) },
    { op: 'write', path: 'secret.sys', hex: hex('hidden system readonly\n') },
    { op: 'write', path: 'hard-a.txt', hex: hex(text(9000, 4)) },
    { op: 'link', path: 'Docs/hard-b.txt', target: 'hard-a.txt' },
    { op: 'sparse', path: 'Docs/sparse.bin', hole: 3 << 20, hex: hex('after the hole\n') },
    { op: 'mkdir', path: 'Hidden Dir' },
    { op: 'write', path: 'Hidden Dir/inside.txt', hex: hex('inside a hidden folder\n') },
    { op: 'link', path: 'Hidden Dir/hard-c.txt', target: 'hard-a.txt' },
    { op: 'write', path: 'link-rel', hex: '' },
    { op: 'write', path: 'link-abs', hex: '' },
  ];
  for (const [path, streams] of Object.entries(STREAMS)) {
    for (const [name, bytes] of Object.entries(streams)) ops.push({ op: 'setxattr', path: path.slice(1), name: `user.${name}`, hex: hex(bytes) });
  }
  for (const [path, spec] of Object.entries(SECURITY)) ops.push({ op: 'setxattr', path: path.slice(1), name: 'system.ntfs_acl', hex: hex(securityDescriptorBytes(spec)) });
  for (const [path, short] of Object.entries(SHORT_NAMES)) ops.push({ op: 'setxattr', path: path.slice(1), name: 'system.ntfs_dos_name', hex: hex(short) });
  for (const [path, data] of Object.entries(REPARSE)) ops.push({ op: 'setxattr', path: path.slice(1), name: 'system.ntfs_reparse_data', hex: hex(data) });
  ops.push({ op: 'setxattr', path: 'Docs/report.txt', name: 'system.ntfs_times', hex: filetimes(TIMES) });
  // Last: a read-only file refuses later changes. The folder: hidden + system + directory.
  ops.push({ op: 'setxattr', path: 'secret.sys', name: 'system.ntfs_attrib', hex: '27000000' });
  ops.push({ op: 'setxattr', path: 'Hidden Dir', name: 'system.ntfs_attrib', hex: '16000000' });
  return ops;
}

const CAPTURES = [
  { name: 'ntfs-none.wim', args: ['--compress=none'] },
  { name: 'ntfs-xpress.wim', args: ['--compress=xpress', '--chunk-size=4096'] },
  { name: 'ntfs-lzx.wim', args: ['--compress=lzx'] },
  { name: 'ntfs-solid.esd', args: ['--solid'] },
];

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'iw-ntfs-'));
  const image = join(dir, 'volume.img');
  makeNtfsImage(image);
  mkdirSync(join(dir, 'mnt'));
  const mounted = await mountNtfs(image, join(dir, 'mnt'));
  try {
    applyOps(mounted.mountpoint, volumeOps());
  } finally {
    await mounted.unmount();
  }
  for (const c of CAPTURES) wimlibIn(dir, 'capture', 'volume.img', c.name, 'NTFS', ...c.args);
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function withImage<T>(name: string, use: (set: WimSet, root: WimEntry, sds: Uint8Array[], ctx: BlobReadContext) => Promise<T>): Promise<T> {
  const set = await openWimSet([await NodeFileSource.open(join(dir, name))]);
  try {
    const ctx = await createBlobReadContext(inProcessDecoder(new CodecRegistry(nodeWasmLoader)), nodeWasmLoader);
    const image = await readImage(set, 1, ctx);
    return await use(set, image.metadata.root, image.metadata.securityDescriptors, ctx);
  } finally {
    await closeWimSet(set);
  }
}

function entryAt(root: WimEntry, path: string): WimEntry {
  let at = root;
  for (const name of path.split('/').filter(Boolean)) {
    const next = at.children?.find((c) => c.name === name);
    if (!next) throw new Error(`${path}: no ${name}`);
    at = next;
  }
  return at;
}

async function blobBytes(set: WimSet, hash: string | undefined, ctx: BlobReadContext): Promise<Uint8Array> {
  if (hash === undefined) return new Uint8Array(0);
  const pieces: Uint8Array[] = [];
  for await (const piece of readBlob(set, hash, ctx)) pieces.push(piece.slice());
  return new Uint8Array(Buffer.concat(pieces));
}

/** One line per 7-Zip record (entries and, with -sns, "path:stream" records), from our dir --json. */
function ourSevenZipView(entries: DirEntryFacts[]): string[] {
  const lines: string[] = [];
  for (const e of entries) {
    if (e.path === '/') continue;
    const path = e.path.slice(1);
    const isDir = (e.attributes & 0x10) !== 0;
    const main = e.streams.find((s) => s.kind === 'reparse') ?? e.streams.find((s) => s.kind === 'data' && s.name === undefined);
    const size = isDir && main?.kind !== 'reparse' ? '' : String(main?.size ?? 0);
    const modified = filetimeText(e.lastWriteTime);
    lines.push(`${path} | ${isDir ? '+' : '-'} | ${size} | ${attributeLetters(e.attributes)} | ${modified} | ${e.shortName}`);
    const named = e.streams.filter((s) => s.kind === 'named');
    // Stream records carry their file's time. Next to a reparse stream, or next to a directory's named streams,
    // wimlib writes an empty unnamed data stream entry (which our listing folds away), and 7-Zip lists it as "path:".
    if (main?.kind === 'reparse' || (isDir && named.length > 0)) lines.push(`${path}: | - | 0 |  | ${modified} | `);
    for (const s of named) lines.push(`${path}:${s.name} | - | ${s.size} |  | ${modified} | `);
  }
  return lines.sort();
}

describe.each(CAPTURES)('NTFS capture $name', ({ name }) => {
  it('agrees with 7-Zip on entries, short names, attributes, times and named streams (7zz l -slt -sns)', () => {
    const r = runOurs(dir, 'dir', name, '1', '--json');
    expect(r.status).toBe(0);
    const theirs = list7z(dir, name, true)
      .map((rec) => `${rec['Path']} | ${rec['Folder'] ?? '-'} | ${rec['Size']} | ${rec['Attributes']} | ${rec['Modified']} | ${rec['Short Name']}`)
      .sort();
    expect(theirs).toEqual(ourSevenZipView(JSON.parse(r.stdout) as DirEntryFacts[]));
    // 5 named streams, plus "Program Files:", "junction:", "link-abs:", "link-rel:".
    expect(theirs.filter((line) => line.split(' | ')[0]!.includes(':'))).toHaveLength(9);
  });

  it('lists exactly as wimlib-imagex dir --detailed (security, streams, short names, reparse tags, times)', () => {
    const r = runOurs(dir, 'dir', name, '1', '--detailed');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const theirs = wimlibIn(dir, 'dir', name, '1', '--detailed');
    expect(theirs).toContain('Security Descriptor');
    expect(theirs).toContain('LONGFI~1.TXT');
    expect(r.stdout).toBe(theirs);
  });

  it('prints the same blob table as wimlib info --blobs (named streams and reparse data are blobs too)', () => {
    const r = runOurs(dir, 'info', name, '--blobs');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(wimlibIn(dir, 'info', name, '--blobs'));
  });

  it('reads back the security descriptors, short names, attributes, times and reparse data that were written', async () => {
    await withImage(name, async (set, root, sds, ctx) => {
      for (const [path, spec] of Object.entries(SECURITY)) {
        const entry = entryAt(root, path);
        expect(hex(sds[entry.securityId]!), path).toBe(hex(securityDescriptorBytes(spec)));
      }
      for (const [path, short] of Object.entries(SHORT_NAMES)) expect(entryAt(root, path).shortName, path).toBe(short);
      expect(entryAt(root, '/secret.sys').attributes & 0x27).toBe(0x27);
      const report = entryAt(root, '/Docs/report.txt');
      expect([report.creationTime, report.lastWriteTime]).toEqual([TIMES.creation, TIMES.write]);
      for (const [path, data] of Object.entries(REPARSE)) {
        const entry = entryAt(root, path);
        expect(entry.reparseTag, path).toBe(new DataView(data.buffer).getUint32(0, true));
        expect(entry.attributes & 0x400, path).toBe(0x400);
        // The WIM keeps the reparse buffer without its 8-byte header; RP_FIX may rewrite absolute targets, but
        // these point outside the volume, so the bytes are exactly the ones written.
        expect(hex(await blobBytes(set, entry.reparseHash, ctx)), path).toBe(hex(data.subarray(8)));
      }
      const a = entryAt(root, '/hard-a.txt');
      expect(a.hardLinkGroupId).not.toBe(0n);
      expect(entryAt(root, '/Docs/hard-b.txt').hardLinkGroupId).toBe(a.hardLinkGroupId);
      expect(entryAt(root, '/Hidden Dir/hard-c.txt').hardLinkGroupId).toBe(a.hardLinkGroupId);
      expect(entryAt(root, '/Hidden Dir').attributes & 0x16).toBe(0x16);
      const sparse = entryAt(root, '/Docs/sparse.bin');
      expect(sparse.attributes & 0x200).toBe(0x200);
      const content = await blobBytes(set, sparse.dataHash, ctx);
      expect(content.length).toBe((3 << 20) + 15);
      expect(content.subarray(0, 3 << 20).every((b) => b === 0)).toBe(true);
    });
  });

  it("carries the descriptors and link targets written through the engine's listing and reparse parser", async () => {
    await withImage(name, async (set, _root, _sds, ctx) => {
      const image = await readImage(set, 1, ctx);
      const facts = new Map([...listImage(set, image)].map((e) => [e.path, e]));
      for (const [path, spec] of Object.entries(SECURITY)) expect(facts.get(path)?.securityDescriptor, path).toBe(hex(securityDescriptorBytes(spec)));
      const named = facts.get('/Docs/report.txt')?.streams.filter((st) => st.kind === 'named').map((st) => `${st.name} ${st.size}`);
      expect(named?.sort()).toEqual(Object.entries(STREAMS['/Docs/report.txt']!).map(([n, b]) => `${n} ${b.length}`).sort());
      const links: Record<string, [string, string, boolean]> = {
        '/link-rel': ['Docs\\report.txt', 'Docs\\report.txt', true],
        '/link-abs': ['\\??\\C:\\Windows\\System32\\drivers\\etc\\hosts', 'C:\\Windows\\System32\\drivers\\etc\\hosts', false],
        '/junction': ['\\??\\C:\\Users\\Public', 'C:\\Users\\Public', false],
      };
      for (const [path, [substitute, print, relative]] of Object.entries(links)) {
        const entry = entryAt(image.metadata.root, path);
        const link = parseLinkReparseData(entry.reparseTag, await blobBytes(set, entry.reparseHash, ctx), path);
        expect({ substitute: link.substituteName, print: link.printName, relative: link.relative }, path).toEqual({ substitute, print, relative });
      }
    });
  });

  it('reads every named stream back byte for byte through the blob reader', async () => {
    await withImage(name, async (set, root, _sds, ctx) => {
      for (const [path, streams] of Object.entries(STREAMS)) {
        const entry = entryAt(root, path);
        expect(entry.namedStreams.map((s) => s.name).sort(), path).toEqual(Object.keys(streams).sort());
        for (const stream of entry.namedStreams) {
          expect(hex(await blobBytes(set, stream.hash, ctx)), `${path}:${stream.name}`).toBe(hex(streams[stream.name]!));
        }
      }
    });
  });
});

/** Linux view of an applied tree: path → type, content (base64) or link target. */
function describeTree(top: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      const st = lstatSync(p);
      const rel = relative(top, p);
      if (st.isSymbolicLink()) out.set(rel, `link ${readlinkSync(p).replace(top, '<DIR>')}`);
      else if (st.isDirectory()) {
        out.set(rel, 'dir');
        walk(p);
      } else out.set(rel, `file ${readFileSync(p).toString('base64')} ino-links ${st.nlink}`);
    }
  };
  walk(top);
  return out;
}

describe('applying the NTFS capture', () => {
  it('writes the same Linux tree as wimlib', () => {
    const ours = runOurs(dir, 'apply', 'ntfs-lzx.wim', '1', 'ours-linux');
    expect(ours.status).toBe(0);
    const theirs = spawnSync('wimlib-imagex', ['apply', 'ntfs-lzx.wim', '1', 'theirs-linux'], { cwd: dir, encoding: 'utf8' });
    expect(theirs.status).toBe(0);
    expect(describeTree(join(dir, 'ours-linux'))).toEqual(describeTree(join(dir, 'theirs-linux')));
    expect(ours.stdout).toMatch(/^Extracted 8 files \(\d+ bytes\), 4 directories, 2 hard links, 3 symbolic links\n/);
  });

  // wimlib counts FILES (inodes) whose named streams / security descriptors it drops on a POSIX target
  // ("Ignoring named data streams of 3 files", "Ignoring Windows NT security descriptors of N files"); so do we.
  it('reports the dropped named streams and security descriptors counted per file, as wimlib does', () => {
    const ours = runOurs(dir, 'apply', 'ntfs-lzx.wim', '1', 'ours-linux-report');
    expect(ours.status).toBe(0);
    const theirs = spawnSync('wimlib-imagex', ['apply', 'ntfs-lzx.wim', '1', 'theirs-linux-report'], { cwd: dir, encoding: 'utf8' });
    const files = Object.keys(STREAMS).length;
    expect(theirs.stderr).toContain(`Ignoring named data streams of ${files} files`);
    const sds = /Ignoring Windows NT security descriptors of (\d+) files/.exec(theirs.stderr)?.[1];
    expect(Number(sds)).toBeGreaterThan(Object.keys(SECURITY).length);
    expect(ours.stderr).toMatch(new RegExp(`named data streams of ${files} files`));
    expect(ours.stderr).toMatch(new RegExp(`security descriptors of ${sds} files`));
  });

  it('matches, after wimlib applies it to a fresh NTFS volume, the streams and descriptors we read', async () => {
    const target = join(dir, 'target.img');
    makeNtfsImage(target);
    wimlibIn(dir, 'apply', 'ntfs-lzx.wim', '1', 'target.img');
    mkdirSync(join(dir, 'mnt2'));
    const mounted = await mountNtfs(target, join(dir, 'mnt2'));
    let xattrs: Record<string, Record<string, string>>;
    try {
      xattrs = dumpXattrs(mounted.mountpoint);
    } finally {
      await mounted.unmount();
    }
    await withImage('ntfs-lzx.wim', async (set, root, sds, ctx) => {
      const walk = async (entry: WimEntry, path: string): Promise<void> => {
        if (path !== '/') {
          const x = xattrs[path];
          expect(x, path).toBeDefined();
          if (sds[entry.securityId]) expect(x!['system.ntfs_acl'], path).toBe(hex(sds[entry.securityId]!));
          const streams: Record<string, string> = {};
          for (const s of entry.namedStreams) streams[`user.${s.name}`] = hex(await blobBytes(set, s.hash, ctx));
          const theirs = Object.fromEntries(Object.entries(x!).filter(([k]) => k.startsWith('user.')));
          expect(theirs, path).toEqual(streams);
          if (entry.reparseHash) expect(x!['system.ntfs_reparse_data']?.slice(16), path).toBe(hex(await blobBytes(set, entry.reparseHash, ctx)));
          // FILE_ATTRIBUTE_* as stored, save NORMAL and ARCHIVE, which NTFS adds or drops by itself.
          expect(Buffer.from(x!['system.ntfs_attrib']!, 'hex').readUInt32LE(0) & ~0xa0, path).toBe(entry.attributes & ~0xa0);
          if (entry.shortName) expect(Buffer.from(x!['system.ntfs_dos_name'] ?? '', 'hex').toString(), path).toBe(entry.shortName);
        }
        for (const child of entry.children ?? []) await walk(child, `${path === '/' ? '' : path}/${child.name}`);
      };
      await walk(root, '/');
    });
    expect(Object.keys(xattrs)).toContain('/Docs/report.txt');
    expect(Object.keys(xattrs['/Docs/report.txt']!).filter((k) => k.startsWith('user.'))).toHaveLength(3);
  });
});
