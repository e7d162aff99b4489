// Hash-chain match finder for the LZMS compressor, over the whole chunk (up to 64 MiB, so no sliding window).
//
// Memory (placed by compress.ts in the compressor workspace): a head table of 2^hashBits u32 (most recent
// position + 1 of each 4-byte hash, 0 = none), a chain of one u32 per chunk byte (previous position + 1 with the
// same hash) and a 2^16-entry table of the latest position of each 3-byte hash, which finds the short near matches
// the 4-byte chains miss. A 64 MiB chunk thus costs 256 MiB of chain + 16 MiB of heads. Chains are walked newest
// first up to `depth` links, so the matches found get strictly longer and, per length, have the smallest offset
// seen; a match of `nice` bytes or more ends the walk. (wasm/shared/hash-chains.ts hashes 3 bytes into one
// chain, which suits 64 KiB XPRESS windows; over 64 MiB its chains fill with 3-byte candidates, hence this one.)

import { matchLength } from '../shared/hash-chains';

let heads: usize = 0;
let hashShift: u32 = 0;
let chain: usize = 0;
let heads3: usize = 0;

/** Points the finder at its tables and clears the heads for a new chunk. */
export function matchFinderInit(headTable: usize, hashBits: u32, chainTable: usize, head3Table: usize): void {
  heads = headTable;
  hashShift = 32 - hashBits;
  chain = chainTable;
  heads3 = head3Table;
  memory.fill(heads, 0, <usize>4 << hashBits);
  memory.fill(heads3, 0, 4 << 16);
}

// @ts-ignore: decorator
@inline
function hash4(p: usize): usize {
  return <usize>((load<u32>(p) * 0x9e3779b1) >> hashShift);
}

// @ts-ignore: decorator
@inline
function hash3(p: usize): usize {
  return <usize>(((load<u32>(p) << 8) * 0x9e3779b1) >> 16);
}

/** Length of the common prefix of `a` and `b`, known to be ≥ `start`, capped at `max` (shared comparison loop). */
// @ts-ignore: decorator
@inline
export function extendMatch(a: usize, b: usize, start: u32, max: u32): u32 {
  return start >= max ? max : start + matchLength(a + <usize>start, b + <usize>start, max - start);
}

/** Records position `pos` of `data` without searching (`avail` bytes from pos to the chunk end). */
export function insertPosition(data: usize, pos: u32, avail: u32): void {
  if (avail < 4) return;
  const p = data + <usize>pos;
  const h = heads + (hash4(p) << 2);
  store<u32>(chain + (<usize>pos << 2), load<u32>(h));
  store<u32>(h, pos + 1);
  store<u32>(heads3 + (hash3(p) << 2), pos + 1);
}

/**
 * Finds matches at `pos` and records the position. Writes (length, offset) u32 pairs to `out`, lengths strictly
 * increasing from ≥ 3, and returns how many. Lengths are capped at `avail`; the walk stops at `nice`.
 */
export function findMatches(data: usize, pos: u32, avail: u32, nice: u32, depth: u32, out: usize): u32 {
  if (avail < 4) return 0;
  const p = data + <usize>pos;
  let count: u32 = 0;
  let best: u32 = 2;
  // Short near match from the 3-byte table.
  const h3 = heads3 + (hash3(p) << 2);
  const c3 = load<u32>(h3);
  store<u32>(h3, pos + 1);
  if (c3 != 0) {
    const q = data + <usize>(c3 - 1);
    if ((load<u32>(q) & 0xffffff) == (load<u32>(p) & 0xffffff)) {
      best = extendMatch(p, q, 3, avail);
      store<u32>(out, best);
      store<u32>(out, pos + 1 - c3, 4);
      count = 1;
      if (best >= nice) {
        insertPosition4(p, pos);
        return count;
      }
    }
  }
  const h = heads + (hash4(p) << 2);
  let cand = load<u32>(h);
  store<u32>(chain + (<usize>pos << 2), cand);
  store<u32>(h, pos + 1);
  const first = load<u32>(p);
  let left = depth;
  while (cand != 0 && left != 0) {
    left--;
    const q = data + <usize>(cand - 1);
    // Cheap rejections first: the byte that would make the match longer than `best`, then the first four.
    if (load<u8>(q + <usize>best) == load<u8>(p + <usize>best) && load<u32>(q) == first) {
      const len = extendMatch(p, q, 4, avail);
      if (len > best) {
        const at = out + (<usize>count << 3);
        store<u32>(at, len);
        store<u32>(at, pos + 1 - cand, 4);
        count++;
        best = len;
        if (len >= nice) break;
      }
    }
    cand = load<u32>(chain + (<usize>(cand - 1) << 2));
  }
  return count;
}

// @ts-ignore: decorator
@inline
function insertPosition4(p: usize, pos: u32): void {
  const h = heads + (hash4(p) << 2);
  store<u32>(chain + (<usize>pos << 2), load<u32>(h));
  store<u32>(h, pos + 1);
}
