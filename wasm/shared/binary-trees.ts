// Binary-tree match finder over one chunk, for near-optimal parsers (LZX; usable by any LZ77 codec).
//
// Positions are grouped by a hash of their first 3 bytes; within a group, the earlier positions form a binary
// search tree ordered by the strings (suffixes) that start there, newest at the root. Searching for position p
// walks down from the root and, at the same time, re-roots the tree at p: every visited node is hung on p's
// left side (its string sorts before p's) or right side (after), which keeps the tree ordered without a
// separate insertion. Along the walk, the common prefix of p with the nearest smaller and nearest larger string
// seen so far is known, so each comparison starts at the smaller of the two instead of byte 0. Compared with hash
// chains at the same depth, the walk visits only strings that share ever longer prefixes with p, so it finds the
// long matches that chains miss. `depth` bounds the walk; at the "nice" length the found node's subtrees are
// adopted and the walk stops (the tree stays consistent because that string equals p's over the compared bytes).
//
// Length-2 matches, which a 3-byte hash cannot see, come from a second small table holding the last position of
// each 2-byte hash (only the nearest candidate is kept: a length-2 match only pays with a short offset).
//
// Tables (in the caller's workspace): head[2^hashBits], head2[2^HASH2_BITS] and two children per position, as
// u16 for chunks up to 64 KiB (half the cache footprint), else u32; `btTableBytes` sizes them for the u32 case.
// A caller may bound the tree to the last `treeWindow` positions (LZMS solid chunks: 48 of 64 MiB, 128 MiB less
// memory): position p's children then live in slot p mod treeWindow, and the walk never follows a node farther
// back than treeWindow − 1, so it never reads a slot that a newer position has taken over.

const NONE: u32 = 0xFFFFFFFF;
const HASH_MULTIPLIER: u32 = 0x9E3779B1;
const HASH2_BITS: u32 = 12;

let base: usize = 0;
let size: u32 = 0;
let hashShift: u32 = 0;
let head: usize = 0;
let children: usize = 0; // children[2p] = smaller side, children[2p + 1] = larger side
let head2: usize = 0;
let minLength: u32 = 3;
/** Chunks of at most 64 KiB store positions as u16 (position 65535 is never inserted: it has < 3 bytes left). */
let narrow: bool = false;
/** Child slots (positions kept in the tree); below `size`, slots are reused cyclically. */
let slots: u32 = 0;

export function btTableBytes(windowSize: u32, hashBits: u32): usize {
  return (<usize>4 << hashBits) + (<usize>4 << HASH2_BITS) + 8 * <usize>windowSize;
}

/**
 * Starts a chunk of `length` bytes at `data` (followed by ≥ 8 readable bytes), tables at `tables`. `shortest` is
 * 2 to also report length-2 matches, else 3.
 */
export function btInit(data: usize, length: u32, hashBits: u32, tables: usize, shortest: u32, treeWindow: u32 = 0xFFFFFFFF): void {
  base = data;
  size = length;
  slots = min(length, treeWindow);
  hashShift = 32 - hashBits;
  narrow = length <= 65536;
  const entry: usize = narrow ? 2 : 4;
  head = tables;
  head2 = tables + (entry << hashBits);
  children = head2 + (entry << HASH2_BITS);
  minLength = shortest;
  memory.fill(head, 0xFF, (entry << hashBits) + (entry << HASH2_BITS));
}

// @ts-ignore: decorator
@inline function extend(a: usize, b: usize, start: u32, limit: u32): u32 {
  let len = start;
  while (len < limit) {
    const diff = load<u64>(a + len) ^ load<u64>(b + len);
    if (diff != 0) return min(len + (<u32>ctz<u64>(diff) >> 3), limit);
    len += 8;
  }
  return limit;
}

/**
 * Inserts position p and, when `out` is not 0, writes the matches at p that are longer than every nearer one as
 * (length, offset) u32 pairs, shortest first; returns their count (at most maxMatches; lengths ≥ 3, or ≥ 2 when enabled).
 */
export function btFindAll(p: u32, maxLength: u32, niceLength: u32, depth: u32, maxOffset: u32, out: usize, maxMatches: u32): u32 {
  if (narrow) return findAll<u16>(p, maxLength, niceLength, depth, maxOffset, out, maxMatches, false);
  if (slots == size) return findAll<u32>(p, maxLength, niceLength, depth, maxOffset, out, maxMatches, false);
  return findAll<u32>(p, maxLength, niceLength, depth, min(maxOffset, slots - 1), out, maxMatches, true);
}

/** Child slot of position c (c within `slots` − 1 of p, whose window starts at `first`, a multiple of slots). */
// @ts-ignore: decorator
@inline function slotOf(c: u32, first: u32, cyclic: bool): u32 {
  return cyclic ? (c >= first ? c - first : c + slots - first) : c;
}

// @ts-ignore: decorator
@inline function findAll<T>(p: u32, maxLength: u32, niceLength: u32, depth: u32, maxOffset: u32, out: usize, maxMatches: u32, cyclic: bool): u32 {
  const none = <u32><T>NONE;
  const shift: usize = sizeof<T>() == 2 ? 1 : 2;
  if (p + 3 > size) return 0;
  const limit = min(maxLength, size - p);
  const nice = min(niceLength, limit);
  const h = head + (<usize>(((load<u32>(base + p) & 0xFFFFFF) * HASH_MULTIPLIER) >> hashShift) << shift);
  let candidate = <u32>load<T>(h);
  store<T>(h, <T>p);
  const first: u32 = cyclic ? p - p % slots : 0;
  let smallerSlot = children + (<usize>slotOf(p, first, cyclic) << (shift + 1));
  let largerSlot = smallerSlot + sizeof<T>();
  let smallerLength: u32 = 0;
  let largerLength: u32 = 0;
  let best: u32 = 2;
  let count: u32 = 0;
  const cur = base + p;
  if (minLength == 2) {
    const h2 = head2 + (<usize>((<u32>load<u16>(cur) * HASH_MULTIPLIER) >> (32 - HASH2_BITS)) << shift);
    const near = <u32>load<T>(h2);
    store<T>(h2, <T>p);
    if (near != none && p - near <= maxOffset && load<u16>(base + near) == load<u16>(cur) && out != 0 && maxMatches > 0) {
      store<u32>(out, 2);
      store<u32>(out + 4, p - near);
      count = 1;
    }
  }
  while (candidate != none && p - candidate <= maxOffset && depth-- > 0) {
    const at = base + candidate;
    const node = children + (<usize>slotOf(candidate, first, cyclic) << (shift + 1));
    // Both neighbours' common prefixes are known to match; most candidates differ at the next byte already, so
    // one byte test comes before the 8-byte extension and the best-match bookkeeping.
    let len = min(smallerLength, largerLength);
    if (load<u8>(at + len) == load<u8>(cur + len)) len = extend(at, cur, len + 1, limit);
    if (len > best) {
      best = len;
      if (out != 0) {
        if (count == maxMatches) count--;
        store<u32>(out + (<usize>count << 3), len);
        store<u32>(out + (<usize>count << 3) + 4, p - candidate);
        count++;
      }
      if (len >= nice) {
        store<T>(smallerSlot, load<T>(node));
        store<T>(largerSlot, load<T>(node + sizeof<T>()));
        return count;
      }
    }
    if (load<u8>(at + len) < load<u8>(cur + len)) {
      // The candidate sorts before p: it joins p's smaller side; continue among its larger descendants.
      store<T>(smallerSlot, <T>candidate);
      smallerSlot = node + sizeof<T>();
      candidate = <u32>load<T>(node + sizeof<T>());
      smallerLength = len;
    } else {
      store<T>(largerSlot, <T>candidate);
      largerSlot = node;
      candidate = <u32>load<T>(node);
      largerLength = len;
    }
  }
  store<T>(smallerSlot, <T>none);
  store<T>(largerSlot, <T>none);
  return count;
}
