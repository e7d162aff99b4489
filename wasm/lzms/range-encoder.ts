// LZMS binary range encoder: the forward stream of a chunk, the exact inverse of range-decoder.ts.
//
// Rules from wimlib src/lzms_compress.c (lzms_range_encoder_*), which follows Igor Pavlov's LZMA encoder with
// 16-bit units; wim-format.md §13.4. `low` is the bottom of the current interval, kept as a 33-bit value so a
// carry out of the 32-bit window shows in bit 32; `range` is its 32-bit width. Before each bit, when range ≤
// 0xFFFF, the top 16 bits of the window are shifted out. A unit can still change by a carry until a later unit
// below 0xFFFF is emitted, so the last unit is held in `cache` and a run of 0xFFFF units after it only counted
// (`pending`). Unlike LZMA the decoder reads the very first unit, so the encoder's initial "unit above the window"
// (cache 0, one pending) is dropped rather than written: the write pointer starts one unit before the buffer.
// Flushing shifts four times, which writes out the whole window.

import { probabilityOfZero } from './probabilities';

let low: u64 = 0;
let range: u32 = 0;
let cache: u32 = 0;
let pending: u32 = 0;
let next: usize = 0; // where the next unit goes (begins one unit before `begin`)
let begin: usize = 0;
let end: usize = 0;
let overflow = false;

/** Starts encoding into the `capacity` bytes (even) at `output`. */
export function rangeEncoderInit(output: usize, capacity: usize): void {
  low = 0;
  range = 0xffffffff;
  cache = 0;
  pending = 1;
  begin = output;
  next = output - 2;
  end = output + (capacity & ~(<usize>1));
  overflow = false;
}

function shiftLow(): void {
  // A unit can be settled once no carry can reach it: the window is below 0xFFFF0000, or the carry happened.
  if (<u32>low < 0xffff0000 || (low >> 32) != 0) {
    const carry = <u32>(low >> 32);
    do {
      if (next >= begin) {
        if (next < end) store<u16>(next, <u16>(cache + carry));
        else overflow = true;
      }
      next += 2;
      cache = 0xffff;
    } while (--pending != 0);
    cache = <u32>(low >> 16) & 0xffff;
  }
  pending++;
  low = (low & 0xffff) << 16;
}

/** Encodes `bit` with the probability entry at `entry`, then records the bit in that entry. */
// @ts-ignore: decorator
@inline
export function encodeBit(entry: usize, bit: u32): void {
  const history = load<u64>(entry);
  const p = probabilityOfZero(history);
  if (range <= 0xffff) {
    range <<= 16;
    shiftLow();
  }
  const bound = (range >> 6) * p;
  if (bit == 0) {
    range = bound;
  } else {
    low += <u64>bound;
    range -= bound;
  }
  store<u64>(entry, (history << 1) | <u64>bit);
}

/** Writes out what is left of the window; returns the end of the forward stream, or 0 if it did not fit. */
export function rangeEncoderFinish(): usize {
  for (let i = 0; i < 4; i++) shiftLow();
  return overflow || next > end ? 0 : next;
}
