// LZX block writer, WIM variant (wim-format.md §13.3): turns a run of parsed items into one verbatim or
// aligned-offset block — header, code lengths coded with pre-codes as deltas against the previous block's
// lengths, then the items. The block type is chosen per block: aligned when the aligned code saves more bits on
// the low 3 offset bits than its 24-bit header costs.
//
// Items are (u32 length, u32 value) pairs: length 0 = literal `value`; else `value` is the LZX "formatted
// offset": 0–2 = repeat offset R0–R2, otherwise offset + 2 (the classic position-slot input).
import { bitOverflow, writeBits } from '../shared/bit-writer';
import { buildHuffmanCode } from '../shared/huffman-encode';
import {
  LZX_ALIGNED_SYMBOLS,
  LZX_BLOCKTYPE_ALIGNED,
  LZX_BLOCKTYPE_VERBATIM,
  LZX_DEFAULT_BLOCK_SIZE,
  LZX_LENGTH_SYMBOLS,
  LZX_MAX_ALIGNED_CODEWORD_LENGTH,
  LZX_MAX_LENGTH_CODEWORD_LENGTH,
  LZX_MAX_MAIN_CODEWORD_LENGTH,
  LZX_MAX_MAIN_SYMBOLS,
  LZX_MAX_PRECODE_CODEWORD_LENGTH,
  LZX_MIN_ALIGNED_SLOT,
  LZX_MIN_MATCH_LENGTH,
  LZX_NUM_CHARS,
  LZX_NUM_PRIMARY_LENGTHS,
  LZX_PRECODE_SYMBOLS,
} from './constants';
import { slotBase, slotExtraBits } from './slots';

export const mainFreqs = memory.data(4 * LZX_MAX_MAIN_SYMBOLS, 16);
export const lengthFreqs = memory.data(4 * LZX_LENGTH_SYMBOLS, 16);
export const alignedFreqs = memory.data(4 * LZX_ALIGNED_SYMBOLS, 16);
export const mainLengths = memory.data(LZX_MAX_MAIN_SYMBOLS, 16);
export const lengthLengths = memory.data(LZX_LENGTH_SYMBOLS + 16, 16);
const alignedLengths = memory.data(LZX_ALIGNED_SYMBOLS, 16);
const mainCodes = memory.data(4 * LZX_MAX_MAIN_SYMBOLS, 16);
const lengthCodes = memory.data(4 * LZX_LENGTH_SYMBOLS, 16);
const alignedCodes = memory.data(4 * LZX_ALIGNED_SYMBOLS, 16);
// The previous block's lengths (the deltas' reference), reset per chunk.
const previousMain = memory.data(LZX_MAX_MAIN_SYMBOLS, 16);
const previousLength = memory.data(LZX_LENGTH_SYMBOLS + 16, 16);
// Pre-code items of one run: symbol | extra << 8 | (second symbol for 19) << 16.
const precodeItems = memory.data(4 * (LZX_MAX_MAIN_SYMBOLS + 16), 16);
const precodeFreqs = memory.data(4 * LZX_PRECODE_SYMBOLS, 16);
const precodeLengths = memory.data(LZX_PRECODE_SYMBOLS, 16);
const precodeCodes = memory.data(4 * LZX_PRECODE_SYMBOLS, 16);

/** Offset slot of a formatted offset f ≥ 3 (classic table: two slots per power of two, 2^17 steps from slot 38). */
// @ts-ignore: decorator
@inline export function offsetSlot(f: u32): u32 {
  if (f >= 524288) return 38 + ((f - 524288) >> 17);
  const log = 31 - clz<u32>(f);
  return 2 * log + ((f >> (log - 1)) & 1);
}

/** Main symbol of a match: 256 + 8 × slot + length header. */
// @ts-ignore: decorator
@inline export function matchMainSymbol(length: u32, formatted: u32): u32 {
  const slot = formatted < 3 ? formatted : offsetSlot(formatted);
  return LZX_NUM_CHARS + (slot << 3) + min(length - LZX_MIN_MATCH_LENGTH, LZX_NUM_PRIMARY_LENGTHS);
}

export function resetPreviousLengths(): void {
  memory.fill(previousMain, 0, LZX_MAX_MAIN_SYMBOLS);
  memory.fill(previousLength, 0, LZX_LENGTH_SYMBOLS + 16);
}

/** Counts the symbols of items [first, last) into the three frequency tables (cleared first). */
export function countBlockSymbols(items: usize, first: u32, last: u32): void {
  memory.fill(mainFreqs, 0, 4 * LZX_MAX_MAIN_SYMBOLS);
  memory.fill(lengthFreqs, 0, 4 * LZX_LENGTH_SYMBOLS);
  memory.fill(alignedFreqs, 0, 4 * LZX_ALIGNED_SYMBOLS);
  for (let k = first; k < last; k++) {
    const at = items + (<usize>k << 3);
    const length = load<u32>(at);
    const value = load<u32>(at + 4);
    if (length == 0) {
      bump(mainFreqs, value);
      continue;
    }
    bump(mainFreqs, matchMainSymbol(length, value));
    if (length - LZX_MIN_MATCH_LENGTH >= LZX_NUM_PRIMARY_LENGTHS) bump(lengthFreqs, length - LZX_MIN_MATCH_LENGTH - LZX_NUM_PRIMARY_LENGTHS);
    if (value >= 3) {
      const slot = offsetSlot(value);
      if (slot >= LZX_MIN_ALIGNED_SLOT) bump(alignedFreqs, (value - 2 - load<u32>(slotBase + (slot << 2))) & 7);
    }
  }
}

// @ts-ignore: decorator
@inline function bump(table: usize, symbol: u32): void {
  const at = table + (<usize>symbol << 2);
  store<u32>(at, load<u32>(at) + 1);
}

/** Builds the main and length codes from the frequency tables (also what the cost model reads). */
export function buildMainAndLengthCodes(mainSymbols: u32): void {
  buildHuffmanCode(mainFreqs, mainSymbols, LZX_MAX_MAIN_CODEWORD_LENGTH, mainLengths, mainCodes);
  buildHuffmanCode(lengthFreqs, LZX_LENGTH_SYMBOLS, LZX_MAX_LENGTH_CODEWORD_LENGTH, lengthLengths, lengthCodes);
}

// @ts-ignore: decorator
@inline function pushPrecodeItem(k: u32, item: u32): void {
  store<u32>(precodeItems + (<usize>k << 2), item);
}

/** Codes `count` lengths against the previous ones with a fresh pre-code. */
function writeLengths(lengths: usize, previous: usize, count: u32): void {
  let n: u32 = 0;
  let i: u32 = 0;
  while (i < count) {
    const value = load<u8>(lengths + i);
    let run: u32 = 1;
    while (i + run < count && load<u8>(lengths + i + run) == value) run++;
    if (value == 0) {
      while (run >= 20) {
        const r = min<u32>(run, 51);
        pushPrecodeItem(n++, 18 | ((r - 20) << 8));
        i += r;
        run -= r;
      }
      if (run >= 4) {
        pushPrecodeItem(n++, 17 | ((run - 4) << 8));
        i += run;
        run = 0;
      }
    } else {
      while (run >= 4) {
        const r = min<u32>(run, 5);
        const delta = (<u32>load<u8>(previous + i) + 17 - value) % 17;
        pushPrecodeItem(n++, 19 | ((r - 4) << 8) | (delta << 16));
        i += r;
        run -= r;
      }
    }
    while (run > 0) {
      const delta = (<u32>load<u8>(previous + i) + 17 - <u32>load<u8>(lengths + i)) % 17;
      pushPrecodeItem(n++, delta);
      i++;
      run--;
    }
  }
  memory.fill(precodeFreqs, 0, 4 * LZX_PRECODE_SYMBOLS);
  for (let k: u32 = 0; k < n; k++) {
    const item = load<u32>(precodeItems + (<usize>k << 2));
    bump(precodeFreqs, item & 0xFF);
    if ((item & 0xFF) == 19) bump(precodeFreqs, item >> 16);
  }
  buildHuffmanCode(precodeFreqs, LZX_PRECODE_SYMBOLS, LZX_MAX_PRECODE_CODEWORD_LENGTH, precodeLengths, precodeCodes);
  for (let s: u32 = 0; s < LZX_PRECODE_SYMBOLS; s++) writeBits(load<u8>(precodeLengths + s), 4);
  for (let k: u32 = 0; k < n; k++) {
    const item = load<u32>(precodeItems + (<usize>k << 2));
    const symbol = item & 0xFF;
    writeBits(load<u32>(precodeCodes + (symbol << 2)), load<u8>(precodeLengths + symbol));
    if (symbol == 17) writeBits((item >> 8) & 0xFF, 4);
    else if (symbol == 18) writeBits((item >> 8) & 0xFF, 5);
    else if (symbol == 19) {
      writeBits((item >> 8) & 0xFF, 1);
      const same = item >> 16;
      writeBits(load<u32>(precodeCodes + (same << 2)), load<u8>(precodeLengths + same));
    }
  }
}

/**
 * Writes items [first, last) covering `size` bytes as one block. Codes are built here from the items' own
 * frequencies; the previous-lengths reference is updated for the next block.
 */
export function writeBlock(items: usize, first: u32, last: u32, size: u32, mainSymbols: u32, windowOrder: u32): void {
  countBlockSymbols(items, first, last);
  buildMainAndLengthCodes(mainSymbols);
  buildHuffmanCode(alignedFreqs, LZX_ALIGNED_SYMBOLS, LZX_MAX_ALIGNED_CODEWORD_LENGTH, alignedLengths, alignedCodes);
  let verbatimBits: u32 = 0;
  let alignedBits: u32 = 24;
  for (let s: u32 = 0; s < LZX_ALIGNED_SYMBOLS; s++) {
    const f = load<u32>(alignedFreqs + (s << 2));
    verbatimBits += 3 * f;
    alignedBits += f * load<u8>(alignedLengths + s);
  }
  const aligned = alignedBits < verbatimBits;

  writeBits(aligned ? LZX_BLOCKTYPE_ALIGNED : LZX_BLOCKTYPE_VERBATIM, 3);
  if (size == LZX_DEFAULT_BLOCK_SIZE) {
    writeBits(1, 1);
  } else {
    writeBits(0, 1);
    if (windowOrder >= 16) {
      writeBits(size >> 8, 16);
      writeBits(size & 0xFF, 8);
    } else {
      writeBits(size, 16);
    }
  }
  if (aligned) {
    for (let s: u32 = 0; s < LZX_ALIGNED_SYMBOLS; s++) writeBits(load<u8>(alignedLengths + s), 3);
  }
  writeLengths(mainLengths, previousMain, LZX_NUM_CHARS);
  writeLengths(mainLengths + LZX_NUM_CHARS, previousMain + LZX_NUM_CHARS, mainSymbols - LZX_NUM_CHARS);
  writeLengths(lengthLengths, previousLength, LZX_LENGTH_SYMBOLS);
  memory.copy(previousMain, mainLengths, mainSymbols);
  memory.copy(previousLength, lengthLengths, LZX_LENGTH_SYMBOLS);

  for (let k = first; k < last && !bitOverflow; k++) {
    const at = items + (<usize>k << 3);
    const length = load<u32>(at);
    const value = load<u32>(at + 4);
    if (length == 0) {
      writeBits(load<u32>(mainCodes + (<usize>value << 2)), load<u8>(mainLengths + value));
      continue;
    }
    const symbol = matchMainSymbol(length, value);
    writeBits(load<u32>(mainCodes + (<usize>symbol << 2)), load<u8>(mainLengths + symbol));
    if (length - LZX_MIN_MATCH_LENGTH >= LZX_NUM_PRIMARY_LENGTHS) {
      const ls = length - LZX_MIN_MATCH_LENGTH - LZX_NUM_PRIMARY_LENGTHS;
      writeBits(load<u32>(lengthCodes + (<usize>ls << 2)), load<u8>(lengthLengths + ls));
    }
    if (value < 3) continue;
    const slot = offsetSlot(value);
    const extra = <u32>load<u8>(slotExtraBits + slot);
    const bits = value - 2 - load<u32>(slotBase + (slot << 2));
    if (aligned && slot >= LZX_MIN_ALIGNED_SLOT) {
      writeBits(bits >> 3, extra - 3);
      const low = bits & 7;
      writeBits(load<u32>(alignedCodes + (low << 2)), load<u8>(alignedLengths + low));
    } else {
      writeBits(bits, extra);
    }
  }
}
