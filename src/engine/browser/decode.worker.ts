/**
 * Web Worker entry of the browser codec pool (started by the engine worker, nested): keeps its own codec
 * registry (one wasm instance per codec, loaded by URL) and answers decode tasks (chunks and batches, with the
 * SHA-1 of whole-blob batches through the wasm hash module: the browser has no streaming hash) and encode tasks
 * of the writer, transferring results back — like the CLI's cli/decode-worker.ts.
 */
import { CodecRegistry } from '../../codecs/registry';
import { serveTasks, type TaskEnvelope } from '../../pool/worker-pool';
import { handleChunkTask, wasmSha1Of, type DecodeResult, type DecodeTask } from '../chunk-decoding';
import { handleEncodeTask, type EncodeTask, type EncodeTaskResult } from '../chunk-encoding';
import { browserWasmLoader } from './browser-wasm-loader';

const registry = new CodecRegistry(browserWasmLoader);
const sha1Of = wasmSha1Of(browserWasmLoader);
const serve = serveTasks<DecodeTask | EncodeTask, DecodeResult | EncodeTaskResult>(
  (message, transfer) => self.postMessage(message, transfer),
  (task) => (task.kind === 'encode-chunk' ? handleEncodeTask(registry, task) : handleChunkTask(registry, task, { sha1Of })),
);
self.addEventListener('message', (event: MessageEvent<TaskEnvelope<DecodeTask | EncodeTask>>) => void serve(event.data));
