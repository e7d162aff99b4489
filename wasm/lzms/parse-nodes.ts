// Parse graph of the LZMS compressor (compress.ts): nodes, prices and the encoding of a chosen path.
//
// Prices are in 1/64 bit: a range-coded bit from its entry's current probability, a Huffman symbol from the
// current code length plus its extra bits (the codes only change when rebuilt, so the length prices are tabled
// and refreshed after a rebuild). Node i of a parse step is the position step start + i; it holds the cheapest
// known way to reach it (cost, last item, up to two earlier items of a multi-item step) and, once final, the
// adaptive state of that path (item-encoder.ts state record, bytes 12–55).

import { LENGTH_EXTRA, OFFSET_EXTRA } from './constants';
import { LZ_PROBS, LZ_REP0_PROBS, MAIN_PROBS, MATCH_PROBS, zerosOf } from './probabilities';
import { rebuildCount } from './huffman-encode';
import { LENGTH_ECODE, LENGTH_LENS, LITERAL_LENS, LZ_OFFSET_LENS, encodeItem } from './item-encoder';
import { lengthSlot, offsetSlot } from './slot-tables';

/** Parse steps end after this many bytes even if paths are still pending (bounds memory and model staleness). */
export const BLOCK_LIMIT: u32 = 2048;
/** Longest `nice` length (length costs are tabled up to here). */
export const MAX_NICE: u32 = 255;
/** Nodes: a step's positions, plus the furthest a match + literal + repeat from the last one can reach. */
export const NODE_COUNT: u32 = BLOCK_LIMIT + 2 * MAX_NICE + 4;
// Node: u32 cost, u32 item length, u32 item source, then the state record fields (item-encoder.ts ST_*), then up
// to two earlier items when the node was reached by a multi-item step (match + literal + repeat 0): the last item
// is in N_LEN/N_SRC, the one before in N_LEN1/N_SRC1, the first in N_LEN2/N_SRC2; N_EXTRA counts them.
export const N_COST = 0;
export const N_LEN = 4;
export const N_SRC = 8;
export const N_EXTRA = 56; // u8 (the state record is bytes 12–55)
export const N_LEN1 = 60;
export const N_SRC1 = 64;
export const N_LEN2 = 68;
export const N_SRC2 = 72;
export const NODE_SIZE: usize = 80;
export const INFINITE: u32 = 0xffffffff;
export const MAX_MATCHES: u32 = 256; // lengths strictly increase and stay ≤ MAX_NICE

/** Cost in 1/64 bit of a bit whose probability (out of 64) is the index; 0 and 64 are clamped like the coder. */
const BIT_COST: usize = memory.data(4 * 65, 16);
/** Cost of the length symbol + extra bits for each length < 256, from the current length code. */
export const LENGTH_COST: usize = memory.data(4 * 256, 16);
/** Price (without length) of each explicit delta candidate at the current position. */
export const DELTA_COSTS: usize = memory.data(4 * 8, 16);
let lengthCostsFor: u32 = 0xffffffff;

/** Forgets the length costs (a new chunk restarts the length code). */
export function resetLengthCosts(): void {
  lengthCostsFor = 0xffffffff;
}
let bitCostsReady = false;

let nodes: usize = 0;
let items: usize = 0;

/** Places the node array (NODE_COUNT × NODE_SIZE bytes) and the item list ((BLOCK_LIMIT + 1) × 8 bytes). */
export function setParseMemory(nodeArray: usize, itemList: usize): void {
  nodes = nodeArray;
  items = itemList;
}

export function initBitCosts(): void {
  if (bitCostsReady) return;
  for (let i = 0; i <= 64; i++) {
    let p = i;
    if (p == 0) p = 1;
    if (p == 64) p = 63;
    store<u32>(BIT_COST + (<usize>i << 2), <u32>Math.round(-Math.log2(<f64>p / 64.0) * 64.0));
  }
  bitCostsReady = true;
}

// @ts-ignore: decorator
@inline
export function cost0(entry: usize): u32 {
  return load<u32>(BIT_COST + (<usize>zerosOf(load<u64>(entry)) << 2));
}

// @ts-ignore: decorator
@inline
export function cost1(entry: usize): u32 {
  return load<u32>(BIT_COST + (<usize>(64 - zerosOf(load<u64>(entry))) << 2));
}

export function refreshLengthCosts(): void {
  const generation = rebuildCount(LENGTH_ECODE);
  if (generation == lengthCostsFor) return;
  lengthCostsFor = generation;
  for (let len: u32 = 2; len < 256; len++) {
    const slot = <usize>lengthSlot(len);
    store<u32>(LENGTH_COST + (<usize>len << 2), (<u32>load<u8>(LENGTH_LENS + slot) + <u32>load<u8>(LENGTH_EXTRA + slot)) << 6);
  }
}

// @ts-ignore: decorator
@inline
export function offsetCost(offset: u32): u32 {
  const slot = <usize>offsetSlot(offset);
  return (<u32>load<u8>(LZ_OFFSET_LENS + slot) + <u32>load<u8>(OFFSET_EXTRA + slot)) << 6;
}

// @ts-ignore: decorator
@inline
export function node(i: u32): usize {
  return nodes + <usize>i * NODE_SIZE;
}

/** Records a cheaper way to reach node `to`. */
// @ts-ignore: decorator
@inline
export function relax(to: usize, cost: u32, length: u32, source: u32): void {
  if (cost < load<u32>(to + N_COST)) {
    store<u32>(to + N_COST, cost);
    store<u32>(to + N_LEN, length);
    store<u32>(to + N_SRC, source);
    store<u8>(to + N_EXTRA, 0);
  }
}

/** Records a cheaper way to reach node `to` by three items: (len2, src2), a literal, then a repeat-0 match. */
// @ts-ignore: decorator
@inline
export function relax3(to: usize, cost: u32, len2: u32, src2: u32, literal: u32, repLen: u32): void {
  if (cost < load<u32>(to + N_COST)) {
    store<u32>(to + N_COST, cost);
    store<u32>(to + N_LEN, repLen);
    store<u32>(to + N_SRC, 0);
    store<u8>(to + N_EXTRA, 2);
    store<u32>(to + N_LEN1, 1);
    store<u32>(to + N_SRC1, literal);
    store<u32>(to + N_LEN2, len2);
    store<u32>(to + N_SRC2, src2);
  }
}

/** Records a cheaper way to reach node `to` by a literal then a repeat-0 match. */
// @ts-ignore: decorator
@inline
export function relax2(to: usize, cost: u32, literal: u32, repLen: u32): void {
  if (cost < load<u32>(to + N_COST)) {
    store<u32>(to + N_COST, cost);
    store<u32>(to + N_LEN, repLen);
    store<u32>(to + N_SRC, 0);
    store<u8>(to + N_EXTRA, 1);
    store<u32>(to + N_LEN1, 1);
    store<u32>(to + N_SRC1, literal);
  }
}

/** Total bytes covered by the items that reached node `n`. */
// @ts-ignore: decorator
@inline
export function arrivalLength(n: usize): u32 {
  const extra = <u32>load<u8>(n + N_EXTRA);
  let len = load<u32>(n + N_LEN);
  if (extra != 0) len += load<u32>(n + N_LEN1);
  if (extra == 2) len += load<u32>(n + N_LEN2);
  return len;
}

/** Makes nodes up to `to` exist (infinite cost) so they can be relaxed. */
// @ts-ignore: decorator
@inline
export function reach(end: u32, to: u32): u32 {
  while (end < to) {
    end++;
    store<u32>(node(end) + N_COST, INFINITE);
  }
  return end;
}

/** Cost of a literal + repeat-0 match of `repLen` after an item that left these decision states. */
// @ts-ignore: decorator
@inline
export function literalRep0Cost(main: u32, match: u32, lz: u32, rep0: u32, literal: u32, repLen: u32): u32 {
  const litMain = MAIN_PROBS + (<usize>main << 3);
  const afterLit = MAIN_PROBS + (<usize>((main << 1) & 15) << 3);
  return (
    cost0(litMain) +
    (<u32>load<u8>(LITERAL_LENS + <usize>literal) << 6) +
    cost1(afterLit) +
    cost0(MATCH_PROBS + (<usize>match << 3)) +
    cost1(LZ_PROBS + (<usize>lz << 3)) +
    cost0(LZ_REP0_PROBS + (<usize>rep0 << 3)) +
    load<u32>(LENGTH_COST + (<usize>repLen << 2))
  );
}

/** Copies the state record fields (queue and decision states) of node `from` to `to`. */
// @ts-ignore: decorator
@inline
export function copyState(to: usize, from: usize): void {
  v128.store(to + 12, v128.load(from + 12));
  v128.store(to + 28, v128.load(from + 28));
  v128.store(to + 40, v128.load(from + 40));
}

/** Encodes the chosen path from node 0 to node `end`. */
export function encodePath(end: u32): void {
  let count: u32 = 0;
  let i = end;
  while (i > 0) {
    const n = node(i);
    const extra = <u32>load<u8>(n + N_EXTRA);
    store<u32>(items + (<usize>count << 3), load<u32>(n + N_LEN));
    store<u32>(items + (<usize>count << 3), load<u32>(n + N_SRC), 4);
    count++;
    if (extra != 0) {
      store<u32>(items + (<usize>count << 3), load<u32>(n + N_LEN1));
      store<u32>(items + (<usize>count << 3), load<u32>(n + N_SRC1), 4);
      count++;
    }
    if (extra == 2) {
      store<u32>(items + (<usize>count << 3), load<u32>(n + N_LEN2));
      store<u32>(items + (<usize>count << 3), load<u32>(n + N_SRC2), 4);
      count++;
    }
    i -= arrivalLength(n);
  }
  while (count > 0) {
    count--;
    const at = items + (<usize>count << 3);
    encodeItem(load<u32>(at), load<u32>(at, 4));
  }
}

