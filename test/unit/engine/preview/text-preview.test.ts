// Text previews: encodings by BOM and by sniffing, format guesses, Panther log line marks, cuts at a boundary.
import { describe, expect, it } from 'vitest';
import { sniffImageMime, describeBinary } from '../../../../src/engine/preview/sniff';
import { buildTextPreview, classifyLogLine, detectEncoding, looksLikeText } from '../../../../src/engine/preview/text-preview';

const utf16 = (text: string, be = false, bom = true): Uint8Array => {
  const le = Buffer.from(text, 'utf16le');
  if (be) for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return Uint8Array.from([...(bom ? (be ? [0xfe, 0xff] : [0xff, 0xfe]) : []), ...le]);
};

describe('detectEncoding', () => {
  it('trusts a BOM, then sniffs UTF-16 by its zero bytes, then UTF-8 validity', () => {
    expect(detectEncoding(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ encoding: 'utf-8', source: 'bom', bomLength: 3 });
    expect(detectEncoding(utf16('[Strings]', true))).toMatchObject({ encoding: 'utf-16be', source: 'bom' });
    expect(detectEncoding(utf16('[Version]\r\nSignature="$Windows NT$"', false, false))).toMatchObject({ encoding: 'utf-16le', source: 'sniffed', bomLength: 0 });
    expect(detectEncoding(utf16('[Version]\r\nSignature="$Windows NT$"', true, false))).toMatchObject({ encoding: 'utf-16be', source: 'sniffed' });
    expect(detectEncoding(new TextEncoder().encode('Déjà vu'))).toMatchObject({ encoding: 'utf-8', source: 'sniffed' });
    expect(detectEncoding(Uint8Array.from([0x44, 0xe9, 0x6a, 0xe0]))).toMatchObject({ encoding: 'windows-1252' });
  });

  it('tells text from binary', () => {
    expect(looksLikeText(new TextEncoder().encode('ImageState=IMAGE_STATE_COMPLETE\r\n'))).toBe(true);
    expect(looksLikeText(utf16('x=1'))).toBe(true);
    expect(looksLikeText(Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]))).toBe(false);
  });
});

describe('Panther log lines', () => {
  it('marks Error / Fatal as errors, Warning as warnings, and Info lines that report an HRESULT failure', () => {
    expect(classifyLogLine('2024-05-02 10:11:12, Error                 [0x0f0082] SYSPRP ActionList: Error in executing action; dwRet = 0x2')).toBe('error');
    expect(classifyLogLine('2024-05-02 10:11:12, Fatal                 SP     Setup failed')).toBe('error');
    expect(classifyLogLine('2024-05-02 10:11:12, Warning               SYSPRP Package was installed for a user')).toBe('warning');
    expect(classifyLogLine('2024-05-02 10:11:12, Info                  [0x0606cc] IBS    Found the WinPE boot environment')).toBeUndefined();
    expect(classifyLogLine('2024-05-02 10:11:12, Info  CBS    Failed to load package [HRESULT = 0x800f0922]')).toBe('error');
    expect(classifyLogLine('2024-05-02 10:11:12, Info  MIG    Retry failed, will continue')).toBe('warning');
  });

  it('numbers marked lines from 1 and recognises a log by its shape without a .log name', () => {
    const text = '2024-05-02 10:11:12, Info  x\n2024-05-02 10:11:13, Error  y\n2024-05-02 10:11:14, Warning  z\n';
    const preview = buildTextPreview('setup.txt', new TextEncoder().encode(text), text.length);
    expect(preview.format).toBe('log');
    expect(preview.markedLines).toEqual([{ line: 2, severity: 'error' }, { line: 3, severity: 'warning' }]);
  });
});

describe('buildTextPreview', () => {
  it('cuts a prefix on a character boundary and says where', () => {
    const bytes = new TextEncoder().encode('ééé'); // 6 bytes
    const preview = buildTextPreview('a.txt', bytes.subarray(0, 5), 100);
    expect(preview.text).toBe('éé');
    expect(preview.truncatedAt).toBe(4);
    const whole = buildTextPreview('State.ini', new TextEncoder().encode('[State]\r\n'), 9);
    expect(whole).toMatchObject({ format: 'ini', markedLines: [] });
    expect('truncatedAt' in whole).toBe(false);
    expect(buildTextPreview('unattend.xml', new TextEncoder().encode('<?xml version="1.0"?><unattend/>'), 32).format).toBe('xml');
  });
});

describe('sniff', () => {
  it('recognises image and binary formats by their magic', () => {
    expect(sniffImageMime(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageMime(new TextEncoder().encode('GIF89a......'))).toBe('image/gif');
    const ico = new Uint8Array(22);
    ico.set([0, 0, 1, 0, 1, 0]);
    expect(sniffImageMime(ico)).toBe('image/x-icon');
    const bmp = new Uint8Array(30);
    bmp.set([0x42, 0x4d]);
    expect(sniffImageMime(bmp)).toBe('image/bmp');
    expect(sniffImageMime(new TextEncoder().encode('BM'))).toBeUndefined();
    expect(describeBinary(new TextEncoder().encode('MSCF\0\0\0\0'))).toBe('CAB archive');
    expect(describeBinary(new TextEncoder().encode('regf....'))).toBe('Registry hive');
  });
});
