// The LZX hot loop: decodes the symbols of one verbatim or aligned block (wim-format.md §13.3, "Symbols").
//
// Main symbol < 256 is a literal; otherwise m = sym − 256, length header m & 7 (7 → add a length-code symbol),
// length = header + 2, offset slot m >> 3. Slots 0-2 reuse R0-R2 (using Rk swaps it with R0); other slots read
// extra bits, in aligned blocks the low 3 of ≥ 3 extra bits through the aligned code, and push R1→R2, R0→R1.
// Matches never cross the block end (wimlib rejects them too).
//
// The bit reader state lives in locals here (64-bit buffer). Refills are branch-free: OR in the next four words
// right below the valid bits and count the whole words that fit (48..63 bits then). Bits below `count` are the
// true bits of the next word, so OR-ing them again changes nothing, and count stays ≤ 63, so the shift is exact.
// One refill before the main symbol covers it, a second literal's symbol and a length symbol (3 × 16 bits); a
// second one covers the extra bits (≤ 17, or 14 verbatim + 7 aligned).
import { ERROR_BAD_OFFSET, ERROR_CORRUPT } from '../shared/errors';
import { bitBuffer, bitCount, bitEnd, bitNext, bitRestore, loadFourWords, peekBits } from '../shared/bit-reader';
import { lookupEntry, SUBTABLE } from '../shared/huffman';
import { copyMatch } from '../shared/match-copy';
import { ALIGNED_TABLE_BITS, LENGTH_TABLE_BITS, LZX_MAX_OFFSET_SLOTS, LZX_MIN_ALIGNED_SLOT, MAIN_TABLE_BITS } from './constants';
import { slotBase, slotExtraBits } from './slots';
import { alignedTable, lengthTable, mainTable } from './tables';

let recent0: u32 = 1;
let recent1: u32 = 1;
let recent2: u32 = 1;

/** R0-R2 at chunk start (1, 1, 1) or as stored by an uncompressed block. */
export function setRecentOffsets(r0: u32, r1: u32, r2: u32): void {
  recent0 = r0;
  recent1 = r1;
  recent2 = r2;
}

// @ts-ignore: decorator
@inline function lookup(table: usize, tableBits: u32, buffer: u64): u32 {
  return load<u32>(table + (<usize>peekBits(buffer, tableBits) << 2));
}

// @ts-ignore: decorator
@inline function lookupSubtable(table: usize, entry: u32, buffer: u64): u32 {
  return load<u32>(table + (<usize>((entry >> 16) + peekBits(buffer, (entry >> 8) & 31)) << 2));
}

/** Decodes output bytes [out, blockEnd) of a compressed block; 0 or a negative error. */
export function decodeBlock(outStart: usize, out: usize, blockEnd: usize, aligned: bool): i32 {
  let buffer = bitBuffer();
  let count = bitCount();
  let next = bitNext();
  // Reading beyond this point (buffer ≤ 64 bits) means more bits were consumed than the input holds.
  const refillLimit = bitEnd() + 8;
  let words: u32;
  let r0 = recent0;
  let r1 = recent1;
  let r2 = recent2;
  const minAlignedSlot: u32 = aligned ? LZX_MIN_ALIGNED_SLOT : LZX_MAX_OFFSET_SLOTS;

  while (out < blockEnd) {
    buffer |= loadFourWords(next) >> <u64>count;
    words = (63 - count) >> 4;
    next += <usize>(words << 1);
    count += words << 4;
    if (next > refillLimit) return ERROR_CORRUPT;
    let entry = lookupEntry(mainTable, MAIN_TABLE_BITS, buffer);
    let used = entry & 31;
    buffer <<= <u64>used;
    count -= used;
    let symbol = entry >> 16;
    if (symbol < 256) {
      // Literals come in runs: after one, ≥ 32 bits remain, enough for another main symbol and a length symbol
      // (the offset's extra bits get a refill of their own), so the next symbol skips the loop and its refill.
      store<u8>(out, <u8>symbol);
      out++;
      if (out >= blockEnd) break;
      entry = lookupEntry(mainTable, MAIN_TABLE_BITS, buffer);
      used = entry & 31;
      buffer <<= <u64>used;
      count -= used;
      symbol = entry >> 16;
      if (symbol < 256) {
        store<u8>(out, <u8>symbol);
        out++;
        continue;
      }
    }
    const header = (symbol - 256) & 7;
    const slot = (symbol - 256) >> 3;
    let length = header + 2;
    if (header == 7) {
      entry = lookup(lengthTable, LENGTH_TABLE_BITS, buffer);
      if (entry & SUBTABLE) {
        buffer <<= <u64>LENGTH_TABLE_BITS;
        count -= LENGTH_TABLE_BITS;
        entry = lookupSubtable(lengthTable, entry, buffer);
      }
      used = entry & 31;
      buffer <<= <u64>used;
      count -= used;
      length += entry >> 16;
    }
    let offset: u32;
    if (slot < 3) {
      // Rk swaps with R0, written with selects: which of the three comes next is hard to predict.
      offset = select<u32>(r0, select<u32>(r1, r2, slot == 1), slot == 0);
      r1 = select<u32>(r0, r1, slot == 1);
      r2 = select<u32>(r0, r2, slot == 2);
      r0 = offset;
    } else {
      buffer |= loadFourWords(next) >> <u64>count;
    words = (63 - count) >> 4;
    next += <usize>(words << 1);
    count += words << 4;
      if (next > refillLimit) return ERROR_CORRUPT;
      const extra = <u32>load<u8>(slotExtraBits + slot);
      offset = load<u32>(slotBase + (slot << 2));
      if (slot >= minAlignedSlot) {
        const verbatim = extra - 3;
        offset += peekBits(buffer, verbatim) << 3;
        buffer <<= <u64>verbatim;
        count -= verbatim;
        entry = lookup(alignedTable, ALIGNED_TABLE_BITS, buffer);
        used = entry & 31;
        buffer <<= <u64>used;
        count -= used;
        offset += entry >> 16;
      } else {
        offset += peekBits(buffer, extra);
        buffer <<= <u64>extra;
        count -= extra;
      }
      r2 = r1;
      r1 = r0;
      r0 = offset;
    }
    if (<usize>offset > out - outStart) return ERROR_BAD_OFFSET;
    if (<usize>length > blockEnd - out) return ERROR_CORRUPT;
    copyMatch(out, offset, length);
    out += length;
  }
  bitRestore(buffer, count, next);
  recent0 = r0;
  recent1 = r1;
  recent2 = r2;
  return 0;
}
