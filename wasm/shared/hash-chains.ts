// Hash-chain match finder over one chunk (the whole window is the chunk: WIM chunks are independent).
//
// Every position p with at least 3 bytes left is hashed on its first 3 bytes; `head[h]` is the newest position
// with hash h and `prev[p]` the position before p with the same hash, so walking prev from head visits earlier
// candidates newest (nearest) first. Generic over codecs: the caller gives the window, the hash width, and per
// search the minimum length to beat, the maximum length, the "nice" length that stops the search, the chain
// depth and the largest offset its format can code. Tables live in the caller's workspace (hcTableBytes) and are
// reset per chunk: head is filled with NONE, prev needs no reset (only reached through head).
//
// Two searches: hcFindLongest (greedy/lazy parsers: the best match only) and hcFindAll (near-optimal parsers:
// every match that is longer than all nearer ones, i.e. the Pareto set of (length, offset)), both inserting p.

const NONE: u32 = 0xFFFFFFFF;
/** Multiplier of the multiplicative hash (a large odd constant with well-mixed bits). */
const HASH_MULTIPLIER: u32 = 0x9E3779B1;

let base: usize = 0;
let size: u32 = 0;
let hashShift: u32 = 0;
let head: usize = 0;
let prev: usize = 0;
/** Offset of the match returned by hcFindLongest. */
export let hcOffset: u32 = 0;

/** Bytes of workspace for a window of `windowSize` bytes and 2^hashBits buckets. */
export function hcTableBytes(windowSize: u32, hashBits: u32): usize {
  return (<usize>4 << hashBits) + 4 * <usize>windowSize;
}

/** Starts a chunk of `length` bytes at `data` (followed by ≥ 8 readable bytes), tables at `tables`. */
export function hcInit(data: usize, length: u32, hashBits: u32, tables: usize): void {
  base = data;
  size = length;
  hashShift = 32 - hashBits;
  head = tables;
  prev = tables + (<usize>4 << hashBits);
  memory.fill(head, 0xFF, <usize>4 << hashBits);
}

// @ts-ignore: decorator
@inline function hash3(p: u32): usize {
  return <usize>(((load<u32>(base + p) & 0xFFFFFF) * HASH_MULTIPLIER) >> hashShift) << 2;
}

/** Length of the common prefix of positions a and b, at most `limit` (reads up to 7 bytes past it). */
// @ts-ignore: decorator
@inline export function matchLength(a: usize, b: usize, limit: u32): u32 {
  let len: u32 = 0;
  while (len < limit) {
    const diff = load<u64>(a + len) ^ load<u64>(b + len);
    if (diff != 0) {
      len += <u32>ctz<u64>(diff) >> 3;
      return min(len, limit);
    }
    len += 8;
  }
  return limit;
}

/** Records position p in the chains (parsers call it for positions they skip). */
// @ts-ignore: decorator
@inline export function hcInsert(p: u32): void {
  if (p + 3 > size) return;
  const h = head + hash3(p);
  store<u32>(prev + (<usize>p << 2), load<u32>(h));
  store<u32>(h, p);
}

/**
 * Inserts p and returns the longest match at p longer than `minLength` (0 if none), its offset in hcOffset.
 * Stops at `niceLength` or after `depth` candidates.
 */
export function hcFindLongest(p: u32, minLength: u32, maxLength: u32, niceLength: u32, depth: u32, maxOffset: u32): u32 {
  if (p + 3 > size) return 0;
  const limit = min(maxLength, size - p);
  const nice = min(niceLength, limit);
  const h = head + hash3(p);
  let candidate = load<u32>(h);
  store<u32>(prev + (<usize>p << 2), candidate);
  store<u32>(h, p);
  let best = minLength;
  const cur = base + p;
  while (candidate != NONE && depth-- > 0) {
    if (p - candidate > maxOffset) break;
    const at = base + candidate;
    // Cheap rejects before the full comparison: the byte that would extend the best, then the first 3 bytes.
    if (load<u8>(at + best) == load<u8>(cur + best) && (load<u32>(at) & 0xFFFFFF) == (load<u32>(cur) & 0xFFFFFF)) {
      const len = matchLength(at, cur, limit);
      if (len > best) {
        best = len;
        hcOffset = p - candidate;
        if (len >= nice) break;
      }
    }
    candidate = load<u32>(prev + (<usize>candidate << 2));
  }
  return best > minLength ? best : 0;
}

/**
 * Inserts p and writes every match at p that is longer than all nearer ones, as (length, offset) u32 pairs at
 * `out`, shortest first (so offsets grow with length). Returns the number of pairs (at most `maxMatches`).
 * Lengths start at 3; the last one may reach `niceLength`, where the search stops.
 */
export function hcFindAll(p: u32, maxLength: u32, niceLength: u32, depth: u32, maxOffset: u32, out: usize, maxMatches: u32): u32 {
  if (p + 3 > size) return 0;
  const limit = min(maxLength, size - p);
  const nice = min(niceLength, limit);
  const h = head + hash3(p);
  let candidate = load<u32>(h);
  store<u32>(prev + (<usize>p << 2), candidate);
  store<u32>(h, p);
  let best: u32 = 2;
  let count: u32 = 0;
  const cur = base + p;
  while (candidate != NONE && depth-- > 0) {
    if (p - candidate > maxOffset) break;
    const at = base + candidate;
    if (load<u8>(at + best) == load<u8>(cur + best) && (load<u32>(at) & 0xFFFFFF) == (load<u32>(cur) & 0xFFFFFF)) {
      const len = matchLength(at, cur, limit);
      if (len > best) {
        best = len;
        if (count == maxMatches) count--;
        store<u32>(out + (<usize>count << 3), len);
        store<u32>(out + (<usize>count << 3) + 4, p - candidate);
        count++;
        if (len >= nice) break;
      }
    }
    candidate = load<u32>(prev + (<usize>candidate << 2));
  }
  return count;
}
