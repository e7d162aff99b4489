// Canonical Huffman decode tables (wim-format.md §13.1: codes assigned by (length, symbol), shortest first,
// as in DEFLATE), for MSB-first bit readers.
//
// Table layout, one u32 per entry, indexed by the next `tableBits` bits of input:
//   direct entry   (symbol << 16) | length                          — codeword of length ≤ tableBits
//   subtable link  (subtableStart << 16) | (subtableBits << 8) | SUBTABLE | tableBits
// A link sends decoding to entries[subtableStart + next subtableBits bits] after consuming tableBits bits;
// subtable entries are direct entries whose length counts the bits after the first tableBits.
// Because bits are taken MSB-first, a codeword's entries form one contiguous range: no bit reversal needed.
//
// Validation follows wimlib's rules: lengths above maxLength or over-subscribing the code space are rejected,
// an incomplete code is rejected unless it is empty (all lengths 0: every entry then decodes symbol 0 with
// length 0, which valid streams never reach). An empty code is reported as EMPTY_CODE so that decoders whose
// main code must hold symbols can refuse it (it would decode without consuming input).
import { ERROR_BAD_LENGTHS } from './errors';
import { bitPeek, bitSkip, peekBits } from './bit-reader';

export const SUBTABLE: u32 = 0x80;
/** buildDecodeTable result for an all-zero length list (a valid, empty code). */
export const EMPTY_CODE: i32 = 1;
/** Largest alphabet and codeword length the builder's scratch space supports. */
export const MAX_SYMBOLS: u32 = 1024;
export const MAX_CODEWORD_LENGTH: u32 = 24;

const counts = memory.data(4 * (MAX_CODEWORD_LENGTH + 2), 16);
const offsets = memory.data(4 * (MAX_CODEWORD_LENGTH + 2), 16);
const sorted = memory.data(2 * MAX_SYMBOLS, 16);

// Callers size a table as (1 << tableBits) + (symbols << (maxLength - tableBits)) entries: the direct part plus
// the largest possible subtables (each holds at least one codeword and at most 2^(maxLength - tableBits) entries).

// @ts-ignore: decorator
@inline function fill(at: usize, entry: u32, n: u32): void {
  // Runs are powers of two, so one of ≥ 4 entries is filled exactly by 16-byte stores (rebuilding the tables for
  // every block or chunk is a visible part of decoding small chunks).
  if (n >= 4) {
    const four = i32x4.splat(entry);
    const stop = at + (<usize>n << 2);
    do {
      v128.store(at, four);
      at += 16;
    } while (at < stop);
  } else {
    for (let i: u32 = 0; i < n; i++) store<u32>(at + (<usize>i << 2), entry);
  }
}

/**
 * Builds the table at `table` (decodeTableEntries(...) u32 entries) from `symbols` byte lengths at `lengths`.
 * Returns 0, EMPTY_CODE, or ERROR_BAD_LENGTHS.
 */
export function buildDecodeTable(table: usize, lengths: usize, symbols: u32, tableBits: u32, maxLength: u32): i32 {
  for (let len: u32 = 0; len <= maxLength; len++) store<u32>(counts + (len << 2), 0);
  for (let s: u32 = 0; s < symbols; s++) {
    const len = <u32>load<u8>(lengths + s);
    if (len > maxLength) return ERROR_BAD_LENGTHS;
    store<u32>(counts + (len << 2), load<u32>(counts + (len << 2)) + 1);
  }
  // Kraft sum: `left` is the unused code space in units of the current length.
  let left: i32 = 1;
  for (let len: u32 = 1; len <= maxLength; len++) {
    left = (left << 1) - <i32>load<u32>(counts + (len << 2));
    if (left < 0) return ERROR_BAD_LENGTHS;
  }
  if (left != 0) {
    if (left != 1 << maxLength) return ERROR_BAD_LENGTHS;
    fill(table, 0, 1 << tableBits);
    return EMPTY_CODE;
  }
  // Symbols sorted by (length, symbol).
  store<u32>(offsets + 4, 0);
  for (let len: u32 = 1; len < maxLength; len++) {
    store<u32>(offsets + ((len + 1) << 2), load<u32>(offsets + (len << 2)) + load<u32>(counts + (len << 2)));
  }
  for (let s: u32 = 0; s < symbols; s++) {
    const len = <u32>load<u8>(lengths + s);
    if (len == 0) continue;
    const at = load<u32>(offsets + (len << 2));
    store<u16>(sorted + (at << 1), <u16>s);
    store<u32>(offsets + (len << 2), at + 1);
  }
  // Codewords in canonical order; `code` is the next codeword of length `len`.
  let code: u32 = 0;
  let index: u32 = 0;
  let len: u32 = 1;
  const direct = min(maxLength, tableBits);
  for (; len <= direct; len++) {
    let n = load<u32>(counts + (len << 2));
    const span: u32 = 1 << (tableBits - len);
    for (; n > 0; n--) {
      const symbol = <u32>load<u16>(sorted + (index << 1));
      fill(table + (<usize>(code << (tableBits - len)) << 2), (symbol << 16) | len, span);
      index++;
      code++;
    }
    code <<= 1;
  }
  // Longer codewords: one subtable per distinct tableBits-bit prefix.
  let nextSubtable: u32 = 1 << tableBits;
  let prefix: u32 = 0xFFFFFFFF;
  let subStart: u32 = 0;
  let subBits: u32 = 0;
  for (; len <= maxLength; len++) {
    const extra = len - tableBits;
    for (; load<u32>(counts + (len << 2)) > 0; ) {
      if (code >> extra != prefix) {
        prefix = code >> extra;
        // Grow the subtable until the codewords left (all sharing this prefix first) fill its space.
        subBits = extra;
        let space: i32 = 1 << subBits;
        for (;;) {
          space -= <i32>load<u32>(counts + ((tableBits + subBits) << 2));
          if (space <= 0) break;
          subBits++;
          space <<= 1;
        }
        subStart = nextSubtable;
        nextSubtable += 1 << subBits;
        store<u32>(table + (<usize>prefix << 2), (subStart << 16) | (subBits << 8) | SUBTABLE | tableBits);
      }
      const symbol = <u32>load<u16>(sorted + (index << 1));
      const suffix = code & ((1 << extra) - 1);
      const at = subStart + (suffix << (subBits - extra));
      fill(table + (<usize>at << 2), (symbol << 16) | extra, 1 << (subBits - extra));
      store<u32>(counts + (len << 2), load<u32>(counts + (len << 2)) - 1);
      index++;
      code++;
    }
    code <<= 1;
  }
  return 0;
}

/**
 * Looks up the entry for the bits at the top of `buffer`: returns the final direct entry, with the bits of a
 * subtable link already folded in (length field = total codeword length). For cold paths; hot loops inline
 * the same two steps.
 */
// @ts-ignore: decorator
@inline export function lookupEntry(table: usize, tableBits: u32, buffer: u64): u32 {
  let entry = load<u32>(table + (<usize>peekBits(buffer, tableBits) << 2));
  if (entry & SUBTABLE) {
    const sub = (entry >> 8) & 31;
    const at = (entry >> 16) + peekBits(buffer << <u64>tableBits, sub);
    entry = load<u32>(table + (<usize>at << 2));
    entry += tableBits;
  }
  return entry;
}

/** Decodes one symbol with the module-global bit reader (header parsing; codewords ≤ 32 bits). */
export function decodeSymbol(table: usize, tableBits: u32): u32 {
  const entry = lookupEntry(table, tableBits, <u64>bitPeek(32) << 32);
  bitSkip(entry & 31);
  return entry >> 16;
}
