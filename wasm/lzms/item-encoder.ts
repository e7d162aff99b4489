// LZMS item encoder: writes literals and LZ matches with the range encoder and the adaptive Huffman codes, keeping
// the same adaptive state the decoder keeps (decompress.ts): the decision-class states, the LZ repeat queue with
// its one-item delay, and the five codes with their rebuild schedule.
//
// Items: length 1 = literal (source = the byte). Length ≥ 2 = a match. LZ match: source 0–2 for a repeat match
// (the repeat index the decoder reads) or offset + 2 for an explicit offset. Delta match: DELTA_TAG set, then
// 0–2 for a repeat, or (power << 28 | raw offset) + 3 for an explicit pair. The repeat queues are kept as the
// decoder keeps them: a match's source goes to the front at once, and right after a match of the same kind the
// usable entries are 1–3 instead of 0–2 (the front one is not yet visible), so repeat index r means queue entry
// r + prevLz (or r + prevDelta). Delta pairs are queued as power << 28 | raw offset.

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
import {
  DELTA_PROBS,
  DELTA_REP0_PROBS,
  DELTA_REP1_PROBS,
  LZ_PROBS,
  LZ_REP0_PROBS,
  LZ_REP1_PROBS,
  MAIN_PROBS,
  MATCH_PROBS,
  resetProbabilities,
} from './probabilities';
import { encodeBit } from './range-encoder';
import { writeBits } from './bitstream-writer';
import { ENCODE_DESCRIPTOR_SIZE, encodeSymbol, initEncodeCode } from './huffman-encode';
import { lengthSlot, offsetSlot } from './slot-tables';

export const LITERAL_ECODE: usize = memory.data(ENCODE_DESCRIPTOR_SIZE, 16);
export const LZ_OFFSET_ECODE: usize = memory.data(ENCODE_DESCRIPTOR_SIZE, 16);
export const LENGTH_ECODE: usize = memory.data(ENCODE_DESCRIPTOR_SIZE, 16);
export const DELTA_OFFSET_ECODE: usize = memory.data(ENCODE_DESCRIPTOR_SIZE, 16);
export const POWER_ECODE: usize = memory.data(ENCODE_DESCRIPTOR_SIZE, 16);

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
export const DELTA_OFFSET_LENS: usize = memory.data(800, 16);
const DELTA_OFFSET_WORDS: usize = memory.data(2 * 800, 16);
const POWER_FREQS: usize = memory.data(4 * 8, 16);
export const POWER_LENS: usize = memory.data(8, 16);
const POWER_WORDS: usize = memory.data(2 * 8, 16);

/**
 * The adaptive state a parser needs to price items, in one record (also the layout of a parse node's state, see
 * compress.ts; bytes 12–55): the LZ queue, u8 flags and decision states, the delta queue.
 */
export const ST_QUEUE = 12; // u32[4] LZ offsets
export const ST_PREV_LZ = 28;
export const ST_MAIN = 29;
export const ST_MATCH = 30;
export const ST_LZ = 31;
export const ST_REP0 = 32;
export const ST_REP1 = 33;
export const ST_PREV_DELTA = 34;
export const ST_DELTA = 35;
export const ST_DREP0 = 36;
export const ST_DREP1 = 37;
export const ST_DQUEUE = 40; // u32[4] delta pairs
export const STATE_RECORD_SIZE = 56;

export const DELTA_TAG: u32 = 0x80000000;
export const DELTA_POWER_SHIFT: u32 = 28;
export const DELTA_RAW_MASK: u32 = (1 << 28) - 1;

/** The encoder's own state record (what the decoder will have after the items written so far). */
export const ENCODER_STATE: usize = memory.data(STATE_RECORD_SIZE, 16);

/** Resets the codes, probabilities and state for a chunk with `offsetSlots` offset symbols. */
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

/** The state at the start of a chunk: LZ queue {1, 2, 3, 4}, delta queue {(0,1) … (0,4)}, every state 0. */
export function initState(s: usize): void {
  for (let k: u32 = 0; k < 4; k++) {
    store<u32>(s + ST_QUEUE + (<usize>k << 2), k + 1);
    store<u32>(s + ST_DQUEUE + (<usize>k << 2), k + 1);
  }
  store<u64>(s + ST_PREV_LZ, 0); // bytes 28–35
  store<u16>(s + ST_DREP0, 0); // bytes 36–37
}

/** Moves entry j (0–3) of the queue at `q` to the front, or puts `value` there when j = 3 and it is new. */
// @ts-ignore: decorator
@inline
export function promote(q: usize, j: u32, value: u32): void {
  for (let k = j; k > 0; k--) store<u32>(q + (<usize>k << 2), load<u32>(q + (<usize>(k - 1) << 2)));
  store<u32>(q, value);
}

// @ts-ignore: decorator
@inline
function shiftState(at: usize, bit: u32, mask: u32): void {
  store<u8>(at, <u8>(((<u32>load<u8>(at) << 1) | bit) & mask));
}

/** Updates state record `s` for one item, exactly as the decoder's state moves (no output). */
// @ts-ignore: decorator
@inline
export function advanceState(s: usize, length: u32, source: u32): void {
  if (length == 1) {
    shiftState(s + ST_MAIN, 0, 15);
    store<u8>(s + ST_PREV_LZ, 0);
    store<u8>(s + ST_PREV_DELTA, 0);
    return;
  }
  shiftState(s + ST_MAIN, 1, 15);
  if ((source & DELTA_TAG) == 0) {
    shiftState(s + ST_MATCH, 0, 31);
    if (source >= 3) {
      shiftState(s + ST_LZ, 0, 63);
      promote(s + ST_QUEUE, 3, source - 2);
    } else {
      shiftState(s + ST_LZ, 1, 63);
      shiftState(s + ST_REP0, <u32>(source != 0), 63);
      if (source != 0) shiftState(s + ST_REP1, <u32>(source == 2), 63);
      const j = source + <u32>load<u8>(s + ST_PREV_LZ);
      promote(s + ST_QUEUE, j, load<u32>(s + ST_QUEUE + (<usize>j << 2)));
    }
    store<u8>(s + ST_PREV_LZ, 1);
    store<u8>(s + ST_PREV_DELTA, 0);
  } else {
    const v = source & ~DELTA_TAG;
    shiftState(s + ST_MATCH, 1, 31);
    if (v >= 3) {
      shiftState(s + ST_DELTA, 0, 63);
      promote(s + ST_DQUEUE, 3, v - 3);
    } else {
      shiftState(s + ST_DELTA, 1, 63);
      shiftState(s + ST_DREP0, <u32>(v != 0), 63);
      if (v != 0) shiftState(s + ST_DREP1, <u32>(v == 2), 63);
      const j = v + <u32>load<u8>(s + ST_PREV_DELTA);
      promote(s + ST_DQUEUE, j, load<u32>(s + ST_DQUEUE + (<usize>j << 2)));
    }
    store<u8>(s + ST_PREV_LZ, 0);
    store<u8>(s + ST_PREV_DELTA, 1);
  }
}

// @ts-ignore: decorator
@inline
function writeOffsetExtra(value: u32, slot: u32): void {
  writeBits(value - load<u32>(OFFSET_BASE + (<usize>slot << 2)), <u32>load<u8>(OFFSET_EXTRA + <usize>slot));
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
    const match = <usize>load<u8>(s + ST_MATCH);
    if ((source & DELTA_TAG) == 0) {
      encodeBit(MATCH_PROBS + (match << 3), 0);
      const lz = <usize>load<u8>(s + ST_LZ);
      if (source >= 3) {
        encodeBit(LZ_PROBS + (lz << 3), 0);
        const offset = source - 2;
        const slot = offsetSlot(offset);
        encodeSymbol(LZ_OFFSET_ECODE, slot);
        writeOffsetExtra(offset, slot);
      } else {
        encodeBit(LZ_PROBS + (lz << 3), 1);
        encodeBit(LZ_REP0_PROBS + (<usize>load<u8>(s + ST_REP0) << 3), <u32>(source != 0));
        if (source != 0) encodeBit(LZ_REP1_PROBS + (<usize>load<u8>(s + ST_REP1) << 3), <u32>(source == 2));
      }
    } else {
      encodeBit(MATCH_PROBS + (match << 3), 1);
      const v = source & ~DELTA_TAG;
      const delta = <usize>load<u8>(s + ST_DELTA);
      if (v >= 3) {
        encodeBit(DELTA_PROBS + (delta << 3), 0);
        const pair = v - 3;
        const raw = pair & DELTA_RAW_MASK;
        encodeSymbol(POWER_ECODE, pair >> DELTA_POWER_SHIFT);
        const slot = offsetSlot(raw);
        encodeSymbol(DELTA_OFFSET_ECODE, slot);
        writeOffsetExtra(raw, slot);
      } else {
        encodeBit(DELTA_PROBS + (delta << 3), 1);
        encodeBit(DELTA_REP0_PROBS + (<usize>load<u8>(s + ST_DREP0) << 3), <u32>(v != 0));
        if (v != 0) encodeBit(DELTA_REP1_PROBS + (<usize>load<u8>(s + ST_DREP1) << 3), <u32>(v == 2));
      }
    }
    const slot = lengthSlot(length);
    encodeSymbol(LENGTH_ECODE, slot);
    writeBits(length - load<u32>(LENGTH_BASE + (<usize>slot << 2)), <u32>load<u8>(LENGTH_EXTRA + <usize>slot));
  }
  advanceState(s, length, source);
}
