// Undo of the LZX "E8" call-target translation, WIM variant (wim-format.md §13.3 "E8 post-processing";
// wimlib src/lzx_common.c). The compressor turned the 32-bit operand v after each 0xE8 byte at chunk position
// i < n − 10 from relative to absolute with a fixed file size of 12,000,000; undoing it: if 0 ≤ v < 12,000,000
// store v − i, else if −i ≤ v < 0 store v + 12,000,000; either way scanning resumes at i + 5.
import { LZX_E8_TAIL, LZX_WIM_E8_FILE_SIZE } from './constants';

// @ts-ignore: decorator
@inline function untranslate(data: usize, i: u32): void {
  const v = load<i32>(data + i + 1);
  if (v >= 0) {
    if (v < LZX_WIM_E8_FILE_SIZE) store<i32>(data + i + 1, v - <i32>i);
  } else if (v >= -<i32>i) {
    store<i32>(data + i + 1, v + LZX_WIM_E8_FILE_SIZE);
  }
}

export function undoE8Translation(data: usize, size: u32): void {
  if (size <= LZX_E8_TAIL) return;
  const limit = size - LZX_E8_TAIL;
  const e8 = i8x16.splat(<i8>0xE8);
  let i: u32 = 0;
  while (i < limit) {
    // Skip 16 bytes at a time while none is 0xE8 (reads stay inside the chunk: limit + 16 ≤ size + 6).
    if (i + 16 <= limit) {
      const mask = i8x16.bitmask(i8x16.eq(v128.load(data + i), e8));
      if (mask == 0) {
        i += 16;
        continue;
      }
      i += ctz<u32>(mask);
    } else if (load<u8>(data + i) != 0xE8) {
      i++;
      continue;
    }
    untranslate(data, i);
    i += 5;
  }
}
