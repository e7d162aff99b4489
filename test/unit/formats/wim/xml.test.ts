import { describe, expect, it } from 'vitest';
import { readWimHeader } from '../../../../src/formats/wim/header';
import { decodeWimXml, filetimeToIso, parseWimXml, readWimXml } from '../../../../src/formats/wim/xml';
import { MemorySource } from '../../../../src/io/memory-source';
import { ErrorCode, ImagewrightError } from '../../../../src/shared/errors';
import { buildWim, caught, utf16 } from './builders';

// FILETIME of 2015-07-10T16:37:14.5Z, computed independently of the parser (100 ns ticks since 1601).
const CREATED = (BigInt(Date.UTC(2015, 6, 10, 16, 37, 14, 500)) + 11644473600000n) * 10000n;
const hexPart = (n: bigint) => `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;

const WINDOWS_IMAGE = `<WIM><TOTALBYTES>3391478970</TOTALBYTES><IMAGE INDEX="1">
<DIRCOUNT>19175</DIRCOUNT><FILECOUNT>91744</FILECOUNT><TOTALBYTES>13147213334</TOTALBYTES><HARDLINKBYTES>5789415254</HARDLINKBYTES>
<CREATIONTIME><HIGHPART>${hexPart(CREATED >> 32n)}</HIGHPART><LOWPART>${hexPart(CREATED & 0xffffffffn)}</LOWPART></CREATIONTIME>
<LASTMODIFICATIONTIME><HIGHPART>0x01D0BB2D</HIGHPART><LOWPART>0x5C5B6C00</LOWPART></LASTMODIFICATIONTIME>
<WIMBOOT>0</WIMBOOT>
<WINDOWS><ARCH>9</ARCH><PRODUCTNAME>Microsoft® Windows® Operating System</PRODUCTNAME><EDITIONID>ProfessionalN</EDITIONID>
<INSTALLATIONTYPE>Client</INSTALLATIONTYPE><SERVICINGDATA><GDRDUREVISION>0</GDRDUREVISION></SERVICINGDATA>
<PRODUCTTYPE>WinNT</PRODUCTTYPE><PRODUCTSUITE>Terminal Server</PRODUCTSUITE>
<LANGUAGES><LANGUAGE>de-DE</LANGUAGE><LANGUAGE>fr-FR</LANGUAGE><FALLBACK LANGUAGE="de-DE">en-US</FALLBACK><DEFAULT>de-DE</DEFAULT></LANGUAGES>
<VERSION><MAJOR>10</MAJOR><MINOR>0</MINOR><BUILD>19045</BUILD><SPBUILD>16384</SPBUILD><SPLEVEL>0</SPLEVEL></VERSION>
<SYSTEMROOT>WINDOWS</SYSTEMROOT></WINDOWS>
<NAME>Windows 10 Pro N</NAME><DESCRIPTION>Windows 10 Pro N</DESCRIPTION><FLAGS>ProfessionalN</FLAGS>
<DISPLAYNAME>Windows 10 Pro N</DISPLAYNAME><DISPLAYDESCRIPTION>Windows 10 Pro N</DISPLAYDESCRIPTION></IMAGE></WIM>`;

async function codeOf(fn: () => unknown): Promise<number> {
  const error = await caught(fn);
  expect(error).toBeInstanceOf(ImagewrightError);
  return (error as ImagewrightError).code;
}

describe('XML data', () => {
  it('reads a Windows image description into typed fields and flat properties', () => {
    const xml = parseWimXml(WINDOWS_IMAGE);
    expect(xml.totalBytes).toBe(3391478970);
    const image = xml.images[0]!;
    expect(image).toMatchObject({
      index: 1,
      name: 'Windows 10 Pro N',
      dirCount: 19175,
      fileCount: 91744,
      totalBytes: 13147213334,
      hardLinkBytes: 5789415254,
      wimBoot: false,
      architecture: { code: 9, name: 'x64' },
      editionId: 'ProfessionalN',
      languages: ['de-DE', 'fr-FR'],
      defaultLanguage: 'de-DE',
      version: { major: 10, minor: 0, build: 19045, spBuild: 16384, spLevel: 0 },
      systemRoot: 'WINDOWS',
      flags: 'ProfessionalN',
    });
    expect(image.properties['WINDOWS/VERSION/BUILD']).toBe('19045');
    expect(image.properties['WINDOWS/LANGUAGES/LANGUAGE[2]']).toBe('fr-FR');
    expect(image.properties['WINDOWS/LANGUAGES/FALLBACK/@LANGUAGE']).toBe('de-DE');
    expect(image.properties['WINDOWS/SERVICINGDATA/GDRDUREVISION']).toBe('0');
    expect(image.creationTime).toBe('2015-07-10T16:37:14.500Z');
  });

  it('converts FILETIME halves to ISO text', () => {
    expect(filetimeToIso(0x019db1de, 0xd53e8000)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('decodes UTF-16LE with and without BOM, with an XML declaration', () => {
    const text = '<?xml version="1.0" encoding="UTF-16"?><WIM><IMAGE INDEX="1"><NAME>Été</NAME></IMAGE></WIM>';
    expect(parseWimXml(decodeWimXml(utf16(text, true))).images[0]!.name).toBe('Été');
    expect(parseWimXml(decodeWimXml(utf16(text, false))).images[0]!.name).toBe('Été');
  });

  it('rejects bad UTF-16: odd length and unpaired surrogates', async () => {
    expect(await codeOf(() => decodeWimXml(utf16('<WIM></WIM>').slice(0, -1)))).toBe(ErrorCode.BAD_XML);
    const lone = utf16('<WIM>\ud800</WIM>');
    expect(await codeOf(() => decodeWimXml(lone))).toBe(ErrorCode.BAD_XML);
  });

  it('requires image indices to be exactly 1..N', async () => {
    const img = (i: string) => `<IMAGE INDEX="${i}"><NAME>x${i}</NAME></IMAGE>`;
    expect(parseWimXml(`<WIM>${img('2')}${img('1')}</WIM>`).images.map((i) => i.name)).toEqual(['x1', 'x2']);
    for (const bad of [img('1') + img('3'), img('0'), img('1') + img('1'), '<IMAGE><NAME>n</NAME></IMAGE>', img('x')]) {
      expect(await codeOf(() => parseWimXml(`<WIM>${bad}</WIM>`))).toBe(ErrorCode.BAD_XML);
    }
  });

  it('recognises an encrypted ESD', async () => {
    expect(await codeOf(() => parseWimXml('<WIM><ESD><ENCRYPTED>1</ENCRYPTED></ESD></WIM>'))).toBe(ErrorCode.ENCRYPTED_ESD);
  });

  it('rejects malformed XML, a foreign root, a DTD and absurd nesting', async () => {
    expect(await codeOf(() => parseWimXml('<WIM><IMAGE INDEX="1"></WIM>'))).toBe(ErrorCode.BAD_XML);
    expect(await codeOf(() => parseWimXml('<HTML></HTML>'))).toBe(ErrorCode.BAD_XML);
    expect(await codeOf(() => parseWimXml('<!DOCTYPE WIM [<!ENTITY a "aaaa">]><WIM>&a;</WIM>'))).toBe(ErrorCode.BAD_XML);
    const deep = `<WIM><IMAGE INDEX="1">${'<A>'.repeat(100)}${'</A>'.repeat(100)}</IMAGE></WIM>`;
    expect(await codeOf(() => parseWimXml(deep))).toBe(ErrorCode.BAD_XML);
  });

  it('refuses XML data larger than 64 MiB before reading it', async () => {
    const { bytes } = buildWim({ imageCount: 0 });
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0x48 + 16, BigInt(65 * 1024 * 1024), true); // original size only: bounds hold, the limit trips
    bytes[0x48 + 7] = 0x06; // COMPRESSED | METADATA so that sizes may differ
    const source = new MemorySource(bytes);
    const header = await readWimHeader(source);
    const error = (await caught(() => readWimXml(source, { ...header, xmlData: { ...header.xmlData, flags: 2 } }))) as ImagewrightError;
    expect(error.code).toBe(ErrorCode.XML_TOO_LARGE);
  });
});
