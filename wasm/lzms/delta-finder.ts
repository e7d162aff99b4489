// Delta match finder for the LZMS compressor: candidates for explicit delta matches (wim-format.md §13.4: each
// byte is out[−offset] + out[−span] − out[−offset − span], span = 2^power, offset a multiple of span).
//
// The facts that make it work come from wimlib src/lzms_compress.c (lzms_delta_hash and its use); the table below
// is our own. A delta match at p with span s compares the byte differences d[k] = x[p+k] − x[p+k−s]. One table
// of 2^15 u32 entries serves every power: each position p ≥ s is hashed, for each power 0–5, on its first three
// differences together with s and p mod s (so a hit is likely a multiple of s away), and the entry keeps
// power << 28 | p of the newest position with that hash. A hit is a candidate only if the power agrees, the
// distance is a multiple of s and the three differences really match; it is then extended. 128 KiB: six random
// accesses per position stay in the L2 cache (wimlib's 2^17 entries, 512 KiB, cost 10 % more time in wasm, which
// cannot prefetch, for 0.03 % of size on the bench corpus).

export const DELTA_HASH_BITS: u32 = 15;
export const DELTA_TABLE_BYTES: usize = 4 << DELTA_HASH_BITS;
export const NUM_POWERS: u32 = 6;
const POWER_SHIFT: u32 = 28;
const POS_MASK: u32 = (1 << 28) - 1;

let table: usize = 0;

/** Points the finder at its table and empties it (power 15 never matches). */
export function deltaFinderInit(at: usize): void {
  table = at;
  memory.fill(table, 0xff, DELTA_TABLE_BYTES);
}

// @ts-ignore: decorator
@inline
function deltaHash(p: usize, pos: u32, span: u32): usize {
  const s = <usize>span;
  const d0 = <u32>(<u8>(load<u8>(p) - load<u8>(p - s)));
  const d1 = <u32>(<u8>(load<u8>(p, 1) - load<u8>(p + 1 - s)));
  const d2 = <u32>(<u8>(load<u8>(p, 2) - load<u8>(p + 2 - s)));
  const v = ((span + (pos & (span - 1))) << 24) | (d2 << 16) | (d1 << 8) | d0;
  return <usize>((v * 0x9e3779b1) >> (32 - DELTA_HASH_BITS));
}

/** Length over which `a` and `b` have the same span-differences, from `start` up to `max` (16 at a time). */
export function extendDelta(a: usize, b: usize, span: u32, start: u32, max: u32): u32 {
  const s = <usize>span;
  let len = start;
  // Most candidates fail within the first bytes: settle those without vector loads.
  while (len < 4 && len < max) {
    if (<u8>(load<u8>(a + <usize>len) - load<u8>(a + <usize>len - s)) != <u8>(load<u8>(b + <usize>len) - load<u8>(b + <usize>len - s))) {
      return len;
    }
    len++;
  }
  while (len + 16 <= max) {
    const da = i8x16.sub(v128.load(a + <usize>len), v128.load(a + <usize>len - s));
    const db = i8x16.sub(v128.load(b + <usize>len), v128.load(b + <usize>len - s));
    const same = i8x16.bitmask(i8x16.eq(da, db));
    if (same != 0xffff) return len + <u32>ctz<i32>(~same);
    len += 16;
  }
  while (len < max && <u8>(load<u8>(a + <usize>len) - load<u8>(a + <usize>len - s)) == <u8>(load<u8>(b + <usize>len) - load<u8>(b + <usize>len - s))) {
    len++;
  }
  return len;
}

/** Records position `pos` for every power without searching (`avail` bytes left from pos). */
export function deltaInsert(data: usize, pos: u32, avail: u32): void {
  if (avail < 4) return;
  const p = data + <usize>pos;
  for (let power: u32 = 0; power < NUM_POWERS; power++) {
    const span = <u32>1 << power;
    if (pos < span) break;
    store<u32>(table + (deltaHash(p, pos, span) << 2), (power << POWER_SHIFT) | pos);
  }
}

/**
 * Looks up and records position `pos` for every power; writes (length, power << 28 | raw offset) u32 pairs of
 * the verified candidates to `out` and returns how many (at most NUM_POWERS). Lengths are ≥ 3, capped at `avail`.
 */
export function findDeltaMatches(data: usize, pos: u32, avail: u32, out: usize): u32 {
  if (avail < 4) return 0;
  const p = data + <usize>pos;
  let count: u32 = 0;
  for (let power: u32 = 0; power < NUM_POWERS; power++) {
    const span = <u32>1 << power;
    if (pos < span) break;
    const at = table + (deltaHash(p, pos, span) << 2);
    const cand = load<u32>(at);
    store<u32>(at, (power << POWER_SHIFT) | pos);
    if (cand >> POWER_SHIFT != power) continue;
    const offset = pos - (cand & POS_MASK);
    if ((offset & (span - 1)) != 0) continue;
    const len = extendDelta(p, p - <usize>offset, span, 0, avail);
    if (len < 3) continue;
    const o = out + (<usize>count << 3);
    store<u32>(o, len);
    store<u32>(o, (power << POWER_SHIFT) | (offset >> power), 4);
    count++;
  }
  return count;
}
