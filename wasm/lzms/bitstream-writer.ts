// LZMS backward bitstream writer: Huffman codewords and raw extra bits, the inverse of bitstream.ts.
//
// Rules from wimlib src/lzms_compress.c (lzms_output_bitstream) and src/lzms_decompress.c; wim-format.md §13.4.
// Bits go in most significant first; each full 16-bit unit is stored little-endian, the first one in the last two
// bytes of the output buffer and the next ones going towards its start. The final partial unit is padded with
// zeros. The range encoder fills the same buffer from the front; the caller checks the two did not meet.

let buffer: u64 = 0;
let count: u32 = 0; // bits held in `buffer` (< 16 between calls)
let next: usize = 0; // one past the next unit to write (moves backwards)
let limit: usize = 0;

/** Starts writing backwards from `output + capacity` (capacity even). */
export function bitWriterInit(output: usize, capacity: usize): void {
  buffer = 0;
  count = 0;
  limit = output;
  next = output + (capacity & ~(<usize>1));
}

/** Appends the low `n` bits of `bits` (n ≤ 32). */
// @ts-ignore: decorator
@inline
export function writeBits(bits: u32, n: u32): void {
  buffer = (buffer << n) | <u64>bits;
  count += n;
  while (count >= 16) {
    count -= 16;
    if (next > limit) {
      next -= 2;
      store<u16>(next, <u16>(buffer >> count));
    }
  }
}

/** Writes the last partial unit; returns where the backward stream starts, or 0 if it ran out of room. */
export function bitWriterFinish(): usize {
  if (next <= limit) return 0;
  if (count != 0) {
    next -= 2;
    store<u16>(next, <u16>(buffer << (16 - count)));
    count = 0;
  }
  return next;
}
