// Adaptive Huffman codes on the encoder side: the same frequencies, rebuild schedule and code lengths as the
// decoder (huffman-code.ts, huffman-lengths.ts), plus canonical codewords to write.
//
// Rules (wimlib src/lzms_decompress.c header comment, src/lzms_common.c; wim-format.md §13.4): frequencies start at
// 1 and the code is built from them; after `period` symbols the code is rebuilt from the current frequencies
// (including the symbol just coded), then every frequency f becomes f/2 + 1. Codewords are canonical: handed out
// in (length, symbol) order, shorter first, counting up. Lengths come from computeCodeLengths, shared with the
// decoder so both sides derive the very same code.

import { MAX_CODEWORD_LENGTH } from './constants';
import { LENGTH_COUNT, computeCodeLengths } from './huffman-lengths';
import { writeBits } from './bitstream-writer';

// Encoder code descriptor: u32 fields at the descriptor's pointer; the arrays live with it (see newCodeArea).
const E_NUM_SYMS = 0;
const E_PERIOD = 4;
const E_COUNTDOWN = 8;
const E_REBUILDS = 12; // number of rebuilds so far: lets the parser know when to refresh its cost tables
const E_FREQS = 16; // u32[n]
const E_LENS = 20; // u8[n]
const E_CODEWORDS = 24; // u16[n]
export const ENCODE_DESCRIPTOR_SIZE = 32;

const NEXT_CODE: usize = memory.data(4 * 17, 16);

/** Builds lengths and canonical codewords from the current frequencies. */
function buildEncodeCode(d: usize): void {
  const n = load<u32>(d + E_NUM_SYMS);
  const lens = <usize>load<u32>(d + E_LENS);
  if (n >= 2) {
    computeCodeLengths(<usize>load<u32>(d + E_FREQS), n, lens);
    let code: u32 = 0;
    for (let len: u32 = 1; len <= MAX_CODEWORD_LENGTH; len++) {
      code = (code + load<u32>(LENGTH_COUNT + (<usize>(len - 1) << 2))) << 1;
      store<u32>(NEXT_CODE + (<usize>len << 2), code);
    }
    const codewords = <usize>load<u32>(d + E_CODEWORDS);
    for (let s: u32 = 0; s < n; s++) {
      const len = <usize>load<u8>(lens + <usize>s);
      const at = NEXT_CODE + (len << 2);
      const cw = load<u32>(at);
      store<u32>(at, cw + 1);
      store<u16>(codewords + (<usize>s << 1), <u16>cw);
    }
  } else if (n == 1) {
    // One-symbol alphabets (offset codes of 2-byte chunks) are never used to code anything.
    store<u8>(lens, 0);
  }
  store<u32>(d + E_COUNTDOWN, load<u32>(d + E_PERIOD));
  store<u32>(d + E_REBUILDS, load<u32>(d + E_REBUILDS) + 1);
}

/** Sets up descriptor `d` with its arrays for a new chunk: all frequencies 1, code built from them. */
export function initEncodeCode(d: usize, numSyms: u32, period: u32, freqs: usize, lens: usize, codewords: usize): void {
  store<u32>(d + E_NUM_SYMS, numSyms);
  store<u32>(d + E_PERIOD, period);
  store<u32>(d + E_REBUILDS, 0);
  store<u32>(d + E_FREQS, <u32>freqs);
  store<u32>(d + E_LENS, <u32>lens);
  store<u32>(d + E_CODEWORDS, <u32>codewords);
  for (let s: u32 = 0; s < numSyms; s++) store<u32>(freqs + (<usize>s << 2), 1);
  buildEncodeCode(d);
}

/** Rebuild, then age the frequencies (f → f/2 + 1). Out of line: once per period. */
function rebuildEncodeCode(d: usize): void {
  buildEncodeCode(d);
  const n = load<u32>(d + E_NUM_SYMS);
  const freqs = <usize>load<u32>(d + E_FREQS);
  for (let s: u32 = 0; s < n; s++) {
    const at = freqs + (<usize>s << 2);
    store<u32>(at, (load<u32>(at) >> 1) + 1);
  }
}

/** Writes `symbol` with code `d`, counts it and rebuilds the code when due. */
// @ts-ignore: decorator
@inline
export function encodeSymbol(d: usize, symbol: u32): void {
  const s = <usize>symbol;
  writeBits(<u32>load<u16>(<usize>load<u32>(d + E_CODEWORDS) + (s << 1)), <u32>load<u8>(<usize>load<u32>(d + E_LENS) + s));
  const at = <usize>load<u32>(d + E_FREQS) + (s << 2);
  store<u32>(at, load<u32>(at) + 1);
  const left = load<u32>(d + E_COUNTDOWN) - 1;
  if (left == 0) rebuildEncodeCode(d);
  else store<u32>(d + E_COUNTDOWN, left);
}

/** How many times code `d` has been built (the parser refreshes its cost tables when this changes). */
// @ts-ignore: decorator
@inline
export function rebuildCount(d: usize): u32 {
  return load<u32>(d + E_REBUILDS);
}
