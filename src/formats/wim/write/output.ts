/**
 * WimOutput: the file being written, as the structure writers see it — an append position over a ByteWriter,
 * plus random writes for reserved regions (header, chunk tables, solid headers). No on-disk layout of its own.
 */
import type { ByteWriter } from '../../../io/byte-writer';

export class WimOutput {
  /** Where the next appended byte goes. */
  position: number;
  /** Highest byte written + 1 (the file is truncated to `position` at the end). */
  constructor(readonly writer: ByteWriter, start: number) {
    this.position = start;
  }

  async append(bytes: Uint8Array, signal?: AbortSignal): Promise<number> {
    const at = this.position;
    if (bytes.length) await this.writer.write(at, bytes, signal);
    this.position += bytes.length;
    return at;
  }

  async writeAt(position: number, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
    await this.writer.write(position, bytes, signal);
  }
}
