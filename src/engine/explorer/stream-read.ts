/**
 * Reading one stream of an entry for previews, the hex view and the PE reader: which blob a (path, stream) names,
 * a byte range of it (formats/wim/blob-range.ts: only the chunks covering the range are decoded, so paging near
 * the end of a large file costs the same as near its start), and a seeking reader for parsers (PE) that keeps a
 * few decoded windows so that neighbouring small reads do not decode the same chunk again. Ranges are not checked
 * against the blob's SHA-1 (that needs the whole stream); extraction, which reads whole streams, checks it.
 */
import { blobMissingError } from '../../formats/wim/blob-reader';
import { readBlobRange } from '../../formats/wim/blob-range';
import type { BlobReadContext } from '../../formats/wim/chunk-decoder';
import type { WimEntry } from '../../formats/wim/metadata';
import type { WimSet } from '../../formats/wim/wim-set';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { blobSize } from './entry-facts';

/** Window of the seeking reader's cache, and how many windows it keeps. */
const WINDOW = 64 * 1024;
const WINDOWS_KEPT = 8;
export interface StreamRef {
  hash: string | undefined;
  size: number;
}

/** The unnamed data stream, or the named stream `stream`, of `entry` at `path`. */
export function streamOf(set: WimSet, entry: WimEntry, path: string, stream?: string): StreamRef {
  if (stream !== undefined && stream !== '') {
    const named = entry.namedStreams.find((s) => s.name === stream) ?? entry.namedStreams.find((s) => s.name.toUpperCase() === stream.toUpperCase());
    if (!named) throw new ImagewrightError(ErrorCode.PATH_NOT_FOUND, { params: { path: `${path}:${stream}` }, path: `${path}:${stream}` });
    return { hash: named.hash, size: blobSize(set, named.hash) };
  }
  if (entry.children) throw new ImagewrightError(ErrorCode.ENTRY_NOT_A_FILE, { params: { path }, path });
  return { hash: entry.dataHash, size: blobSize(set, entry.dataHash) };
}

/** Bytes [offset, offset + length) of the stream, clipped to its size. */
export async function readStreamRange(
  set: WimSet,
  ref: StreamRef,
  ctx: BlobReadContext,
  offset: number,
  length: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (ref.hash === undefined || offset >= ref.size || length <= 0) return new Uint8Array(0);
  const home = set.blobs.get(ref.hash);
  if (!home) throw blobMissingError(ref.hash);
  return readBlobRange(set, home, ctx, offset, length, signal);
}

/** A seeking reader over a stream for parsers: small reads are served from cached 64 KiB windows. */
export function streamRangeReader(
  set: WimSet,
  ref: StreamRef,
  ctx: BlobReadContext,
  signal?: AbortSignal,
): (offset: number, length: number) => Promise<Uint8Array> {
  const windows = new Map<number, Promise<Uint8Array>>();
  const windowAt = (index: number): Promise<Uint8Array> => {
    let window = windows.get(index);
    if (window) windows.delete(index);
    else window = readStreamRange(set, ref, ctx, index * WINDOW, WINDOW, signal);
    windows.set(index, window); // most recently used last
    if (windows.size > WINDOWS_KEPT) windows.delete(windows.keys().next().value!);
    return window;
  };
  return async (offset, length) => {
    const end = Math.min(ref.size, offset + length);
    if (end <= offset) return new Uint8Array(0);
    if (end - offset > WINDOW) return readStreamRange(set, ref, ctx, offset, end - offset, signal);
    const out = new Uint8Array(end - offset);
    for (let index = Math.floor(offset / WINDOW); index * WINDOW < end; index++) {
      const bytes = await windowAt(index);
      const base = index * WINDOW;
      const from = Math.max(offset, base);
      const to = Math.min(end, base + bytes.length);
      out.set(bytes.subarray(from - base, to - base), from - offset);
    }
    return out;
  };
}
