import { describe, expect, it } from 'vitest';
import {
  RESHDR_FLAG_COMPRESSED,
  checkPlainReshdrSizes,
  checkReshdrInBounds,
  readReshdr,
} from '../../../../src/formats/wim/reshdr';
import { ErrorCode, ImagewrightError } from '../../../../src/shared/errors';
import { caught, putReshdr } from './builders';

function encode(sizeInWim: number | bigint, flags: number, offset: number | bigint, uncompressedSize: number | bigint): Uint8Array {
  const b = new Uint8Array(24);
  putReshdr(b, 0, { sizeInWim, flags, offset, uncompressedSize });
  return b;
}

describe('resource header', () => {
  it('decodes the 56-bit size, flags, offset and original size', () => {
    const r = readReshdr(encode(0x12_3456_789an, 0x16, 0x1_0000_0000n, 0x2_0000_0001n), 0, 0, 'x');
    expect(r).toEqual({ sizeInWim: 0x12_3456_789a, flags: 0x16, offset: 0x1_0000_0000, uncompressedSize: 0x2_0000_0001 });
  });

  it('refuses 64-bit values beyond 2^53 instead of truncating them', async () => {
    for (const bytes of [encode(0xff_ffff_ffff_ffffn, 0, 0, 0), encode(1, 0, 1n << 60n, 1), encode(1, 0, 0, 1n << 54n)]) {
      const error = (await caught(() => readReshdr(bytes, 0, 100, 'thing'))) as ImagewrightError;
      expect(error.code).toBe(ErrorCode.BAD_RESOURCE_HEADER);
      expect(Number(error.offset)).toBeGreaterThanOrEqual(100);
    }
  });

  it('refuses a reshdr cut short', async () => {
    const error = (await caught(() => readReshdr(new Uint8Array(23), 0, 0, 'x'))) as ImagewrightError;
    expect(error.code).toBe(ErrorCode.TRUNCATED);
  });

  it('requires equal sizes for an uncompressed resource only', async () => {
    const plain = readReshdr(encode(10, 0, 300, 11), 0, 0, 'x');
    expect(((await caught(() => checkPlainReshdrSizes(plain, 'x'))) as ImagewrightError).code).toBe(ErrorCode.BAD_RESOURCE_HEADER);
    const packed = readReshdr(encode(10, RESHDR_FLAG_COMPRESSED, 300, 11), 0, 0, 'x');
    expect(() => checkPlainReshdrSizes(packed, 'x')).not.toThrow();
  });

  it('checks bounds without overflowing on the addition', async () => {
    const r = readReshdr(encode(10, 0, 995, 10), 0, 0, 'x');
    expect(() => checkReshdrInBounds(r, 1005, 'x')).not.toThrow();
    expect(((await caught(() => checkReshdrInBounds(r, 1004, 'x'))) as ImagewrightError).code).toBe(ErrorCode.RESOURCE_OUT_OF_BOUNDS);
    const far = readReshdr(encode(2n ** 52n, 0, 2n ** 52n, 2n ** 52n), 0, 0, 'x');
    expect(((await caught(() => checkReshdrInBounds(far, 1000, 'x'))) as ImagewrightError).code).toBe(ErrorCode.RESOURCE_OUT_OF_BOUNDS);
  });
});
