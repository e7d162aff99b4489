/**
 * worker_threads entry for the CLI's codec pool (bundled as dist-cli/decode-worker.mjs): each worker keeps its
 * own codec registry (one wasm instance per codec) and answers decode tasks (chunks and batches, with the SHA-1 of
 * whole-blob batches through Node's crypto) and encode tasks, transferring the result buffer back. A decode task
 * may name a target descriptor: descriptors belong to the process, so the worker writes the bytes it decoded
 * itself, while they are in its core's cache, instead of handing them to the main thread to write.
 */
import { writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { CodecRegistry } from '../codecs/registry';
import { nodeWasmLoader } from '../codecs/node-wasm-loader';
import { nodeSha1, nodeSha1Hex } from '../codecs/node-sha1';
import { handleChunkTask, type DecodeResult, type DecodeTask, type WorkerServices } from '../engine/chunk-decoding';
import { handleEncodeTask, type EncodeTask, type EncodeTaskResult } from '../engine/chunk-encoding';
import { serveTasks, type TaskEnvelope } from '../pool/worker-pool';
import { ErrorCode, ImagewrightError } from '../shared/errors';

const port = parentPort;
if (!port) throw new Error('decode-worker must run as a worker thread');
const registry = new CodecRegistry(nodeWasmLoader);
const services: WorkerServices = {
  sha1Of: nodeSha1Hex,
  newSha1: nodeSha1,
  writeAt(descriptor, bytes, position) {
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(descriptor, bytes, done, bytes.length - done, position + done);
    } catch (error) {
      // The main thread names the file (it knows which descriptor is which); this says what the system said.
      throw new ImagewrightError(ErrorCode.TARGET_WRITE_FAILED, { params: { name: `descriptor ${descriptor}` }, detail: error instanceof Error ? error.message : String(error) });
    }
  },
};
const serve = serveTasks<DecodeTask | EncodeTask, DecodeResult | EncodeTaskResult>(
  (message, transfer) => port.postMessage(message, transfer as never),
  (task) => (task.kind === 'encode-chunk' ? handleEncodeTask(registry, task) : handleChunkTask(registry, task, services)),
);
port.on('message', (envelope: TaskEnvelope<DecodeTask | EncodeTask>) => void serve(envelope));
