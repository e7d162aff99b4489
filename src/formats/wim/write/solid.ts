/**
 * Solid resources (docs/wim-format.md §5), the mirror of ../solid.ts:
 *
 *   +0x00 u64  total uncompressed size      +0x08 u32 chunk size      +0x0C u32 codec (1 XPRESS, 2 LZX, 3 LZMS)
 *   +0x10 u32 × n  compressed size of every chunk (chunk 0 included); then the chunks (raw when csize = usize)
 *
 * Blobs are laid end to end in the resource's uncompressed stream and chunked across their boundaries. The header
 * is reserved first (n is known from the blobs' sizes) and filled in at the end. The blob-table entries are made
 * by blob-table.ts: one resource entry followed by its blobs, offsets relative to this resource.
 */
import { throwIfAborted } from '../../../shared/errors';
import type { Sha1Hasher } from '../chunk-decoder';
import { RESHDR_FLAG_SOLID, SOLID_RESOURCE_MAGIC_NUMBER, type Reshdr } from '../reshdr';
import type { CompressionName } from '../wim-info';
import type { BlobInput, WrittenBlob } from './blob-input';
import type { BlobWriteContext } from './chunk-encoder';
import { putU32, putU64 } from './fields';
import type { WimOutput } from './output';
import { sizeChanged } from './resource';

export const SOLID_CODEC_NUMBER: Record<Exclude<CompressionName, 'none'>, number> = { XPRESS: 1, LZX: 2, LZMS: 3 };

export interface SolidBlob extends WrittenBlob {
  offsetInResource: number;
}

export interface SolidResourceWritten {
  /** The resource entry's reshdr (uncompressed size = SOLID_RESOURCE_MAGIC_NUMBER). */
  reshdr: Reshdr;
  uncompressedSize: number;
  blobs: SolidBlob[];
}

/** Writes `blobs` as one solid resource at the append position. */
export async function writeSolidResource(
  out: WimOutput,
  blobs: readonly BlobInput[],
  compression: Exclude<CompressionName, 'none'>,
  chunkSize: number,
  ctx: BlobWriteContext,
  signal?: AbortSignal,
  onBytes?: (n: number) => void,
): Promise<SolidResourceWritten> {
  const total = blobs.reduce((n, b) => n + b.size, 0);
  const count = Math.ceil(total / chunkSize);
  const start = out.position;
  const headerSize = 16 + 4 * count;
  await out.reserve(headerSize, signal);
  const placed: SolidBlob[] = [];
  const hashers: Sha1Hasher[] = [];

  // Small chunks (solid XPRESS/LZX) travel several to a batch; a 64 MiB LZMS chunk is a batch of its own.
  const perBatch = Math.max(1, Math.floor(ctx.encoder.batchBytes / chunkSize));

  /** The blobs end to end, hashed, cut into batches of whole chunks (only the very last chunk is short). */
  async function* batches(): AsyncGenerator<Uint8Array> {
    let offset = 0;
    const next = (): Uint8Array => new Uint8Array(Math.min(perBatch * chunkSize, total - offset));
    let buffer = next();
    let filled = 0;
    for (const blob of blobs) {
      const hasher = ctx.newSha1();
      hashers.push(hasher);
      let done = 0;
      for await (let piece of blob.read(signal)) {
        if (done + piece.length > blob.size) throw sizeChanged(blob, done + piece.length);
        hasher.update(piece);
        done += piece.length;
        while (piece.length) {
          const n = Math.min(piece.length, buffer.length - filled);
          buffer.set(piece.subarray(0, n), filled);
          filled += n;
          piece = piece.subarray(n);
          if (filled === buffer.length) {
            yield buffer;
            offset += filled;
            buffer = next();
            filled = 0;
          }
        }
      }
      if (done !== blob.size) throw sizeChanged(blob, done);
    }
  }

  const lengthsOf = (length: number): number[] => Array.from({ length: Math.ceil(length / chunkSize) }, (_, i) => Math.min(chunkSize, length - i * chunkSize));
  const sizes: number[] = [];
  const big = chunkSize > ctx.encoder.batchBytes;
  // Chunks bigger than a batch (64 MiB for LZMS, besides the worker's 529 MiB) are compressed at most one per
  // worker; a worker that finishes gets the next chunk at once even when an earlier chunk is still running (LZMS
  // chunks of different data take 20–60 s: in-order dispatch left a worker idle behind a slow one). Finished
  // chunks wait for their turn to be written holding only their compressed bytes; at most `outstanding` chunks
  // are begun and not yet written, which bounds that memory.
  const running = Math.max(1, big ? ctx.encoder.parallelism : ctx.encoder.concurrency);
  const outstanding = big ? 2 * running : running;
  type Encoded = { length: number; sizes: readonly number[]; bytes: Uint8Array };
  const queue: { result?: { ok: true; value: Encoded } | { ok: false; error: unknown } }[] = [];
  let busy = 0;
  let wake: (() => void) | undefined;
  const changed = (): Promise<void> => new Promise<void>((resolve) => (wake = resolve));
  /** Writes the finished chunks at the head of the queue, in order. */
  const writeReady = async (): Promise<void> => {
    while (queue[0]?.result) {
      const result = queue.shift()!.result!;
      if (!result.ok) throw result.error;
      throwIfAborted(signal);
      await out.append(result.value.bytes, signal);
      sizes.push(...result.value.sizes);
      onBytes?.(result.value.length);
    }
  };
  try {
    for await (const input of batches()) {
      for (;;) {
        await writeReady();
        if (busy < running && queue.length < outstanding) break;
        await changed();
      }
      const length = input.length;
      const entry: (typeof queue)[number] = {};
      queue.push(entry);
      busy++;
      ctx.encoder.encodeBatch({ compression, input, lengths: lengthsOf(length), chunkSize }, signal).then(
        // A big chunk's bytes are a view into its 64 MiB input buffer: copied out so the buffer can go.
        (r) => (entry.result = { ok: true, value: { length, sizes: r.sizes, bytes: big ? r.bytes.slice() : r.bytes } }),
        (error: unknown) => (entry.result = { ok: false, error }),
      ).finally(() => {
        busy--;
        wake?.();
      });
    }
    while (queue.length) {
      await writeReady();
      if (queue.length) await changed();
    }
  } finally {
    // Tasks still running after a failure settle into entries nobody reads.
    queue.length = 0;
  }

  let offset = 0;
  blobs.forEach((blob, i) => {
    const hash = hashers[i]!.hexDigest();
    if (blob.hash !== undefined && blob.hash !== hash) throw sizeChanged(blob, blob.size, `its SHA-1 is now ${hash}, not ${blob.hash}`);
    blob.onHashed?.(hash);
    placed.push({ hash, size: blob.size, offsetInResource: offset });
    offset += blob.size;
  });
  const header = new Uint8Array(headerSize);
  putU64(header, 0, total);
  putU32(header, 8, chunkSize);
  putU32(header, 12, SOLID_CODEC_NUMBER[compression]);
  sizes.forEach((size, i) => putU32(header, 16 + 4 * i, size));
  await out.writeAt(start, header, signal);
  return {
    reshdr: { offset: start, sizeInWim: out.position - start, uncompressedSize: SOLID_RESOURCE_MAGIC_NUMBER, flags: RESHDR_FLAG_SOLID },
    uncompressedSize: total,
    blobs: placed,
  };
}
