// LZX block headers and Huffman code lengths (wim-format.md §13.3, "Block structure").
//
// Verbatim/aligned header: [aligned only: 8 × 3-bit aligned-code lengths] then the main-code lengths in two runs
// (256 literals, then 8 × slots match symbols) and the 249 length-code lengths, each run preceded by its own
// pre-code (20 × 4-bit lengths). Pre-code symbols: 0-16 → length = (previous − sym) mod 17; 17 → 4 + 4 bits
// zeros; 18 → 20 + 5 bits zeros; 19 → 4 + 1 bit copies of (previous − next symbol) mod 17, where "previous"
// is the length this symbol had in the previous block of the chunk (zero at chunk start). Runs that pass the
// end of a list are clipped (valid streams never produce them).
import { ERROR_BAD_LENGTHS, ERROR_CORRUPT } from '../shared/errors';
import { bitOverrun, bitRead } from '../shared/bit-reader';
import { buildDecodeTable, decodeSymbol } from '../shared/huffman';
import {
  ALIGNED_TABLE_BITS,
  LENGTH_TABLE_BITS,
  LZX_ALIGNED_SYMBOLS,
  LZX_LENGTH_SYMBOLS,
  LZX_MAX_ALIGNED_CODEWORD_LENGTH,
  LZX_MAX_LENGTH_CODEWORD_LENGTH,
  LZX_MAX_MAIN_CODEWORD_LENGTH,
  LZX_MAX_MAIN_SYMBOLS,
  LZX_MAX_PRECODE_CODEWORD_LENGTH,
  LZX_NUM_CHARS,
  LZX_PRECODE_SYMBOLS,
  MAIN_TABLE_BITS,
  PRECODE_TABLE_BITS,
} from './constants';

// Table sizes: direct part + largest possible subtables (shared/huffman.ts).
const MAIN_ENTRIES: u32 =
  (1 << MAIN_TABLE_BITS) + (LZX_MAX_MAIN_SYMBOLS << (LZX_MAX_MAIN_CODEWORD_LENGTH - MAIN_TABLE_BITS));
const LENGTH_ENTRIES: u32 =
  (1 << LENGTH_TABLE_BITS) + (LZX_LENGTH_SYMBOLS << (LZX_MAX_LENGTH_CODEWORD_LENGTH - LENGTH_TABLE_BITS));
const PRECODE_ENTRIES: u32 =
  (1 << PRECODE_TABLE_BITS) + (LZX_PRECODE_SYMBOLS << (LZX_MAX_PRECODE_CODEWORD_LENGTH - PRECODE_TABLE_BITS));

export const mainLengths = memory.data(LZX_MAX_MAIN_SYMBOLS, 16);
export const lengthLengths = memory.data(LZX_LENGTH_SYMBOLS, 16);
const alignedLengths = memory.data(LZX_ALIGNED_SYMBOLS, 16);
const precodeLengths = memory.data(LZX_PRECODE_SYMBOLS, 16);
export const mainTable = memory.data(4 * MAIN_ENTRIES, 64);
export const lengthTable = memory.data(4 * LENGTH_ENTRIES, 64);
export const alignedTable = memory.data(4 << ALIGNED_TABLE_BITS, 64);
const precodeTable = memory.data(4 * PRECODE_ENTRIES, 64);

/** Forgets the previous block's lengths (chunk start). */
export function resetLengths(mainSymbols: u32): void {
  memory.fill(mainLengths, 0, mainSymbols);
  memory.fill(lengthLengths, 0, LZX_LENGTH_SYMBOLS);
}

// @ts-ignore: decorator
@inline function deltaLength(previous: u32, symbol: u32): u8 {
  return <u8>((previous + 17 - symbol) % 17);
}

/** Reads one pre-code and the `count` lengths it codes into `lengths` (holding the previous block's). */
function readLengths(lengths: usize, count: u32): i32 {
  for (let i: u32 = 0; i < LZX_PRECODE_SYMBOLS; i++) store<u8>(precodeLengths + i, <u8>bitRead(4));
  const built = buildDecodeTable(precodeTable, precodeLengths, LZX_PRECODE_SYMBOLS, PRECODE_TABLE_BITS, LZX_MAX_PRECODE_CODEWORD_LENGTH);
  // An empty pre-code cannot code the lengths that follow.
  if (built != 0) return built < 0 ? built : ERROR_BAD_LENGTHS;
  let i: u32 = 0;
  while (i < count) {
    const symbol = decodeSymbol(precodeTable, PRECODE_TABLE_BITS);
    if (symbol < 17) {
      store<u8>(lengths + i, deltaLength(load<u8>(lengths + i), symbol));
      i++;
      continue;
    }
    let run: u32;
    let value: u8 = 0;
    if (symbol == 17) {
      run = 4 + bitRead(4);
    } else if (symbol == 18) {
      run = 20 + bitRead(5);
    } else {
      run = 4 + bitRead(1);
      const same = decodeSymbol(precodeTable, PRECODE_TABLE_BITS);
      if (same > 17) return ERROR_CORRUPT;
      value = deltaLength(load<u8>(lengths + i), same);
    }
    run = min(run, count - i);
    memory.fill(lengths + i, value, run);
    i += run;
  }
  return bitOverrun() ? ERROR_CORRUPT : 0;
}

/** Reads the aligned-offset code (aligned blocks only). */
export function readAlignedCode(): i32 {
  for (let i: u32 = 0; i < LZX_ALIGNED_SYMBOLS; i++) store<u8>(alignedLengths + i, <u8>bitRead(3));
  const result = buildDecodeTable(alignedTable, alignedLengths, LZX_ALIGNED_SYMBOLS, ALIGNED_TABLE_BITS, LZX_MAX_ALIGNED_CODEWORD_LENGTH);
  return result < 0 ? result : 0;
}

/** Reads the main and length codes of a verbatim or aligned block and builds their tables. */
export function readMainAndLengthCodes(mainSymbols: u32): i32 {
  let result = readLengths(mainLengths, LZX_NUM_CHARS);
  if (result < 0) return result;
  result = readLengths(mainLengths + LZX_NUM_CHARS, mainSymbols - LZX_NUM_CHARS);
  if (result < 0) return result;
  result = buildDecodeTable(mainTable, mainLengths, mainSymbols, MAIN_TABLE_BITS, LZX_MAX_MAIN_CODEWORD_LENGTH);
  // A block has output, so its main code has symbols; an empty one would decode without reading input. The
  // length and aligned codes may be empty (no long matches, no aligned offsets).
  if (result != 0) return result < 0 ? result : ERROR_BAD_LENGTHS;
  result = readLengths(lengthLengths, LZX_LENGTH_SYMBOLS);
  if (result < 0) return result;
  result = buildDecodeTable(lengthTable, lengthLengths, LZX_LENGTH_SYMBOLS, LENGTH_TABLE_BITS, LZX_MAX_LENGTH_CODEWORD_LENGTH);
  return result < 0 ? result : 0;
}
