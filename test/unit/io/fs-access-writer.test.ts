import { describe, expect, it } from 'vitest';
import { FsAccessWriter } from '../../../src/io/fs-access-writer';
import { ErrorCode } from '../../../src/shared/errors';
import { MemFileHandle } from './fs-access-fakes';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('FsAccessWriter', () => {
  it('writes at positions (filling a reserved gap later), truncates, and publishes only on commit', async () => {
    const handle = new MemFileHandle('out.wim', bytes(9, 9, 9));
    const writer = await FsAccessWriter.create(handle);
    await writer.write(4, bytes(5, 6, 7));
    await writer.write(0, bytes(1, 2, 3, 4));
    await writer.write(7, bytes(8, 8, 8));
    await writer.truncate(8);
    expect(handle.bytes).toEqual(bytes(9, 9, 9)); // not yet visible
    await writer.commit();
    expect(handle.bytes).toEqual(bytes(1, 2, 3, 4, 5, 6, 7, 8));
    expect(handle.writables).toBe(0);
    expect('readBack' in writer).toBe(false); // integrity tables are refused (INTEGRITY_NEEDS_READBACK)
  });

  it('leaves the destination as it was on abort, once, even when aborted twice', async () => {
    const handle = new MemFileHandle('out.wim', bytes(1, 2));
    const writer = await FsAccessWriter.create(handle);
    await writer.write(0, bytes(7, 7, 7, 7));
    await writer.abort();
    await writer.abort();
    expect(handle.bytes).toEqual(bytes(1, 2));
    expect(handle.aborted).toBe(1);
    await expect(writer.write(0, bytes(1))).rejects.toMatchObject({ code: ErrorCode.WRITE_FAILED });
  });

  it('turns a refused write into WRITE_FAILED naming the file and the DOM error', async () => {
    const handle = new MemFileHandle('full.esd');
    const writer = await FsAccessWriter.create(handle);
    handle.failWith = 'QuotaExceededError';
    const error = await writer.write(0, bytes(1)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.WRITE_FAILED, path: 'full.esd' });
    expect((error as { detail?: string }).detail).toContain('QuotaExceededError');
    const controller = new AbortController();
    controller.abort();
    await expect(writer.write(0, bytes(1), controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
