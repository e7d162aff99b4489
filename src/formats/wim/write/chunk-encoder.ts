/**
 * What the resource writers need from their surroundings (the mirror of ../chunk-decoder.ts): something that
 * compresses one chunk — in-process through the codec registry, or over the WorkerPool — and a SHA-1 factory.
 * No on-disk layout here.
 */
import type { Sha1Hasher } from '../chunk-decoder';
import type { CompressionName } from '../wim-info';

export interface ChunkToEncode {
  compression: Exclude<CompressionName, 'none'>;
  /** The uncompressed chunk. Owned by the encoder from now on: it may be transferred (detached). */
  input: Uint8Array;
  /** Chunk size of the resource (the last chunk may be shorter). */
  chunkSize: number;
}

export interface EncodedChunkResult {
  /** Compressed bytes, or the input itself (returned) when compression did not make it smaller. */
  bytes: Uint8Array;
  compressed: boolean;
}

export interface ChunkEncoder {
  readonly concurrency: number;
  encode(chunk: ChunkToEncode, signal?: AbortSignal): Promise<EncodedChunkResult>;
}

export interface BlobWriteContext {
  encoder: ChunkEncoder;
  newSha1(): Sha1Hasher;
}
