/** ByteWriter into memory: tests and tiny outputs only (the bytes are kept whole). */
import { throwIfAborted } from '../shared/errors';
import type { ByteWriter } from './byte-writer';

export class MemoryWriter implements ByteWriter {
  private buffer = new Uint8Array(1 << 16);
  private length = 0;
  state: 'open' | 'committed' | 'aborted' = 'open';

  constructor(readonly name = 'memory') {}

  async write(position: number, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    const end = position + bytes.length;
    if (end > this.buffer.length) {
      const grown = new Uint8Array(Math.max(end, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(bytes, position);
    this.length = Math.max(this.length, end);
  }

  async readBack(position: number, length: number): Promise<Uint8Array> {
    return this.buffer.slice(position, position + length);
  }

  async truncate(length: number): Promise<void> {
    this.buffer.fill(0, length, this.length);
    this.length = length;
  }

  async commit(): Promise<void> {
    this.state = 'committed';
  }

  async abort(): Promise<void> {
    this.state = 'aborted';
  }

  /** Everything written so far. */
  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
