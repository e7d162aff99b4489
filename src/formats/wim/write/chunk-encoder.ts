/**
 * What the resource writers need from their surroundings (the mirror of ../chunk-decoder.ts): something that
 * compresses chunks — in-process through the codec registry, or over the WorkerPool — and a SHA-1 factory.
 * No on-disk layout here.
 *
 * The unit of work is a BATCH: consecutive chunks laid end to end in one buffer (chunks of several small blobs,
 * or many chunks of one large blob). One task per 32 KiB chunk cost a message round trip per 0.3 ms of XPRESS
 * work and left the workers idle half the time; a batch of ~1 MiB costs one.
 */
import type { Sha1Hasher } from '../chunk-decoder';
import type { CompressionName } from '../wim-info';

export interface ChunkBatchToEncode {
  compression: Exclude<CompressionName, 'none'>;
  /** The uncompressed chunks end to end. Owned by the encoder from now on: it may be transferred (detached). */
  input: Uint8Array;
  /** Length of each chunk in `input`, in order (each ≤ chunkSize; their sum is input.length). */
  lengths: readonly number[];
  /** Chunk size of the resource(s) (a blob's last chunk may be shorter). */
  chunkSize: number;
}

export interface EncodedBatch {
  /** Every chunk as it is to be stored, end to end: compressed, or raw when compression did not make it smaller. */
  bytes: Uint8Array;
  /** Stored size of each chunk; equal to the chunk's length when it is stored raw. */
  sizes: readonly number[];
}

export interface ChunkEncoder {
  /** Batches worth keeping in flight. */
  readonly concurrency: number;
  /** Batches encoded at the same time (the pool's workers; 1 in-process). */
  readonly parallelism: number;
  /** Uncompressed bytes per batch that keep the encoder efficient (writers fill batches with whole chunks). */
  readonly batchBytes: number;
  encodeBatch(batch: ChunkBatchToEncode, signal?: AbortSignal): Promise<EncodedBatch>;
}

export interface BlobWriteContext {
  encoder: ChunkEncoder;
  newSha1(): Sha1Hasher;
}
