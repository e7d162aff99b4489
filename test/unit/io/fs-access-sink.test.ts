// FsAccessSink over the in-memory FileSystemDirectoryHandle: commit on close, abort leaves nothing, names that
// could escape refused, names the browser refuses reported and skipped.
import { describe, expect, it } from 'vitest';
import { FsAccessSink } from '../../../src/io/fs-access-sink';
import { ErrorCode } from '../../../src/shared/errors';
import { FakeDirectoryHandle } from './fake-directory-handle';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('FsAccessSink', () => {
  it('makes a file visible only when committed, and leaves nothing when aborted', async () => {
    const root = new FakeDirectoryHandle();
    const sink = new FsAccessSink(root.asHandle(), 'overwrite');
    await sink.createDirectory(['a', 'b']);
    const kept = await sink.createFile(['a', 'b', 'kept.txt'], { size: 2, overwrite: true });
    await kept.write(bytes('ok'));
    await kept.commit();
    const dropped = await sink.createFile(['a', 'dropped.bin'], { size: 4, overwrite: true });
    await dropped.write(bytes('half'));
    await dropped.abort();
    expect([...root.files().keys()]).toEqual(['a/b/kept.txt']);
    expect(sink.report.filesWritten).toBe(1);
  });

  it('refuses components that could name something else', async () => {
    const sink = new FsAccessSink(new FakeDirectoryHandle().asHandle());
    for (const path of [['..', 'x'], ['a/b'], ['a\\b'], ['.'], ['']]) {
      await expect(sink.createFile(path, { size: 0, overwrite: true })).rejects.toMatchObject({ code: ErrorCode.UNSAFE_PATH });
    }
  });

  it('reports a name the browser refuses and goes on', async () => {
    const root = new FakeDirectoryHandle();
    const sink = new FsAccessSink(root.asHandle());
    const refused = await sink.createFile(['Shortcut.lnk'], { size: 1, overwrite: true });
    await refused.write(bytes('x'));
    await refused.commit();
    expect(sink.report.refused).toEqual(['Shortcut.lnk']);
    expect(root.files().size).toBe(0);
  });

  it('fails with TARGET_EXISTS when a file stands where a folder must go', async () => {
    const root = new FakeDirectoryHandle();
    const sink = new FsAccessSink(root.asHandle());
    const file = await sink.createFile(['Windows'], { size: 0, overwrite: true });
    await file.commit();
    await expect(sink.createDirectory(['Windows', 'System32'])).rejects.toMatchObject({ code: ErrorCode.TARGET_EXISTS });
  });
});

describe('FsAccessSink abort', () => {
  it('removes the empty file getFileHandle created, but keeps a file that was there before', async () => {
    const root = new FakeDirectoryHandle();
    const sink = new FsAccessSink(root.asHandle(), 'overwrite');
    const fresh = await sink.createFile(['new.bin'], { size: 4, overwrite: true });
    await fresh.write(bytes('half'));
    await fresh.abort();
    expect(root.files().has('new.bin')).toBe(false);
    const first = await sink.createFile(['old.txt'], { size: 3, overwrite: true });
    await first.write(bytes('old'));
    await first.commit();
    const again = new FsAccessSink(root.asHandle(), 'overwrite');
    const replacing = await again.createFile(['old.txt'], { size: 3, overwrite: true });
    await replacing.write(bytes('new'));
    await replacing.abort();
    expect(new TextDecoder().decode(root.files().get('old.txt'))).toBe('old');
  });
});
