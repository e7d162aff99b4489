/**
 * Chunk ranges of a resource: one read of chunks first..last (their stored bytes back to back; pipable WIMs put
 * a u32 size before every chunk, checked here) described as an EncodedBatch for a ChunkDecoder, and the error
 * context (file, blob) added to what a decoder throws. Source: docs/wim-format.md §4–§5 and §10.
 */
import { MAX_SINGLE_READ, type ByteSource } from '../../io/byte-source';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import type { BatchChunk, EncodedBatch } from './chunk-decoder';
import { u32At } from './fields';
import { chunkAt, type ChunkLayout } from './resource';
import type { BlobHome } from './wim-set';

/** Reads `length` bytes at `offset`, in several reads when longer than one read may be. */
export async function readRange(source: ByteSource, offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
  if (length <= MAX_SINGLE_READ) return source.read(offset, length, signal);
  const out = new Uint8Array(length);
  for (let done = 0; done < length; done += MAX_SINGLE_READ) {
    out.set(await source.read(offset + done, Math.min(MAX_SINGLE_READ, length - done), signal), done);
  }
  return out;
}

/** Names the file and the blob in a decoding error (workers know neither). */
export function inBlob(error: unknown, home: BlobHome): unknown {
  if (!(error instanceof ImagewrightError) || error.path !== undefined) return error;
  return new ImagewrightError(error.code, {
    params: error.params,
    ...(error.offset === undefined ? {} : { offset: error.offset }),
    path: home.part.source.name,
    detail: `${error.detail ?? error.message} (blob ${home.blob.hash})`,
    cause: error,
  });
}

/** Reads chunks first..last of a resource in one read: the batch to decode. */
export async function readChunkRange(home: BlobHome, layout: ChunkLayout, first: number, last: number, hashOutput: boolean, signal?: AbortSignal): Promise<EncodedBatch> {
  const { source } = home.part;
  const header = layout.chunkHeaderSize ?? 0;
  const start = layout.offsets[first]!;
  const input = await readRange(source, start, layout.offsets[last + 1]! - start, signal);
  const chunks: BatchChunk[] = [];
  let outputSize = 0;
  for (let k = first; k <= last; k++) {
    const { offset, storedSize, uncompressedSize, raw } = chunkAt(layout, k);
    const at = offset - start;
    if (header && u32At(input, at - header) !== storedSize) {
      throw new ImagewrightError(ErrorCode.BAD_PIPABLE_LAYOUT, {
        offset: start + at - header,
        path: source.name,
        detail: `chunk ${k} is prefixed with size ${u32At(input, at - header)} but the chunk table says ${storedSize}`,
      });
    }
    chunks.push({ at, storedSize, uncompressedSize, raw });
    outputSize += uncompressedSize;
  }
  return { compression: layout.compression, chunkSize: layout.chunkSize, fileOffset: start, input, chunks, outputSize, hashOutput };
}

