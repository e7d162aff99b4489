// LZMS binary range decoder (the forward stream of an LZMS chunk); the probabilities are in probabilities.ts.
//
// Source of the rules: wimlib src/lzms_decompress.c (header comment, lzms_decode_bit), include/wimlib/lzms_common.h
// and lzms_constants.h; /work/shared/docs/wim-format.md §13.4.
//
// - The forward stream is read from the start of the chunk in 16-bit little-endian units. `range` starts at
//   0xFFFFFFFF and `code` at the first two units (first unit high). Before each bit, when range < 2^16, both are
//   shifted left by 16 and the next unit is shifted into `code` (zero once the input is used up).
// - A probability is p/64 that the bit is 0, bound = (range >> 6) * p; code < bound → bit 0 and range = bound,
//   else bit 1, range −= bound and code −= bound.

import { probabilityOfZero, resetProbabilities } from './probabilities';

let range: u32 = 0;
let code: u32 = 0;
let next: usize = 0;
let end: usize = 0;

/** Starts the range decoder on `length` bytes at `input` (length even and ≥ 4) and resets every probability. */
export function rangeDecoderInit(input: usize, length: usize): void {
  range = 0xffffffff;
  code = (<u32>load<u16>(input) << 16) | <u32>load<u16>(input, 2);
  next = input + 4;
  end = input + length;
  resetProbabilities();
}

/** Decodes one bit with the probability entry at `entry`, then records the bit in that entry. */
// @ts-ignore: decorator
@inline
export function decodeBit(entry: usize): u32 {
  const history = load<u64>(entry);
  const p = probabilityOfZero(history);
  if (range < 0x10000) {
    range <<= 16;
    code <<= 16;
    if (next != end) {
      code |= <u32>load<u16>(next);
      next += 2;
    }
  }
  const bound = (range >> 6) * p;
  let bit: u32;
  if (code < bound) {
    range = bound;
    bit = 0;
  } else {
    range -= bound;
    code -= bound;
    bit = 1;
  }
  store<u64>(entry, (history << 1) | <u64>bit);
  return bit;
}
