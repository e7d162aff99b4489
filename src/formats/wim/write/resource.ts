/**
 * Non-solid resources (docs/wim-format.md §4), the mirror of ../resource.ts:
 *
 *   uncompressed:  the blob's bytes as they are (reshdr flags 0)
 *   compressed:    [chunk table: n − 1 entries, 4 bytes each (8 when the blob is above 4 GiB), entry i = offset of
 *                   chunk i + 1 counted from the end of the table][chunk 0][chunk 1]…  (flags COMPRESSED)
 *
 * Every chunk is compressed on its own (header codec and chunk size); a chunk that does not shrink is stored raw.
 * The table is reserved before the chunks and filled in after them. When the whole resource is not smaller than
 * the blob it is rewritten uncompressed, as wimlib does (Windows' WOF driver requires it).
 *
 * Chunks of all blobs form ONE ordered stream of batches over the encoder (pool/ordered's idea): a batch packs
 * ~1 MiB of whole chunks — of one large blob or of many small ones — so every worker stays busy on few messages,
 * while the file is still written strictly in order.
 */
import { ErrorCode, ImagewrightError, throwIfAborted } from '../../../shared/errors';
import { RESHDR_FLAG_COMPRESSED, type Reshdr } from '../reshdr';
import type { CompressionName } from '../wim-info';
import type { BlobInput, WrittenBlob } from './blob-input';
import type { BlobWriteContext, EncodedBatch } from './chunk-encoder';
import { putU32, putU64 } from './fields';
import type { WimOutput } from './output';
import type { Sha1Hasher } from '../chunk-decoder';

export interface ResourceOptions {
  compression: CompressionName;
  chunkSize: number;
  /** Extra reshdr flags (METADATA for metadata resources). */
  flags: number;
}

export interface StoredResource extends WrittenBlob {
  reshdr: Reshdr;
}

/** One blob's run of consecutive chunks inside a batch. */
interface Segment {
  blob: number;
  /** Index of its first chunk in the blob, and how many of the blob's chunks the batch holds. */
  first: number;
  chunks: number;
  /** The blob's chunk count, and whether this segment ends the blob. */
  count: number;
  last: boolean;
  hasher: Sha1Hasher;
}

type Job =
  | { kind: 'whole'; blob: number }
  /** Chunks end to end (one blob's or several blobs'), compressed by one encoder call. */
  | { kind: 'batch'; input: Uint8Array; lengths: number[]; segments: Segment[] };

type Done = { job: Job; result?: EncodedBatch };

/** Ordered map with bounded concurrency (restated from pool/ordered.ts: formats must not import the pool). */
async function* inOrder<I, O>(items: AsyncIterable<I>, depth: number, fn: (item: I) => Promise<O>): AsyncGenerator<O> {
  const inFlight: Promise<O>[] = [];
  try {
    for await (const item of items) {
      const p = fn(item);
      p.catch(() => undefined);
      inFlight.push(p);
      if (inFlight.length >= depth) yield await inFlight.shift()!;
    }
    while (inFlight.length) yield await inFlight.shift()!;
  } finally {
    for (const p of inFlight) p.catch(() => undefined);
  }
}

/** Whether `blob` can be copied verbatim into a resource written with `options`. */
export function canCopyStored(blob: BlobInput, options: ResourceOptions): boolean {
  const s = blob.stored;
  if (!s) return false;
  if (!(s.flags & RESHDR_FLAG_COMPRESSED)) return true; // a plain resource is valid whatever the header codec
  return s.compression === options.compression && s.chunkSize === options.chunkSize;
}

/**
 * Writes each blob as its own resource at the output's append position, in order. `onBytes` reports
 * uncompressed bytes done. Returns one StoredResource per input.
 */
export async function writeResources(
  out: WimOutput,
  blobs: readonly BlobInput[],
  options: ResourceOptions,
  ctx: BlobWriteContext,
  signal?: AbortSignal,
  onBytes?: (n: number) => void,
): Promise<StoredResource[]> {
  const results: StoredResource[] = new Array<StoredResource>(blobs.length);
  const { compression, chunkSize } = options;
  // Whole chunks only: a chunk never straddles two batches.
  const batchBytes = Math.max(1, Math.floor(ctx.encoder.batchBytes / chunkSize)) * chunkSize;

  /** Reads the blobs in order, hashing them and packing their chunks into batches. */
  async function* jobs(): AsyncGenerator<Job> {
    let batch: Uint8Array | undefined;
    let filled = 0;
    let lengths: number[] = [];
    let segments: Segment[] = [];
    const take = (): Job => {
      const job: Job = { kind: 'batch', input: batch!.subarray(0, filled), lengths, segments };
      batch = undefined;
      filled = 0;
      lengths = [];
      segments = [];
      return job;
    };
    for (let b = 0; b < blobs.length; b++) {
      const blob = blobs[b]!;
      if (compression === 'none' || canCopyStored(blob, options) || blob.size === 0) {
        if (filled) yield take();
        yield { kind: 'whole', blob: b };
        continue;
      }
      const hasher = ctx.newSha1();
      const count = Math.ceil(blob.size / chunkSize);
      let segment: Segment | undefined;
      let index = 0;
      let inChunk = 0;
      let done = 0;
      for await (let piece of blob.read(signal)) {
        if (done + piece.length > blob.size) throw sizeChanged(blob, done + piece.length);
        hasher.update(piece);
        while (piece.length) {
          if (inChunk === 0 && filled + Math.min(chunkSize, blob.size - done) > batchBytes) {
            yield take();
            segment = undefined;
          }
          batch ??= new Uint8Array(batchBytes);
          if (!segment) segments.push((segment = { blob: b, first: index, chunks: 0, count, last: false, hasher }));
          const n = Math.min(piece.length, chunkSize - inChunk);
          batch.set(piece.subarray(0, n), filled);
          filled += n;
          inChunk += n;
          done += n;
          piece = piece.subarray(n);
          if (inChunk === chunkSize || done === blob.size) {
            lengths.push(inChunk);
            segment.chunks++;
            index++;
            inChunk = 0;
          }
        }
      }
      if (done !== blob.size) throw sizeChanged(blob, done);
      segment!.last = true;
    }
    if (filled) yield take();
  }

  const encode = async (job: Job): Promise<Done> => {
    if (job.kind === 'whole') return { job };
    const batch = { compression: compression as Exclude<CompressionName, 'none'>, input: job.input, lengths: job.lengths, chunkSize };
    return { job, result: await ctx.encoder.encodeBatch(batch, signal) };
  };

  let start = 0;
  let tableSize = 0;
  let entrySize = 4;
  let sizes: number[] = [];
  let anyCompressed = false;
  for await (const { job, result } of inOrder(jobs(), Math.max(1, ctx.encoder.concurrency), encode)) {
    throwIfAborted(signal);
    if (job.kind === 'whole') {
      results[job.blob] = await writeWhole(out, blobs[job.blob]!, options, ctx, signal, onBytes);
      continue;
    }
    let offset = 0;
    let k = 0;
    for (const segment of job.segments) {
      const blob = blobs[segment.blob]!;
      if (segment.first === 0) {
        entrySize = blob.size > 0xffffffff ? 8 : 4;
        tableSize = (segment.count - 1) * entrySize;
        start = await out.reserve(tableSize, signal);
        sizes = [];
        anyCompressed = false;
      }
      let stored = 0;
      let uncompressed = 0;
      for (let i = 0; i < segment.chunks; i++, k++) {
        const size = result!.sizes[k]!;
        sizes.push(size);
        anyCompressed ||= size < job.lengths[k]!;
        stored += size;
        uncompressed += job.lengths[k]!;
      }
      await out.append(result!.bytes.subarray(offset, offset + stored), signal);
      offset += stored;
      onBytes?.(uncompressed);
      if (segment.last) results[segment.blob] = await finishBlob(blob, segment);
    }
  }
  return results;

  /** The blob's chunks are all appended: its chunk table, or its uncompressed form when that is not larger. */
  async function finishBlob(blob: BlobInput, segment: Segment): Promise<StoredResource> {
    const hash = segment.hasher.hexDigest();
    if (blob.hash !== undefined && blob.hash !== hash) throw sizeChanged(blob, blob.size, `its SHA-1 is now ${hash}, not ${blob.hash}`);
    blob.onHashed?.(hash);
    const stored = out.position - start;
    if (!anyCompressed && segment.count === 1) {
      return { hash, size: blob.size, reshdr: { offset: start, sizeInWim: blob.size, uncompressedSize: blob.size, flags: options.flags } };
    }
    if (stored >= blob.size) {
      // Not smaller: store it uncompressed instead (the bytes are read again).
      out.rewind(start);
      return writeWhole(out, { ...blob, hash }, { ...options, compression: 'none' }, ctx, signal);
    }
    const table = new Uint8Array(tableSize);
    let offset = 0;
    for (let i = 0; i < sizes.length - 1; i++) {
      offset += sizes[i]!;
      if (entrySize === 4) putU32(table, i * 4, offset);
      else putU64(table, i * 8, offset);
    }
    await out.writeAt(start, table, signal);
    return { hash, size: blob.size, reshdr: { offset: start, sizeInWim: stored, uncompressedSize: blob.size, flags: options.flags | RESHDR_FLAG_COMPRESSED } };
  }
}

export function sizeChanged(blob: BlobInput, got: number, detail?: string): ImagewrightError {
  return new ImagewrightError(ErrorCode.SOURCE_CHANGED, {
    ...(blob.path === undefined ? {} : { path: blob.path }),
    detail: detail ?? `${blob.size} bytes were expected, ${got} were read`,
  });
}

/** Writes a blob uncompressed, or copies its stored bytes verbatim. */
async function writeWhole(
  out: WimOutput,
  blob: BlobInput,
  options: ResourceOptions,
  ctx: BlobWriteContext,
  signal?: AbortSignal,
  onBytes?: (n: number) => void,
): Promise<StoredResource> {
  const start = out.position;
  if (blob.stored && blob.hash !== undefined && canCopyStored(blob, options)) {
    for await (const piece of blob.stored.pieces(signal)) await out.append(piece, signal);
    onBytes?.(blob.size);
    const flags = options.flags | (blob.stored.flags & RESHDR_FLAG_COMPRESSED);
    blob.onHashed?.(blob.hash);
    return { hash: blob.hash, size: blob.size, reshdr: { offset: start, sizeInWim: out.position - start, uncompressedSize: blob.size, flags } };
  }
  const hasher = ctx.newSha1();
  let done = 0;
  for await (const piece of blob.read(signal)) {
    hasher.update(piece);
    await out.append(piece, signal);
    done += piece.length;
    onBytes?.(piece.length);
  }
  const hash = hasher.hexDigest();
  if (done !== blob.size) throw sizeChanged(blob, done);
  if (blob.hash !== undefined && blob.hash !== hash) throw sizeChanged(blob, done, `its SHA-1 is now ${hash}, not ${blob.hash}`);
  blob.onHashed?.(hash);
  return { hash, size: blob.size, reshdr: { offset: start, sizeInWim: blob.size, uncompressedSize: blob.size, flags: options.flags } };
}
