/**
 * worker_threads entry for the CLI's decode pool (bundled as dist-cli/decode-worker.mjs): each worker keeps its
 * own codec registry (one wasm instance per codec) and answers ChunkTasks, transferring the decoded buffer back.
 */
import { parentPort } from 'node:worker_threads';
import { CodecRegistry } from '../codecs/registry';
import { nodeWasmLoader } from '../codecs/node-wasm-loader';
import { handleChunkTask, type ChunkTask } from '../engine/chunk-decoding';
import { serveTasks, type TaskEnvelope } from '../pool/worker-pool';

const port = parentPort;
if (!port) throw new Error('decode-worker must run as a worker thread');
const registry = new CodecRegistry(nodeWasmLoader);
const serve = serveTasks<ChunkTask, ArrayBuffer>(
  (message, transfer) => port.postMessage(message, transfer as never),
  (task) => handleChunkTask(registry, task),
);
port.on('message', (envelope: TaskEnvelope<ChunkTask>) => void serve(envelope));
