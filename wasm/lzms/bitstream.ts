// LZMS backward bitstream: Huffman symbols and raw extra bits, read from the END of the chunk towards its start.
//
// Source of the rules: wimlib src/lzms_decompress.c (header comment, lzms_input_bitstream);
// /work/shared/docs/wim-format.md §13.4. The stream is the sequence of 16-bit little-endian units taken from the
// last one backwards, each unit's bits used from the most significant down. Once the start of the chunk is
// reached the stream continues with zero bits, as wimlib does (a valid stream may end inside that padding).
//
// The 64-bit buffer holds the unread bits at its top (`avail` of them valid). A refill ORs in a little-endian u64
// load, which places up to four more units right below the valid bits in stream order; bits past the units we
// count as read are the next unit's true bits, so OR-ing them again later is harmless. Near the start of the chunk
// the refill goes one unit at a time.

let buffer: u64 = 0;
let avail: u32 = 0;
let next: usize = 0; // one past the next unit to read (moves backwards)
let begin: usize = 0;

export function bitstreamInit(input: usize, length: usize): void {
  buffer = 0;
  avail = 0;
  next = input + length;
  begin = input;
}

function refillSlow(): void {
  while (avail <= 48) {
    if (next - begin >= 2) {
      next -= 2;
      buffer |= <u64>load<u16>(next) << (48 - avail);
    }
    avail += 16;
  }
}

/** Makes at least 49 bits available (call when a group of reads needs up to 45 bits). */
// @ts-ignore: decorator
@inline
export function refill(): void {
  if (next - begin >= 8) {
    buffer |= load<u64>(next - 8) >> avail;
    const units = (64 - avail) >> 4;
    next -= <usize>(units << 1);
    avail += units << 4;
  } else {
    refillSlow();
  }
}

/** Ensures `n` (≤ 49) bits are buffered. */
// @ts-ignore: decorator
@inline
export function ensureBits(n: u32): void {
  if (avail < n) refill();
}

/** The next `n` bits (1 ≤ n ≤ 32) without consuming them. */
// @ts-ignore: decorator
@inline
export function peekBits(n: u32): u32 {
  return <u32>(buffer >> (64 - n));
}

// @ts-ignore: decorator
@inline
export function skipBits(n: u32): void {
  buffer <<= n;
  avail -= n;
}

/** Reads `n` raw bits, 0 ≤ n ≤ 30; the caller has ensured they are buffered. */
// @ts-ignore: decorator
@inline
export function takeBits(n: u32): u32 {
  const value = <u32>((buffer >> 1) >> (63 - n));
  buffer <<= n;
  avail -= n;
  return value;
}
