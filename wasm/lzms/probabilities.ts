// LZMS adaptive bit probabilities, shared by the range decoder (range-decoder.ts) and encoder (range-encoder.ts).
//
// Rules: wimlib include/wimlib/lzms_common.h and src/lzms_decompress.c header comment; wim-format.md §13.4.
// Each entry remembers the last 64 bits coded with it (newest in the low bit; initially 0x0000000055555555);
// the probability that the next bit is 0 is (number of zeros among them)/64, moved into 1..63. We store only the
// 64-bit history and count its zeros with popcnt. Entries are chosen by a per-class state holding the class's
// last 4 (main), 5 (match) or 6 (other) bits.

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

/** State masks: main keeps 4 bits, match 5, the other classes 6. */
export const MAIN_STATE_MASK: u32 = 15;
export const MATCH_STATE_MASK: u32 = 31;
export const OTHER_STATE_MASK: u32 = 63;

const INITIAL_HISTORY: u64 = 0x0000000055555555;

/** Puts every entry back to its initial history (start of each chunk). */
export function resetProbabilities(): void {
  for (let i = 0; i < NUM_PROB_ENTRIES; i++) store<u64>(PROBS + (<usize>i << 3), INITIAL_HISTORY);
}

/** Number of zeros among the last 64 bits of an entry (0..64), before clamping. */
// @ts-ignore: decorator
@inline
export function zerosOf(history: u64): u32 {
  return 64 - <u32>popcnt<u64>(history);
}

/** Probability (out of 64) that the next bit coded with this history is 0, clamped to 1..63. */
// @ts-ignore: decorator
@inline
export function probabilityOfZero(history: u64): u32 {
  let p = zerosOf(history);
  p += <u32>(p == 0); // 0/64 is not allowed
  p -= p >> 6; // nor 64/64
  return p;
}
