/**
 * ChunkEncoders for the WIM writer (formats/wim/write/chunk-encoder.ts), the mirror of chunk-decoding.ts:
 * - inProcessEncoder: the codec registry in this thread (tests, tiny jobs, --threads 1);
 * - poolEncoder: each batch of chunks becomes one EncodeTask on a WorkerPool; the input buffer is transferred
 *   (never copied), compressed IN PLACE by the worker (stored chunks end to end, see
 *   ChunkCompressor.compressInPlace) and transferred back with the stored size of each chunk.
 * The worker side is handleEncodeTask.
 */
import type { CodecRegistry } from '../codecs/registry';
import { Sha1, loadHashModule } from '../codecs/sha';
import type { WasmFlavor, WasmLoader } from '../codecs/wasm-module';
import type { BlobWriteContext, ChunkBatchToEncode, ChunkEncoder } from '../formats/wim/write/chunk-encoder';
import type { WorkerPool } from '../pool/worker-pool';

/**
 * Uncompressed bytes per batch: big enough that a message round trip (tens of µs on each side) is noise next
 * to the compression (~11 ms of XPRESS, ~100 ms of LZX per MiB), small enough that a few batches in flight per
 * worker stay a few MiB. A chunk bigger than this (solid LZMS: 64 MiB) is a batch of its own.
 */
export const ENCODE_BATCH_BYTES = 1 << 20;

function storedBytes(buffer: Uint8Array, sizes: readonly number[]): Uint8Array {
  let n = 0;
  for (const size of sizes) n += size;
  return buffer.subarray(0, n);
}

export function inProcessEncoder(registry: CodecRegistry, level?: number): ChunkEncoder {
  return {
    concurrency: 1,
    parallelism: 1,
    batchBytes: ENCODE_BATCH_BYTES,
    async encodeBatch(batch) {
      const sizes = await registry.compressBatch(batch.compression, batch.input, batch.lengths, batch.chunkSize, level);
      return { bytes: storedBytes(batch.input, sizes), sizes };
    },
  };
}

/** What crosses to a pool worker for one batch of chunks to compress. */
export interface EncodeTask {
  kind: 'encode-chunk';
  compression: ChunkBatchToEncode['compression'];
  /** The chunks end to end; it comes back holding the stored chunks end to end. */
  input: ArrayBuffer;
  lengths: number[];
  chunkSize: number;
  level: number | undefined;
}

export interface EncodeTaskResult {
  bytes: ArrayBuffer;
  sizes: number[];
}

/** A buffer of exactly `bytes` that may be transferred (the view itself when it spans its whole buffer). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
}

/** Two batches per worker in flight (WorkerPool's per-worker depth): one running, the next already there. */
export function poolEncoder(pool: WorkerPool<EncodeTask, EncodeTaskResult>, level?: number, concurrency = pool.size * 2): ChunkEncoder {
  return {
    concurrency,
    parallelism: pool.size,
    batchBytes: ENCODE_BATCH_BYTES,
    async encodeBatch(batch, signal) {
      const input = ownBuffer(batch.input);
      const task: EncodeTask = { kind: 'encode-chunk', compression: batch.compression, input, lengths: [...batch.lengths], chunkSize: batch.chunkSize, level };
      const r = await pool.run(task, [input], signal);
      return { bytes: storedBytes(new Uint8Array(r.bytes), r.sizes), sizes: r.sizes };
    },
  };
}

/** Worker side of poolEncoder: the batch is compressed in its own buffer, which goes back. */
export async function handleEncodeTask(registry: CodecRegistry, task: EncodeTask): Promise<{ result: EncodeTaskResult; transfer: Transferable[] }> {
  const sizes = await registry.compressBatch(task.compression, new Uint8Array(task.input), task.lengths, task.chunkSize, task.level);
  return { result: { bytes: task.input, sizes }, transfer: [task.input] };
}

/** A BlobWriteContext with SHA-1 from the wasm hash module of this realm. */
export async function createBlobWriteContext(encoder: ChunkEncoder, loader: WasmLoader, flavor: WasmFlavor = 'release'): Promise<BlobWriteContext> {
  const module = await loadHashModule(loader, flavor);
  return { encoder, newSha1: () => new Sha1(module) };
}
