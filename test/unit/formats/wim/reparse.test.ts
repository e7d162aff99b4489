import { describe, expect, it } from 'vitest';
import { collateNames, findEntry } from '../../../../src/formats/wim/collation';
import type { WimEntry } from '../../../../src/formats/wim/metadata';
import { IO_REPARSE_TAG_MOUNT_POINT, IO_REPARSE_TAG_SYMLINK, parseLinkReparseData, posixLinkTarget } from '../../../../src/formats/wim/reparse';
import { caught } from './builders';

/** Stored reparse data (no 8-byte header): name offsets/lengths, [flags], then substitute + print names. */
function linkData(tag: number, substitute: string, print: string, flags = 0): Uint8Array {
  const enc = (s: string): Uint8Array => new Uint8Array(Uint16Array.from(s, (c) => c.charCodeAt(0)).buffer);
  const [sub, pr] = [enc(substitute), enc(print)];
  const head = tag === IO_REPARSE_TAG_SYMLINK ? 12 : 8;
  const out = new Uint8Array(head + sub.length + pr.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0, true);
  view.setUint16(2, sub.length, true);
  view.setUint16(4, sub.length, true);
  view.setUint16(6, pr.length, true);
  if (tag === IO_REPARSE_TAG_SYMLINK) view.setUint32(8, flags, true);
  out.set(sub, head);
  out.set(pr, head + sub.length);
  return out;
}

describe('link reparse data to POSIX targets (as wimlib readlink)', () => {
  it('keeps relative symlinks, swapping the separators both ways', () => {
    const link = parseLinkReparseData(IO_REPARSE_TAG_SYMLINK, linkData(IO_REPARSE_TAG_SYMLINK, '..\\a/b', '..\\a/b', 1));
    expect(link.relative).toBe(true);
    expect(posixLinkTarget(link, true, '/target')).toBe('../a\\b');
  });

  it('strips the NT device and re-roots RP_FIX links at the target folder', () => {
    const link = parseLinkReparseData(IO_REPARSE_TAG_SYMLINK, linkData(IO_REPARSE_TAG_SYMLINK, '\\??\\C:\\Users\\Public', 'C:\\Users\\Public'));
    expect(posixLinkTarget(link, false, '/mnt/out')).toBe('/mnt/out/Users/Public');
    expect(posixLinkTarget(link, true, '/mnt/out')).toBe('/Users/Public');
    expect(posixLinkTarget(link, false)).toBe('/Users/Public');
  });

  it('reads junctions (no flags field) and turns an empty absolute target into "/"', () => {
    const link = parseLinkReparseData(IO_REPARSE_TAG_MOUNT_POINT, linkData(IO_REPARSE_TAG_MOUNT_POINT, '\\??\\C:', 'C:'));
    expect(posixLinkTarget(link, true)).toBe('/');
  });

  it('refuses names that run past the data with BAD_REPARSE_DATA naming the path', async () => {
    const data = linkData(IO_REPARSE_TAG_SYMLINK, 'abc', 'abc');
    new DataView(data.buffer).setUint16(2, 200, true);
    expect(await caught(() => parseLinkReparseData(IO_REPARSE_TAG_SYMLINK, data, '/x'))).toMatchObject({ codeName: 'BAD_REPARSE_DATA', path: '/x' });
  });
});

describe('sibling collation and path lookup', () => {
  it('orders names like wimlib: case-insensitive first, then case-sensitive, shorter first', () => {
    const names = ['b2', 'B.txt', 'abs', 'a.txt', 'case', 'Case', 'ab'];
    expect(names.sort(collateNames)).toEqual(['a.txt', 'ab', 'abs', 'B.txt', 'b2', 'Case', 'case']);
  });

  it('finds an entry by either separator and reports PATH_NOT_FOUND otherwise', async () => {
    const leaf = { name: 'f', children: undefined } as unknown as WimEntry;
    const root = { name: '', children: [{ name: 'd', children: [leaf] }] } as unknown as WimEntry;
    expect(findEntry(root, '/d/f')).toBe(leaf);
    expect(findEntry(root, 'd\\f')).toBe(leaf);
    expect(findEntry(root, '/')).toBe(root);
    expect(await caught(() => findEntry(root, '/d/g'))).toMatchObject({ codeName: 'PATH_NOT_FOUND', path: '/d/g' });
  });
});
