// Near-optimal LZX parsing (levels ≥ 35): forward minimum-cost path over the positions of a chunk.
//
// Each position is a node holding the cheapest known cost to reach it and the item (literal or match) that
// arrives there on that path. Nodes are finished in position order; when node i is reached its cost is final, so
// its repeat-offset queue (R0, R1, R2) follows from the arriving item and the queue of the node that item started
// from — queues are kept per node. From node i we relax: the literal; repeat matches R0, R1, R2 (searched only
// when the match finder found something at i, as a cheap filter); then the cached explicit matches. For every
// length only the first (cheapest-offset) candidate is tried, in the order R0 < R1 < R2 < explicit by growing
// offset, since a nearer offset rarely costs more. Costs are fixed-point (COST_UNIT per bit) and come from a table
// per (offset slot, length) rebuilt at each pass: from estimates on the first pass, from the Huffman code lengths
// of the previous pass's choices afterwards (wimlib's iterative scheme). The aligned-offset code's price for the
// low 3 offset bits is taken into account when the previous pass says an aligned block would pay off.
// One two-step look-ahead is added, as wimlib does: after the longest explicit match, one literal, then a repeat
// of the same offset (now R0) — common in tables and structures, and invisible to a one-step search because the
// queue state that makes the third item cheap only exists on that path. Such "gap" arrivals keep their first
// match in a side array.
import { matchLength } from '../shared/hash-chains';
import { buildHuffmanCode } from '../shared/huffman-encode';
import {
  LZX_ALIGNED_SYMBOLS,
  LZX_LENGTH_SYMBOLS,
  LZX_MAX_ALIGNED_CODEWORD_LENGTH,
  LZX_MIN_ALIGNED_SLOT,
  LZX_MIN_MATCH_LENGTH,
  LZX_NUM_CHARS,
  LZX_NUM_LENGTH_HEADERS,
  LZX_NUM_PRIMARY_LENGTHS,
} from './constants';
import { alignedFreqs, lengthLengths, mainLengths, offsetSlot } from './encode-block';
import { slotExtraBits } from './slots';

const COST_UNIT: u32 = 32;
const MAX_MATCH_LENGTH: u32 = 257;
const NUM_LENGTHS: u32 = MAX_MATCH_LENGTH - LZX_MIN_MATCH_LENGTH + 1;
const MAX_SLOTS: u32 = 50;
const R_BITS: u64 = 21;
const R_MASK: u64 = (1 << 21) - 1;
/** Item value marking a "gap" arrival: explicit match, one literal, then an R0 match (see findMinimumCostPath). */
const GAP: u32 = 0x7FFFFF;

const mainCost = memory.data(4 * 656, 16);
const lengthCost = memory.data(4 * LZX_LENGTH_SYMBOLS, 16);
const alignedCost = memory.data(4 * LZX_ALIGNED_SYMBOLS, 16);
const alignedLengths = memory.data(LZX_ALIGNED_SYMBOLS, 16);
const alignedCodes = memory.data(4 * LZX_ALIGNED_SYMBOLS, 16);
/** matchCost[slot * NUM_LENGTHS + length − 2]: main symbol + length symbol + verbatim offset bits. */
const matchCost = memory.data(4 * MAX_SLOTS * NUM_LENGTHS, 16);
/** Literal and match counts from a greedy walk over the cached matches, for the first pass's estimates. */
const observedLiterals = memory.data(4 * 256, 16);

/** Fixed-point cost of a symbol of probability p (at least one bit: Huffman codes spend whole bits). */
function costForProbability(p: f32): u32 {
  const bits = -Mathf.log2(max<f32>(p, 1e-9));
  return max<u32>(COST_UNIT, <u32>(bits * <f32>COST_UNIT));
}

/** First-pass estimates from a greedy walk of the match cache (count, pairs per position). */
export function setEstimatedCosts(cache: usize, data: usize, n: u32, mainSymbols: u32): void {
  memory.fill(observedLiterals, 0, 4 * 256);
  let matches: u32 = 0;
  let at = cache;
  let next: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const count = load<u32>(at);
    const longest = count > 0 ? load<u32>(at + (<usize>count << 3)) : 0;
    at += 8 + (<usize>count << 3);
    if (i < next) continue;
    if (longest >= 3) {
      matches++;
      next = i + longest;
    } else {
      const f = observedLiterals + (<usize>load<u8>(data + i) << 2);
      store<u32>(f, load<u32>(f) + 1);
      next = i + 1;
    }
  }
  let literals: u32 = 0;
  let used: u32 = 0;
  for (let s: u32 = 0; s < 256; s++) {
    const f = load<u32>(observedLiterals + (s << 2));
    literals += f;
    used += <u32>(f != 0);
  }
  const items = <f32>max<u32>(1, literals + matches);
  // A literal's probability mixes its observed share with an even share of the literal mass: the first is
  // noisy for rare bytes, the second ignores skew.
  const evenShare: f32 = used > 0 ? <f32>literals / items / <f32>used : 0;
  for (let s: u32 = 0; s < 256; s++) {
    const f = load<u32>(observedLiterals + (s << 2));
    store<u32>(mainCost + (s << 2), f != 0 ? costForProbability(0.5 * (<f32>f / items + evenShare)) : 12 * COST_UNIT);
  }
  const matchShare = max<f32>(<f32>matches / items, 0.1);
  const headerCost = costForProbability(matchShare / <f32>(mainSymbols - LZX_NUM_CHARS));
  for (let s = LZX_NUM_CHARS; s < mainSymbols; s++) store<u32>(mainCost + (s << 2), headerCost);
  // Short lengths dominate: from about 4.5 bits for length 9 up to 12 bits for the longest.
  for (let s: u32 = 0; s < LZX_LENGTH_SYMBOLS; s++) {
    const bits = min<f32>(12, 4.5 + 1.4 * Mathf.log2(<f32>(s + 1)));
    store<u32>(lengthCost + (s << 2), <u32>(bits * <f32>COST_UNIT));
  }
  for (let s: u32 = 0; s < LZX_ALIGNED_SYMBOLS; s++) store<u32>(alignedCost + (s << 2), 3 * COST_UNIT);
}

/** Costs from the codes built over the previous pass's items (mainLengths, lengthLengths, alignedFreqs). */
export function setCostsFromCodes(mainSymbols: u32): void {
  for (let s: u32 = 0; s < mainSymbols; s++) {
    const len = <u32>load<u8>(mainLengths + s);
    store<u32>(mainCost + (s << 2), (len != 0 ? len : 16) * COST_UNIT);
  }
  for (let s: u32 = 0; s < LZX_LENGTH_SYMBOLS; s++) {
    const len = <u32>load<u8>(lengthLengths + s);
    store<u32>(lengthCost + (s << 2), (len != 0 ? len : 14) * COST_UNIT);
  }
  // The aligned code only matters if the block will be an aligned one (same test as writeBlock).
  buildHuffmanCode(alignedFreqs, LZX_ALIGNED_SYMBOLS, LZX_MAX_ALIGNED_CODEWORD_LENGTH, alignedLengths, alignedCodes);
  let verbatimBits: u32 = 0;
  let alignedBits: u32 = 24;
  for (let s: u32 = 0; s < LZX_ALIGNED_SYMBOLS; s++) {
    const f = load<u32>(alignedFreqs + (s << 2));
    verbatimBits += 3 * f;
    alignedBits += f * load<u8>(alignedLengths + s);
  }
  for (let s: u32 = 0; s < LZX_ALIGNED_SYMBOLS; s++) {
    const len = alignedBits < verbatimBits ? <u32>load<u8>(alignedLengths + s) : 3;
    store<u32>(alignedCost + (s << 2), (len != 0 ? len : 7) * COST_UNIT);
  }
}

/** Fills matchCost for slots [0, numSlots); aligned slots leave out their low 3 bits (priced per offset). */
function buildMatchCosts(numSlots: u32): void {
  for (let slot: u32 = 0; slot < numSlots; slot++) {
    let extra = <u32>load<u8>(slotExtraBits + slot) * COST_UNIT;
    if (slot >= LZX_MIN_ALIGNED_SLOT) extra -= 3 * COST_UNIT;
    const row = matchCost + <usize>(slot * NUM_LENGTHS) * 4;
    const symbols = mainCost + ((LZX_NUM_CHARS + slot * LZX_NUM_LENGTH_HEADERS) << 2);
    for (let h: u32 = 0; h < LZX_NUM_PRIMARY_LENGTHS; h++) store<u32>(row + (h << 2), load<u32>(symbols + (h << 2)) + extra);
    const long = load<u32>(symbols + (LZX_NUM_PRIMARY_LENGTHS << 2)) + extra;
    for (let h = LZX_NUM_PRIMARY_LENGTHS; h < NUM_LENGTHS; h++) {
      store<u32>(row + (h << 2), long + load<u32>(lengthCost + ((h - LZX_NUM_PRIMARY_LENGTHS) << 2)));
    }
  }
}

// @ts-ignore: decorator
@inline function relax(nodes: usize, j: u32, cost: u32, item: u32): void {
  const at = nodes + (<usize>j << 3);
  // Branch-free: whether a candidate wins is data-dependent, a mispredicted branch per candidate costs more than
  // the unconditional store (wasm select becomes a conditional move).
  const old = load<u64>(at);
  store<u64>(at, select<u64>((<u64>item << 32) | <u64>cost, old, cost < <u32>old));
}

/** Stores item number `count` from the end of the n-entry item array. */
// @ts-ignore: decorator
@inline function pushBack(items: usize, n: u32, count: u32, length: u32, value: u32): void {
  const slot = items + (<usize>(n - count) << 3);
  store<u32>(slot, length);
  store<u32>(slot, value, 4);
}

// @ts-ignore: decorator
@inline function queueEntry(q: u64, k: u32): u32 {
  return <u32>((q >> (<u64>k * R_BITS)) & R_MASK);
}

/**
 * One pass (a `light` one tries the repeat matches and the longest cached match at their full lengths only, no
 * gaps: a cheap first cost model): nodes (8 bytes per position: cost, item = length | value << 9) and queues (u64 per position) are
 * caller-provided arrays of n + 1 entries. Writes the chosen items, in order, to `items` as (length or 0 for a
 * literal, value) pairs and returns their count.
 */
export function findMinimumCostPath(data: usize, n: u32, cache: usize, nodes: usize, queues: usize, gaps: usize, items: usize, mainSymbols: u32, light: bool): u32 {
  buildMatchCosts((mainSymbols - LZX_NUM_CHARS) / LZX_NUM_LENGTH_HEADERS);
  memory.fill(nodes + 8, 0xFF, <usize>n << 3);
  store<u64>(nodes, 0);
  store<u64>(queues, 1 | (1 << R_BITS) | (1 << (2 * R_BITS)));
  let at = cache;
  for (let i: u32 = 0; i < n; i++) {
    const node = nodes + (<usize>i << 3);
    const cost = load<u32>(node);
    let q: u64;
    if (i == 0) {
      q = load<u64>(queues);
    } else {
      // The cheapest arrival is final now: derive this node's queue from it.
      const item = load<u32>(node, 4);
      const length = item & 511;
      const value = item >> 9;
      const from = load<u64>(queues + (<usize>(i - length) << 3));
      if (length == 1) {
        q = from;
      } else if (value == GAP) {
        const first = load<u32>(gaps + (<usize>i << 2));
        const before = load<u64>(queues + (<usize>(i - length - 1 - (first & 511)) << 3));
        q = ((before << R_BITS) | <u64>((first >> 9) - 2)) & ((<u64>1 << (3 * R_BITS)) - 1);
      } else if (value >= 3) {
        q = ((from << R_BITS) | <u64>(value - 2)) & ((<u64>1 << (3 * R_BITS)) - 1);
      } else if (value == 0) {
        q = from;
      } else {
        const r0 = from & R_MASK;
        const rk = (from >> (<u64>value * R_BITS)) & R_MASK;
        q = (from & ~(R_MASK | (R_MASK << (<u64>value * R_BITS)))) | rk | (r0 << (<u64>value * R_BITS));
      }
      store<u64>(queues + (<usize>i << 3), q);
    }
    const cur = data + i;
    const literal = <u32>load<u8>(cur);
    relax(nodes, i + 1, cost + load<u32>(mainCost + (literal << 2)), 1 | (literal << 9));

    const count = load<u32>(at);
    const matches = at + 8;
    at = matches + (<usize>count << 3);
    if (count == 0) continue;
    const limit = min(MAX_MATCH_LENGTH, n - i);
    let next: u32 = LZX_MIN_MATCH_LENGTH; // shortest length not yet given a candidate
    for (let k: u32 = 0; k < 3 && next <= limit; k++) {
      const r = queueEntry(q, k);
      // Cheap reject on the first two bytes before measuring (most repeat offsets fail at once).
      if (r > i || load<u16>(cur - r) != load<u16>(cur)) continue;
      // A repeat match that cannot reach `next` gives nothing: test its last needed byte before measuring it.
      if (load<u8>(cur - r + next - 1) != load<u8>(cur + next - 1)) continue;
      const repLength = matchLength(cur, cur - r, limit);
      if (repLength < next) continue;
      const row = matchCost + <usize>(k * NUM_LENGTHS) * 4 - 8;
      if (light) next = repLength;
      for (; next <= repLength; next++) relax(nodes, i + next, cost + load<u32>(row + (next << 2)), next | (k << 9));
    }
    // A light pass only prices the longest match (the cached matches before it are shorter and nearer; the cost
    // model it feeds barely changes without them, and they are most of its work).
    for (let m: u32 = light ? count - 1 : 0; m < count; m++) {
      const matchLen = load<u32>(matches + (<usize>m << 3));
      if (matchLen < next) continue;
      const offset = load<u32>(matches + (<usize>m << 3), 4);
      const formatted = offset + 2;
      const slot = offsetSlot(formatted);
      // Only slots from 8 up spend an aligned symbol (a select: which slots occur is data-dependent).
      const base = cost + select<u32>(load<u32>(alignedCost + ((formatted & 7) << 2)), 0, slot >= LZX_MIN_ALIGNED_SLOT);
      const row = matchCost + <usize>(slot * NUM_LENGTHS) * 4 - 8;
      if (light) next = matchLen;
      for (; next <= matchLen; next++) relax(nodes, i + next, base + load<u32>(row + (next << 2)), next | (formatted << 9));
      if (m + 1 == count && i + matchLen + 3 <= n && !light) {
        // Gap: this (longest) match, the literal after it, then R0 = this offset again.
        const after = cur + matchLen + 1;
        const repLength = matchLength(after, after - offset, min(MAX_MATCH_LENGTH, n - i - matchLen - 1));
        if (repLength >= 2) {
          const gapCost =
            base + load<u32>(row + (matchLen << 2)) + load<u32>(mainCost + (<usize>load<u8>(after - 1) << 2)) + load<u32>(matchCost + <usize>(repLength - 2) * 4);
          const j = i + matchLen + 1 + repLength;
          const at = nodes + (<usize>j << 3);
          if (gapCost < load<u32>(at)) {
            store<u64>(at, (<u64>(repLength | (GAP << 9)) << 32) | <u64>gapCost);
            store<u32>(gaps + (<usize>j << 2), matchLen | (formatted << 9));
          }
        }
      }
    }
  }
  // Walk back from the end, writing items from the back of the array, then move them to the front.
  let count: u32 = 0;
  let j = n;
  while (j > 0) {
    const item = load<u32>(nodes + (<usize>j << 3), 4);
    const length = item & 511;
    if (item >> 9 == GAP) {
      const first = load<u32>(gaps + (<usize>j << 2));
      pushBack(items, n, ++count, length, 0);
      pushBack(items, n, ++count, 0, load<u8>(data + j - length - 1));
      pushBack(items, n, ++count, first & 511, first >> 9);
      j -= length + 1 + (first & 511);
      continue;
    }
    pushBack(items, n, ++count, length == 1 ? 0 : length, item >> 9);
    j -= length;
  }
  memory.copy(items, items + (<usize>(n - count) << 3), <usize>count << 3);
  return count;
}
