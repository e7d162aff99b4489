/**
 * What every reading verb does first: open FILE and the files its --ref patterns name (each once, the named file
 * first), read them as a WimSet, and build the blob-reading context (codecs and SHA-1 from wasm/build through
 * the Node loader; chunks decoded in this thread).
 */
import { resolve } from 'node:path';
import { CodecRegistry } from '../codecs/registry';
import { nodeWasmLoader } from '../codecs/node-wasm-loader';
import { createBlobReadContext, inProcessDecoder } from '../engine/chunk-decoding';
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

export function nodeBlobReadContext(): Promise<BlobReadContext> {
  return createBlobReadContext(inProcessDecoder(new CodecRegistry(nodeWasmLoader)), nodeWasmLoader);
}

export function printWarnings(warnings: readonly string[], ctx: VerbContext): void {
  for (const warning of warnings) ctx.stderr(`imagewright: warning: ${warning}\n`);
}
