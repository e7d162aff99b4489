/**
 * The WIM structure writers read back by our own readers: header, XML (nested and repeated elements, attributes,
 * escaping), and metadata resources with everything a Windows image carries (security descriptors, short names,
 * named streams, reparse points, hard links, tagged items), siblings in collation order.
 */
import { describe, expect, it } from 'vitest';
import { NO_SECURITY_ID } from '../../../../../src/formats/wim/dentry';
import { parseWimHeader, WIM_HDR_FLAG_RP_FIX, WIM_HDR_FLAG_SPANNED } from '../../../../../src/formats/wim/header';
import { readImageMetadata, walkEntries, type WimEntry } from '../../../../../src/formats/wim/metadata';
import { decodeWimXml, parseWimXml } from '../../../../../src/formats/wim/xml';
import { writeWimHeader } from '../../../../../src/formats/wim/write/header';
import { writeImageMetadata } from '../../../../../src/formats/wim/write/metadata';
import { captureSymlink } from '../../../../../src/formats/wim/write/reparse';
import { parseLinkReparseData, posixLinkTarget } from '../../../../../src/formats/wim/reparse';
import { newImageProperties, writeWimXml } from '../../../../../src/formats/wim/write/xml';

function entry(name: string, attributes: number, extra: Partial<WimEntry> = {}): WimEntry {
  return {
    name,
    shortName: '',
    attributes,
    securityId: NO_SECURITY_ID,
    creationTime: 132000000000000000n,
    lastAccessTime: 132000000000000001n,
    lastWriteTime: 132000000000000002n,
    dataHash: undefined,
    reparseHash: undefined,
    reparseTag: 0,
    reparseReserved: 0,
    rpNotFixed: false,
    namedStreams: [],
    hardLinkGroupId: 0n,
    taggedItems: [],
    children: attributes & 0x10 ? [] : undefined,
    offset: 0,
    ...extra,
  };
}

const H = (c: string): string => c.repeat(40);

describe('writeWimHeader', () => {
  it('writes a header the reader parses back field for field, with codec flags from the compression', () => {
    const guid = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
    const r = (offset: number, size: number, flags = 2) => ({ offset, sizeInWim: size, uncompressedSize: size, flags });
    const bytes = writeWimHeader({
      version: 0xe00,
      flags: WIM_HDR_FLAG_RP_FIX | WIM_HDR_FLAG_SPANNED,
      compression: 'LZMS',
      chunkSize: 131072,
      guid,
      partNumber: 2,
      totalParts: 3,
      imageCount: 4,
      blobTable: r(1000, 500),
      xmlData: r(1500, 300),
      bootMetadata: r(600, 200),
      bootIndex: 3,
      integrityTable: r(1800, 32, 0),
    });
    const h = parseWimHeader(bytes, 2000);
    expect(h).toMatchObject({ version: 0xe00, flags: 0x8008a, compression: 'LZMS', chunkSize: 131072, partNumber: 2, totalParts: 3, imageCount: 4, bootIndex: 3 });
    expect(h.guid).toBe('0102030405060708090a0b0c0d0e0f10');
    expect(h.blobTable).toEqual(r(1000, 500));
    expect(h.bootMetadata).toEqual(r(600, 200));
    expect(h.integrityTable).toEqual(r(1800, 32, 0));
  });

  it('writes chunk size 0 and no codec flag for an uncompressed WIM, and zero boot metadata without a boot index', () => {
    const zero = { offset: 0, sizeInWim: 0, uncompressedSize: 0, flags: 0 };
    const bytes = writeWimHeader({ version: 0x10d00, flags: 0, compression: 'none', chunkSize: 32768, guid: new Uint8Array(16), partNumber: 1, totalParts: 1, imageCount: 0, blobTable: zero, xmlData: zero, bootMetadata: { ...zero, sizeInWim: 9 }, bootIndex: 0, integrityTable: zero });
    const h = parseWimHeader(bytes, 208);
    expect(h.chunkSize).toBe(0);
    expect(h.compression).toBe('none');
    expect(h.bootMetadata).toEqual(zero);
  });
});

describe('writeWimXml', () => {
  it('round-trips flattened properties, repeated elements, attributes and characters that need escaping', () => {
    const props = {
      ...newImageProperties({ dirCount: 3, fileCount: 5, totalBytes: 1234, hardLinkBytes: 10 }, 0x01d9000012345678n, { name: 'A & <B>', description: 'say "hi"', flags: 'Professional', displayName: 'Shown' }),
      'WINDOWS/ARCH': '9',
      'WINDOWS/LANGUAGES/LANGUAGE': 'en-US',
      'WINDOWS/LANGUAGES/LANGUAGE[2]': 'fr-FR',
      'WINDOWS/LANGUAGES/FALLBACK/@LANGUAGE': 'en-US',
      'WINDOWS/LANGUAGES/FALLBACK': 'en-GB',
      'WINDOWS/VERSION/BUILD': '19045',
    };
    const bytes = writeWimXml(5000, [{ properties: props }, { properties: { NAME: 'second' } }]);
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    const xml = parseWimXml(decodeWimXml(bytes));
    expect(xml.totalBytes).toBe(5000);
    expect(xml.images).toHaveLength(2);
    expect(xml.images[0]!.properties).toEqual(props);
    expect(xml.images[0]!.name).toBe('A & <B>');
    expect(xml.images[0]!.languages).toEqual(['en-US', 'fr-FR']);
    expect(xml.images[0]!.creationTime).toBe(xml.images[0]!.lastModificationTime);
    expect(xml.images[1]!.name).toBe('second');
  });
});

describe('writeImageMetadata', () => {
  it('writes a tree the reader gives back entry for entry', () => {
    const root = entry('', 0x10, { securityId: 0 });
    const file = entry('file.txt', 0x20, { shortName: 'FILE~1.TXT', dataHash: H('a'), securityId: 1, namedStreams: [{ name: 'ads', hash: H('b') }, { name: 'empty', hash: undefined }], hardLinkGroupId: 7n });
    const link = entry('file-link.txt', 0x20, { dataHash: H('a'), hardLinkGroupId: 7n });
    const symlink = entry('Zlink', 0x400, { reparseHash: H('c'), reparseTag: 0xa000000c, rpNotFixed: true });
    const junction = entry('junction', 0x410, { reparseHash: H('d'), reparseTag: 0xa0000003, reparseReserved: 5 });
    const encrypted = entry('secret', 0x4020, { dataHash: H('e') });
    const dir = entry('Dir', 0x10, { namedStreams: [{ name: 'dirstream', hash: H('f') }], taggedItems: [{ tag: 0x337dd873, data: Uint8Array.of(1, 2, 3, 4, 5) }] });
    const empty = entry('empty-dir', 0x10);
    dir.children!.push(entry('inner', 0x80, { dataHash: H('9') }), empty);
    root.children!.push(symlink, file, dir, link, junction, encrypted);
    const descriptors = [Uint8Array.of(1, 0, 4, 0x80), Uint8Array.of(1, 0, 4, 0x80, 9, 9, 9)];
    const bytes = writeImageMetadata(root, descriptors);
    expect(bytes.length % 8).toBe(0);
    const back = readImageMetadata(bytes);
    expect(back.warnings).toEqual([]);
    expect(back.securityDescriptors).toEqual(descriptors);
    const strip = (e: WimEntry): unknown => ({ ...e, offset: 0, children: e.children?.map(strip) });
    const names = (e: WimEntry): string[] => e.children!.map((c) => c.name);
    // Siblings come back in collation order (upcased comparison: "Dir" < "empty-dir", "file-link.txt" < "file.txt").
    expect(names(back.root)).toEqual(['Dir', 'file-link.txt', 'file.txt', 'junction', 'secret', 'Zlink']);
    const byName = new Map([...walkEntries(back.root)].map(({ entry: e, path }) => [path, e]));
    for (const [path, original] of [['\\file.txt', file], ['\\Zlink', symlink], ['\\junction', junction], ['\\secret', encrypted], ['\\Dir\\inner', dir.children![0]!], ['\\file-link.txt', link]] as const) {
      expect(strip(byName.get(path)!), path).toEqual(strip(original));
    }
    expect(byName.get('\\Dir')!.taggedItems).toEqual(dir.taggedItems);
    expect(byName.get('\\Dir\\empty-dir')!.children).toEqual([]);
  });
});

describe('captureSymlink', () => {
  it('stores POSIX links as wimlib does and reads back to the same target', () => {
    const rel = captureSymlink('../a/b', '/src');
    expect(rel.notFixed).toBe(true);
    expect(posixLinkTarget(parseLinkReparseData(rel.tag, rel.data), rel.notFixed, '/dest')).toBe('../a/b');
    const inside = captureSymlink('/src/dir/file', '/src');
    expect(inside.notFixed).toBe(false);
    const parsed = parseLinkReparseData(inside.tag, inside.data);
    expect(parsed).toMatchObject({ substituteName: '\\??\\C:\\dir\\file', printName: 'C:\\dir\\file', relative: false });
    expect(posixLinkTarget(parsed, false, '/dest')).toBe('/dest/dir/file');
    const outside = captureSymlink('/etc/hostname', '/src');
    expect(outside.notFixed).toBe(true);
    expect(posixLinkTarget(parseLinkReparseData(outside.tag, outside.data), true, '/dest')).toBe('/etc/hostname');
  });
});
