/**
 * What the blob reader needs from its surroundings, as interfaces: something that decodes one independently
 * compressed chunk (in-process through the codec registry, or spread over the WorkerPool by the engine), and a
 * SHA-1 factory (codecs/sha.ts over wasm). Formats code stays realm-agnostic: it never loads wasm or spawns
 * workers itself. No on-disk layout here; chunk layouts are in resource.ts and solid.ts.
 */
import type { CompressionName } from './wim-info';

/** One compressed chunk to decode. `input` may be a view into a larger read buffer: copy before transferring. */
export interface EncodedChunk {
  compression: CompressionName;
  input: Uint8Array;
  /** Bytes the chunk decodes to (the last chunk of a resource is shorter than chunkSize). */
  uncompressedSize: number;
  /** Chunk size of the resource (LZX derives its window from it). */
  chunkSize: number;
}

export interface ChunkDecoder {
  /** How many chunks may be decoding at once (1 in-process; about 2 × workers for a pool). */
  readonly concurrency: number;
  /** Resolves to exactly `uncompressedSize` bytes, or rejects with CODEC_CORRUPT_DATA / CODEC_UNSUPPORTED. */
  decode(chunk: EncodedChunk, signal?: AbortSignal): Promise<Uint8Array>;
}

/** Streaming SHA-1, as codecs/sha.ts Sha1 provides it. */
export interface Sha1Hasher {
  update(data: Uint8Array): unknown;
  hexDigest(): string;
}

/** Everything readBlob needs besides the WIM set. */
export interface BlobReadContext {
  decoder: ChunkDecoder;
  newSha1(): Sha1Hasher;
}
