/**
 * Web Worker entry of the browser decode pool (started by the engine worker, nested): keeps its own codec
 * registry (one wasm instance per codec, loaded by URL) and answers chunk and batch tasks, transferring results
 * back (with the SHA-1 of whole-blob batches, through the wasm hash module: the browser has no streaming hash).
 */
import { CodecRegistry } from '../../codecs/registry';
import { serveTasks, type TaskEnvelope } from '../../pool/worker-pool';
import { handleChunkTask, wasmSha1Of, type DecodeResult, type DecodeTask } from '../chunk-decoding';
import { browserWasmLoader } from './browser-wasm-loader';

const registry = new CodecRegistry(browserWasmLoader);
const sha1Of = wasmSha1Of(browserWasmLoader);
const serve = serveTasks<DecodeTask, DecodeResult>(
  (message, transfer) => self.postMessage(message, transfer),
  (task) => handleChunkTask(registry, task, sha1Of),
);
self.addEventListener('message', (event: MessageEvent<TaskEnvelope<DecodeTask>>) => void serve(event.data));
