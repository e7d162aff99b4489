/**
 * ByteSource: random-access, read-only bytes of one file (a WIM, an SWM part, an ISO…).
 * Implementations: Blob/File (browser and Node), Node fs file handles (CLI), memory (tests).
 *
 * Rules every implementation follows:
 * - `read` returns exactly `length` bytes or throws ImagewrightError TRUNCATED naming the offset;
 * - one call reads at most MAX_SINGLE_READ bytes (browsers refuse Blob reads of 2 GiB and more; callers cut
 *   big ranges into chunks with readChunked), so no code path ever asks for a whole image;
 * - offsets and sizes are JS numbers checked with Number.isSafeInteger (files up to 8 PiB).
 */
import { ErrorCode, ImagewrightError, throwIfAborted } from '../shared/errors';

/** 64 MiB: large enough for one LZMS solid chunk, far below the browser's 2 GiB Blob read limit. */
export const MAX_SINGLE_READ = 64 * 1024 * 1024;

export interface ByteSource {
  /** File name as the user knows it (for messages). */
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
  /** Reads exactly `length` bytes at `offset`. */
  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
  /** Releases OS resources (Node file handles). Idempotent. */
  close?(): Promise<void>;
}

/** Validates a read request against the source size; shared by every implementation. */
export function checkReadRange(source: { name: string; size: number }, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, {
      detail: `read(${offset}, ${length}) on ${source.name}`,
    });
  }
  if (length > MAX_SINGLE_READ) {
    throw new ImagewrightError(ErrorCode.READ_TOO_LARGE, {
      params: { length, limit: MAX_SINGLE_READ },
      offset,
      path: source.name,
    });
  }
  if (offset + length > source.size) {
    throw new ImagewrightError(ErrorCode.TRUNCATED, {
      params: { need: offset + length, have: source.size },
      offset,
      path: source.name,
    });
  }
}

/** Reads a range of any size as a sequence of bounded chunks, calling `onChunk` in order. */
export async function readChunked(
  source: ByteSource,
  offset: number,
  length: number,
  chunkSize: number,
  onChunk: (bytes: Uint8Array, position: number) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const step = Math.min(chunkSize, MAX_SINGLE_READ);
  for (let done = 0; done < length; done += step) {
    throwIfAborted(signal);
    const n = Math.min(step, length - done);
    await onChunk(await source.read(offset + done, n, signal), offset + done);
  }
}
