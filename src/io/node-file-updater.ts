/**
 * InPlaceWriter over a Node file (byte-writer.ts): the file is opened read-write where it is; new bytes go after
 * its old end, and the few bytes written below it (the header) are remembered first so that abort() can cut the
 * file back to its old size and put them back — the file is then byte-identical to what it was.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { ErrorCode, ImagewrightError, throwIfAborted } from '../shared/errors';
import type { InPlaceWriter } from './byte-writer';
import { readFully, writeFully } from './node-file-writer';

/** Most bytes below the old end that may be overwritten (and kept for undo): the header and then some. */
const UNDO_BUDGET = 64 * 1024;

export class NodeFileUpdater implements InPlaceWriter {
  readonly name: string;
  private done = false;
  /** Old bytes of regions overwritten below originalSize, in write order (restored in reverse). */
  private readonly undo: { position: number; bytes: Uint8Array }[] = [];
  private undoBytes = 0;

  private constructor(private readonly handle: FileHandle, readonly path: string, readonly originalSize: number) {
    this.name = basename(path);
  }

  static async open(path: string): Promise<NodeFileUpdater> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r+');
    } catch (cause) {
      throw new ImagewrightError(ErrorCode.WRITE_FAILED, { path, detail: (cause as Error).message, cause });
    }
    const { size } = await handle.stat();
    return new NodeFileUpdater(handle, path, size);
  }

  private failed(cause: unknown, offset?: number): ImagewrightError {
    if (cause instanceof ImagewrightError) return cause;
    return new ImagewrightError(ErrorCode.WRITE_FAILED, { path: this.path, ...(offset === undefined ? {} : { offset }), detail: (cause as Error).message, cause });
  }

  private async remember(position: number, length: number): Promise<void> {
    const end = Math.min(position + length, this.originalSize);
    if (position >= end) return;
    if (this.undoBytes + end - position > UNDO_BUDGET) {
      throw new ImagewrightError(ErrorCode.INPLACE_WOULD_OVERWRITE, { path: this.path, params: { length, position, size: this.originalSize } });
    }
    this.undo.push({ position, bytes: await this.readBack(position, end - position) });
    this.undoBytes += end - position;
  }

  async write(position: number, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    if (this.done) throw this.failed(new Error('the file is already closed'), position);
    await this.remember(position, bytes.length);
    await writeFully(this.handle, bytes, position, (cause, at) => this.failed(cause, at));
  }

  async readBack(position: number, length: number): Promise<Uint8Array> {
    return readFully(this.handle, position, length, this.path);
  }

  async truncate(length: number): Promise<void> {
    // Cutting into the old data would destroy what the old header points to.
    if (length < this.originalSize) throw new ImagewrightError(ErrorCode.INPLACE_WOULD_OVERWRITE, { path: this.path, params: { length: this.originalSize - length, position: length, size: this.originalSize } });
    await this.handle.truncate(length).catch((cause: unknown) => Promise.reject(this.failed(cause)));
  }

  async sync(): Promise<void> {
    await this.handle.sync().catch((cause: unknown) => Promise.reject(this.failed(cause)));
  }

  async commit(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await this.handle.sync();
      await this.handle.close();
    } catch (cause) {
      await this.handle.close().catch(() => undefined);
      throw this.failed(cause);
    }
  }

  /** Cuts the file back to its old size and writes back the bytes overwritten below it; throws if it cannot. */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await this.handle.truncate(this.originalSize);
      for (const { position, bytes } of this.undo.reverse()) {
        let done = 0;
        while (done < bytes.length) done += (await this.handle.write(bytes, done, bytes.length - done, position + done)).bytesWritten;
      }
      await this.handle.sync();
    } catch (cause) {
      throw new ImagewrightError(ErrorCode.INPLACE_RESTORE_FAILED, { path: this.path, detail: (cause as Error).message, cause });
    } finally {
      await this.handle.close().catch(() => undefined);
    }
  }
}
