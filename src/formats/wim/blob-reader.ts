/**
 * readBlob: the uncompressed bytes of one blob, as an async stream of chunks in order, checked against its SHA-1.
 * Source: docs/wim-format.md §3–§5 and §10 (wimlib src/resource.c `read_compressed_wim_resource`).
 *
 * Where the bytes are, by the blob's location (blob-table.ts):
 *   plain       [offset, offset + size) of the file, stored as is
 *   compressed  a non-solid resource: chunk table then chunks (resource.ts); pipable WIMs put a u32 size before
 *               every chunk and the table at the end (readPipableChunkTable)
 *   solid       bytes [offsetInResource, + size) of a solid resource's uncompressed stream (solid.ts): decoding
 *               starts at the chunk holding the blob's first byte
 *
 * Stored chunks are read in batches of at most BATCH_BYTES (one chunk per read when larger), never a whole
 * resource; decoding goes through the injected ChunkDecoder with at most `concurrency` chunks in flight
 * (in order, like pool/ordered.ts). The last piece is held back until the SHA-1 is checked, so a consumer
 * never sees a complete stream of bad data.
 */
import { MAX_SINGLE_READ, type ByteSource } from '../../io/byte-source';
import { ErrorCode, ImagewrightError, throwIfAborted } from '../../shared/errors';
import type { BlobReadContext } from './chunk-decoder';
import { u32At } from './fields';
import { PWM_MAGIC } from './header';
import { chunkAt, readChunkTable, readPipableChunkTable, type ChunkLayout, type ChunkLocation } from './resource';
import { readSolidChunkTable } from './solid';
import { findBlob, type BlobHome, type WimSet } from './wim-set';

/** Stored bytes read at once: several small chunks per read, bounded memory. */
export const BATCH_BYTES = 8 * 1024 * 1024;
/** Uncompressed bytes per piece of a plain (stored) blob. */
export const PLAIN_PIECE_BYTES = 1024 * 1024;
/** Decoded solid chunks kept for the next blob (blobs sharing a chunk are usually read one after the other). */
const DECODED_CHUNK_CACHE_SIZE = 2;

/** Reads `length` bytes at `offset`, in several reads when longer than one read may be. */
async function readRange(source: ByteSource, offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
  if (length <= MAX_SINGLE_READ) return source.read(offset, length, signal);
  const out = new Uint8Array(length);
  for (let done = 0; done < length; done += MAX_SINGLE_READ) {
    out.set(await source.read(offset + done, Math.min(MAX_SINGLE_READ, length - done), signal), done);
  }
  return out;
}

interface StoredChunk {
  chunk: ChunkLocation;
  bytes: Uint8Array;
}

/** Yields the stored bytes of chunks first..last, reading consecutive chunks together up to BATCH_BYTES. */
async function* readStoredChunks(
  source: ByteSource,
  layout: ChunkLayout,
  first: number,
  last: number,
  signal?: AbortSignal,
): AsyncGenerator<StoredChunk> {
  const header = layout.chunkHeaderSize ?? 0;
  for (let i = first; i <= last; ) {
    throwIfAborted(signal);
    const start = layout.offsets[i]!;
    let j = i;
    while (j < last && layout.offsets[j + 2]! - start <= BATCH_BYTES) j++;
    const bytes = await readRange(source, start, layout.offsets[j + 1]! - start, signal);
    for (let k = i; k <= j; k++) {
      const chunk = chunkAt(layout, k);
      const at = chunk.offset - start;
      if (header && u32At(bytes, at - header) !== chunk.storedSize) {
        throw new ImagewrightError(ErrorCode.BAD_PIPABLE_LAYOUT, {
          offset: chunk.offset - header,
          path: source.name,
          detail: `chunk ${k} is prefixed with size ${u32At(bytes, at - header)} but the chunk table says ${chunk.storedSize}`,
        });
      }
      yield { chunk, bytes: bytes.subarray(at, at + chunk.storedSize) };
    }
    i = j + 1;
  }
}

/**
 * Runs `fn` over `items` with at most `depth` calls in flight and yields results in input order. The same idea as
 * pool/ordered.ts mapOrdered, restated here because formats must not depend on the pool layer.
 */
async function* inOrder<I, O>(items: AsyncIterable<I>, depth: number, fn: (item: I) => Promise<O>): AsyncGenerator<O> {
  const inFlight: Promise<O>[] = [];
  try {
    for await (const item of items) {
      const promise = fn(item);
      promise.catch(() => undefined); // awaited below in order; no unhandled rejection meanwhile
      inFlight.push(promise);
      if (inFlight.length >= depth) yield await inFlight.shift()!;
    }
    while (inFlight.length) yield await inFlight.shift()!;
  } finally {
    for (const p of inFlight) p.catch(() => undefined);
  }
}

/** Decodes chunks first..last of a resource in order, spreading the work over the context's decoder. */
function decodeChunks(
  home: BlobHome,
  layout: ChunkLayout,
  first: number,
  last: number,
  ctx: BlobReadContext,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const { source } = home.part;
  const decodeOne = async ({ chunk, bytes }: StoredChunk): Promise<Uint8Array> => {
    if (chunk.raw) return bytes;
    let decoded: Uint8Array;
    try {
      decoded = await ctx.decoder.decode(
        { compression: layout.compression, input: bytes, uncompressedSize: chunk.uncompressedSize, chunkSize: layout.chunkSize },
        signal,
      );
    } catch (error) {
      if (!(error instanceof ImagewrightError) || error.offset !== undefined) throw error;
      throw new ImagewrightError(error.code, {
        params: error.params,
        offset: chunk.offset,
        path: source.name,
        detail: `${error.detail ?? error.message} (chunk ${chunk.index} of blob ${home.blob.hash})`,
        cause: error,
      });
    }
    if (decoded.length !== chunk.uncompressedSize) {
      throw new ImagewrightError(ErrorCode.CODEC_CORRUPT_DATA, {
        offset: chunk.offset,
        path: source.name,
        detail: `chunk ${chunk.index} of blob ${home.blob.hash} decoded to ${decoded.length} bytes, not ${chunk.uncompressedSize}`,
      });
    }
    return decoded;
  };
  return inOrder(readStoredChunks(source, layout, first, last, signal), Math.max(1, ctx.decoder.concurrency), decodeOne);
}

async function* plainPieces(home: BlobHome, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  if (home.blob.location.kind !== 'plain') return;
  const { offset } = home.blob.location;
  for (let done = 0; done < home.blob.size; done += PLAIN_PIECE_BYTES) {
    yield await home.part.source.read(offset + done, Math.min(PLAIN_PIECE_BYTES, home.blob.size - done), signal);
  }
}

async function* compressedPieces(home: BlobHome, ctx: BlobReadContext, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const { blob, part } = home;
  if (blob.location.kind !== 'compressed') return;
  const reshdr = { offset: blob.location.offset, sizeInWim: blob.location.sizeInWim, uncompressedSize: blob.size, flags: blob.flags };
  const read = part.header.magic === PWM_MAGIC ? readPipableChunkTable : readChunkTable;
  const layout = await read(part.source, reshdr, part.header.compression, part.header.chunkSize, signal);
  yield* decodeChunks(home, layout, 0, layout.chunkCount - 1, ctx, signal);
}

function solidLayoutOf(set: WimSet, home: BlobHome, resource: number, signal?: AbortSignal): Promise<ChunkLayout> {
  const key = `${home.part.fileIndex}/${resource}`;
  let layout = set.cache.solidLayouts.get(key);
  if (!layout) {
    const r = home.part.table.solidResources[resource]!;
    layout = readSolidChunkTable(home.part.source, { offset: r.offset, sizeInWim: r.sizeInWim, uncompressedSize: r.uncompressedSize, flags: home.blob.flags }, signal);
    set.cache.solidLayouts.set(key, layout);
    layout.catch(() => set.cache.solidLayouts.delete(key));
  }
  return layout;
}

function cachedChunk(set: WimSet, key: string): Uint8Array | undefined {
  const list = set.cache.decodedChunks;
  const at = list.findIndex((e) => e.key === key);
  if (at < 0) return undefined;
  const [entry] = list.splice(at, 1);
  list.push(entry!);
  return entry!.bytes;
}

function rememberChunk(set: WimSet, key: string, bytes: Uint8Array): void {
  const list = set.cache.decodedChunks;
  list.push({ key, bytes });
  while (list.length > DECODED_CHUNK_CACHE_SIZE) list.shift();
}

async function* solidPieces(set: WimSet, home: BlobHome, ctx: BlobReadContext, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const { blob } = home;
  if (blob.location.kind !== 'solid') return;
  const { resource, offsetInResource } = blob.location;
  const layout = await solidLayoutOf(set, home, resource, signal);
  const end = offsetInResource + blob.size;
  if (end > layout.uncompressedSize) {
    throw new ImagewrightError(ErrorCode.BAD_SOLID_RESOURCE, {
      offset: layout.offsets[0]!,
      path: home.part.source.name,
      detail: `blob ${blob.hash} ends at ${end}, past the resource's ${layout.uncompressedSize} bytes`,
    });
  }
  const first = Math.floor(offsetInResource / layout.chunkSize);
  const last = Math.floor((end - 1) / layout.chunkSize);
  const keyOf = (i: number): string => `${home.part.fileIndex}/${resource}/${i}`;
  const slice = (i: number, bytes: Uint8Array): Uint8Array => {
    const base = i * layout.chunkSize;
    return bytes.subarray(Math.max(0, offsetInResource - base), Math.min(bytes.length, end - base));
  };
  let next = first;
  for (let cached = cachedChunk(set, keyOf(next)); cached && next <= last; cached = cachedChunk(set, keyOf(next))) {
    yield slice(next, cached);
    next++;
  }
  if (next > last) return;
  let index = next;
  for await (const bytes of decodeChunks(home, layout, next, last, ctx, signal)) {
    // The first and last chunks are the ones neighbouring blobs share; middle chunks belong to this blob only.
    if (index === last || index === first) rememberChunk(set, keyOf(index), bytes);
    yield slice(index, bytes);
    index++;
  }
}

export function blobMissingError(hash: string): ImagewrightError {
  return new ImagewrightError(ErrorCode.BLOB_MISSING, { detail: `blob ${hash} is in no file of the set (a split part or --ref missing?)` });
}

/**
 * Streams the uncompressed bytes of the blob at `home`, checking size and SHA-1. Throws HASH_MISMATCH naming the
 * blob, CODEC_CORRUPT_DATA / BAD_* with the file offset, TRUNCATED for short files.
 */
export async function* readBlobAt(set: WimSet, home: BlobHome, ctx: BlobReadContext, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const { blob } = home;
  const pieces =
    blob.location.kind === 'plain'
      ? plainPieces(home, signal)
      : blob.location.kind === 'compressed'
        ? compressedPieces(home, ctx, signal)
        : solidPieces(set, home, ctx, signal);
  const sha1 = ctx.newSha1();
  let done = 0;
  let held: Uint8Array | undefined;
  for await (const piece of pieces) {
    if (piece.length === 0) continue;
    sha1.update(piece);
    done += piece.length;
    if (held) yield held;
    held = piece;
  }
  if (done !== blob.size) {
    throw new ImagewrightError(ErrorCode.BAD_RESOURCE_HEADER, {
      path: home.part.source.name,
      params: { what: `blob ${blob.hash}` },
      detail: `it produced ${done} bytes, not ${blob.size}`,
    });
  }
  const actual = sha1.hexDigest();
  if (actual !== blob.hash) {
    throw new ImagewrightError(ErrorCode.HASH_MISMATCH, {
      path: home.part.source.name,
      params: { hash: blob.hash },
      detail: `blob ${blob.hash} hashes to ${actual}`,
    });
  }
  if (held) yield held;
}

/** Streams the blob named by `hash` (40 lowercase hex digits); BLOB_MISSING when no file of the set has it. */
export async function* readBlob(set: WimSet, hash: string, ctx: BlobReadContext, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const home = findBlob(set, hash);
  if (!home) throw blobMissingError(hash);
  yield* readBlobAt(set, home, ctx, signal);
}

/** The whole blob in one array: for metadata resources and small streams (reparse data), not file contents. */
export async function readBlobBytes(set: WimSet, home: BlobHome, ctx: BlobReadContext, signal?: AbortSignal): Promise<Uint8Array> {
  const out = new Uint8Array(home.blob.size);
  let at = 0;
  for await (const piece of readBlobAt(set, home, ctx, signal)) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
