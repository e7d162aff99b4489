// LZMS module (wasm/README.md contract): reserve / inputPointer / outputPointer / decompress / compress.
//
// Memory above __heap_base: the large work tables (workspace.ts), then the input buffer, then the output buffer
// followed by OUTPUT_SLACK spare bytes, since wasm/shared/match-copy.ts may write up to 15 bytes past a match.
// This is wasm/shared/buffers.ts's layout shifted up by the workspace, which is why the module has its own
// reserve(). reserve() grows memory when needed and may move the buffers, so the JS side re-reads the pointers.
// Small static tables (slot bases, probabilities, frequencies) live in the data segment; decoding is in
// decompress.ts, encoding in compress.ts, whose work memory (match finder, parse nodes) is laid out after the
// output buffer's slack on each call.

import { LZMS_MAX_BUFFER_SIZE } from './constants';
import { decompressChunk } from './decompress';
import { compressChunk } from './compress';
import { WORKSPACE_END } from './workspace';
import { ERROR_CORRUPT, ERROR_LIMIT } from '../shared/errors';

const OUTPUT_SLACK: u64 = 64;

let inputStart: usize = 0;
let inputCapacity: u32 = 0;
let outputStart: usize = 0;
let outputCapacity: u32 = 0;

function alignUp(value: u64, to: u64): u64 {
  return (value + to - 1) & ~(to - 1);
}

/** Makes room for `inCap` input and `outCap` output bytes (and the work tables); 0, or −1 if memory can't grow. */
export function reserve(inCap: u32, outCap: u32): i32 {
  const input = alignUp(<u64>WORKSPACE_END, 64);
  const output = alignUp(input + <u64>inCap, 64);
  const end = output + <u64>outCap + OUTPUT_SLACK;
  if (end > 0xffff0000) return -1; // wasm32 ceiling
  const pagesNeeded = <i32>((end + 0xffff) >> 16);
  const pagesNow = memory.size();
  if (pagesNeeded > pagesNow && memory.grow(pagesNeeded - pagesNow) < 0) return -1;
  inputStart = <usize>input;
  inputCapacity = inCap;
  outputStart = <usize>output;
  outputCapacity = outCap;
  return 0;
}

export function inputPointer(): usize {
  return inputStart;
}

export function outputPointer(): usize {
  return outputStart;
}

/** Decodes `inLen` input bytes into exactly `outLen` output bytes; returns outLen or a negative error. */
export function decompress(inLen: u32, outLen: u32): i32 {
  if (outputStart == 0 || outLen > LZMS_MAX_BUFFER_SIZE || outLen > outputCapacity) return ERROR_LIMIT;
  if (inLen > inputCapacity) return ERROR_LIMIT;
  return decompressChunk(inputStart, inLen, outputStart, outLen);
}

/**
 * Compresses `inLen` input bytes into the output buffer (the input is modified: x86 filter). `windowSize` is the
 * resource's chunk size (sizes the match finder for every chunk of it), `level` wimlib's 1–100 scale. Returns the
 * compressed size, 0 when it would not be smaller than the input, or a negative error (−4 limit, −5 no memory).
 */
export function compress(inLen: u32, windowSize: u32, level: u32): i32 {
  if (outputStart == 0 || inLen > inputCapacity) return ERROR_LIMIT;
  const workspace = <usize>(<u64>outputStart + <u64>outputCapacity + OUTPUT_SLACK);
  return compressChunk(inputStart, inLen, outputStart, outputCapacity, workspace, windowSize, level);
}
