// Merkle–Damgård streaming shared by SHA-1 and SHA-256 (FIPS 180-4 §5.1.1 padding): 64-byte blocks, a buffer
// for a partial block between updates, and a final block holding 0x80, zeros and the bit length (big-endian).
//
// State layout (HASH_STATE_SIZE bytes, in static memory; JS may save and restore it to interleave streams):
//   +0   chaining words (5 for SHA-1, 8 for SHA-256), native u32
//   +32  total bytes hashed, u64
//   +40  bytes waiting in the partial block, u32
//   +64  partial block, 64 bytes

export const HASH_STATE_SIZE: u32 = 128;
const TOTAL: usize = 32;
const BUFFERED: usize = 40;
const BLOCK: usize = 64;

/** Compresses `count` consecutive 64-byte blocks at `data` into the chaining words at `state`. */
export type CompressBlocks = (state: usize, data: usize, count: u32) => void;

export function streamReset(state: usize): void {
  store<u64>(state + TOTAL, 0);
  store<u32>(state + BUFFERED, 0);
}

export function streamUpdate(state: usize, data: usize, length: u32, compress: CompressBlocks): void {
  store<u64>(state + TOTAL, load<u64>(state + TOTAL) + <u64>length);
  let buffered = load<u32>(state + BUFFERED);
  if (buffered != 0) {
    const take = min(64 - buffered, length);
    memory.copy(state + BLOCK + buffered, data, take);
    buffered += take;
    data += take;
    length -= take;
    if (buffered < 64) {
      store<u32>(state + BUFFERED, buffered);
      return;
    }
    compress(state, state + BLOCK, 1);
  }
  const blocks = length >> 6;
  if (blocks != 0) compress(state, data, blocks);
  const rest = length & 63;
  memory.copy(state + BLOCK, data + (<usize>blocks << 6), rest);
  store<u32>(state + BUFFERED, rest);
}

/** Pads and compresses the last block(s); the chaining words then hold the digest. */
export function streamFinish(state: usize, compress: CompressBlocks): void {
  const bits = load<u64>(state + TOTAL) << 3;
  let buffered = load<u32>(state + BUFFERED);
  store<u8>(state + BLOCK + buffered, 0x80);
  buffered++;
  if (buffered > 56) {
    memory.fill(state + BLOCK + buffered, 0, 64 - buffered);
    compress(state, state + BLOCK, 1);
    buffered = 0;
  }
  memory.fill(state + BLOCK + buffered, 0, 56 - buffered);
  store<u64>(state + BLOCK + 56, bswap<u64>(bits));
  compress(state, state + BLOCK, 1);
  store<u32>(state + BUFFERED, 0);
}

/** Writes `words` chaining words big-endian at `out`. */
export function writeDigest(state: usize, words: u32, out: usize): void {
  for (let i: u32 = 0; i < words; i++) store<u32>(out + (i << 2), bswap<u32>(load<u32>(state + (i << 2))));
}
