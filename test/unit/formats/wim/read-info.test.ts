import { describe, expect, it } from 'vitest';
import { readWimInfo } from '../../../../src/formats/wim/read-info';
import { MemorySource } from '../../../../src/io/memory-source';
import { ErrorCode, ImagewrightError } from '../../../../src/shared/errors';
import { buildWim, caught, imagesXml, putU32 } from './builders';

describe('readWimInfo', () => {
  it('fills the info of a hand-made two-image WIM', async () => {
    const payload = new Uint8Array(30).fill(1);
    const entries = [
      { sizeInWim: 10, offset: 208, uncompressedSize: 10, flags: 2, seed: 1 },
      { sizeInWim: 10, offset: 218, uncompressedSize: 10, flags: 2, seed: 2 },
      { sizeInWim: 10, offset: 228, uncompressedSize: 10, seed: 3 },
    ];
    const { bytes } = buildWim({ imageCount: 2, bootIndex: 2, flags: 0x80, payload, entries, xml: imagesXml(2) });
    const info = await readWimInfo(new MemorySource(bytes, 'two.wim'));
    expect(info).toMatchObject({
      fileName: 'two.wim',
      fileSize: bytes.length,
      compression: 'none',
      solid: false,
      pipable: false,
      rpFix: true,
      blobCount: 1,
      metadataResourceCount: 2,
      hasIntegrityTable: false,
      xmlTotalBytes: 1000,
      parts: [{ partNumber: 1, name: 'two.wim', size: bytes.length }],
    });
    expect(info.header.flagNames).toEqual(['RP_FIX']);
    expect(info.images.map((i) => [i.index, i.name, i.dirCount])).toEqual([[1, 'img1', 1], [2, 'img2', 2]]);
  });

  it('refuses a header image count that differs from the XML', async () => {
    const { bytes } = buildWim({ imageCount: 2, xml: imagesXml(3) });
    const error = (await caught(() => readWimInfo(new MemorySource(bytes)))) as ImagewrightError;
    expect(error.code).toBe(ErrorCode.IMAGE_COUNT_MISMATCH);
    expect(error.params).toMatchObject({ header: 2, xml: 3 });
  });

  it('reports a damaged integrity table as a warning, not a failure', async () => {
    const { bytes } = buildWim({ imageCount: 0 });
    const file = new Uint8Array(bytes.length + 32);
    file.set(bytes);
    putU32(file, bytes.length, 999); // size field that does not match the reshdr
    const view = new DataView(file.buffer);
    file[0x7c] = 32;
    view.setBigUint64(0x7c + 8, BigInt(bytes.length), true);
    view.setBigUint64(0x7c + 16, 32n, true);
    const info = await readWimInfo(new MemorySource(file));
    expect(info.hasIntegrityTable).toBe(true);
    expect(info.warnings.join()).toMatch(/integrity table is invalid/);
  });

  it('stops with AbortError when cancelled', async () => {
    const { bytes } = buildWim({ imageCount: 0 });
    const controller = new AbortController();
    controller.abort();
    const error = (await caught(() => readWimInfo(new MemorySource(bytes), controller.signal))) as Error;
    expect(error.name).toBe('AbortError');
  });
});
