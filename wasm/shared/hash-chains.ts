// Hash-chain match finder over one chunk (the whole window is the chunk: WIM chunks are independent), for the
// greedy/lazy parsers and XPRESS's near-optimal one.
//
// Chains are keyed by a hash of the first 4 bytes: `head[h]` is the newest position with hash h and `prev[p]` the
// position before p with the same hash, so walking prev from head visits earlier candidates newest (nearest)
// first. Keying on 4 bytes keeps chains short and their candidates relevant; length-3 matches, which such chains
// cannot see, come from a second table remembering only the newest position of each 3-byte hash (a length-3 match
// is only worth coding with a short offset anyway). Generic over codecs: the caller gives the window, the hash
// width, and per search the minimum length to beat, the maximum and "nice" lengths, the chain depth and the
// largest offset its format can code. Tables live in the caller's workspace (hcTableBytes) and are reset per chunk:
// the heads are filled with NONE, prev needs no reset (only reached through a head).

const NONE: u32 = 0xFFFFFFFF;
/** Multiplier of the multiplicative hashes (a large odd constant with well-mixed bits). */
const HASH_MULTIPLIER: u32 = 0x9E3779B1;

let base: usize = 0;
let size: u32 = 0;
let hashShift: u32 = 0;
let head: usize = 0;
let head3: usize = 0;
let prev: usize = 0;
/** Offset of the match returned by hcFindLongest. */
export let hcOffset: u32 = 0;

/** Bytes of workspace for a window of `windowSize` bytes and 2^hashBits buckets (each of the two tables). */
export function hcTableBytes(windowSize: u32, hashBits: u32): usize {
  return (<usize>8 << hashBits) + 4 * <usize>windowSize;
}

/** Starts a chunk of `length` bytes at `data` (followed by ≥ 8 readable bytes), tables at `tables`. */
export function hcInit(data: usize, length: u32, hashBits: u32, tables: usize): void {
  base = data;
  size = length;
  hashShift = 32 - hashBits;
  head = tables;
  head3 = tables + (<usize>4 << hashBits);
  prev = head3 + (<usize>4 << hashBits);
  memory.fill(head, 0xFF, <usize>8 << hashBits);
}

// @ts-ignore: decorator
@inline function hash4(p: u32): usize {
  return <usize>((load<u32>(base + p) * HASH_MULTIPLIER) >> hashShift) << 2;
}

// @ts-ignore: decorator
@inline function hash3(p: u32): usize {
  return <usize>(((load<u32>(base + p) << 8) * HASH_MULTIPLIER) >> hashShift) << 2;
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

/** Records position p in the tables; returns the previous newest position of its 4-byte chain (or NONE). */
// @ts-ignore: decorator
@inline function insert(p: u32): u32 {
  const h3 = head3 + hash3(p);
  const near = load<u32>(h3);
  store<u32>(h3, p);
  nearest3 = near;
  if (p + 4 > size) return NONE;
  const h = head + hash4(p);
  const candidate = load<u32>(h);
  store<u32>(prev + (<usize>p << 2), candidate);
  store<u32>(h, p);
  return candidate;
}

/** The newest earlier position with the same 3-byte hash, set by the last insert. */
let nearest3: u32 = NONE;

/** Records position p in the chains (parsers call it for positions they skip). */
export function hcInsert(p: u32): void {
  if (p + 3 > size) return;
  insert(p);
}

/** Records positions [from, to) in the chains: hcInsert over a run, one call for a whole match. */
export function hcInsertRange(from: u32, to: u32): void {
  const end = min(to, size >= 3 ? size - 2 : 0);
  for (let p = from; p < end; p++) insert(p);
}

/**
 * Inserts p and returns the longest match at p longer than `minLength` (0 if none), its offset in hcOffset.
 * Stops at `niceLength` or after `depth` chain candidates.
 */
export function hcFindLongest(p: u32, minLength: u32, maxLength: u32, niceLength: u32, depth: u32, maxOffset: u32): u32 {
  if (p + 3 > size) return 0;
  const limit = min(maxLength, size - p);
  const nice = min(niceLength, limit);
  let candidate = insert(p);
  let best = minLength;
  const cur = base + p;
  if (best < 3 && nearest3 != NONE && p - nearest3 <= maxOffset) {
    const at = base + nearest3;
    if ((load<u32>(at) & 0xFFFFFF) == (load<u32>(cur) & 0xFFFFFF)) {
      best = matchLength(at, cur, limit);
      hcOffset = p - nearest3;
      if (best >= nice) return best;
    }
  }
  const first4 = load<u32>(cur);
  // Cheap rejects before the full comparison: the 4 bytes ending at the one that would extend the best (a longer
  // match has them all), then the first 4 bytes. While best < 3 the window would start before p: first 4 only.
  let tail = best >= 3 ? best - 3 : 0;
  let tail4 = load<u32>(cur + tail);
  while (candidate != NONE && depth-- > 0) {
    if (p - candidate > maxOffset) break;
    const at = base + candidate;
    if (load<u32>(at + tail) == tail4 && load<u32>(at) == first4) {
      const len = matchLength(at, cur, limit);
      if (len > best) {
        best = len;
        hcOffset = p - candidate;
        if (len >= nice) break;
        tail = best - 3;
        tail4 = load<u32>(cur + tail);
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
  let candidate = insert(p);
  let best: u32 = 2;
  let count: u32 = 0;
  const cur = base + p;
  if (nearest3 != NONE && p - nearest3 <= maxOffset) {
    const at = base + nearest3;
    if ((load<u32>(at) & 0xFFFFFF) == (load<u32>(cur) & 0xFFFFFF)) {
      best = matchLength(at, cur, limit);
      store<u32>(out, best);
      store<u32>(out + 4, p - nearest3);
      count = 1;
      if (best >= nice) return count;
    }
  }
  const first4 = load<u32>(cur);
  while (candidate != NONE && depth-- > 0) {
    if (p - candidate > maxOffset) break;
    const at = base + candidate;
    if (load<u8>(at + best) == load<u8>(cur + best) && load<u32>(at) == first4) {
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
