import { describe, expect, it } from 'vitest';
import { FS_ACCESS_WRITE_BUFFER, FsAccessWriter } from '../../../src/io/fs-access-writer';
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

  it('turns a refused write into WRITE_FAILED naming the file and the DOM error, and drops the output', async () => {
    const handle = new MemFileHandle('full.esd', bytes(4, 4));
    const writer = await FsAccessWriter.create(handle);
    handle.failWith = 'QuotaExceededError';
    await writer.write(0, bytes(1)); // gathered: the stream sees it at the next flush
    const error = await writer.commit().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.WRITE_FAILED, path: 'full.esd' });
    expect((error as { detail?: string }).detail).toContain('QuotaExceededError');
    expect(handle.bytes).toEqual(bytes(4, 4));
    expect(handle.aborted).toBe(1);
    const controller = new AbortController();
    controller.abort();
    await expect(writer.write(0, bytes(1), controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('gathers consecutive appends into few stream writes, keeping the order of overlapping writes', async () => {
    const handle = new MemFileHandle('big.wim');
    const writer = await FsAccessWriter.create(handle);
    const piece = 4000;
    const count = Math.ceil((2.5 * FS_ACCESS_WRITE_BUFFER) / piece);
    await writer.write(0, new Uint8Array(208)); // a reserved header, filled in at the end
    for (let i = 0; i < count; i++) await writer.write(208 + i * piece, new Uint8Array(piece).fill(i & 0xff));
    await writer.write(0, new Uint8Array(208).fill(0xee)); // not an append: flushes first, then lands on top
    await writer.write(208 + count * piece, new Uint8Array(3 * FS_ACCESS_WRITE_BUFFER).fill(7)); // larger than the buffer
    await writer.commit();
    expect(handle.writeCalls).toBeLessThanOrEqual(6);
    expect(handle.bytes.length).toBe(208 + count * piece + 3 * FS_ACCESS_WRITE_BUFFER);
    expect(handle.bytes.subarray(0, 208).every((b) => b === 0xee)).toBe(true);
    for (const i of [0, 1, Math.floor(count / 2), count - 1]) expect(handle.bytes[208 + i * piece + piece - 1]).toBe(i & 0xff);
    expect(handle.bytes.at(-1)).toBe(7);
  });
});
