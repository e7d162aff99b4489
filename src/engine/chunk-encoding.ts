/**
 * ChunkEncoders for the WIM writer (formats/wim/write/chunk-encoder.ts), the mirror of chunk-decoding.ts:
 * - inProcessEncoder: the codec registry in this thread (tests, tiny jobs, --threads 1);
 * - poolEncoder: each chunk becomes an EncodeTask on a WorkerPool; the input buffer is transferred (never
 *   copied) and comes back transferred either compressed or, when it did not shrink, as itself.
 * The worker side is handleEncodeTask.
 */
import type { CodecRegistry } from '../codecs/registry';
import { Sha1, loadHashModule } from '../codecs/sha';
import type { WasmFlavor, WasmLoader } from '../codecs/wasm-module';
import type { BlobWriteContext, ChunkEncoder, ChunkToEncode, EncodedChunkResult } from '../formats/wim/write/chunk-encoder';
import type { WorkerPool } from '../pool/worker-pool';

export function inProcessEncoder(registry: CodecRegistry, level?: number): ChunkEncoder {
  return {
    concurrency: 1,
    async encode(chunk) {
      const out = await registry.compressChunk(chunk.compression, chunk.input, chunk.chunkSize, level);
      return out ? { bytes: out, compressed: true } : { bytes: chunk.input, compressed: false };
    },
  };
}

/** What crosses to a pool worker for one chunk to compress. */
export interface EncodeTask {
  kind: 'encode-chunk';
  compression: ChunkToEncode['compression'];
  input: ArrayBuffer;
  chunkSize: number;
  level: number | undefined;
}

export interface EncodeTaskResult {
  bytes: ArrayBuffer;
  compressed: boolean;
}

/** A buffer of exactly `bytes` that may be transferred (the view itself when it spans its whole buffer). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
}

export function poolEncoder(pool: WorkerPool<EncodeTask, EncodeTaskResult>, level?: number, concurrency = pool.size * 2): ChunkEncoder {
  return {
    concurrency,
    async encode(chunk, signal) {
      const input = ownBuffer(chunk.input);
      const task: EncodeTask = { kind: 'encode-chunk', compression: chunk.compression, input, chunkSize: chunk.chunkSize, level };
      const r = await pool.run(task, [input], signal);
      return { bytes: new Uint8Array(r.bytes), compressed: r.compressed };
    },
  };
}

/** Worker side of poolEncoder. */
export async function handleEncodeTask(registry: CodecRegistry, task: EncodeTask): Promise<{ result: EncodeTaskResult; transfer: Transferable[] }> {
  const input = new Uint8Array(task.input);
  const out = await registry.compressChunk(task.compression, input, task.chunkSize, task.level);
  const result: EncodedChunkResult = out ? { bytes: out, compressed: true } : { bytes: input, compressed: false };
  const bytes = ownBuffer(result.bytes);
  return { result: { bytes, compressed: result.compressed }, transfer: [bytes] };
}

/** A BlobWriteContext with SHA-1 from the wasm hash module of this realm. */
export async function createBlobWriteContext(encoder: ChunkEncoder, loader: WasmLoader, flavor: WasmFlavor = 'release'): Promise<BlobWriteContext> {
  const module = await loadHashModule(loader, flavor);
  return { encoder, newSha1: () => new Sha1(module) };
}
