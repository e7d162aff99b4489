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

/** One chunk of a batch: where its stored bytes are in the batch input. */
export interface BatchChunk {
  /** Offset of the stored bytes in `EncodedBatch.input`. */
  at: number;
  storedSize: number;
  uncompressedSize: number;
  /** Stored as is: copied, not decoded. */
  raw: boolean;
}

/**
 * Consecutive chunks of one resource decoded as one task: one read, one message each way, one output buffer.
 * `input` belongs to the batch (read for it alone), so a decoder may transfer its buffer to a worker.
 */
export interface EncodedBatch {
  compression: CompressionName;
  chunkSize: number;
  /** File offset of input[0], so errors can name the chunk's place in the file. */
  fileOffset: number;
  input: Uint8Array;
  chunks: BatchChunk[];
  /** Sum of the chunks' uncompressed sizes. */
  outputSize: number;
  /** The batch holds a whole blob: the decoder may return the SHA-1 of its output (hashing off this thread). */
  hashOutput: boolean;
  /**
   * Where a decoder that `writesDirectly` puts the decoded bytes itself, in the thread that decoded them, while
   * they are still in that core's cache: a descriptor of this process's open target file and the position of
   * output[0] in it. The decoded batch then says `written`.
   */
  writeTo?: DirectWrite;
}

/** A target file position that decode workers of this process may write to (Node: an fs descriptor). */
export interface DirectWrite {
  descriptor: number;
  position: number;
}

export interface DecodedBatch {
  bytes: Uint8Array;
  /** Lowercase hex SHA-1 of `bytes`, when asked for and the decoder computed it. */
  sha1?: string;
  /** The decoder already wrote `bytes` to the batch's `writeTo` (the caller only checks and releases them). */
  written?: boolean;
  /**
   * Hands the buffer back to the decoder for reuse; call at most once, when nothing reads `bytes` any more.
   * Optional to call: an unreleased buffer is simply garbage collected.
   */
  release?(): void;
}

export interface ChunkDecoder {
  /** How many chunks (or batches) may be decoding at once (1 in-process; about 2 × workers for a pool). */
  readonly concurrency: number;
  /** Resolves to exactly `uncompressedSize` bytes, or rejects with CODEC_CORRUPT_DATA / CODEC_UNSUPPORTED. */
  decode(chunk: EncodedChunk, signal?: AbortSignal): Promise<Uint8Array>;
  /**
   * Decodes a batch into one buffer of `outputSize` bytes, chunks in order. Optional: without it the blob reader
   * decodes the batch chunk by chunk through `decode`. Errors carry the failing chunk's file offset.
   */
  decodeBatch?(batch: EncodedBatch, signal?: AbortSignal): Promise<DecodedBatch>;
  /**
   * decodeBatch honours `writeTo`. Such a task is never abandoned on abort (the promise settles only once the
   * worker is done with the file), so its caller may close the descriptor as soon as its batches settled.
   */
  readonly writesDirectly?: boolean;
  /**
   * Decodes a batch (one solid chunk) and keeps the result where it was decoded (a worker's wasm memory), to be
   * read in slices: the reader then pins only the slices in flight, not a second copy of a 64 MiB chunk, and
   * several chunks can decode at once within the memory budget. Optional; `holders` says how many chunks may be
   * held at once (holdChunk waits for a free holder; holders go to calls in call order, so pass the batch's read
   * as a promise and call in the order the chunks will be consumed).
   */
  holdChunk?(batch: EncodedBatch | Promise<EncodedBatch>, signal?: AbortSignal): Promise<HeldChunk>;
  readonly holders?: number;
}

/** A decoded chunk kept by the decoder: read slices of it in any order, then release it (once). */
export interface HeldChunk {
  readonly size: number;
  read(from: number, to: number, signal?: AbortSignal): Promise<DecodedBatch>;
  release(): void;
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
