// LZMS item encoder: writes literals and LZ matches with the range encoder and the adaptive Huffman codes, keeping
// the same adaptive state the decoder keeps (decompress.ts): the decision-class states, the LZ repeat queue with
// its one-item delay, and the five codes with their rebuild schedule.
//
// Items: length 1 = literal (source = the byte); length ≥ 2 = LZ match whose source is 0–2 for a repeat match
// (the repeat index the decoder reads) or offset + 2 for an explicit offset. The repeat queue is kept as the
// decoder keeps it: a match's offset goes to the front at once, and right after an LZ match the usable entries
// are 1–3 instead of 0–2 (the front one is not yet visible), so repeat index r means queue entry r + prevLz.
// Delta matches are never emitted, but their codes are still set up: the alphabets and the rebuild counters must
// exist for the decoder's state to be mirrored exactly.

import {
  DELTA_OFFSET_REBUILD_PERIOD,
  DELTA_POWER_REBUILD_PERIOD,
  LENGTH_BASE,
  LENGTH_EXTRA,
  LENGTH_REBUILD_PERIOD,
  LITERAL_REBUILD_PERIOD,
  LZ_OFFSET_REBUILD_PERIOD,
  NUM_DELTA_POWER_SYMS,
  NUM_LENGTH_SYMS,
  NUM_LITERAL_SYMS,
  OFFSET_BASE,
  OFFSET_EXTRA,
} from './constants';
import { LZ_PROBS, LZ_REP0_PROBS, LZ_REP1_PROBS, MAIN_PROBS, MATCH_PROBS, resetProbabilities } from './probabilities';
import { encodeBit } from './range-encoder';
import { writeBits } from './bitstream-writer';
import { ENCODE_DESCRIPTOR_SIZE, encodeSymbol, initEncodeCode } from './huffman-encode';
import { lengthSlot, offsetSlot } from './slot-tables';

export const LITERAL_ECODE: usize = memory.data(ENCODE_DESCRIPTOR_SIZE, 16);
export const LZ_OFFSET_ECODE: usize = memory.data(ENCODE_DESCRIPTOR_SIZE, 16);
export const LENGTH_ECODE: usize = memory.data(ENCODE_DESCRIPTOR_SIZE, 16);
const DELTA_OFFSET_ECODE: usize = memory.data(ENCODE_DESCRIPTOR_SIZE, 16);
const POWER_ECODE: usize = memory.data(ENCODE_DESCRIPTOR_SIZE, 16);

// Frequencies (u32), lengths (u8) and codewords (u16) per code; 800 = MAX_NUM_OFFSET_SYMS rounded up.
const LITERAL_FREQS: usize = memory.data(4 * 256, 16);
export const LITERAL_LENS: usize = memory.data(256, 16);
const LITERAL_WORDS: usize = memory.data(2 * 256, 16);
const LZ_OFFSET_FREQS: usize = memory.data(4 * 800, 16);
export const LZ_OFFSET_LENS: usize = memory.data(800, 16);
const LZ_OFFSET_WORDS: usize = memory.data(2 * 800, 16);
const LENGTH_FREQS: usize = memory.data(4 * 54, 16);
export const LENGTH_LENS: usize = memory.data(64, 16);
const LENGTH_WORDS: usize = memory.data(2 * 64, 16);
const DELTA_OFFSET_FREQS: usize = memory.data(4 * 800, 16);
const DELTA_OFFSET_LENS: usize = memory.data(800, 16);
const DELTA_OFFSET_WORDS: usize = memory.data(2 * 800, 16);
const POWER_FREQS: usize = memory.data(4 * 8, 16);
const POWER_LENS: usize = memory.data(8, 16);
const POWER_WORDS: usize = memory.data(2 * 8, 16);

/**
 * The adaptive state a parser needs to price items, in one 40-byte record (also the layout of a parse node's
 * state, see compress.ts): u32 queue[4] at +12, then u8 prevLz, main, match, lz, rep0, rep1 states at +28.
 */
export const ST_QUEUE = 12;
export const ST_PREV_LZ = 28;
export const ST_MAIN = 29;
export const ST_MATCH = 30;
export const ST_LZ = 31;
export const ST_REP0 = 32;
export const ST_REP1 = 33;
export const STATE_RECORD_SIZE = 40;

/** The encoder's own state record (what the decoder will have after the items written so far). */
export const ENCODER_STATE: usize = memory.data(STATE_RECORD_SIZE, 16);

/** Resets the codes, probabilities and state for a chunk of `size` bytes with `offsetSlots` offset symbols. */
export function itemEncoderInit(offsetSlots: u32): void {
  resetProbabilities();
  initEncodeCode(LITERAL_ECODE, NUM_LITERAL_SYMS, LITERAL_REBUILD_PERIOD, LITERAL_FREQS, LITERAL_LENS, LITERAL_WORDS);
  initEncodeCode(LZ_OFFSET_ECODE, offsetSlots, LZ_OFFSET_REBUILD_PERIOD, LZ_OFFSET_FREQS, LZ_OFFSET_LENS, LZ_OFFSET_WORDS);
  initEncodeCode(LENGTH_ECODE, NUM_LENGTH_SYMS, LENGTH_REBUILD_PERIOD, LENGTH_FREQS, LENGTH_LENS, LENGTH_WORDS);
  initEncodeCode(
    DELTA_OFFSET_ECODE,
    offsetSlots,
    DELTA_OFFSET_REBUILD_PERIOD,
    DELTA_OFFSET_FREQS,
    DELTA_OFFSET_LENS,
    DELTA_OFFSET_WORDS,
  );
  initEncodeCode(POWER_ECODE, NUM_DELTA_POWER_SYMS, DELTA_POWER_REBUILD_PERIOD, POWER_FREQS, POWER_LENS, POWER_WORDS);
  initState(ENCODER_STATE);
}

/** The state at the start of a chunk: queue {1, 2, 3, 4}, every decision state 0. */
export function initState(s: usize): void {
  for (let k: u32 = 0; k < 4; k++) store<u32>(s + ST_QUEUE + (<usize>k << 2), k + 1);
  store<u32>(s + ST_PREV_LZ, 0); // prevLz, main, match, lz
  store<u32>(s + ST_REP0, 0); // rep0, rep1 (and two spare bytes)
}

/** Moves queue entry j (0–3) of state `s` to the front, or puts `value` there when j = 3 and it is new. */
// @ts-ignore: decorator
@inline
export function promote(s: usize, j: u32, value: u32): void {
  const q = s + ST_QUEUE;
  for (let k = j; k > 0; k--) store<u32>(q + (<usize>k << 2), load<u32>(q + (<usize>(k - 1) << 2)));
  store<u32>(q, value);
}

/** Updates state record `s` for one item, exactly as the decoder's state moves (no output). */
// @ts-ignore: decorator
@inline
export function advanceState(s: usize, length: u32, source: u32): void {
  const main = <u32>load<u8>(s + ST_MAIN);
  if (length == 1) {
    store<u8>(s + ST_MAIN, <u8>((main << 1) & 15));
    store<u8>(s + ST_PREV_LZ, 0);
    return;
  }
  store<u8>(s + ST_MAIN, <u8>(((main << 1) | 1) & 15));
  store<u8>(s + ST_MATCH, <u8>((<u32>load<u8>(s + ST_MATCH) << 1) & 31));
  const lz = <u32>load<u8>(s + ST_LZ);
  if (source >= 3) {
    store<u8>(s + ST_LZ, <u8>((lz << 1) & 63));
    promote(s, 3, source - 2);
  } else {
    store<u8>(s + ST_LZ, <u8>(((lz << 1) | 1) & 63));
    const rep0 = <u32>load<u8>(s + ST_REP0);
    store<u8>(s + ST_REP0, <u8>(((rep0 << 1) | <u32>(source != 0)) & 63));
    if (source != 0) {
      const rep1 = <u32>load<u8>(s + ST_REP1);
      store<u8>(s + ST_REP1, <u8>(((rep1 << 1) | <u32>(source == 2)) & 63));
    }
    const j = source + <u32>load<u8>(s + ST_PREV_LZ);
    promote(s, j, load<u32>(s + ST_QUEUE + (<usize>j << 2)));
  }
  store<u8>(s + ST_PREV_LZ, 1);
}

/** Writes one item and moves the encoder's state past it. */
export function encodeItem(length: u32, source: u32): void {
  const s = ENCODER_STATE;
  const main = <usize>load<u8>(s + ST_MAIN);
  if (length == 1) {
    encodeBit(MAIN_PROBS + (main << 3), 0);
    encodeSymbol(LITERAL_ECODE, source);
  } else {
    encodeBit(MAIN_PROBS + (main << 3), 1);
    encodeBit(MATCH_PROBS + (<usize>load<u8>(s + ST_MATCH) << 3), 0);
    const lz = <usize>load<u8>(s + ST_LZ);
    if (source >= 3) {
      encodeBit(LZ_PROBS + (lz << 3), 0);
      const offset = source - 2;
      const slot = offsetSlot(offset);
      encodeSymbol(LZ_OFFSET_ECODE, slot);
      writeBits(offset - load<u32>(OFFSET_BASE + (<usize>slot << 2)), <u32>load<u8>(OFFSET_EXTRA + <usize>slot));
    } else {
      encodeBit(LZ_PROBS + (lz << 3), 1);
      encodeBit(LZ_REP0_PROBS + (<usize>load<u8>(s + ST_REP0) << 3), <u32>(source != 0));
      if (source != 0) encodeBit(LZ_REP1_PROBS + (<usize>load<u8>(s + ST_REP1) << 3), <u32>(source == 2));
    }
    const slot = lengthSlot(length);
    encodeSymbol(LENGTH_ECODE, slot);
    writeBits(length - load<u32>(LENGTH_BASE + (<usize>slot << 2)), <u32>load<u8>(LENGTH_EXTRA + <usize>slot));
  }
  advanceState(s, length, source);
}
