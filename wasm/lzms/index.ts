// LZMS decompressor module (wasm/README.md contract): reserve / inputPointer / outputPointer / decompress.
//
// Memory above __heap_base: the large work tables (workspace.ts), then the input buffer, then the output buffer
// followed by OUTPUT_SLACK spare bytes, since wasm/shared/match-copy.ts may write up to 15 bytes past a match.
// This is wasm/shared/buffers.ts's layout shifted up by the workspace, which is why the module has its own
// reserve(). reserve() grows memory when needed and may move the buffers, so the JS side re-reads the pointers.
// Small static tables (slot bases, probabilities, frequencies) live in the data segment; decoding is in
// decompress.ts.

import { LZMS_MAX_BUFFER_SIZE } from './constants';
import { decompressChunk } from './decompress';
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
