/** ByteSource over bytes already in memory: tests, fuzzing and tiny embedded samples only. */
import { throwIfAborted } from '../shared/errors';
import { checkReadRange, type ByteSource } from './byte-source';

export class MemorySource implements ByteSource {
  readonly size: number;

  constructor(private readonly bytes: Uint8Array, readonly name = 'memory') {
    this.size = bytes.length;
  }

  async read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    throwIfAborted(signal);
    checkReadRange(this, offset, length);
    return this.bytes.slice(offset, offset + length);
  }
}
