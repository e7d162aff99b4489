/**
 * BlobInput: one unique blob to store, wherever its bytes come from (a captured file, a blob of another WIM,
 * a metadata resource built in memory). No on-disk layout here; resource.ts and solid.ts store it.
 */
import type { CompressionName } from '../wim-info';

export interface StoredCopy {
  /** Codec and chunk size the stored bytes use; a copy is only made into a resource with the same ones. */
  compression: CompressionName;
  chunkSize: number;
  sizeInWim: number;
  /** RESHDR_FLAG_COMPRESSED when the stored bytes are a chunk table + chunks, else 0. */
  flags: number;
  /** The stored bytes, in order. */
  pieces(signal?: AbortSignal): AsyncIterable<Uint8Array>;
}

export interface BlobInput {
  size: number;
  /** Where it comes from, for messages (a captured file's path). */
  path?: string;
  /** SHA-1 when known beforehand (from a blob table, or hashed first to find duplicates). */
  hash?: string;
  /** The uncompressed bytes in order; may be called again (a resource that did not shrink is rewritten raw). */
  read(signal?: AbortSignal): AsyncIterable<Uint8Array>;
  /** Stored bytes that may be copied verbatim (export, optimize, split, join without recompression). */
  stored?: StoredCopy;
  /** Told the SHA-1 once the blob is written (captured files are hashed while they are compressed). */
  onHashed?(hash: string): void;
}

export interface WrittenBlob {
  hash: string;
  size: number;
}
