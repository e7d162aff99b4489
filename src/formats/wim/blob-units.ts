/**
 * Blob units: the uncompressed bytes of one blob as a sequence of units of work, each a description (size, the
 * memory it will pin) and a `start` that reads and decodes it. Source: docs/wim-format.md §3–§5 and §10 (wimlib
 * src/resource.c `read_compressed_wim_resource`).
 *
 *   plain       [offset, offset + size) of the file, stored as is: one unit per PLAIN_PIECE_BYTES read
 *   compressed  a non-solid resource (resource.ts; pipable WIMs put a u32 size before every chunk): consecutive
 *               chunks grouped into batches of at most BATCH_INPUT_BYTES stored and BATCH_OUTPUT_BYTES
 *               decoded; each batch is one read of its own and one decode task (one worker message each way)
 *   solid       bytes [offsetInResource, + size) of a solid resource's uncompressed stream (solid.ts): one unit
 *               per solid chunk the blob touches, a slice of the decoded chunk; a decoded chunk is shared with
 *               the neighbouring blobs through a per-set cache and reference-counted, so its buffer can be
 *               reused once every slice of it was released
 *
 * Callers (blob-reader.ts readBlobAt, the extraction pipeline) start units in order, possibly several ahead of
 * what they consume (shared/read-ahead.ts); a unit must be started before the next one is pulled. Started
 * promises that reject are marked handled here: the error reaches the caller when it awaits that unit.
 */
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import type { BlobReadContext, DecodedBatch, EncodedBatch } from './chunk-decoder';
import { PWM_MAGIC } from './header';
import { readChunkTable, readPipableChunkTable, type ChunkLayout } from './resource';
import { readSolidChunkTable } from './solid';
import { heldSolidUnits } from './held-solid';
import { inBlob, readChunkRange } from './chunk-range';
import type { BlobHome, WimSet } from './wim-set';

/**
 * Stored bytes per batch. As large as the decoded limit, so that a blob that decodes to at most
 * BATCH_OUTPUT_BYTES is one batch however well it compressed (a 3 MB DLL stores ≈ 1.2 MB): its worker then hashes
 * it too. (It was 1 MiB: every mid-size executable became two batches, hashed on the main thread.)
 */
export const BATCH_INPUT_BYTES = 4 * 1024 * 1024;
/** Decoded bytes per batch: most files of a Windows image fit one batch, so a worker can hash them too. */
export const BATCH_OUTPUT_BYTES = 4 * 1024 * 1024;
/** Uncompressed bytes per unit of a plain (stored) blob. */
export const PLAIN_PIECE_BYTES = 4 * 1024 * 1024;
/**
 * Decoded solid chunks kept for the next blob: blobs come in storage order, so only the latest chunk can be
 * where the next blob starts. Keeping one lets the chunk before it go back to the decoder as soon as its last
 * slice is written, so two chunk buffers alternate (one written, one decoding).
 */
const SOLID_CHUNK_CACHE_SIZE = 1;

export interface BlobUnit {
  /** Bytes this unit yields. */
  size: number;
  /** Decoded bytes starting it pins in memory (0 when it reuses a decoded solid chunk). */
  weight: number;
  /** A batch of a non-solid compressed resource: it honours `descriptor` in start. */
  direct: boolean;
  /**
   * Reads and decodes; call once, in order. With `descriptor` (resolving to a descriptor of a target file of this
   * process that holds the blob from position 0, or undefined), a decoder that writes directly puts the bytes
   * there itself and the result says `written`; the read does not wait for it.
   */
  start(descriptor?: Promise<number | undefined>): Promise<DecodedBatch>;
}

export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Decodes a batch chunk by chunk through ChunkDecoder.decode, for decoders without decodeBatch. */
async function decodeBatchByChunks(ctx: BlobReadContext, batch: EncodedBatch, signal?: AbortSignal): Promise<DecodedBatch> {
  const out = new Uint8Array(batch.outputSize);
  let at = 0;
  for (const chunk of batch.chunks) {
    const stored = batch.input.subarray(chunk.at, chunk.at + chunk.storedSize);
    const decoded = chunk.raw
      ? stored
      : await ctx.decoder
          .decode({ compression: batch.compression, input: stored, uncompressedSize: chunk.uncompressedSize, chunkSize: batch.chunkSize }, signal)
          .catch((error: unknown) => Promise.reject(atChunk(error, batch.fileOffset + chunk.at)));
    if (decoded.length !== chunk.uncompressedSize) {
      throw new ImagewrightError(ErrorCode.CODEC_CORRUPT_DATA, {
        offset: batch.fileOffset + chunk.at,
        detail: `a chunk decoded to ${decoded.length} bytes, not ${chunk.uncompressedSize}`,
      });
    }
    out.set(decoded, at);
    at += decoded.length;
  }
  return { bytes: out };
}

function atChunk(error: unknown, offset: number): unknown {
  if (!(error instanceof ImagewrightError) || error.offset !== undefined) return error;
  return new ImagewrightError(error.code, { params: error.params, offset, ...(error.detail === undefined ? {} : { detail: error.detail }), cause: error });
}

/** Reads chunks first..last of a resource in one read and decodes them as one batch. */
async function decodeChunkRange(
  home: BlobHome,
  layout: ChunkLayout,
  first: number,
  last: number,
  hashOutput: boolean,
  ctx: BlobReadContext,
  signal?: AbortSignal,
  descriptor?: Promise<number | undefined>,
): Promise<DecodedBatch> {
  const batch = await readChunkRange(home, layout, first, last, hashOutput, signal);
  const { outputSize } = batch;
  const start = batch.fileOffset;
  const target = descriptor && ctx.decoder.writesDirectly ? await descriptor : undefined;
  if (target !== undefined) batch.writeTo = { descriptor: target, position: first * layout.chunkSize };
  try {
    const decoded = ctx.decoder.decodeBatch ? await ctx.decoder.decodeBatch(batch, signal) : await decodeBatchByChunks(ctx, batch, signal);
    if (decoded.bytes.length !== outputSize) {
      throw new ImagewrightError(ErrorCode.CODEC_CORRUPT_DATA, { offset: start, detail: `chunks ${first}–${last} decoded to ${decoded.bytes.length} bytes, not ${outputSize}` });
    }
    return decoded;
  } catch (error) {
    throw inBlob(error, home);
  }
}

async function* plainUnits(home: BlobHome, signal?: AbortSignal): AsyncGenerator<BlobUnit> {
  if (home.blob.location.kind !== 'plain') return;
  const { offset } = home.blob.location;
  for (let done = 0; done < home.blob.size; done += PLAIN_PIECE_BYTES) {
    const size = Math.min(PLAIN_PIECE_BYTES, home.blob.size - done);
    const at = offset + done;
    yield { size, weight: size, direct: false, start: () => handled(home.part.source.read(at, size, signal).then((bytes) => ({ bytes }))) };
  }
}

async function* compressedUnits(home: BlobHome, ctx: BlobReadContext, signal?: AbortSignal): AsyncGenerator<BlobUnit> {
  const { blob, part } = home;
  if (blob.location.kind !== 'compressed') return;
  const reshdr = { offset: blob.location.offset, sizeInWim: blob.location.sizeInWim, uncompressedSize: blob.size, flags: blob.flags };
  const read = part.header.magic === PWM_MAGIC ? readPipableChunkTable : readChunkTable;
  const layout = await read(part.source, reshdr, part.header.compression, part.header.chunkSize, signal);
  const { offsets, chunkCount, chunkSize } = layout;
  const sizeOf = (k: number): number => Math.min(chunkSize, layout.uncompressedSize - k * chunkSize);
  for (let first = 0; first < chunkCount; ) {
    let last = first;
    let size = sizeOf(first);
    while (last + 1 < chunkCount && offsets[last + 2]! - offsets[first]! <= BATCH_INPUT_BYTES && size + sizeOf(last + 1) <= BATCH_OUTPUT_BYTES) {
      last++;
      size += sizeOf(last);
    }
    const [from, to] = [first, last];
    const whole = from === 0 && to === chunkCount - 1;
    yield { size, weight: size, direct: true, start: (descriptor) => handled(decodeChunkRange(home, layout, from, to, whole, ctx, signal, descriptor)) };
    first = last + 1;
  }
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

/**
 * A decoded solid chunk shared by the slices of every blob in it. Its buffer goes back to the decoder (release)
 * once it left the cache and every slice that was handed out has been released by its consumer.
 */
interface SharedChunk {
  key: string;
  decoded: Promise<DecodedBatch>;
  users: number;
  cached: boolean;
}

function releaseIfUnused(chunk: SharedChunk): void {
  if (chunk.cached || chunk.users > 0) return;
  chunk.decoded.then((d) => d.release?.(), () => undefined);
}

function cachedChunk(set: WimSet, key: string): SharedChunk | undefined {
  return set.cache.decodedChunks.find((e) => e.key === key);
}

/** Caches `chunk` as the one the next blob most likely starts in; the chunk it replaces is released when unused. */
function rememberChunk(set: WimSet, chunk: SharedChunk): void {
  const list = set.cache.decodedChunks;
  list.push(chunk);
  while (list.length > SOLID_CHUNK_CACHE_SIZE) {
    const old = list.shift()!;
    old.cached = false;
    releaseIfUnused(old);
  }
  chunk.decoded.catch(() => {
    const at = list.indexOf(chunk);
    if (at >= 0) list.splice(at, 1);
  });
}

async function* solidUnits(set: WimSet, home: BlobHome, ctx: BlobReadContext, signal: AbortSignal | undefined, hold: boolean): AsyncGenerator<BlobUnit> {
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
  if (hold && ctx.decoder.holdChunk && layout.compression !== 'none') {
    yield* heldSolidUnits(set, home, layout, resource, offsetInResource, ctx, signal);
    return;
  }
  const first = Math.floor(offsetInResource / layout.chunkSize);
  const last = Math.floor((end - 1) / layout.chunkSize);
  for (let i = first; i <= last; i++) {
    const key = `${home.part.fileIndex}/${resource}/${i}`;
    const base = i * layout.chunkSize;
    const from = Math.max(0, offsetInResource - base);
    const to = Math.min(layout.chunkSize, end - base);
    const chunkBytes = Math.min(layout.chunkSize, layout.uncompressedSize - base);
    yield {
      size: to - from,
      weight: cachedChunk(set, key) ? 0 : chunkBytes,
      direct: false,
      start: () => {
        let chunk = cachedChunk(set, key);
        if (!chunk) {
          chunk = { key, decoded: handled(decodeChunkRange(home, layout, i, i, false, ctx, signal)), users: 0, cached: true };
          rememberChunk(set, chunk);
        }
        const shared = chunk;
        shared.users++;
        let released = false;
        const release = (): void => {
          if (released) return;
          released = true;
          shared.users--;
          releaseIfUnused(shared);
        };
        return handled(shared.decoded.then((d) => ({ bytes: d.bytes.subarray(from, to), release })));
      },
    };
  }
}

/** The units of the blob at `home`, in order. */
/**
 * `holdSolid`: read solid chunks held on the decoder's workers (held-solid.ts), when it can hold them. Only for a
 * caller that calls releaseHeldChunks(set) when it is done: held chunks occupy the pool's workers until then.
 */
export function blobUnits(set: WimSet, home: BlobHome, ctx: BlobReadContext, signal?: AbortSignal, options: { holdSolid?: boolean } = {}): AsyncGenerator<BlobUnit> {
  const { kind } = home.blob.location;
  return kind === 'plain' ? plainUnits(home, signal) : kind === 'compressed' ? compressedUnits(home, ctx, signal) : solidUnits(set, home, ctx, signal, options.holdSolid === true);
}
