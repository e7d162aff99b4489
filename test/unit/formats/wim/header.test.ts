import { describe, expect, it } from 'vitest';
import { parseWimHeader, readWimHeader } from '../../../../src/formats/wim/header';
import { MemorySource } from '../../../../src/io/memory-source';
import { ErrorCode, ImagewrightError } from '../../../../src/shared/errors';
import { buildHeader, buildWim, caught, putU32, type HeaderSpec } from './builders';

const LZX = 0x40002;
const XPRESS = 0x20002;
const LZMS = 0x80002;

function parse(spec: HeaderSpec, fileSize = 1 << 20) {
  return parseWimHeader(buildHeader(spec), fileSize);
}

async function codeOf(fn: () => unknown): Promise<number> {
  const error = await caught(fn);
  expect(error).toBeInstanceOf(ImagewrightError);
  return (error as ImagewrightError).code;
}

describe('WIM header', () => {
  it('parses every field of a classic LZX header', () => {
    const h = parse({ flags: LZX | 0x80, chunkSize: 32768, imageCount: 3, bootIndex: 2, partNumber: 1, totalParts: 1 });
    expect(h).toMatchObject({
      magic: 'MSWIM',
      version: 0x10d00,
      compression: 'LZX',
      chunkSize: 32768,
      imageCount: 3,
      bootIndex: 2,
      guid: 'a0a1a2a3a4a5a6a7a8a9aaabacadaeaf',
    });
    expect(h.warnings).toEqual([]);
  });

  it('rejects every truncated length from 0 to 207 bytes as FILE_TOO_SMALL', async () => {
    const full = buildWim({ imageCount: 0 }).bytes;
    for (let n = 0; n < 208; n++) {
      expect(await codeOf(() => readWimHeader(new MemorySource(full.slice(0, n))))).toBe(ErrorCode.FILE_TOO_SMALL);
    }
  });

  it('rejects a bad magic with NOT_A_WIM naming the bytes it saw', async () => {
    const error = (await caught(() => parse({ magic: 'MSZIP' }))) as ImagewrightError;
    expect(error.code).toBe(ErrorCode.NOT_A_WIM);
    expect(String(error.params['magic'])).toContain('MSZIP');
    expect(error.offset).toBe(0);
  });

  it('rejects header sizes other than 208 at offset 0x08', async () => {
    for (const size of [0, 96, 116, 207, 209, 0xffffffff]) {
      const error = (await caught(() => parse({ headerSize: size }))) as ImagewrightError;
      expect(error.code).toBe(ErrorCode.BAD_HEADER_SIZE);
      expect(error.offset).toBe(8);
    }
  });

  it('accepts only versions 0x10D00 and 0xE00', async () => {
    expect(parse({ version: 0xe00 }).version).toBe(0xe00);
    for (const version of [0, 0x10900, 0x10c00, 0x10d01, 0xd00]) {
      expect(await codeOf(() => parse({ version }))).toBe(ErrorCode.UNSUPPORTED_VERSION);
    }
  });

  it('requires exactly one codec flag when COMPRESSION is set, and none otherwise', async () => {
    expect(await codeOf(() => parse({ flags: 0x2, chunkSize: 32768 }))).toBe(ErrorCode.BAD_COMPRESSION_FLAGS);
    expect(await codeOf(() => parse({ flags: LZX | XPRESS, chunkSize: 32768 }))).toBe(ErrorCode.BAD_COMPRESSION_FLAGS);
    expect(await codeOf(() => parse({ flags: 0x40000, chunkSize: 32768 }))).toBe(ErrorCode.BAD_COMPRESSION_FLAGS);
    expect(parse({ flags: 0x200002, chunkSize: 4096 }).compression).toBe('XPRESS');
  });

  it('accepts LZMS only in version 0xE00 files', async () => {
    expect(parse({ version: 0xe00, flags: LZMS, chunkSize: 1 << 17 }).compression).toBe('LZMS');
    expect(await codeOf(() => parse({ version: 0x10d00, flags: LZMS, chunkSize: 1 << 17 }))).toBe(ErrorCode.BAD_COMPRESSION_FLAGS);
  });

  it('checks the chunk size against each codec range and ignores it when uncompressed', async () => {
    const cases: [number, number, boolean][] = [
      [XPRESS, 4096, true], [XPRESS, 65536, true], [XPRESS, 2048, false], [XPRESS, 131072, false],
      [LZX, 32768, true], [LZX, 1 << 21, true], [LZX, 16384, false], [LZX, 1 << 22, false], [LZX, 40000, false],
      [LZMS, 1 << 15, true], [LZMS, 1 << 30, true], [LZMS, 1 << 31, false], [LZMS, 0, false],
    ];
    for (const [flags, chunkSize, ok] of cases) {
      const version = flags === LZMS ? 0xe00 : 0x10d00;
      if (ok) expect(parse({ flags, chunkSize, version }).chunkSize).toBe(chunkSize);
      else expect(await codeOf(() => parse({ flags, chunkSize, version }))).toBe(ErrorCode.BAD_CHUNK_SIZE);
    }
    expect(parse({ flags: 0, chunkSize: 12345 }).compression).toBe('none');
  });

  it('rejects impossible part numbers', async () => {
    for (const [partNumber, totalParts] of [[0, 1], [1, 0], [3, 2], [0, 0]] as const) {
      expect(await codeOf(() => parse({ partNumber, totalParts }))).toBe(ErrorCode.BAD_PART_NUMBER);
    }
    expect(parse({ partNumber: 2, totalParts: 3 }).partNumber).toBe(2);
  });

  it('refuses more than 65535 images', async () => {
    expect(parse({ imageCount: 65535 }).imageCount).toBe(65535);
    expect(await codeOf(() => parse({ imageCount: 65536 }))).toBe(ErrorCode.TOO_MANY_IMAGES);
    expect(await codeOf(() => parse({ imageCount: 0xffffffff }))).toBe(ErrorCode.TOO_MANY_IMAGES);
  });

  it('clears a boot index above the image count with a warning, as wimlib does', () => {
    const h = parse({ imageCount: 2, bootIndex: 3 });
    expect(h.bootIndex).toBe(0);
    expect(h.rawBootIndex).toBe(3);
    expect(h.warnings.join()).toMatch(/boot index 3/);
  });

  it('rejects reshdrs that leave the file, with the offset of the field', async () => {
    const error = (await caught(() =>
      parse({ blobTable: { sizeInWim: 100, offset: 1000, uncompressedSize: 100, flags: 2 } }, 1050),
    )) as ImagewrightError;
    expect(error.code).toBe(ErrorCode.RESOURCE_OUT_OF_BOUNDS);
    expect(error.offset).toBe(0x30);
    const huge = (await caught(() =>
      parse({ xmlData: { sizeInWim: 10, offset: 2n ** 63n, uncompressedSize: 10, flags: 2 } }),
    )) as ImagewrightError;
    expect(huge.code).toBe(ErrorCode.BAD_RESOURCE_HEADER);
    expect(huge.offset).toBe(0x48 + 8);
  });

  it('rejects an uncompressed reshdr whose two sizes differ', async () => {
    expect(await codeOf(() => parse({ integrityTable: { sizeInWim: 32, offset: 300, uncompressedSize: 40 } }))).toBe(
      ErrorCode.BAD_RESOURCE_HEADER,
    );
  });

  it('warns when WRITE_IN_PROGRESS is set', () => {
    expect(parse({ flags: 0x40 }).warnings.join()).toMatch(/WRITE_IN_PROGRESS/);
  });

  it('reads a pipable WIM header from the last 208 bytes', async () => {
    const { bytes } = buildWim({ magic: 'WLPWM', imageCount: 0 });
    const trailer = buildHeader({ magic: 'WLPWM', imageCount: 0, chunkSize: 0, partNumber: 1 });
    putU32(trailer, 0x78, 0);
    const file = new Uint8Array(bytes.length + 208);
    file.set(bytes);
    file.set(trailer, bytes.length);
    file.fill(0, 0x30, 0x94); // the leading header of a pipable WIM has zeroed reshdrs
    const h = await readWimHeader(new MemorySource(file));
    expect(h.magic).toBe('WLPWM');
    expect(h.headerOffset).toBe(bytes.length);
  });

  it('rejects a pipable WIM whose trailing header is missing', async () => {
    const { bytes } = buildWim({ magic: 'WLPWM', imageCount: 0 });
    expect(await codeOf(() => readWimHeader(new MemorySource(bytes)))).toBe(ErrorCode.BAD_PIPABLE_LAYOUT);
  });

  it('names the file in errors from readWimHeader', async () => {
    const error = (await caught(() => readWimHeader(new MemorySource(buildHeader({ version: 7 }), 'bad.wim')))) as ImagewrightError;
    expect(error.path).toBe('bad.wim');
  });
});
