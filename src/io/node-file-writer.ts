/**
 * ByteWriter over a Node file: writes go to "<dest>.iw-partial-<random>" in the destination's folder (same file
 * system, so the final rename is atomic) and commit() renames it over the destination. abort() unlinks it.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ErrorCode, ImagewrightError, throwIfAborted } from '../shared/errors';
import type { ByteWriter } from './byte-writer';

export class NodeFileWriter implements ByteWriter {
  readonly name: string;
  private done = false;

  private constructor(private readonly handle: FileHandle, readonly path: string, readonly tempPath: string) {
    this.name = basename(path);
  }

  static async create(path: string): Promise<NodeFileWriter> {
    const tempPath = join(dirname(path), `.${basename(path)}.iw-partial-${randomBytes(6).toString('hex')}`);
    try {
      return new NodeFileWriter(await open(tempPath, 'wx+'), path, tempPath);
    } catch (cause) {
      throw new ImagewrightError(ErrorCode.WRITE_FAILED, { path, detail: (cause as Error).message, cause });
    }
  }

  async write(position: number, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    await writeFully(this.handle, bytes, position, (cause, at) => new ImagewrightError(ErrorCode.WRITE_FAILED, { path: this.path, offset: at, detail: (cause as Error).message, cause }));
  }

  async readBack(position: number, length: number): Promise<Uint8Array> {
    return readFully(this.handle, position, length, this.tempPath);
  }

  async truncate(length: number): Promise<void> {
    await this.handle.truncate(length);
  }

  async commit(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await this.handle.sync();
      await this.handle.close();
      await rename(this.tempPath, this.path);
    } catch (cause) {
      await rm(this.tempPath, { force: true });
      throw new ImagewrightError(ErrorCode.WRITE_FAILED, { path: this.path, detail: (cause as Error).message, cause });
    }
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.handle.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }
}

/** Reads exactly `length` bytes at `position` (a short file is TRUNCATED, named by `path`). */
export async function readFully(handle: FileHandle, position: number, length: number, path: string): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(out, done, length - done, position + done);
    if (bytesRead === 0) throw new ImagewrightError(ErrorCode.TRUNCATED, { params: { need: position + length, have: position + done }, path });
    done += bytesRead;
  }
  return out;
}

/** Writes all of `bytes` at `position`; a failure becomes `fail(cause, the file offset where writing stopped)`. */
export async function writeFully(handle: FileHandle, bytes: Uint8Array, position: number, fail: (cause: unknown, at: number) => Error): Promise<void> {
  let done = 0;
  try {
    while (done < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
      done += bytesWritten;
    }
  } catch (cause) {
    throw fail(cause, position + done);
  }
}
