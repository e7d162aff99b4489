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
 * Chunks of all blobs form ONE ordered stream over the encoder (pool/ordered's idea), so many small files keep
 * every worker busy while the file is still written strictly in order.
 */
import { ErrorCode, ImagewrightError, throwIfAborted } from '../../../shared/errors';
import { RESHDR_FLAG_COMPRESSED, type Reshdr } from '../reshdr';
import type { CompressionName } from '../wim-info';
import type { BlobInput, WrittenBlob } from './blob-input';
import { rechunk } from './blob-input';
import type { BlobWriteContext, EncodedChunkResult } from './chunk-encoder';
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

type Job =
  | { kind: 'whole'; blob: number }
  | { kind: 'chunk'; blob: number; index: number; count: number; input: Uint8Array; hasher: Sha1Hasher; size: number };

type Done = { job: Job; result?: EncodedChunkResult };

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

  async function* jobs(): AsyncGenerator<Job> {
    for (let b = 0; b < blobs.length; b++) {
      const blob = blobs[b]!;
      if (compression === 'none' || canCopyStored(blob, options) || blob.size === 0) {
        yield { kind: 'whole', blob: b };
        continue;
      }
      const hasher = ctx.newSha1();
      const count = Math.ceil(blob.size / chunkSize);
      let index = 0;
      for await (const input of rechunk(blob.read(signal), chunkSize)) {
        hasher.update(input);
        yield { kind: 'chunk', blob: b, index, count, input, hasher, size: input.length };
        index++;
      }
      if (index !== count) throw sizeChanged(blob, index * chunkSize);
    }
  }

  const encode = async (job: Job): Promise<Done> => {
    if (job.kind === 'whole' || compression === 'none') return { job };
    return { job, result: await ctx.encoder.encode({ compression, input: job.input, chunkSize }, signal) };
  };

  let start = 0;
  let tableSize = 0;
  let entrySize = 4;
  let sizes: number[] = [];
  let anyCompressed = false;
  for await (const { job, result } of inOrder(jobs(), Math.max(1, ctx.encoder.concurrency), encode)) {
    throwIfAborted(signal);
    const blob = blobs[job.blob]!;
    if (job.kind === 'whole') {
      results[job.blob] = await writeWhole(out, blob, options, ctx, signal, onBytes);
      continue;
    }
    if (job.index === 0) {
      start = out.position;
      entrySize = blob.size > 0xffffffff ? 8 : 4;
      tableSize = (job.count - 1) * entrySize;
      out.position += tableSize;
      sizes = [];
      anyCompressed = false;
    }
    await out.append(result!.bytes, signal);
    sizes.push(result!.bytes.length);
    anyCompressed ||= result!.compressed;
    onBytes?.(job.size);
    if (job.index !== job.count - 1) continue;
    const hash = job.hasher.hexDigest();
    if (blob.hash !== undefined && blob.hash !== hash) throw sizeChanged(blob, blob.size, `its SHA-1 is now ${hash}, not ${blob.hash}`);
    blob.onHashed?.(hash);
    const stored = out.position - start;
    if (!anyCompressed && job.count === 1) {
      results[job.blob] = { hash, size: blob.size, reshdr: { offset: start, sizeInWim: blob.size, uncompressedSize: blob.size, flags: options.flags } };
    } else if (stored >= blob.size) {
      // Not smaller: store it uncompressed instead (the bytes are read again).
      out.position = start;
      const again = await writeWhole(out, { ...blob, hash }, { ...options, compression: 'none' }, ctx, signal);
      results[job.blob] = again;
    } else {
      const table = new Uint8Array(tableSize);
      let offset = 0;
      for (let i = 0; i < sizes.length - 1; i++) {
        offset += sizes[i]!;
        if (entrySize === 4) putU32(table, i * 4, offset);
        else putU64(table, i * 8, offset);
      }
      await out.writeAt(start, table, signal);
      results[job.blob] = {
        hash,
        size: blob.size,
        reshdr: { offset: start, sizeInWim: stored, uncompressedSize: blob.size, flags: options.flags | RESHDR_FLAG_COMPRESSED },
      };
    }
  }
  return results;
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
