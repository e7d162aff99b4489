/**
 * ByteSource over a Blob or File (browser main thread, Web Workers, and Node's global Blob).
 * Each read slices the blob and awaits arrayBuffer(): the browser reads only that range from disk.
 */
import { ErrorCode, ImagewrightError, throwIfAborted } from '../shared/errors';
import { checkReadRange, type ByteSource } from './byte-source';

export class BlobSource implements ByteSource {
  readonly name: string;
  readonly size: number;

  constructor(private readonly blob: Blob, name?: string) {
    this.name = name ?? (blob as Partial<File>).name ?? 'blob';
    this.size = blob.size;
  }

  async read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    throwIfAborted(signal);
    checkReadRange(this, offset, length);
    try {
      return new Uint8Array(await this.blob.slice(offset, offset + length).arrayBuffer());
    } catch (cause) {
      // NotReadableError: the file changed or vanished since it was picked.
      throw new ImagewrightError(ErrorCode.IO_READ_FAILED, { offset, path: this.name, detail: String(cause), cause });
    }
  }
}
