// Adaptive Huffman codes of LZMS: frequencies, periodic rebuilds, decode tables and symbol decoding.
//
// Rules (wimlib src/lzms_decompress.c header comment and lzms_decode_huffman_symbol, src/lzms_common.c;
// /work/shared/docs/wim-format.md §13.4): every frequency starts at 1 and the code is built from them; after
// `period` symbols have been decoded with a code, it is rebuilt from the current frequencies and then every
// frequency f becomes f/2 + 1 (rounded down). Codes are canonical: codewords are handed out in (length, symbol)
// order, shorter first.
//
// Decode table: a primary table indexed by the next `tableBits` stream bits; codewords that are longer get a
// subtable reached through the primary entry. Entry layout (u32): symbol (or subtable start) << 16 | flags.
// Direct entry: low 5 bits = bits to consume. Subtable link: bit 7 set, low 5 bits = subtable index bits.
// The codes built here are always complete, so every entry gets filled.

import { MAX_CODEWORD_LENGTH } from './constants';
import { LENGTH_COUNT, computeCodeLengths } from './huffman-lengths';
import { peekBits, skipBits } from './bitstream';

const SUBTABLE_LINK: u32 = 0x80;

// Code descriptor: a few u32 fields in static memory, addressed by the descriptor's pointer.
const D_NUM_SYMS = 0;
const D_PERIOD = 4;
const D_COUNTDOWN = 8;
const D_TABLE_BITS = 12;
const D_FREQS = 16;
const D_TABLE = 20;
export const DESCRIPTOR_SIZE = 32;

const MAX_SYMS: i32 = 800; // MAX_NUM_OFFSET_SYMS + 1
const LENS: usize = memory.data(MAX_SYMS, 16); // u8 codeword length per symbol
const BY_LENGTH: usize = memory.data(2 * MAX_SYMS, 16); // u16 symbols in (length, symbol) order
const LEFT: usize = memory.data(4 * 16, 16); // u32 codewords of each length not yet placed
const OFFSETS: usize = memory.data(4 * 17, 16);

/** Entries needed for a table: primary plus the worst case of subtables (≤ 2^(15 − tableBits) per symbol). */
export function tableEntries(numSyms: u32, tableBits: u32): u32 {
  return (<u32>1 << tableBits) + numSyms * (<u32>1 << (MAX_CODEWORD_LENGTH - tableBits));
}

/** Writes `count` copies of `entry` from `at` (a run of 4 or more is 16-byte aligned); returns the end. */
// @ts-ignore: decorator
@inline
function fillEntries(at: usize, entry: u32, count: usize): usize {
  const stop = at + (count << 2);
  if (count >= 4) {
    const four = i32x4.splat(entry);
    do {
      v128.store(at, four);
      at += 16;
    } while (at < stop);
  } else {
    do {
      store<u32>(at, entry);
      at += 4;
    } while (at < stop);
  }
  return stop;
}

/** Fills the decode table from LENS / LENGTH_COUNT (a complete code over n ≥ 2 symbols). */
function buildDecodeTable(table: usize, n: u32, tableBits: u32): void {
  // Symbols ordered by (length, symbol): canonical codewords are consecutive along this order.
  store<u32>(OFFSETS + 4, 0);
  for (let len: u32 = 1; len < MAX_CODEWORD_LENGTH; len++) {
    const count = load<u32>(LENGTH_COUNT + (<usize>len << 2));
    store<u32>(OFFSETS + (<usize>(len + 1) << 2), load<u32>(OFFSETS + (<usize>len << 2)) + count);
  }
  for (let s: u32 = 0; s < n; s++) {
    const at = OFFSETS + (<usize>load<u8>(LENS + <usize>s) << 2);
    const k = load<u32>(at);
    store<u32>(at, k + 1);
    store<u16>(BY_LENGTH + (<usize>k << 1), <u16>s);
  }
  for (let len: u32 = 0; len <= MAX_CODEWORD_LENGTH; len++) {
    store<u32>(LEFT + (<usize>len << 2), load<u32>(LENGTH_COUNT + (<usize>len << 2)));
  }

  let k: u32 = 0; // index in BY_LENGTH
  let codeword: u32 = 0; // canonical codeword of BY_LENGTH[k], `len` bits
  let len: u32 = 1;
  while (load<u32>(LENGTH_COUNT + (<usize>len << 2)) == 0) len++;
  // Short codewords: each fills 2^(tableBits − len) consecutive primary entries.
  let fill: usize = table;
  while (k < n && len <= tableBits) {
    const entry = (<u32>load<u16>(BY_LENGTH + (<usize>k << 1)) << 16) | len;
    fill = fillEntries(fill, entry, <usize>1 << (tableBits - len));
    store<u32>(LEFT + (<usize>len << 2), load<u32>(LEFT + (<usize>len << 2)) - 1);
    k++;
    codeword++;
    while (k < n && load<u32>(LEFT + (<usize>len << 2)) == 0) {
      len++;
      codeword <<= 1;
    }
  }
  if (k >= n) return;

  // Long codewords: grouped by their first tableBits bits into subtables after the primary table.
  let subStart: u32 = <u32>1 << tableBits;
  let subBits: u32 = 0;
  let prefix: u32 = 0xffffffff;
  while (k < n) {
    const drop = len - tableBits;
    const head = codeword >> drop;
    if (head != prefix) {
      // New subtable: as wide as needed for the codewords sharing this prefix (they are all complete).
      if (prefix != 0xffffffff) subStart += <u32>1 << subBits;
      prefix = head;
      subBits = drop;
      let room: i32 = <i32>1 << subBits;
      while (subBits + tableBits < MAX_CODEWORD_LENGTH) {
        room -= <i32>load<u32>(LEFT + (<usize>(subBits + tableBits) << 2));
        if (room <= 0) break;
        subBits++;
        room <<= 1;
      }
      store<u32>(table + (<usize>head << 2), (subStart << 16) | SUBTABLE_LINK | subBits);
    }
    const entry = (<u32>load<u16>(BY_LENGTH + (<usize>k << 1)) << 16) | drop;
    const low = codeword & ((<u32>1 << drop) - 1);
    const at = table + ((<usize>subStart + (<usize>low << (subBits - drop))) << 2);
    fillEntries(at, entry, <usize>1 << (subBits - drop));
    store<u32>(LEFT + (<usize>len << 2), load<u32>(LEFT + (<usize>len << 2)) - 1);
    k++;
    codeword++;
    while (k < n && load<u32>(LEFT + (<usize>len << 2)) == 0) {
      len++;
      codeword <<= 1;
    }
  }
}

/** Rebuilds the code of descriptor `d` from its current frequencies. */
function buildCode(d: usize): void {
  const n = load<u32>(d + D_NUM_SYMS);
  const table = <usize>load<u32>(d + D_TABLE);
  const tableBits = load<u32>(d + D_TABLE_BITS);
  if (n < 2) {
    // Degenerate alphabets (chunks of 0–2 bytes): always symbol 0, no bits. Any match they start is invalid anyway.
    const stop = table + (<usize>4 << tableBits);
    for (let at = table; at < stop; at += 4) store<u32>(at, 0);
  } else {
    computeCodeLengths(<usize>load<u32>(d + D_FREQS), n, LENS);
    buildDecodeTable(table, n, tableBits);
  }
  store<u32>(d + D_COUNTDOWN, load<u32>(d + D_PERIOD));
}

/** Sets up descriptor `d` for a new chunk: all frequencies 1, code built from them. */
export function initCode(d: usize, numSyms: u32, period: u32, tableBits: u32, freqs: usize, table: usize): void {
  store<u32>(d + D_NUM_SYMS, numSyms);
  store<u32>(d + D_PERIOD, period);
  store<u32>(d + D_TABLE_BITS, tableBits);
  store<u32>(d + D_FREQS, <u32>freqs);
  store<u32>(d + D_TABLE, <u32>table);
  for (let s: u32 = 0; s < numSyms; s++) store<u32>(freqs + (<usize>s << 2), 1);
  // Symbol 0 is always counted, even for an empty alphabet; keep that slot initialised.
  if (numSyms == 0) store<u32>(freqs, 1);
  buildCode(d);
}

/** Rebuild, then age the frequencies (f → f/2 + 1). Kept out of line: it runs once per period. */
function rebuildCode(d: usize): void {
  buildCode(d);
  const n = load<u32>(d + D_NUM_SYMS);
  const freqs = <usize>load<u32>(d + D_FREQS);
  for (let s: u32 = 0; s < n; s++) {
    const at = freqs + (<usize>s << 2);
    store<u32>(at, (load<u32>(at) >> 1) + 1);
  }
}

/** Decodes one symbol with code `d` (≥ 15 bits must be buffered), counts it and rebuilds the code when due. */
// @ts-ignore: decorator
@inline
export function decodeSymbol(d: usize, table: usize, freqs: usize, tableBits: u32): u32 {
  let entry = load<u32>(table + (<usize>peekBits(tableBits) << 2));
  if (entry & SUBTABLE_LINK) {
    skipBits(tableBits);
    entry = load<u32>(table + ((<usize>(entry >> 16) + <usize>peekBits(entry & 0x1f)) << 2));
  }
  skipBits(entry & 0x1f);
  const symbol = entry >> 16;
  const at = freqs + (<usize>symbol << 2);
  store<u32>(at, load<u32>(at) + 1);
  const left = load<u32>(d + D_COUNTDOWN) - 1;
  if (left == 0) rebuildCode(d);
  else store<u32>(d + D_COUNTDOWN, left);
  return symbol;
}
