/**
 * ByteWriter over a FileSystemFileHandle (a file chosen with showSaveFilePicker, a part created in a picked
 * folder, or an OPFS file in tests). createWritable({ keepExistingData: false }) gives a FileSystemWritableFile-
 * Stream whose bytes go to a swap file: the destination keeps its old contents until close() (commit), and
 * abort() throws the swap file away — nothing is lost on cancel or error.
 *
 * No readBack: what was written cannot be read before close, so jobs asked for an integrity table refuse with
 * INTEGRITY_NEEDS_READBACK (the UI does not offer one).
 *
 * Each write() of the stream is a round trip to the browser process, and the WIM writer appends chunk by chunk
 * (often a few KiB): consecutive appends are gathered into one buffer of FS_ACCESS_WRITE_BUFFER bytes and
 * written together. Memory stays bounded by that buffer; any other write, truncate or commit flushes it first,
 * so the bytes land in the order they were given.
 */
import { ErrorCode, ImagewrightError, throwIfAborted } from '../shared/errors';
import type { ByteWriter } from './byte-writer';

/** The parts of FileSystemWritableFileStream this writer uses. */
export interface WritableFileStream {
  write(data: { type: 'write'; position: number; data: Uint8Array } | { type: 'truncate'; size: number }): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
}
export interface WritableFileHandle {
  readonly name: string;
  createWritable(options: { keepExistingData: boolean }): Promise<WritableFileStream>;
}

/** Bytes gathered from consecutive appends before one write to the stream. */
export const FS_ACCESS_WRITE_BUFFER = 4 * 1024 * 1024;

export class FsAccessWriter implements ByteWriter {
  private state: 'open' | 'committed' | 'aborted' = 'open';
  private buffer: Uint8Array | undefined;
  private bufferStart = 0;
  private bufferLength = 0;

  private constructor(readonly name: string, private readonly stream: WritableFileStream) {}

  static async create(handle: WritableFileHandle): Promise<FsAccessWriter> {
    try {
      return new FsAccessWriter(handle.name, await handle.createWritable({ keepExistingData: false }));
    } catch (cause) {
      throw new ImagewrightError(ErrorCode.WRITE_FAILED, { path: handle.name, detail: String((cause as Error)?.message ?? cause), cause });
    }
  }

  private failed(cause: unknown): ImagewrightError {
    // QuotaExceededError (a full disk or OPFS quota) keeps its name in the detail, which is what the user needs.
    return new ImagewrightError(ErrorCode.WRITE_FAILED, { path: this.name, detail: `${(cause as Error)?.name ?? 'Error'}: ${(cause as Error)?.message ?? String(cause)}`, cause });
  }

  private ensureOpen(): void {
    if (this.state !== 'open') throw new ImagewrightError(ErrorCode.WRITE_FAILED, { path: this.name, detail: `the output is already ${this.state}` });
  }

  private async put(position: number, data: Uint8Array): Promise<void> {
    try {
      await this.stream.write({ type: 'write', position, data });
    } catch (cause) {
      throw this.failed(cause);
    }
  }

  private async flush(): Promise<void> {
    if (this.bufferLength === 0) return;
    const length = this.bufferLength;
    this.bufferLength = 0;
    await this.put(this.bufferStart, this.buffer!.subarray(0, length));
  }

  async write(position: number, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    this.ensureOpen();
    const follows = this.bufferLength > 0 && position === this.bufferStart + this.bufferLength;
    if (!follows || this.bufferLength + bytes.length > FS_ACCESS_WRITE_BUFFER) await this.flush();
    if (bytes.length >= FS_ACCESS_WRITE_BUFFER) return this.put(position, bytes);
    this.buffer ??= new Uint8Array(FS_ACCESS_WRITE_BUFFER);
    if (this.bufferLength === 0) this.bufferStart = position;
    this.buffer.set(bytes, this.bufferLength);
    this.bufferLength += bytes.length;
  }

  async truncate(length: number): Promise<void> {
    this.ensureOpen();
    await this.flush();
    try {
      await this.stream.write({ type: 'truncate', size: length });
    } catch (cause) {
      throw this.failed(cause);
    }
  }

  async commit(): Promise<void> {
    this.ensureOpen();
    try {
      await this.flush();
      await this.stream.close();
      this.state = 'committed';
    } catch (cause) {
      await this.abort();
      throw cause instanceof ImagewrightError ? cause : this.failed(cause);
    }
  }

  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    this.bufferLength = 0;
    this.buffer = undefined;
    await this.stream.abort().catch(() => undefined);
  }
}
