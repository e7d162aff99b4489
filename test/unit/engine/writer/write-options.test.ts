import { describe, expect, it } from 'vitest';
import { writeOptionsOf } from '../../../../src/engine/writer/write-options';
import { ErrorCode } from '../../../../src/shared/errors';
import { isMicrosoftCompatible } from '../../../../src/shared/write-defaults';

describe('browser write options', () => {
  it('defaults to what Microsoft tools write: LZX 32 KiB WIMs, and ESDs with LZMS 64 MiB solid chunks beside 128 KiB metadata chunks', () => {
    expect(writeOptionsOf({ compression: 'LZX', solid: false })).toEqual({ compression: 'LZX', chunkSize: 32768 });
    expect(writeOptionsOf({ compression: 'XPRESS', solid: false })).toEqual({ compression: 'XPRESS', chunkSize: 32768 });
    expect(writeOptionsOf({ compression: 'LZMS', solid: true })).toEqual({ compression: 'LZMS', chunkSize: 131072, solid: { compression: 'LZMS', chunkSize: 67108864 } });
    expect(writeOptionsOf({ compression: 'none', solid: false })).toEqual({ compression: 'none', chunkSize: 0 });
  });

  it('takes a chosen chunk size for the file data (solid chunks when solid) and refuses impossible ones', () => {
    expect(writeOptionsOf({ compression: 'LZX', solid: false, chunkSize: 65536 })).toEqual({ compression: 'LZX', chunkSize: 65536 });
    expect(writeOptionsOf({ compression: 'LZMS', solid: true, chunkSize: 1 << 20 }).solid).toEqual({ compression: 'LZMS', chunkSize: 1 << 20 });
    expect(() => writeOptionsOf({ compression: 'XPRESS', solid: false, chunkSize: 3000 })).toThrow(expect.objectContaining({ code: ErrorCode.BAD_CHUNK_SIZE }));
    expect(() => writeOptionsOf({ compression: 'none', solid: true })).toThrow(expect.objectContaining({ code: ErrorCode.BAD_WRITE_OPTIONS }));
  });

  it('tells which choices Windows Setup and DISM read (the UI warns about the others)', () => {
    expect(isMicrosoftCompatible('LZX', false, 32768)).toBe(true);
    expect(isMicrosoftCompatible('LZX', false, 65536)).toBe(false);
    expect(isMicrosoftCompatible('XPRESS', true, 32768)).toBe(false);
    expect(isMicrosoftCompatible('LZMS', true, 67108864)).toBe(true);
    expect(isMicrosoftCompatible('none', false, 0)).toBe(true);
  });
});
