/**
 * Reading one stream of an entry for previews, the hex view and the PE reader: which blob a (path, stream) names,
 * a byte range of it, and a range reader for parsers that seek (PE). Ranges are taken while the blob streams
 * by, and reading stops once the range is complete: bytes before the end of a blob reach the caller before its
 * SHA-1 is checked (a full read — extraction — still checks it). Memory stays bounded: a range is ≤ 1 MiB, and a
 * seeking parser buffers the whole stream only when it is at most WHOLE_STREAM_LIMIT bytes.
 */
import { readBlob } from '../../formats/wim/blob-reader';
import type { BlobReadContext } from '../../formats/wim/chunk-decoder';
import type { WimEntry } from '../../formats/wim/metadata';
import type { WimSet } from '../../formats/wim/wim-set';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { blobSize } from './entry-facts';

/** Streams up to this size are decoded once and served from memory to seeking parsers. */
export const WHOLE_STREAM_LIMIT = 64 * 1024 * 1024;

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
  const start = Math.min(offset, ref.size);
  const end = Math.min(ref.size, offset + length);
  const out = new Uint8Array(Math.max(0, end - start));
  if (out.length === 0 || ref.hash === undefined) return out;
  let at = 0;
  for await (const piece of readBlob(set, ref.hash, ctx, signal)) {
    const pieceEnd = at + piece.length;
    if (pieceEnd > start) {
      const from = Math.max(start, at);
      const to = Math.min(end, pieceEnd);
      out.set(piece.subarray(from - at, to - at), from - start);
    }
    at = pieceEnd;
    if (at >= end) break;
  }
  return out;
}

/** A seeking reader over a stream: whole-stream buffered when small, else one streamed pass per read. */
export function streamRangeReader(
  set: WimSet,
  ref: StreamRef,
  ctx: BlobReadContext,
  signal?: AbortSignal,
): (offset: number, length: number) => Promise<Uint8Array> {
  let whole: Promise<Uint8Array> | undefined;
  return async (offset, length) => {
    if (ref.size <= WHOLE_STREAM_LIMIT) {
      whole ??= readStreamRange(set, ref, ctx, 0, ref.size, signal);
      const bytes = await whole;
      return bytes.subarray(Math.min(offset, bytes.length), Math.min(bytes.length, offset + length));
    }
    return readStreamRange(set, ref, ctx, offset, length, signal);
  };
}
