// LZMS chunk compressor: x86 filter, near-optimal parse over hash-chain matches, then the two output streams.
//
// Output layout (wimlib src/lzms_compress.c, lzms_finalize; wim-format.md §13.4): the range encoder's units from the
// start of the buffer, the backward bitstream from its end; once both are flushed the backward part is moved down
// to follow the forward part, so the chunk is [forward units][backward units], an even number of bytes.
//
// Parsing (our own, in the spirit of wimlib's lzms_near_optimal_parse): positions are graph nodes, literals and
// matches are edges priced in 1/64 bit from the current probabilities (per-node decision states) and the current
// Huffman code lengths; a step finds the cheapest path forward until no pending path reaches past the current
// position or BLOCK_LIMIT bytes were parsed, then encodes it. Each node carries the adaptive state (repeat queue,
// decision states) of the best path reaching it, so repeat matches and bit costs follow the path. A match of
// `nice` bytes or more is taken at once. Delta matches are not used.
//
// Memory per compressor instance (workspace, besides the module's input and output buffers of one chunk each):
// chain 4 × chunk size, heads 4 × 2^hashBits (hashBits = min(22, log2 chunk size)), 3-byte heads 256 KiB, slot
// tables ~130 KiB, parse nodes ~95 KiB. A 64 MiB chunk: 64 + 64 + 256 + 16 + 0.5 ≈ 401 MiB.

import { initSlotTables, numOffsetSlots, LZMS_MAX_BUFFER_SIZE } from './constants';
import {
  DELTA_PROBS,
  DELTA_REP0_PROBS,
  DELTA_REP1_PROBS,
  LZ_PROBS,
  LZ_REP0_PROBS,
  LZ_REP1_PROBS,
  MAIN_PROBS,
  MATCH_PROBS,
  zerosOf,
} from './probabilities';
import { DELTA_TABLE_BYTES, NUM_POWERS, deltaFinderInit, deltaInsert, extendDelta, findDeltaMatches } from './delta-finder';
import { rangeEncoderFinish, rangeEncoderInit } from './range-encoder';
import { bitWriterFinish, bitWriterInit } from './bitstream-writer';
import { rebuildCount } from './huffman-encode';
import {
  DELTA_OFFSET_LENS,
  DELTA_POWER_SHIFT,
  DELTA_RAW_MASK,
  DELTA_TAG,
  ENCODER_STATE,
  POWER_LENS,
  ST_DELTA,
  ST_DQUEUE,
  ST_DREP0,
  ST_DREP1,
  ST_PREV_DELTA,
  LENGTH_ECODE,
  LENGTH_LENS,
  LITERAL_LENS,
  LZ_OFFSET_LENS,
  STATE_RECORD_SIZE,
  ST_MAIN,
  ST_MATCH,
  ST_LZ,
  ST_PREV_LZ,
  ST_QUEUE,
  ST_REP0,
  ST_REP1,
  advanceState,
  encodeItem,
  itemEncoderInit,
} from './item-encoder';
import { buildSlotTables, lengthSlot, offsetSlot, offsetTablesSize } from './slot-tables';
import { extendMatch, findMatches, insertPosition, matchFinderInit } from './match-finder';
import { applyX86Filter } from './x86-filter';
import { LENGTH_EXTRA, OFFSET_EXTRA } from './constants';
import { reserveWorkspace } from '../shared/workspace';
import { ERROR_LIMIT, ERROR_NO_MEMORY } from '../shared/errors';

/** Parse steps end after this many bytes even if paths are still pending (bounds memory and model staleness). */
const BLOCK_LIMIT: u32 = 2048;
/** Longest `nice` length (length costs are tabled up to here). */
const MAX_NICE: u32 = 255;
/** Nodes: a step's positions, plus the furthest a match + literal + repeat from the last one can reach. */
const NODE_COUNT: u32 = BLOCK_LIMIT + 2 * MAX_NICE + 4;
// Node: u32 cost, u32 item length, u32 item source, then the state record fields (item-encoder.ts ST_*), then up
// to two earlier items when the node was reached by a multi-item step (match + literal + repeat 0): the last item
// is in N_LEN/N_SRC, the one before in N_LEN1/N_SRC1, the first in N_LEN2/N_SRC2; N_EXTRA counts them.
const N_COST = 0;
const N_LEN = 4;
const N_SRC = 8;
const N_EXTRA = 56; // u8 (the state record is bytes 12–55)
const N_LEN1 = 60;
const N_SRC1 = 64;
const N_LEN2 = 68;
const N_SRC2 = 72;
const NODE_SIZE: usize = 80;
const INFINITE: u32 = 0xffffffff;
const MAX_MATCHES: u32 = 256; // lengths strictly increase and stay ≤ MAX_NICE

/** Cost in 1/64 bit of a bit whose probability (out of 64) is the index; 0 and 64 are clamped like the coder. */
const BIT_COST: usize = memory.data(4 * 65, 16);
/** Cost of the length symbol + extra bits for each length < 256, from the current length code. */
const LENGTH_COST: usize = memory.data(4 * 256, 16);
let lengthCostsFor: u32 = 0xffffffff;
let bitCostsReady = false;

let nodes: usize = 0;
let matches: usize = 0;
let items: usize = 0;

function initBitCosts(): void {
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
function cost0(entry: usize): u32 {
  return load<u32>(BIT_COST + (<usize>zerosOf(load<u64>(entry)) << 2));
}

// @ts-ignore: decorator
@inline
function cost1(entry: usize): u32 {
  return load<u32>(BIT_COST + (<usize>(64 - zerosOf(load<u64>(entry))) << 2));
}

function refreshLengthCosts(): void {
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
function offsetCost(offset: u32): u32 {
  const slot = <usize>offsetSlot(offset);
  return (<u32>load<u8>(LZ_OFFSET_LENS + slot) + <u32>load<u8>(OFFSET_EXTRA + slot)) << 6;
}

// @ts-ignore: decorator
@inline
function node(i: u32): usize {
  return nodes + <usize>i * NODE_SIZE;
}

/** Records a cheaper way to reach node `to`. */
// @ts-ignore: decorator
@inline
function relax(to: usize, cost: u32, length: u32, source: u32): void {
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
function relax3(to: usize, cost: u32, len2: u32, src2: u32, literal: u32, repLen: u32): void {
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
function relax2(to: usize, cost: u32, literal: u32, repLen: u32): void {
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
function arrivalLength(n: usize): u32 {
  const extra = <u32>load<u8>(n + N_EXTRA);
  let len = load<u32>(n + N_LEN);
  if (extra != 0) len += load<u32>(n + N_LEN1);
  if (extra == 2) len += load<u32>(n + N_LEN2);
  return len;
}

/** Makes nodes up to `to` exist (infinite cost) so they can be relaxed. */
// @ts-ignore: decorator
@inline
function reach(end: u32, to: u32): u32 {
  while (end < to) {
    end++;
    store<u32>(node(end) + N_COST, INFINITE);
  }
  return end;
}

/** Cost of a literal + repeat-0 match of `repLen` after an item that left these decision states. */
// @ts-ignore: decorator
@inline
function literalRep0Cost(main: u32, match: u32, lz: u32, rep0: u32, literal: u32, repLen: u32): u32 {
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
function copyState(to: usize, from: usize): void {
  v128.store(to + 12, v128.load(from + 12));
  v128.store(to + 28, v128.load(from + 28));
  v128.store(to + 40, v128.load(from + 40));
}

/** Encodes the chosen path from node 0 to node `end`. */
function encodePath(end: u32): void {
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

/** Parses and encodes `size` bytes at `data`. */
function parse(data: usize, size: u32, nice: u32, depth: u32, lookahead: bool, useDelta: bool): void {
  let pos: u32 = 0;
  while (pos < size) {
    // A new step: node 0 is the current position, in the encoder's state.
    refreshLengthCosts();
    const start = pos;
    const first = node(0);
    copyState(first, ENCODER_STATE);
    store<u32>(first + N_COST, 0);
    let end: u32 = 0; // furthest node with a pending path
    let cur: u32 = 0;
    while (true) {
      const p = start + cur;
      const here = node(cur);
      const avail = size - p;
      const niceHere = avail < nice ? avail : nice;
      const curCost = load<u32>(here + N_COST);
      const mainEntry = MAIN_PROBS + (<usize>load<u8>(here + ST_MAIN) << 3);
      const matchEntry = MATCH_PROBS + (<usize>load<u8>(here + ST_MATCH) << 3);
      const lzEntry = LZ_PROBS + (<usize>load<u8>(here + ST_LZ) << 3);
      const matchBase = curCost + cost1(mainEntry) + cost0(matchEntry);
      const at = data + <usize>p;

      // Repeat matches: queue entries prevLz + 0..2.
      if (avail >= 2) {
        const prevLz = <u32>load<u8>(here + ST_PREV_LZ);
        const rep0Entry = LZ_REP0_PROBS + (<usize>load<u8>(here + ST_REP0) << 3);
        const rep1Entry = LZ_REP1_PROBS + (<usize>load<u8>(here + ST_REP1) << 3);
        const repBase = matchBase + cost1(lzEntry);
        for (let r: u32 = 0; r < 3; r++) {
          const offset = load<u32>(here + ST_QUEUE + (<usize>(r + prevLz) << 2));
          if (offset > p) continue;
          const from = at - <usize>offset;
          if (load<u16>(at) != load<u16>(from)) continue;
          const len = extendMatch(at, from, 2, avail);
          if (len >= niceHere) {
            // Long repeat match: take it now.
            encodePath(cur);
            encodeItem(len, r);
            for (let k: u32 = 0; k < len; k++) insertPosition(data, p + k, avail - k);
            if (useDelta) for (let k: u32 = 0; k < len; k++) deltaInsert(data, p + k, avail - k);
            pos = p + len;
            break;
          }
          let cost = repBase;
          if (r == 0) cost += cost0(rep0Entry);
          else cost += cost1(rep0Entry) + (r == 1 ? cost0(rep1Entry) : cost1(rep1Entry));
          end = reach(end, cur + len);
          for (let l: u32 = 2; l <= len; l++) {
            relax(node(cur + l), cost + load<u32>(LENGTH_COST + (<usize>l << 2)), l, r);
          }
          // Repeat match, literal, then the same offset again (now repeat 0).
          if (lookahead && avail - len >= 3 && load<u16>(at + <usize>len + 1) == load<u16>(from + <usize>len + 1)) {
            const room = avail - len - 1;
            const repLen = extendMatch(at + <usize>len + 1, from + <usize>len + 1, 2, room < niceHere ? room : niceHere);
            const main = ((<u32>load<u8>(here + ST_MAIN) << 1) | 1) & 15;
            const match = (<u32>load<u8>(here + ST_MATCH) << 1) & 31;
            const lz = ((<u32>load<u8>(here + ST_LZ) << 1) | 1) & 63;
            const rep0 = ((<u32>load<u8>(here + ST_REP0) << 1) | <u32>(r != 0)) & 63;
            const literal = <u32>load<u8>(at + <usize>len);
            const total = cost + load<u32>(LENGTH_COST + (<usize>len << 2)) +
              literalRep0Cost(main, match, lz, rep0, literal, repLen);
            end = reach(end, cur + len + 1 + repLen);
            relax3(node(cur + len + 1 + repLen), total, len, r, literal, repLen);
          }
        }
        if (pos != start) break;
      }

      // Explicit-offset matches.
      const count = findMatches(data, p, avail, niceHere, depth, matches);
      if (count != 0) {
        const lastAt = matches + (<usize>(count - 1) << 3);
        const best = load<u32>(lastAt);
        if (best >= niceHere) {
          const offset = load<u32>(lastAt, 4);
          const len = extendMatch(at, at - <usize>offset, best, avail);
          encodePath(cur);
          encodeItem(len, offset + 2);
          for (let k: u32 = 1; k < len; k++) insertPosition(data, p + k, avail - k);
          if (useDelta) for (let k: u32 = 0; k < len; k++) deltaInsert(data, p + k, avail - k);
          pos = p + len;
          break;
        }
        end = reach(end, cur + best);
        const base = matchBase + cost0(lzEntry);
        let l: u32 = 2;
        for (let i: u32 = 0; i < count; i++) {
          const m = matches + (<usize>i << 3);
          const len = load<u32>(m);
          const offset = load<u32>(m, 4);
          const c = base + offsetCost(offset);
          for (; l <= len; l++) relax(node(cur + l), c + load<u32>(LENGTH_COST + (<usize>l << 2)), l, offset + 2);
          // Match, literal, then the same offset again (now repeat 0).
          const from = at - <usize>offset;
          if (lookahead && avail - len >= 3 && load<u16>(at + <usize>len + 1) == load<u16>(from + <usize>len + 1)) {
            const room = avail - len - 1;
            const repLen = extendMatch(at + <usize>len + 1, from + <usize>len + 1, 2, room < niceHere ? room : niceHere);
            const main = ((<u32>load<u8>(here + ST_MAIN) << 1) | 1) & 15;
            const match = (<u32>load<u8>(here + ST_MATCH) << 1) & 31;
            const lz = (<u32>load<u8>(here + ST_LZ) << 1) & 63;
            const literal = <u32>load<u8>(at + <usize>len);
            const total = c + load<u32>(LENGTH_COST + (<usize>len << 2)) +
              literalRep0Cost(main, match, lz, <u32>load<u8>(here + ST_REP0), literal, repLen);
            end = reach(end, cur + len + 1 + repLen);
            relax3(node(cur + len + 1 + repLen), total, len, offset + 2, literal, repLen);
          }
        }
      }

      // Delta matches: repeats of the queued (power, raw offset) pairs, then explicit candidates.
      if (useDelta && avail >= 2) {
        const prevDelta = <u32>load<u8>(here + ST_PREV_DELTA);
        const dEntry = DELTA_PROBS + (<usize>load<u8>(here + ST_DELTA) << 3);
        const drep0Entry = DELTA_REP0_PROBS + (<usize>load<u8>(here + ST_DREP0) << 3);
        const drep1Entry = DELTA_REP1_PROBS + (<usize>load<u8>(here + ST_DREP1) << 3);
        const deltaBase = curCost + cost1(mainEntry) + cost1(matchEntry);
        const repBase = deltaBase + cost1(dEntry);
        for (let r: u32 = 0; r < 3; r++) {
          const pair = load<u32>(here + ST_DQUEUE + (<usize>(r + prevDelta) << 2));
          const power = pair >> DELTA_POWER_SHIFT;
          const span = <u32>1 << power;
          const offset = <u64>(pair & DELTA_RAW_MASK) << power;
          if (offset + <u64>span > <u64>p) continue;
          const len = extendDelta(at, at - <usize>offset, span, 0, avail);
          if (len < 2) continue;
          if (len >= niceHere) {
            encodePath(cur);
            encodeItem(len, DELTA_TAG | r);
            for (let k: u32 = 1; k < len; k++) insertPosition(data, p + k, avail - k);
            for (let k: u32 = 0; k < len; k++) deltaInsert(data, p + k, avail - k);
            pos = p + len;
            break;
          }
          let cost = repBase;
          if (r == 0) cost += cost0(drep0Entry);
          else cost += cost1(drep0Entry) + (r == 1 ? cost0(drep1Entry) : cost1(drep1Entry));
          end = reach(end, cur + len);
          for (let l: u32 = 2; l <= len; l++) relax(node(cur + l), cost + load<u32>(LENGTH_COST + (<usize>l << 2)), l, DELTA_TAG | r);
        }
        if (pos != start) break;
        const found = findDeltaMatches(data, p, avail, matches);
        const explicitBase = deltaBase + cost0(dEntry);
        for (let i: u32 = 0; i < found; i++) {
          const m = matches + (<usize>i << 3);
          const len = load<u32>(m);
          const pair = load<u32>(m, 4);
          if (len >= niceHere) {
            encodePath(cur);
            encodeItem(len, DELTA_TAG | (pair + 3));
            for (let k: u32 = 1; k < len; k++) insertPosition(data, p + k, avail - k);
            for (let k: u32 = 1; k < len; k++) deltaInsert(data, p + k, avail - k);
            pos = p + len;
            break;
          }
          const slot = <usize>offsetSlot(pair & DELTA_RAW_MASK);
          const cost =
            explicitBase +
            ((<u32>load<u8>(POWER_LENS + <usize>(pair >> DELTA_POWER_SHIFT)) +
              <u32>load<u8>(DELTA_OFFSET_LENS + slot) +
              <u32>load<u8>(OFFSET_EXTRA + slot)) <<
              6);
          end = reach(end, cur + len);
          for (let l: u32 = 3; l <= len; l++) relax(node(cur + l), cost + load<u32>(LENGTH_COST + (<usize>l << 2)), l, DELTA_TAG | (pair + 3));
        }
        if (pos != start) break;
      }

      // Literal.
      if (end < cur + 1) {
        end = cur + 1;
        store<u32>(node(end) + N_COST, INFINITE);
      }
      const literal = <u32>load<u8>(at);
      relax(node(cur + 1), curCost + cost0(mainEntry) + (<u32>load<u8>(LITERAL_LENS + <usize>literal) << 6), 1, literal);
      // Literal, then repeat 0 (after a literal that is queue entry 0, whatever came before).
      if (lookahead && avail >= 3) {
        const offset = load<u32>(here + ST_QUEUE);
        if (offset <= p + 1 && load<u16>(at + 1) == load<u16>(at + 1 - <usize>offset)) {
          const room = avail - 1;
          const repLen = extendMatch(at + 1, at + 1 - <usize>offset, 2, room < niceHere ? room : niceHere);
          const total =
            curCost +
            literalRep0Cost(
              <u32>load<u8>(here + ST_MAIN),
              <u32>load<u8>(here + ST_MATCH),
              <u32>load<u8>(here + ST_LZ),
              <u32>load<u8>(here + ST_REP0),
              literal,
              repLen,
            );
          end = reach(end, cur + 1 + repLen);
          relax2(node(cur + 1 + repLen), total, literal, repLen);
        }
      }

      // Step to the next node: its best path is final now; give it that path's state.
      cur++;
      const next = node(cur);
      const extra = <u32>load<u8>(next + N_EXTRA);
      copyState(next, node(cur - arrivalLength(next)));
      if (extra == 2) advanceState(next, load<u32>(next + N_LEN2), load<u32>(next + N_SRC2));
      if (extra != 0) advanceState(next, load<u32>(next + N_LEN1), load<u32>(next + N_SRC1));
      advanceState(next, load<u32>(next + N_LEN), load<u32>(next + N_SRC));
      if (cur == end || cur >= BLOCK_LIMIT) {
        encodePath(cur);
        pos = start + cur;
        break;
      }
    }
  }
}

/**
 * Compresses `size` bytes at `input` (modified in place by the x86 filter) into at most `capacity` bytes at
 * `output`; `workspaceAt` is the first free byte after the module's buffers and `window` the resource's chunk size
 * (sizes the tables once for all chunks of a resource). Returns the compressed size, 0 if it would not be smaller
 * than the input, or a negative error.
 */
export function compressChunk(
  input: usize,
  size: u32,
  output: usize,
  capacity: u32,
  workspaceAt: usize,
  window: u32,
  level: u32,
): i32 {
  if (size > LZMS_MAX_BUFFER_SIZE || window > (<u32>1 << 26)) return ERROR_LIMIT;
  if (window < size) window = size;
  if (size < 4) return 0;
  initSlotTables();
  initBitCosts();

  // Work memory.
  let hashBits: u32 = 32 - clz<u32>(window - 1);
  if (hashBits > 22) hashBits = 22;
  if (hashBits < 12) hashBits = 12;
  const nodesBytes = <usize>NODE_COUNT * NODE_SIZE;
  const matchesBytes: usize = <usize>MAX_MATCHES * 8;
  const itemsBytes: usize = <usize>(BLOCK_LIMIT + 1) * 8;
  const slotBytes = (offsetTablesSize(window) + 63) & ~(<usize>63);
  const total =
    nodesBytes + matchesBytes + itemsBytes + DELTA_TABLE_BYTES + (4 << 16) + slotBytes + (<usize>4 << hashBits) + 4 * <usize>window;
  const work = reserveWorkspace(workspaceAt, total);
  if (work == 0) return ERROR_NO_MEMORY;
  nodes = work;
  matches = nodes + nodesBytes;
  items = matches + matchesBytes;
  const deltaTable = items + itemsBytes;
  const heads3 = deltaTable + DELTA_TABLE_BYTES;
  const slotTables = heads3 + (4 << 16);
  const heads = slotTables + slotBytes;
  const chain = heads + (<usize>4 << hashBits);
  buildSlotTables(slotTables, window);
  matchFinderInit(heads, hashBits, chain, heads3);
  deltaFinderInit(deltaTable);

  // Level → search effort, on wimlib's 1–100 scale (50 = default).
  let nice = (level * 63) / 50;
  if (nice < 8) nice = 8;
  if (nice > MAX_NICE) nice = MAX_NICE;
  let depth = (level * 2) / 3;
  if (depth < 4) depth = 4;

  applyX86Filter(input, size);
  const room = (capacity < size ? capacity : size) & ~1;
  rangeEncoderInit(output, room);
  bitWriterInit(output, room);
  itemEncoderInit(numOffsetSlots(size));
  lengthCostsFor = 0xffffffff;
  parse(input, size, nice, depth, level >= 40, level >= 35);

  const backward = bitWriterFinish();
  const forwardEnd = rangeEncoderFinish();
  if (backward == 0 || forwardEnd == 0 || forwardEnd > backward) return 0;
  const backwardBytes = output + <usize>room - backward;
  memory.copy(forwardEnd, backward, backwardBytes);
  const total2 = forwardEnd - output + backwardBytes;
  return total2 >= <usize>size ? 0 : <i32>total2;
}
