// Bit reader for XPRESS and LZX (wim-format.md §13.1): the bitstream is a sequence of 16-bit little-endian
// words whose bits are taken from the most significant end. Some formats interleave raw bytes (XPRESS long
// match lengths, LZX uncompressed blocks) at positions defined by how many words a reference decoder has
// loaded; helpers for those positions live with the codecs that need them.
//
// Representation: a 64-bit buffer holding `count` unread bits left-aligned (next bit = bit 63), refilled 32 bits
// at a time (two words, one unaligned 32-bit load rotated by 16). The input must be followed by INPUT_SLACK zero
// bytes (buffers.ts padInput) so a refill may read past the end (up to 8 bytes here, 16 in the hot loops); a refill
// that would start more than 4 (hot loops: 8) bytes past the end means more bits were consumed than the input
// holds, which is reported as overrun.
//
// Two ways to use it: hot loops copy the state into locals (bitBuffer/bitCount/bitNext, then bitRestore) and refill
// with loadFourWords (see lzx/decode-block.ts), and header parsing calls the functions below, which keep the state in
// module globals. Either may leave true bits of the next words below `count`; OR-ing them in again is harmless.

// @ts-ignore: decorator
@inline export function loadWordPair(p: usize): u64 {
  // Bytes b0 b1 b2 b3 are words w0 = b1b0, w1 = b3b2; MSB-first order is w0 then w1 = rotr(le32, 16).
  return <u64>rotr<u32>(load<u32>(p), 16);
}

// @ts-ignore: decorator
@inline export function loadFourWords(p: usize): u64 {
  // Bytes b0..b7 are words w0..w3 (w0 = b1b0); MSB-first order w0 w1 w2 w3: swap the two 32-bit halves, then the
  // two words inside each half.
  const halves = rotr<u64>(load<u64>(p), 32);
  return ((halves & 0x0000FFFF0000FFFF) << 16) | ((halves >> 16) & 0x0000FFFF0000FFFF);
}

// @ts-ignore: decorator
@inline export function peekBits(buffer: u64, n: u32): u32 {
  // Two shifts so that n = 0 yields 0 (a single shift by 64 would be a shift by 0 in wasm).
  return <u32>((buffer >> 1) >> <u64>(63 - n));
}

let buffer: u64 = 0;
let count: u32 = 0;
let next: usize = 0;
let start: usize = 0;
let end: usize = 0;
let overrun: bool = false;

/** Starts reading `length` bytes at `at` (followed by zero padding). */
export function bitInit(at: usize, length: usize): void {
  buffer = 0;
  count = 0;
  next = at;
  start = at;
  end = at + length;
  overrun = false;
}

/** Makes at least 32 bits available; past the end of input they are zeros and `bitOverrun()` turns true. */
// @ts-ignore: decorator
@inline export function bitEnsure32(): void {
  if (count < 32) {
    if (next > end + 4) {
      overrun = true;
      count += 32;
    } else {
      buffer |= loadWordPair(next) << <u64>(32 - count);
      next += 4;
      count += 32;
    }
  }
}

/** Reads `n` ≤ 32 bits. */
export function bitRead(n: u32): u32 {
  bitEnsure32();
  const value = peekBits(buffer, n);
  buffer <<= <u64>n;
  count -= n;
  return value;
}

/** Next `n` ≤ 32 bits without consuming them. */
export function bitPeek(n: u32): u32 {
  bitEnsure32();
  return peekBits(buffer, n);
}

/** Drops `n` bits already made available by bitPeek. */
export function bitSkip(n: u32): void {
  buffer <<= <u64>n;
  count -= n;
}

/** Bits consumed since bitInit. */
export function bitConsumed(): u64 {
  return <u64>(next - start) * 8 - <u64>count;
}

/** True once more bits were consumed (or made available) than the input holds. */
export function bitOverrun(): bool {
  return overrun || bitConsumed() > <u64>(end - start) * 8;
}

export function bitBuffer(): u64 {
  return buffer;
}
export function bitCount(): u32 {
  return count;
}
export function bitNext(): usize {
  return next;
}
export function bitEnd(): usize {
  return end;
}
export function bitStart(): usize {
  return start;
}

/** Stores the state a hot loop kept in locals. */
export function bitRestore(newBuffer: u64, newCount: u32, newNext: usize): void {
  buffer = newBuffer;
  count = newCount;
  next = newNext;
}

/** Restarts word decoding at byte `at` (after raw bytes), keeping the overall start and end. */
export function bitJump(at: usize): void {
  buffer = 0;
  count = 0;
  next = at;
}
