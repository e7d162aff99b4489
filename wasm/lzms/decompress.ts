// LZMS chunk decoder: the item loop (literals, LZ matches, delta matches, repeat queues), then the x86 filter undo.
//
// Rules from wimlib src/lzms_decompress.c (header comment and lzms_decompress) and src/lzms_common.c, cross-checked
// with 7-Zip CPP/7zip/Compress/LzmsDecoder.cpp; /work/shared/docs/wim-format.md §13.4. Per item:
//   main bit 0 → literal (literal code).
//   main bit 1, match bit 0 → LZ match: lz bit 0 → explicit offset (offset slot + extra bits); 1 → repeat,
//     with lz-rep bits choosing queue entry 0, 1 or 2; then the length (length slot + extra bits).
//   main bit 1, match bit 1 → delta match: delta bit 0 → explicit power (power code) then raw offset (delta offset
//     slot + extra bits); 1 → repeat pair chosen by delta-rep bits; then the length.
//     span = 2^power, offset = raw << power; each byte = out[−offset] + out[−span] − out[−offset − span].
// Repeat queues hold 3 usable entries plus an overflow slot; a match's source goes to the front only after the
// NEXT item. We insert it at once instead, and when the previous item was a match of the same kind we read the
// queue one slot further (the front entry is not yet visible). Using entry j moves it to the front.

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
  initSlotTables,
  numOffsetSlots,
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
} from './probabilities';
import { decodeBit, rangeDecoderInit } from './range-decoder';
import { bitstreamInit, ensureBits, takeBits } from './bitstream';
import { DESCRIPTOR_SIZE, decodeSymbol, initCode } from './huffman-code';
import { copyMatch } from '../shared/match-copy';
import { ERROR_BAD_OFFSET, ERROR_CORRUPT } from '../shared/errors';
import { undoX86Filter } from './x86-filter';
import {
  DELTA_OFFSET_BITS,
  DELTA_OFFSET_TABLE,
  LENGTH_BITS,
  LENGTH_TABLE,
  LITERAL_BITS,
  LITERAL_TABLE,
  LZ_OFFSET_BITS,
  LZ_OFFSET_TABLE,
  POWER_BITS,
  POWER_TABLE,
} from './workspace';

// Per-code descriptors (huffman-code.ts) and symbol frequencies. memory.data needs literal sizes: 256, 800
// (MAX_NUM_OFFSET_SYMS rounded up), 54 and 8 are the alphabet sizes of constants.ts.
const LITERAL_CODE: usize = memory.data(DESCRIPTOR_SIZE, 16);
const LZ_OFFSET_CODE: usize = memory.data(DESCRIPTOR_SIZE, 16);
const LENGTH_CODE: usize = memory.data(DESCRIPTOR_SIZE, 16);
const DELTA_OFFSET_CODE: usize = memory.data(DESCRIPTOR_SIZE, 16);
const POWER_CODE: usize = memory.data(DESCRIPTOR_SIZE, 16);
const LITERAL_FREQS: usize = memory.data(4 * 256, 16);
const LZ_OFFSET_FREQS: usize = memory.data(4 * 800, 16);
const LENGTH_FREQS: usize = memory.data(4 * 54, 16);
const DELTA_OFFSET_FREQS: usize = memory.data(4 * 800, 16);
const POWER_FREQS: usize = memory.data(4 * 8, 16);

/** u32[4] LZ offsets; u32[4] delta powers; u32[4] delta raw offsets. */
const LZ_QUEUE: usize = memory.data(16, 16);
const POWER_QUEUE: usize = memory.data(16, 16);
const RAW_QUEUE: usize = memory.data(16, 16);

/** Puts `value` (entry j, 0–3, or a new one for j = 3) at the front, shifting entries 0 … j − 1 back by one. */
// @ts-ignore: decorator
@inline
function promote(queue: usize, j: u32, value: u32): void {
  for (let k = j; k > 0; k--) store<u32>(queue + (<usize>k << 2), load<u32>(queue + (<usize>(k - 1) << 2)));
  store<u32>(queue, value);
}

// @ts-ignore: decorator
@inline
function readLength(): u32 {
  ensureBits(45);
  const slot = decodeSymbol(LENGTH_CODE, LENGTH_TABLE, LENGTH_FREQS, LENGTH_BITS);
  return load<u32>(LENGTH_BASE + (<usize>slot << 2)) + takeBits(<u32>load<u8>(LENGTH_EXTRA + <usize>slot));
}

/** Decodes `inLen` bytes at `input` into exactly `outLen` bytes at `output`; returns outLen or a negative error. */
export function decompressChunk(input: usize, inLen: u32, output: usize, outLen: u32): i32 {
  if ((inLen & 1) != 0 || inLen < 4) return ERROR_CORRUPT;
  initSlotTables();
  rangeDecoderInit(input, inLen);
  bitstreamInit(input, inLen);
  const slots = numOffsetSlots(outLen);
  initCode(LITERAL_CODE, NUM_LITERAL_SYMS, LITERAL_REBUILD_PERIOD, LITERAL_BITS, LITERAL_FREQS, LITERAL_TABLE);
  initCode(LZ_OFFSET_CODE, slots, LZ_OFFSET_REBUILD_PERIOD, LZ_OFFSET_BITS, LZ_OFFSET_FREQS, LZ_OFFSET_TABLE);
  initCode(LENGTH_CODE, NUM_LENGTH_SYMS, LENGTH_REBUILD_PERIOD, LENGTH_BITS, LENGTH_FREQS, LENGTH_TABLE);
  initCode(
    DELTA_OFFSET_CODE,
    slots,
    DELTA_OFFSET_REBUILD_PERIOD,
    DELTA_OFFSET_BITS,
    DELTA_OFFSET_FREQS,
    DELTA_OFFSET_TABLE,
  );
  initCode(POWER_CODE, NUM_DELTA_POWER_SYMS, DELTA_POWER_REBUILD_PERIOD, POWER_BITS, POWER_FREQS, POWER_TABLE);
  for (let k: u32 = 0; k < 4; k++) {
    store<u32>(LZ_QUEUE + (<usize>k << 2), k + 1);
    store<u32>(POWER_QUEUE + (<usize>k << 2), 0);
    store<u32>(RAW_QUEUE + (<usize>k << 2), k + 1);
  }

  let mainState: u32 = 0;
  let matchState: u32 = 0;
  let lzState: u32 = 0;
  let deltaState: u32 = 0;
  let lzRep0State: u32 = 0;
  let lzRep1State: u32 = 0;
  let deltaRep0State: u32 = 0;
  let deltaRep1State: u32 = 0;
  let prevLz: u32 = 0; // 1 when the previous item was an LZ match
  let prevDelta: u32 = 0; // 1 when the previous item was a delta match

  let pos: u32 = 0;
  while (pos < outLen) {
    let bit = decodeBit(MAIN_PROBS + (<usize>mainState << 3));
    mainState = ((mainState << 1) | bit) & 15;
    if (bit == 0) {
      ensureBits(15);
      const literal = decodeSymbol(LITERAL_CODE, LITERAL_TABLE, LITERAL_FREQS, LITERAL_BITS);
      store<u8>(output + <usize>pos, <u8>literal);
      pos++;
      prevLz = 0;
      prevDelta = 0;
      continue;
    }
    bit = decodeBit(MATCH_PROBS + (<usize>matchState << 3));
    matchState = ((matchState << 1) | bit) & 31;
    if (bit == 0) {
      // LZ match.
      bit = decodeBit(LZ_PROBS + (<usize>lzState << 3));
      lzState = ((lzState << 1) | bit) & 63;
      let offset: u32;
      if (bit == 0) {
        ensureBits(45);
        const slot = decodeSymbol(LZ_OFFSET_CODE, LZ_OFFSET_TABLE, LZ_OFFSET_FREQS, LZ_OFFSET_BITS);
        offset = load<u32>(OFFSET_BASE + (<usize>slot << 2)) + takeBits(<u32>load<u8>(OFFSET_EXTRA + <usize>slot));
        promote(LZ_QUEUE, 3, offset);
      } else {
        let rep: u32 = 0;
        bit = decodeBit(LZ_REP0_PROBS + (<usize>lzRep0State << 3));
        lzRep0State = ((lzRep0State << 1) | bit) & 63;
        if (bit != 0) {
          bit = decodeBit(LZ_REP1_PROBS + (<usize>lzRep1State << 3));
          lzRep1State = ((lzRep1State << 1) | bit) & 63;
          rep = 1 + bit;
        }
        const j = rep + prevLz;
        offset = load<u32>(LZ_QUEUE + (<usize>j << 2));
        promote(LZ_QUEUE, j, offset);
      }
      prevLz = 1;
      prevDelta = 0;
      const length = readLength();
      if (offset > pos) return ERROR_BAD_OFFSET;
      if (length > outLen - pos) return ERROR_CORRUPT;
      copyMatch(output + <usize>pos, <usize>offset, <usize>length);
      pos += length;
      continue;
    }
    // Delta match.
    bit = decodeBit(DELTA_PROBS + (<usize>deltaState << 3));
    deltaState = ((deltaState << 1) | bit) & 63;
    let power: u32;
    let raw: u32;
    if (bit == 0) {
      ensureBits(45);
      power = decodeSymbol(POWER_CODE, POWER_TABLE, POWER_FREQS, POWER_BITS);
      ensureBits(45);
      const slot = decodeSymbol(DELTA_OFFSET_CODE, DELTA_OFFSET_TABLE, DELTA_OFFSET_FREQS, DELTA_OFFSET_BITS);
      raw = load<u32>(OFFSET_BASE + (<usize>slot << 2)) + takeBits(<u32>load<u8>(OFFSET_EXTRA + <usize>slot));
      promote(POWER_QUEUE, 3, power);
      promote(RAW_QUEUE, 3, raw);
    } else {
      let rep: u32 = 0;
      bit = decodeBit(DELTA_REP0_PROBS + (<usize>deltaRep0State << 3));
      deltaRep0State = ((deltaRep0State << 1) | bit) & 63;
      if (bit != 0) {
        bit = decodeBit(DELTA_REP1_PROBS + (<usize>deltaRep1State << 3));
        deltaRep1State = ((deltaRep1State << 1) | bit) & 63;
        rep = 1 + bit;
      }
      const j = rep + prevDelta;
      power = load<u32>(POWER_QUEUE + (<usize>j << 2));
      raw = load<u32>(RAW_QUEUE + (<usize>j << 2));
      promote(POWER_QUEUE, j, power);
      promote(RAW_QUEUE, j, raw);
    }
    prevLz = 0;
    prevDelta = 1;
    const length = readLength();
    // offset = raw × 2^power and offset + span must both fit, and lie within what is already decoded.
    const span = <u64>1 << <u64>power;
    const offset = <u64>raw << <u64>power;
    if (offset + span > <u64>pos) return offset + span > <u64>0xffffffff ? ERROR_CORRUPT : ERROR_BAD_OFFSET;
    if (length > outLen - pos) return ERROR_CORRUPT;
    const out = output + <usize>pos;
    const back = <usize>offset;
    const s = <usize>span;
    for (let k: usize = 0; k < <usize>length; k++) {
      const at = out + k;
      store<u8>(at, load<u8>(at - back) + load<u8>(at - s) - load<u8>(at - back - s));
    }
    pos += length;
  }
  undoX86Filter(output, outLen);
  return <i32>outLen;
}
