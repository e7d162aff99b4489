import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeDirSink } from '../../../src/io/node-dir-sink';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'imagewright-sink-'));

describe('folder sink on disk', () => {
  it('shows a file under its name only once it is committed', async () => {
    const root = fresh();
    const sink = await NodeDirSink.open(root);
    await sink.createDirectory(['Windows', 'Panther']);
    const writer = await sink.createFile(['Windows', 'Panther', 'setupact.log'], { size: 6, overwrite: false });
    await writer.write(new TextEncoder().encode('abc'));
    expect(existsSync(join(root, 'Windows/Panther/setupact.log'))).toBe(false);
    await writer.write(new TextEncoder().encode('def'));
    await writer.commit();
    expect(readFileSync(join(root, 'Windows/Panther/setupact.log'), 'utf8')).toBe('abcdef');
    expect(readdirSync(join(root, 'Windows/Panther'))).toEqual(['setupact.log']);
  });

  it('leaves no half file and keeps the old file when a write is aborted', async () => {
    const root = fresh();
    const sink = await NodeDirSink.open(root);
    const first = await sink.createFile(['a.txt'], { size: 3, overwrite: false });
    await first.write(new TextEncoder().encode('old'));
    await first.commit();
    const second = await sink.createFile(['a.txt'], { size: 3, overwrite: true });
    await second.write(new TextEncoder().encode('ne'));
    await second.abort();
    expect(readdirSync(root)).toEqual(['a.txt']);
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('old');
    await expect(sink.createFile(['a.txt'], { size: 1, overwrite: false })).rejects.toThrow(/exists/);
  });

  it('refuses components that are not plain names and writes through symlinks that leave the root', async () => {
    const root = fresh();
    const outside = fresh();
    const sink = await NodeDirSink.open(root);
    for (const bad of [['..', 'x'], ['a/b'], ['.'], ['']]) {
      await expect(sink.createFile(bad, { size: 0, overwrite: true })).rejects.toMatchObject({ codeName: 'UNSAFE_PATH' });
    }
    mkdirSync(join(root, 'dir'));
    symlinkSync(outside, join(root, 'dir', 'escape'));
    await expect(sink.createFile(['dir', 'escape', 'owned.txt'], { size: 0, overwrite: true })).rejects.toMatchObject({ codeName: 'UNSAFE_PATH' });
    expect(readdirSync(outside)).toEqual([]);
  });
});
