/**
 * ChunkDecoders for the blob reader (formats/wim/chunk-decoder.ts), chosen by whoever runs a job:
 * - inProcessDecoder: the codec registry in this thread; concurrency 1 (the CLI default, tests, tiny jobs);
 * - poolDecoder: each chunk becomes a ChunkTask on a WorkerPool; its input is copied into its own buffer and
 *   transferred (the reader hands out views into shared batch buffers, which must not be detached), and the
 *   result buffer comes back transferred too. The pool's workers answer with handleChunkTask.
 * Also the SHA-1 factory every job needs, over the shared hash module.
 */
import type { CodecRegistry } from '../codecs/registry';
import { Sha1, loadHashModule } from '../codecs/sha';
import type { WasmFlavor, WasmLoader } from '../codecs/wasm-module';
import type { BlobReadContext, ChunkDecoder, EncodedChunk } from '../formats/wim/chunk-decoder';
import type { CompressionName } from '../formats/wim/wim-info';
import type { WorkerPool } from '../pool/worker-pool';

export function inProcessDecoder(registry: CodecRegistry): ChunkDecoder {
  return {
    concurrency: 1,
    decode: (chunk) => registry.decompressChunk(chunk.compression, chunk.input, chunk.uncompressedSize, chunk.chunkSize),
  };
}

/** What crosses to a pool worker for one chunk. */
export interface ChunkTask {
  kind: 'decode-chunk';
  compression: CompressionName;
  input: ArrayBuffer;
  uncompressedSize: number;
  chunkSize: number;
}

export function poolDecoder(pool: WorkerPool<ChunkTask, ArrayBuffer>, concurrency = pool.size * 2): ChunkDecoder {
  return {
    concurrency,
    async decode(chunk: EncodedChunk, signal?: AbortSignal) {
      const input = chunk.input.slice().buffer as ArrayBuffer;
      const task: ChunkTask = {
        kind: 'decode-chunk',
        compression: chunk.compression,
        input,
        uncompressedSize: chunk.uncompressedSize,
        chunkSize: chunk.chunkSize,
      };
      return new Uint8Array(await pool.run(task, [input], signal));
    },
  };
}

/** Worker side of poolDecoder: decodes one task and names the buffer to transfer back. */
export async function handleChunkTask(registry: CodecRegistry, task: ChunkTask): Promise<{ result: ArrayBuffer; transfer: Transferable[] }> {
  const out = await registry.decompressChunk(task.compression, new Uint8Array(task.input), task.uncompressedSize, task.chunkSize);
  const buffer = (out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? out.buffer : out.slice().buffer) as ArrayBuffer;
  return { result: buffer, transfer: [buffer] };
}

/** A BlobReadContext with SHA-1 from the wasm hash module of this realm. */
export async function createBlobReadContext(decoder: ChunkDecoder, loader: WasmLoader, flavor: WasmFlavor = 'release'): Promise<BlobReadContext> {
  const module = await loadHashModule(loader, flavor);
  return { decoder, newSha1: () => new Sha1(module) };
}
