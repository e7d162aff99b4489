/**
 * Web Worker entry of the browser decode pool (started by the engine worker, nested): keeps its own codec
 * registry (one wasm instance per codec, loaded by URL) and answers ChunkTasks, transferring results back.
 */
import { CodecRegistry } from '../../codecs/registry';
import { serveTasks, type TaskEnvelope } from '../../pool/worker-pool';
import { handleChunkTask, type ChunkTask } from '../chunk-decoding';
import { browserWasmLoader } from './browser-wasm-loader';

const registry = new CodecRegistry(browserWasmLoader);
const serve = serveTasks<ChunkTask, ArrayBuffer>(
  (message, transfer) => self.postMessage(message, transfer),
  (task) => handleChunkTask(registry, task),
);
self.addEventListener('message', (event: MessageEvent<TaskEnvelope<ChunkTask>>) => void serve(event.data));
