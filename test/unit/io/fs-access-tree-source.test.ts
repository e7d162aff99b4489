import { describe, expect, it } from 'vitest';
import { FS_ACCESS_PIECE_BYTES, FsAccessTreeSource, filetimeOfMs, type TreeDirectoryHandle } from '../../../src/io/fs-access-tree-source';
import { ErrorCode, ImagewrightError } from '../../../src/shared/errors';
import { MemDirHandle } from './fs-access-fakes';

function sourceOf(root: MemDirHandle): FsAccessTreeSource {
  return new FsAccessTreeSource(root as unknown as TreeDirectoryHandle);
}

async function collect(pieces: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const piece of pieces) out.push(piece);
  return out;
}

describe('FsAccessTreeSource', () => {
  it('lists files and folders with sizes, and uses File.lastModified for all three times', async () => {
    const root = new MemDirHandle('Tree');
    const when = Date.UTC(2023, 0, 2, 3, 4, 5, 678);
    root.put('Été/naïve.txt', 'bonjour', when);
    root.put('empty.bin', new Uint8Array(0));
    const source = sourceOf(root);
    const entries = await source.list([]);
    expect(entries.map((e) => [e.name, e.kind, e.size]).sort()).toEqual([['empty.bin', 'file', 0], ['Été', 'directory', 0]]);
    const [file] = await source.list(['Été']);
    expect(file).toMatchObject({ name: 'naïve.txt', kind: 'file', size: 7 });
    expect(file!.lastWriteTime).toBe(filetimeOfMs(when));
    expect(file!.creationTime).toBe(file!.lastWriteTime);
    expect(file!.lastAccessTime).toBe(file!.lastWriteTime);
    expect(file!.fileKey).toBeUndefined();
    // FILETIME counts 100 ns from 1601: 2023-01-02T03:04:05.678Z.
    expect(filetimeOfMs(when)).toBe(116444736000000000n + BigInt(when) * 10000n);
    expect(await source.stat(['Été', 'naïve.txt'])).toMatchObject({ kind: 'file', size: 7 });
    expect(await source.stat([])).toMatchObject({ name: '', kind: 'directory' });
  });

  it('reads a file in slices of at most 8 MiB, in order', async () => {
    const root = new MemDirHandle();
    const big = new Uint8Array(FS_ACCESS_PIECE_BYTES + 12345).map((_, i) => (i * 31) & 0xff);
    root.put('big.bin', big);
    const pieces = await collect(sourceOf(root).readFile(['big.bin']));
    expect(pieces.map((p) => p.length)).toEqual([FS_ACCESS_PIECE_BYTES, 12345]);
    expect(Buffer.concat(pieces).equals(Buffer.from(big))).toBe(true);
    expect(await collect(sourceOf(root).readFile(['missing.txt'])).catch((e: unknown) => e)).toMatchObject({ code: ErrorCode.IO_READ_FAILED, path: 'missing.txt' });
  });

  it('names the folder it cannot list and stops listing when aborted', async () => {
    const root = new MemDirHandle();
    root.put('a/b.txt', 'x');
    const error = await sourceOf(root).list(['nope']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagewrightError);
    expect(error).toMatchObject({ code: ErrorCode.IO_READ_FAILED, path: 'nope' });
    const controller = new AbortController();
    controller.abort();
    await expect(sourceOf(root).list([], controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
