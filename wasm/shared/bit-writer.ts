// Bit writer for LZX-style bitstreams (wim-format.md §13.1): 16-bit little-endian words, bits filled from the
// most significant end, each word written as soon as it is full. XPRESS interleaves raw bytes with the words
// and keeps its own writer (wasm/xpress/compress.ts) on the same principle.
//
// State lives in module globals; writes never pass `limit` by more than one word (the output buffer's slack
// absorbs it): once the output reaches `limit` the writer stops advancing and raises `bitOverflow`, which the
// compressor reads as "not smaller than the input, store raw".

let bitBuffer: u64 = 0;
let bitCount: u32 = 0;
let outPos: usize = 0;
let outStart: usize = 0;
let outLimit: usize = 0;
export let bitOverflow: bool = false;

export function bitWriterInit(start: usize, limit: usize): void {
  bitBuffer = 0;
  bitCount = 0;
  outPos = start;
  outStart = start;
  outLimit = limit;
  bitOverflow = false;
}

/** Appends the low `n` bits of `value` (n ≤ 32). */
// @ts-ignore: decorator
@inline export function writeBits(value: u32, n: u32): void {
  bitBuffer = (bitBuffer << <u64>n) | <u64>value;
  bitCount += n;
  while (bitCount >= 16) {
    bitCount -= 16;
    store<u16>(outPos, <u16>(bitBuffer >> <u64>bitCount));
    outPos += 2;
    if (outPos > outLimit) {
      bitOverflow = true;
      outPos = outLimit;
    }
  }
}

/** Pads the last word with zero bits and returns the number of bytes written. */
export function bitWriterFlush(): u32 {
  if (bitCount > 0) writeBits(0, 16 - bitCount);
  return <u32>(outPos - outStart);
}
