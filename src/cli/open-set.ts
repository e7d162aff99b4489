/**
 * What every reading verb does first: open FILE and the files its --ref patterns name (each once, the named file
 * first), read them as a WimSet, and build the blob-reading context (codecs from wasm/build through the Node
 * loader, SHA-1 from Node's crypto; chunks decoded in this thread or on a pool of decode workers).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { CodecRegistry } from '../codecs/registry';
import { nodeWasmLoader } from '../codecs/node-wasm-loader';
import { nodeSha1 } from '../codecs/node-sha1';
import { createBlobReadContext, inProcessDecoder, poolDecoder, type DecodeResult, type DecodeTask } from '../engine/chunk-decoding';
import { WorkerPool } from '../pool/worker-pool';
import { nodeWorkerEndpoint } from '../pool/node-worker-endpoint';
import { ErrorCode, ImagewrightError } from '../shared/errors';
import type { BlobReadContext } from '../formats/wim/chunk-decoder';
import { openWimSet, type OpenWimSetOptions, type WimSet } from '../formats/wim/wim-set';
import { NodeFileSource } from '../io/node-file-source';
import { expandGlob } from './glob';
import type { VerbContext } from './verb';

export async function openSetFromArgs(
  file: string,
  refPatterns: readonly string[],
  signal?: AbortSignal,
  options: OpenWimSetOptions = {},
): Promise<WimSet> {
  const paths = [file];
  const seen = new Set([resolve(file)]);
  for (const pattern of refPatterns) {
    for (const path of await expandGlob(pattern)) {
      if (!seen.has(resolve(path))) {
        seen.add(resolve(path));
        paths.push(path);
      }
    }
  }
  const sources: NodeFileSource[] = [];
  try {
    for (const path of paths) sources.push(await NodeFileSource.open(path));
    return await openWimSet(sources, signal, options);
  } catch (error) {
    await Promise.all(sources.map((s) => s.close()));
    throw error;
  }
}

export interface CliReadContext {
  context: BlobReadContext;
  /** Stops the decode workers, if any. */
  close(): void;
}

/**
 * The blob-reading context of a verb. With `threads` > 1, chunks are decoded by that many worker threads
 * (dist-cli/decode-worker.mjs, beside the bundled CLI) while this thread reads, hashes and writes in order;
 * with 1, everything runs here, unless `oneWorker` asks for a single decode worker (apply: decoding on one
 * thread while this one hashes and writes beats doing both here, for the price of starting a worker).
 */
export async function nodeBlobReadContext(threads = 1, options: { oneWorker?: boolean } = {}): Promise<CliReadContext> {
  const workerScript = new URL('./decode-worker.mjs', import.meta.url);
  if (threads < 1 || (threads === 1 && !options.oneWorker) || !existsSync(workerScript)) {
    return { context: await createBlobReadContext(inProcessDecoder(new CodecRegistry(nodeWasmLoader)), nodeWasmLoader, 'release', nodeSha1), close: () => undefined };
  }
  // Three tasks queued per worker: a worker that also writes its files finishes batches at an uneven pace, and one
  // more batch waiting keeps it busy while this thread is away opening or committing files.
  const pool = new WorkerPool<DecodeTask, DecodeResult>(() => nodeWorkerEndpoint(workerScript), { size: threads, perWorkerDepth: 3 });
  return { context: await createBlobReadContext(poolDecoder(pool, { directWrites: true }), nodeWasmLoader, 'release', nodeSha1), close: () => pool.close() };
}

/** --threads N, defaulting to the number of cores. */
export function threadsFromArgs(values: readonly string[] | undefined): number {
  const raw = values?.at(-1);
  if (raw === undefined) return availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `--threads takes a whole number from 1 to 256, not "${raw}"` });
  return n;
}

export function printWarnings(warnings: readonly string[], ctx: VerbContext): void {
  for (const warning of warnings) ctx.stderr(`imagewright: warning: ${warning}\n`);
}
