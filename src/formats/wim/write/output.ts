/**
 * WimOutput: the file being written, as the structure writers see it — an append position over a ByteWriter,
 * plus random writes for reserved regions (header, chunk tables, solid headers). No on-disk layout of its own.
 *
 * Optionally BUFFERED (bufferBytes > 0): appends are copied into a buffer written in one call when full, while the
 * next buffer fills (double buffering: at most one write in flight, and writes reach the file in the order they
 * were made, so a later write of the same range wins). A capture appends one ~10 KiB compressed chunk at a time;
 * awaiting a file write for each kept the writer loop — and so the workers it feeds — waiting on the disk.
 * Whoever uses the ByteWriter directly (truncate, header, read-back) calls flush() first. After a failure a write
 * may still be in flight when the job aborts the ByteWriter: NodeFileWriter's close waits for it (FileHandle.close
 * waits for pending operations) and a browser stream's abort rejects it; either way the temp output is dropped.
 * Unbuffered (the default) every append is written before it returns, as in-place updates need.
 */
import type { ByteWriter } from '../../../io/byte-writer';
import { ErrorCode, ImagewrightError } from '../../../shared/errors';

/** Buffer size the WIM writers use: a few MiB per write call, two buffers. */
export const OUTPUT_BUFFER_BYTES = 4 * 1024 * 1024;

export class WimOutput {
  /** File position of buffer[0]; the append position is bufferStart + filled. */
  private bufferStart: number;
  private filled = 0;
  private buffer: Uint8Array | undefined;
  /** The buffer being written, reused once its write is done. */
  private spare: Uint8Array | undefined;
  private writing: Promise<void> | undefined;

  constructor(readonly writer: ByteWriter, start: number, private readonly bufferBytes = 0) {
    this.bufferStart = start;
  }

  /** Where the next appended byte goes. */
  get position(): number {
    return this.bufferStart + this.filled;
  }

  /** Appends `bytes` (copied when buffered: the caller may reuse them); returns where they start. */
  async append(bytes: Uint8Array, signal?: AbortSignal): Promise<number> {
    const at = this.position;
    if (!bytes.length) return at;
    if (this.bufferBytes === 0 || bytes.length >= this.bufferBytes) {
      await this.flush(signal);
      await this.writer.write(at, bytes, signal);
      this.bufferStart += bytes.length;
      return at;
    }
    if (this.filled + bytes.length > this.bufferBytes) await this.startWrite(signal);
    this.buffer ??= new Uint8Array(this.bufferBytes);
    this.buffer.set(bytes, this.filled);
    this.filled += bytes.length;
    return at;
  }

  /** Appends `n` zero bytes to be filled in later with writeAt (a chunk table, a solid resource header). */
  async reserve(n: number, signal?: AbortSignal): Promise<number> {
    return this.append(new Uint8Array(n), signal);
  }

  /**
   * Moves the append position back to `position` (≤ the current one): what was appended after it is discarded
   * or, where already written, overwritten by the next appends (the file is truncated at the end anyway).
   */
  rewind(position: number): void {
    if (position > this.position) throw new ImagewrightError(ErrorCode.ENGINE_FAILED, { detail: `output rewound to ${position}, past ${this.position}` });
    if (position >= this.bufferStart) this.filled = position - this.bufferStart;
    else {
      this.bufferStart = position;
      this.filled = 0;
    }
  }

  async writeAt(position: number, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
    if (position >= this.bufferStart && position + bytes.length <= this.position && this.filled) {
      this.buffer!.set(bytes, position - this.bufferStart);
      return;
    }
    await this.flush(signal);
    await this.writer.write(position, bytes, signal);
  }

  /** Writes everything appended and waits for it: the ByteWriter may then be used directly. */
  async flush(signal?: AbortSignal): Promise<void> {
    await this.startWrite(signal);
    const writing = this.writing;
    this.writing = undefined;
    await writing;
  }

  /** Starts writing the buffer (after the previous write finished) and switches appends to the other buffer. */
  private async startWrite(signal?: AbortSignal): Promise<void> {
    const previous = this.writing;
    this.writing = undefined;
    await previous;
    if (!this.filled) return;
    const full = this.buffer!;
    const at = this.bufferStart;
    const length = this.filled;
    this.buffer = this.spare;
    this.spare = undefined;
    this.bufferStart += length;
    this.filled = 0;
    const writing = this.writer.write(at, full.subarray(0, length), signal).then(() => {
      this.spare = full;
    });
    // Observed by the next startWrite/flush; meanwhile a failure must not count as unhandled.
    writing.catch(() => undefined);
    this.writing = writing;
  }
}
