// LZX decompressor for one WIM chunk (wim-format.md §13.3; wimlib src/lzx_decompress.c, 7-Zip
// LzxDecoder.cpp in WIM mode).
//
// WIM differences from CAB LZX: the window is the chunk size (32 KiB … 2 MiB) and never slides across chunks; no
// stream header; E8 translation always on with file size 12,000,000; block size field = 1 bit (1 → 32,768),
// else 16 bits, plus 8 more bits when the window is ≥ 64 KiB. Blocks (3-bit type: 1 verbatim, 2 aligned,
// 3 uncompressed) repeat until the chunk is full; code lengths are delta-coded against the previous block of the
// same chunk; R0-R2 start at 1.
//
// Uncompressed block: the bitstream skips to the next 16-bit boundary (a full 16 bits if already aligned, as
// 7-Zip does), then come R0, R1, R2 as u32, the raw bytes and a pad byte if the size is odd; the next block
// header starts a fresh word.
import { ERROR_CORRUPT, ERROR_LIMIT } from '../shared/errors';
import { fitsReserved, inputPointer, outputPointer, padInput } from '../shared/buffers';
import { bitConsumed, bitEnd, bitInit, bitJump, bitOverrun, bitRead, bitStart } from '../shared/bit-reader';
import {
  LZX_BLOCKTYPE_ALIGNED,
  LZX_BLOCKTYPE_UNCOMPRESSED,
  LZX_BLOCKTYPE_VERBATIM,
  LZX_DEFAULT_BLOCK_SIZE,
  LZX_MAX_WINDOW_ORDER,
  LZX_MIN_WINDOW_ORDER,
} from './constants';
import { decodeBlock, setRecentOffsets } from './decode-block';
import { undoE8Translation } from './e8';
import { mainSymbolsForWindow } from './slots';
import { mainLengths, readAlignedCode, readMainAndLengthCodes, resetLengths } from './tables';

/** log2 of the window for a chunk size (rounded up to a power of two, at least 32 KiB), or 0 when too large. */
function windowOrderFor(windowSize: u32): u32 {
  if (windowSize > 1 << LZX_MAX_WINDOW_ORDER) return 0;
  let order = LZX_MIN_WINDOW_ORDER;
  while (<u32>1 << order < windowSize) order++;
  return order;
}

/** Handles an uncompressed block of `size` bytes at `out`; 0 or a negative error. */
function copyUncompressedBlock(out: usize, size: u32): i32 {
  const start = bitStart();
  const end = bitEnd();
  // Skip 1-16 bits to the next word boundary, counted in consumed bits.
  const raw = start + <usize>(((bitConsumed() >> 4) + 1) << 1);
  if (raw + 12 + <usize>size > end) return ERROR_CORRUPT;
  const r0 = load<u32>(raw);
  const r1 = load<u32>(raw + 4);
  const r2 = load<u32>(raw + 8);
  if (r0 == 0 || r1 == 0 || r2 == 0) return ERROR_CORRUPT;
  setRecentOffsets(r0, r1, r2);
  memory.copy(out, raw + 12, size);
  bitJump(raw + 12 + <usize>size + <usize>(size & 1));
  return 0;
}

/**
 * Decodes `outputLength` bytes from `inputLength` bytes for a chunk of a resource whose chunk size (= LZX
 * window) is `windowSize` (0: the output length). Returns outputLength or a negative error.
 */
export function decompress(inputLength: u32, outputLength: u32, windowSize: u32): i32 {
  const order = windowOrderFor(windowSize == 0 ? outputLength : windowSize);
  if (order == 0 || outputLength > <u32>1 << order || !fitsReserved(inputLength, outputLength)) return ERROR_LIMIT;
  if (outputLength == 0) return 0;
  padInput(inputLength);
  const mainSymbols = mainSymbolsForWindow(order);
  resetLengths(mainSymbols);
  setRecentOffsets(1, 1, 1);
  bitInit(inputPointer(), inputLength);
  const outStart = outputPointer();
  const outEnd = outStart + outputLength;
  let out = outStart;
  let mayHaveE8 = false;

  while (out < outEnd) {
    const type = bitRead(3);
    let size: u32 = LZX_DEFAULT_BLOCK_SIZE;
    if (bitRead(1) == 0) {
      size = bitRead(16);
      if (order >= 16) size = (size << 8) | bitRead(8);
    }
    if (size == 0 || <usize>size > outEnd - out || bitOverrun()) return ERROR_CORRUPT;
    let result: i32;
    if (type == LZX_BLOCKTYPE_VERBATIM || type == LZX_BLOCKTYPE_ALIGNED) {
      const aligned = type == LZX_BLOCKTYPE_ALIGNED;
      if (aligned) {
        result = readAlignedCode();
        if (result < 0) return result;
      }
      result = readMainAndLengthCodes(mainSymbols);
      if (result < 0) return result;
      result = decodeBlock(outStart, out, out + size, aligned);
      // An 0xE8 byte can only appear if it was once coded as a literal.
      mayHaveE8 = mayHaveE8 || load<u8>(mainLengths + 0xE8) != 0;
    } else if (type == LZX_BLOCKTYPE_UNCOMPRESSED) {
      result = copyUncompressedBlock(out, size);
      mayHaveE8 = true;
    } else {
      return ERROR_CORRUPT;
    }
    if (result < 0) return result;
    out += size;
  }
  if (bitOverrun()) return ERROR_CORRUPT;
  if (mayHaveE8) undoE8Translation(outStart, outputLength);
  return outputLength;
}
