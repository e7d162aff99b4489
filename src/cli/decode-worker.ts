/**
 * worker_threads entry for the CLI's codec pool (bundled as dist-cli/decode-worker.mjs): each worker keeps its
 * own codec registry (one wasm instance per codec) and answers decode tasks (chunks and batches, with the SHA-1 of
 * whole-blob batches through Node's crypto) and encode tasks, transferring the result buffer back.
 */
import { parentPort } from 'node:worker_threads';
import { CodecRegistry } from '../codecs/registry';
import { nodeWasmLoader } from '../codecs/node-wasm-loader';
import { nodeSha1Hex } from '../codecs/node-sha1';
import { handleChunkTask, type DecodeResult, type DecodeTask } from '../engine/chunk-decoding';
import { handleEncodeTask, type EncodeTask, type EncodeTaskResult } from '../engine/chunk-encoding';
import { serveTasks, type TaskEnvelope } from '../pool/worker-pool';

const port = parentPort;
if (!port) throw new Error('decode-worker must run as a worker thread');
const registry = new CodecRegistry(nodeWasmLoader);
const serve = serveTasks<DecodeTask | EncodeTask, DecodeResult | EncodeTaskResult>(
  (message, transfer) => port.postMessage(message, transfer as never),
  (task) => (task.kind === 'encode-chunk' ? handleEncodeTask(registry, task) : handleChunkTask(registry, task, nodeSha1Hex)),
);
port.on('message', (envelope: TaskEnvelope<DecodeTask | EncodeTask>) => void serve(envelope));
