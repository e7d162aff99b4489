/**
 * SHA-256 of a whole Blob / File, streamed through the wasm hash in HASH_READ_SLICE reads: memory stays at one
 * slice whatever the file size (WebCrypto cannot hash a stream). Reports bytes done after every slice.
 */
import { Sha256, type HashModule } from '../../codecs/sha';
import { ErrorCode, ImagewrightError, throwIfAborted } from '../../shared/errors';

/** 8 MiB: large sequential reads for disks and shares, small enough to keep a worker's memory flat. */
export const HASH_READ_SLICE = 8 * 1024 * 1024;

export async function hashBlobSha256(
  blob: Blob,
  module: HashModule,
  options: { signal?: AbortSignal; onBytes?: (done: number, total: number) => void; name?: string } = {},
): Promise<string> {
  const sha = new Sha256(module);
  const total = blob.size;
  for (let at = 0; at < total; at += HASH_READ_SLICE) {
    throwIfAborted(options.signal);
    const end = Math.min(total, at + HASH_READ_SLICE);
    sha.update(await readSlice(blob, at, end, options.name));
    options.onBytes?.(end, total);
  }
  if (total === 0) options.onBytes?.(0, 0);
  return sha.hexDigest();
}

/** One slice as bytes; a file that vanished or changed under us (NotReadableError) is an IO_READ_FAILED there. */
export async function readSlice(blob: Blob, start: number, end: number, name?: string): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await blob.slice(start, end).arrayBuffer());
  } catch (cause) {
    throw new ImagewrightError(ErrorCode.IO_READ_FAILED, { offset: start, path: name ?? (blob as Partial<File>).name, detail: String(cause), cause });
  }
}
