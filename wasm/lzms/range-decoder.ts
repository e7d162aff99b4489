// LZMS binary range decoder and its adaptive probabilities (the forward stream of an LZMS chunk).
//
// Source of the rules: wimlib src/lzms_decompress.c (header comment, lzms_decode_bit), include/wimlib/lzms_common.h
// and lzms_constants.h; /work/shared/docs/wim-format.md §13.4.
//
// - The forward stream is read from the start of the chunk in 16-bit little-endian units. `range` starts at
//   0xFFFFFFFF and `code` at the first two units (first unit high). Before each bit, when range < 2^16, both are
//   shifted left by 16 and the next unit is shifted into `code` (zero once the input is used up).
// - A probability is p/64 that the bit is 0, bound = (range >> 6) * p; code < bound → bit 0 and range = bound,
//   else bit 1, range −= bound and code −= bound.
// - Each probability entry remembers the last 64 bits decoded with it (newest in the low bit; initially
//   0x0000000055555555); p = number of zeros among them, moved into 1..63. We store only that 64-bit history and
//   count its zeros with popcnt.
// - Entries are chosen by a per-class state holding the class's last 4 (main), 5 (match) or 6 (other) bits.

/** Probability tables: one u64 history per entry, grouped by decision class. */
export const PROBS: usize = memory.data(8 * 432, 16);
export const MAIN_PROBS: usize = PROBS; // 16 entries: literal (0) or match (1)
export const MATCH_PROBS: usize = PROBS + 8 * 16; // 32 entries: LZ (0) or delta (1)
export const LZ_PROBS: usize = PROBS + 8 * 48; // 64 entries: explicit (0) or repeat (1) LZ offset
export const DELTA_PROBS: usize = PROBS + 8 * 112; // 64 entries: explicit or repeat delta pair
export const LZ_REP0_PROBS: usize = PROBS + 8 * 176; // 64 entries: repeat slot 0 or further
export const LZ_REP1_PROBS: usize = PROBS + 8 * 240; // 64 entries: repeat slot 1 or 2
export const DELTA_REP0_PROBS: usize = PROBS + 8 * 304;
export const DELTA_REP1_PROBS: usize = PROBS + 8 * 368;
const NUM_PROB_ENTRIES = 432;

const INITIAL_HISTORY: u64 = 0x0000000055555555;

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
  for (let i = 0; i < NUM_PROB_ENTRIES; i++) store<u64>(PROBS + (<usize>i << 3), INITIAL_HISTORY);
}

/** Decodes one bit with the probability entry at `entry`, then records the bit in that entry. */
// @ts-ignore: decorator
@inline
export function decodeBit(entry: usize): u32 {
  const history = load<u64>(entry);
  let p = 64 - <u32>popcnt<u64>(history);
  p += <u32>(p == 0); // 0/64 is not allowed
  p -= p >> 6; // nor 64/64
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
