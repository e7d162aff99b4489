/**
 * worker_threads entry for the CLI's decode pool (bundled as dist-cli/decode-worker.mjs): each worker keeps its
 * own codec registry (one wasm instance per codec), answers chunk and batch tasks, and transfers the decoded
 * buffer back (with the SHA-1 of whole-blob batches, through Node's crypto).
 */
import { parentPort } from 'node:worker_threads';
import { CodecRegistry } from '../codecs/registry';
import { nodeWasmLoader } from '../codecs/node-wasm-loader';
import { nodeSha1Hex } from '../codecs/node-sha1';
import { handleChunkTask, type DecodeResult, type DecodeTask } from '../engine/chunk-decoding';
import { serveTasks, type TaskEnvelope } from '../pool/worker-pool';

const port = parentPort;
if (!port) throw new Error('decode-worker must run as a worker thread');
const registry = new CodecRegistry(nodeWasmLoader);
const serve = serveTasks<DecodeTask, DecodeResult>(
  (message, transfer) => port.postMessage(message, transfer as never),
  (task) => handleChunkTask(registry, task, nodeSha1Hex),
);
port.on('message', (envelope: TaskEnvelope<DecodeTask>) => void serve(envelope));
