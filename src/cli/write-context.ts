/**
 * What every writing verb needs: the chunk encoder (in this thread, or a worker_threads pool running the bundled
 * dist-cli/decode-worker.mjs, which answers both decode and encode tasks), the SHA-1 factory, and the write
 * options parsed like wimlib-imagex's (--compress=LZX[:level], --chunk-size, --solid, --solid-compress,
 * --solid-chunk-size), with Microsoft's defaults and a warning for chunk sizes Windows Setup rejects.
 */
import { existsSync } from 'node:fs';
import { CodecRegistry } from '../codecs/registry';
import { nodeWasmLoader } from '../codecs/node-wasm-loader';
import { nodeSha1 } from '../codecs/node-sha1';
import { inProcessEncoder, poolEncoder, type EncodeTask, type EncodeTaskResult } from '../engine/chunk-encoding';
import { isChunkSizeValid } from '../formats/wim/header';
import type { CompressionName } from '../formats/wim/wim-info';
import type { BlobWriteContext } from '../formats/wim/write/chunk-encoder';
import type { SolidOptions } from '../formats/wim/write/wim-writer';
import { WorkerPool } from '../pool/worker-pool';
import { nodeWorkerEndpoint } from '../pool/node-worker-endpoint';
import { ErrorCode, ImagewrightError } from '../shared/errors';
import type { ParsedArgs } from './args';
import type { VerbContext } from './verb';

export interface CliWriteContext {
  context: BlobWriteContext;
  close(): void;
}

/**
 * SHA-1 of every captured byte runs on the main thread, beside reading and writing: Node's crypto (SHA-NI, about
 * 2 GB/s) leaves more of the shared cores to the compressing workers than the wasm hash (about 1.2 GB/s).
 */
export async function nodeBlobWriteContext(threads: number, level?: number): Promise<CliWriteContext> {
  const workerScript = new URL('./decode-worker.mjs', import.meta.url);
  if (threads <= 1 || !existsSync(workerScript)) {
    return { context: { encoder: inProcessEncoder(new CodecRegistry(nodeWasmLoader), level), newSha1: nodeSha1 }, close: () => undefined };
  }
  const pool = new WorkerPool<EncodeTask, EncodeTaskResult>(() => nodeWorkerEndpoint(workerScript), { size: threads });
  return { context: { encoder: poolEncoder(pool, level), newSha1: nodeSha1 }, close: () => pool.close() };
}

const ALIASES: Record<string, CompressionName> = {
  none: 'none',
  xpress: 'XPRESS',
  fast: 'XPRESS',
  lzx: 'LZX',
  maximum: 'LZX',
  lzms: 'LZMS',
  recovery: 'LZMS',
};

export function parseCompression(text: string): { compression: CompressionName; level?: number } {
  const [name, levelText] = text.split(':');
  const compression = ALIASES[(name ?? '').toLowerCase()];
  if (!compression) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `unknown compression "${text}" (none, XPRESS, LZX or LZMS)` });
  if (levelText === undefined) return { compression };
  const level = Number(levelText);
  if (!Number.isInteger(level) || level < 1 || level > 100) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `compression level "${levelText}" is not 1–100` });
  return { compression, level };
}

/** Chunk sizes Microsoft's tools accept (docs/wim-format.md §2.2). */
export const MICROSOFT_CHUNK_SIZE = 32768;
export const DEFAULT_SOLID_CHUNK_SIZE = 64 * 1024 * 1024;
/** wimlib's header chunk size for LZMS (non-solid resources such as metadata in an ESD). */
export const DEFAULT_LZMS_CHUNK_SIZE = 128 * 1024;

function chunkSizeOf(text: string | undefined, compression: CompressionName, fallback: number): number {
  if (text === undefined || compression === 'none') return compression === 'none' ? 0 : fallback;
  const n = Number(text);
  if (!isChunkSizeValid(n, compression)) throw new ImagewrightError(ErrorCode.BAD_CHUNK_SIZE, { params: { chunkSize: text, codec: compression } });
  return n;
}

export interface CliWriteOptions {
  compression: CompressionName;
  chunkSize: number;
  solid?: SolidOptions;
  level?: number;
}

/**
 * Write options from --compress/--chunk-size/--solid…; `inherit` gives the defaults (a new WIM: LZX 32K; an
 * existing one: its own). Prints a warning for chunk sizes Windows Setup refuses.
 */
export function writeOptionsFromArgs(args: ParsedArgs, ctx: VerbContext, inherit: CliWriteOptions = { compression: 'LZX', chunkSize: MICROSOFT_CHUNK_SIZE }): CliWriteOptions {
  const compressText = args.values.get('compress')?.at(-1);
  const solid = args.flags.has('solid');
  const parsed = compressText !== undefined ? parseCompression(compressText) : solid && !inherit.solid ? { compression: 'LZMS' as CompressionName } : { compression: inherit.compression };
  const defaultChunk = parsed.compression === inherit.compression && inherit.chunkSize ? inherit.chunkSize : parsed.compression === 'LZMS' ? DEFAULT_LZMS_CHUNK_SIZE : MICROSOFT_CHUNK_SIZE;
  const chunkSize = chunkSizeOf(args.values.get('chunk-size')?.at(-1), parsed.compression, defaultChunk);
  const out: CliWriteOptions = { compression: parsed.compression, chunkSize, ...(parsed.level ? { level: parsed.level } : {}) };
  if (solid || (inherit.solid && compressText === undefined)) {
    const solidText = args.values.get('solid-compress')?.at(-1);
    const solidCodec = solidText ? parseCompression(solidText).compression : (inherit.solid?.compression ?? 'LZMS');
    if (solidCodec === 'none') throw new ImagewrightError(ErrorCode.BAD_WRITE_OPTIONS, { detail: 'solid resources need a codec' });
    const solidChunk = chunkSizeOf(args.values.get('solid-chunk-size')?.at(-1), solidCodec, inherit.solid?.chunkSize ?? (solidCodec === 'LZMS' ? DEFAULT_SOLID_CHUNK_SIZE : MICROSOFT_CHUNK_SIZE));
    out.solid = { compression: solidCodec, chunkSize: solidChunk };
    if (out.compression === 'none') out.compression = solidCodec;
    if (out.chunkSize === 0) out.chunkSize = out.compression === 'LZMS' ? DEFAULT_LZMS_CHUNK_SIZE : MICROSOFT_CHUNK_SIZE;
    if (solidChunk > DEFAULT_SOLID_CHUNK_SIZE) ctx.stderr(`imagewright: warning: solid chunks above 64 MiB are not accepted by Microsoft software\n`);
  }
  if ((out.compression === 'LZX' || out.compression === 'XPRESS') && out.chunkSize !== MICROSOFT_CHUNK_SIZE) {
    ctx.stderr(`imagewright: warning: Windows Setup and DISM accept only ${MICROSOFT_CHUNK_SIZE}-byte chunks for ${out.compression}; ${out.chunkSize} makes a WIM only wimlib-based tools read\n`);
  }
  return out;
}
