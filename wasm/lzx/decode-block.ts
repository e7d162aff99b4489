// The LZX hot loop: decodes the symbols of one verbatim or aligned block (wim-format.md §13.3, "Symbols").
//
// Main symbol < 256 is a literal; otherwise m = sym − 256, length header m & 7 (7 → add a length-code symbol),
// length = header + 2, offset slot m >> 3. Slots 0-2 reuse R0-R2 (using Rk swaps it with R0); other slots read
// extra bits, in aligned blocks the low 3 of ≥ 3 extra bits through the aligned code, and push R1→R2, R0→R1.
// Matches never cross the block end (wimlib rejects them too).
//
// The bit reader state lives in locals here (64-bit buffer, refilled 32 bits at a time): a refill before the
// main symbol covers it and the length symbol (16 + 16 bits), a second one covers the extra bits (≤ 17, or
// 14 verbatim + 7 aligned).
import { ERROR_BAD_OFFSET, ERROR_CORRUPT } from '../shared/errors';
import { bitBuffer, bitCount, bitEnd, bitNext, bitRestore, loadWordPair, peekBits } from '../shared/bit-reader';
import { SUBTABLE } from '../shared/huffman';
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
  const refillLimit = bitEnd() + 4;
  let r0 = recent0;
  let r1 = recent1;
  let r2 = recent2;
  const minAlignedSlot: u32 = aligned ? LZX_MIN_ALIGNED_SLOT : LZX_MAX_OFFSET_SLOTS;

  while (out < blockEnd) {
    if (count < 32) {
      if (next > refillLimit) return ERROR_CORRUPT;
      buffer |= loadWordPair(next) << <u64>(32 - count);
      next += 4;
      count += 32;
    }
    let entry = lookup(mainTable, MAIN_TABLE_BITS, buffer);
    if (entry & SUBTABLE) {
      buffer <<= <u64>MAIN_TABLE_BITS;
      count -= MAIN_TABLE_BITS;
      entry = lookupSubtable(mainTable, entry, buffer);
    }
    let used = entry & 31;
    buffer <<= <u64>used;
    count -= used;
    const symbol = entry >> 16;
    if (symbol < 256) {
      store<u8>(out, <u8>symbol);
      out++;
      continue;
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
      if (slot == 0) {
        offset = r0;
      } else if (slot == 1) {
        offset = r1;
        r1 = r0;
        r0 = offset;
      } else {
        offset = r2;
        r2 = r0;
        r0 = offset;
      }
    } else {
      if (count < 32) {
        if (next > refillLimit) return ERROR_CORRUPT;
        buffer |= loadWordPair(next) << <u64>(32 - count);
        next += 4;
        count += 32;
      }
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
