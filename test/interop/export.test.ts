/**
 * `imagewright export / delete / optimize / info --image-property` against wimlib-imagex. Sources are made during
 * the run: the tricky tree captured by wimlib (LZX WIM and LZMS solid ESD), and a WIM wimlib captured from an NTFS
 * volume image (mkntfs + ntfs-3g) holding named streams, security descriptors, a short name, hard links and
 * symlink/junction reparse points, whose metadata must survive our export (`dir --detailed` before and after).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTrickyTree, runOurs, wimlibIn } from './fixtures';
import { expectSameTree } from './tree-compare';

const ROOT = join(__dirname, '..', '..');
let dir: string;

function ours(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return runOurs(dir, ...args);
}

function verified(wim: string): void {
  expect(wimlibIn(dir, 'verify', wim)).toContain('successfully verified');
}

function detailed(wim: string, image = '1'): string {
  const ignored = ['Offset in WIM', 'Compressed size', 'Part Number', 'Flags', 'Solid resource', 'Solid offset'];
  return wimlibIn(dir, 'dir', wim, image, '--detailed')
    .split('\n')
    .filter((line) => !ignored.some((field) => line.startsWith(`${field} `)))
    .join('\n');
}

function info(wim: string): string {
  return wimlibIn(dir, 'info', wim);
}

/** An NTFS volume image with the metadata Windows images carry, populated through ntfs-3g. */
function makeNtfsWim(): void {
  const vol = join(dir, 'vol.img');
  const mnt = join(dir, 'mnt');
  execFileSync('truncate', ['-s', '32M', vol]);
  execFileSync('mkntfs', ['-F', '-f', '-Q', vol], { stdio: 'ignore' });
  mkdirSync(mnt);
  execFileSync('ntfs-3g', [vol, mnt, '-o', 'streams_interface=windows,permissions'], { stdio: 'ignore' });
  try {
    mkdirSync(join(mnt, 'dir', 'sub'), { recursive: true });
    writeFileSync(join(mnt, 'dir', 'file.txt'), 'hello\n');
    writeFileSync(join(mnt, 'dir', 'file.txt:ads1'), 'named stream data\n');
    writeFileSync(join(mnt, 'dir:dirstream'), 'a stream on a directory\n');
    writeFileSync(join(mnt, 'A long file name here.txt'), 'long name\n');
    execFileSync('chmod', ['600', join(mnt, 'dir', 'file.txt')]);
    execFileSync('ln', [join(mnt, 'dir', 'file.txt'), join(mnt, 'hard.txt')]);
    // Short name and reparse points through ntfs-3g's system xattrs (Python: Node has no xattr API).
    execFileSync('python3', ['-c', `
import os, struct
m = ${JSON.stringify(mnt)}
os.setxattr(m + '/A long file name here.txt', 'system.ntfs_dos_name', b'ALONGF~1.TXT')
def names(sub, pr):
    s, p = sub.encode('utf-16le'), pr.encode('utf-16le')
    return s, p
s, p = names('\\\\??\\\\C:\\\\dir\\\\file.txt', 'C:\\\\dir\\\\file.txt')
data = struct.pack('<HHHHI', 0, len(s), len(s) + 2, len(p), 0) + s + b'\\0\\0' + p + b'\\0\\0'
open(m + '/rp-file', 'w').close()
os.setxattr(m + '/rp-file', 'system.ntfs_reparse_data', struct.pack('<IHH', 0xA000000C, len(data), 0) + data)
os.mkdir(m + '/rp-dir')
s, p = names('\\\\??\\\\C:\\\\dir', 'C:\\\\dir')
data = struct.pack('<HHHH', 0, len(s), len(s) + 2, len(p)) + s + b'\\0\\0' + p + b'\\0\\0'
os.setxattr(m + '/rp-dir', 'system.ntfs_reparse_data', struct.pack('<IHH', 0xA0000003, len(data), 0) + data)
`]);
  } finally {
    execFileSync('fusermount', ['-u', mnt]);
  }
  wimlibIn(dir, 'capture', 'vol.img', 'ntfs.wim', 'NTFS');
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'iw-export-'));
  makeTrickyTree(join(dir, 'tree'));
  wimlibIn(dir, 'capture', 'tree', 'src.wim', 'Tricky', 'the tricky tree', '--compress=lzx');
  wimlibIn(dir, 'capture', 'tree', 'src.esd', 'Tricky', '--solid');
  wimlibIn(dir, 'apply', 'src.wim', '1', 'reference');
  makeNtfsWim();
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('imagewright export', () => {
  it('converts a solid LZMS ESD to an LZX WIM and back, each verifying and applying byte-identical', () => {
    expect(ours('export', 'src.esd', '1', 'from-esd.wim', '--compress=LZX').status).toBe(0);
    verified('from-esd.wim');
    expect(wimlibIn(dir, 'info', 'from-esd.wim', '--header')).toMatch(/Flags\s+= 0x40082/);
    wimlibIn(dir, 'apply', 'from-esd.wim', '1', 'applied-from-esd');
    expectSameTree(join(dir, 'applied-from-esd'), join(dir, 'reference'));
    expect(ours('export', 'src.wim', '1', 'to.esd', '--solid').status).toBe(0);
    verified('to.esd');
    expect(wimlibIn(dir, 'info', 'to.esd', '--header')).toMatch(/Version\s+= 0xe00/);
    wimlibIn(dir, 'apply', 'to.esd', '1', 'applied-to-esd');
    expectSameTree(join(dir, 'applied-to-esd'), join(dir, 'reference'));
    expect(detailed('to.esd')).toBe(detailed('src.wim'));
  });

  it('copies whole solid resources into a solid target instead of recompressing them', () => {
    expect(ours('export', 'src.esd', '1', 'copy.esd').status).toBe(0);
    verified('copy.esd');
    const grown = statSync(join(dir, 'copy.esd')).size - statSync(join(dir, 'src.esd')).size;
    expect(Math.abs(grown)).toBeLessThan(2_000);
    expect(detailed('copy.esd')).toBe(detailed('src.esd'));
  });

  it('adds an image to an existing WIM copying only the missing blobs, with a new name and boot flag', () => {
    execFileSync('cp', [join(dir, 'src.wim'), join(dir, 'multi.wim')]);
    const r = ours('export', 'src.esd', '1', 'multi.wim', 'Second', 'from the ESD', '--boot');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    verified('multi.wim');
    const text = info('multi.wim');
    expect(text).toMatch(/Image Count:\s+2/);
    expect(text).toMatch(/Boot Index:\s+2/);
    expect(text).toMatch(/Name:\s+Second/);
    expect(statSync(join(dir, 'multi.wim')).size - statSync(join(dir, 'src.wim')).size).toBeLessThan(20_000);
    const dup = ours('export', 'src.wim', '1', 'multi.wim');
    expect(dup.status).toBe(1);
    expect(dup.stderr).toMatch(/^imagewright: error IMAGE_NAME_TAKEN: /);
  });

  it.each([
    ['recompressing (metadata rewritten by our writer)', ['--recompress']],
    ['changing the codec', ['--compress=XPRESS']],
  ])('keeps NTFS metadata (streams, security, short names, reparse points, hard links) when %s', (_label, args) => {
    const out = `ntfs-${args[0]!.replace(/\W/g, '')}.wim`;
    expect(ours('export', 'ntfs.wim', '1', out, ...args).status).toBe(0);
    verified(out);
    const before = detailed('ntfs.wim');
    expect(before).toContain('Named data stream "ads1"');
    expect(before).toContain('Short Name          = "ALONGF~1.TXT"');
    expect(before).toContain('Reparse Tag         = 0xa0000003');
    expect(before).toMatch(/Security Descriptor = 01/);
    expect(detailed(out)).toBe(before);
  });
});

describe('imagewright delete, optimize and info edits', () => {
  it('deletes an image, dropping the blobs only it used and moving the boot index', () => {
    execFileSync('cp', [join(dir, 'multi.wim'), join(dir, 'del.wim')]);
    expect(ours('delete', 'del.wim', '1').status).toBe(0);
    verified('del.wim');
    const text = info('del.wim');
    expect(text).toMatch(/Image Count:\s+1/);
    expect(text).toMatch(/Boot Index:\s+1/);
    expect(text).toMatch(/Name:\s+Second/);
    expect(ours('delete', 'del.wim', 'Nope').stderr).toMatch(/^imagewright: error IMAGE_NOT_FOUND: /);
  });

  it('sets name, display name, flags and any XML property, and the boot index, keeping everything else', () => {
    execFileSync('cp', [join(dir, 'src.wim'), join(dir, 'props.wim')]);
    const r = ours('info', 'props.wim', '1', 'Renamed', 'New description', '--boot', '--image-property', 'DISPLAYNAME=Shown name', '--image-property', 'FLAGS=Professional', '--image-property', 'WINDOWS/EDITIONID=Professional');
    expect(r.status).toBe(0);
    verified('props.wim');
    const text = info('props.wim');
    expect(text).toMatch(/Name:\s+Renamed/);
    expect(text).toMatch(/Description:\s+New description/);
    expect(text).toMatch(/Display Name:\s+Shown name/);
    expect(text).toMatch(/Flags:\s+Professional/);
    expect(text).toMatch(/Edition ID:\s+Professional/);
    expect(text).toMatch(/Boot Index:\s+1/);
    expect(detailed('props.wim')).toBe(detailed('src.wim'));
    const bad = ours('info', 'props.wim', '1', '--image-property', 'no-equals');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^imagewright: error BAD_IMAGE_PROPERTY: /);
  });

  it('optimizes a WIM (with --recompress too) into a file that verifies and lists the same', () => {
    execFileSync('cp', [join(dir, 'multi.wim'), join(dir, 'opt.wim')]);
    expect(ours('optimize', 'opt.wim').status).toBe(0);
    verified('opt.wim');
    expect(ours('optimize', 'opt.wim', '--recompress', '--compress=LZX').status).toBe(0);
    verified('opt.wim');
    expect(detailed('opt.wim', '2')).toBe(detailed('multi.wim', '2'));
    expect(readFileSync(join(dir, 'opt.wim')).subarray(0, 5).toString()).toBe('MSWIM');
  });
});
