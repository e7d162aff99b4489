/** ByteSource over a file on disk through Node's fs (CLI, tests, benchmarks). Opened lazily, closed by close(). */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { ErrorCode, ImagewrightError, throwIfAborted } from '../shared/errors';
import { checkReadRange, type ByteSource } from './byte-source';

export class NodeFileSource implements ByteSource {
  readonly name: string;

  private constructor(private readonly handle: FileHandle, readonly path: string, readonly size: number) {
    this.name = basename(path);
  }

  static async open(path: string): Promise<NodeFileSource> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (cause) {
      throw new ImagewrightError(ErrorCode.IO_READ_FAILED, { path, detail: (cause as Error).message, cause });
    }
    const stat = await handle.stat();
    return new NodeFileSource(handle, path, stat.size);
  }

  async read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    throwIfAborted(signal);
    checkReadRange(this, offset, length);
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(out, done, length - done, offset + done);
      if (bytesRead === 0) {
        throw new ImagewrightError(ErrorCode.TRUNCATED, {
          params: { need: offset + length, have: offset + done },
          offset: offset + done,
          path: this.name,
        });
      }
      done += bytesRead;
    }
    return out;
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}
