// LZMS chunk compressor: x86 filter, near-optimal parse over binary-tree matches, then the two output streams.
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
// `nice` bytes or more is taken at once. Besides literals and LZ matches (explicit and repeat) the parser prices
// delta matches from level 60 (delta-finder.ts; repeats of queued pairs too) and three-item steps: match, literal, then the
// match's offset again as repeat 0 (and literal + repeat 0). Graph, prices and path encoding: parse-nodes.ts.
//
// Memory per compressor instance (workspace, besides the module's input and output buffers of one chunk each):
// binary trees 8 × min(chunk size, 48 MiB) plus heads 4 × 2^hashBits (hashBits = min(22, log2 chunk size);
// wasm/shared/binary-trees.ts), delta table 128 KiB, slot tables ~130 KiB, parse nodes ~200 KiB. A 64 MiB chunk:
// 64 + 64 + 384 + 16 + 0.7 ≈ 529 MiB (with trees over the whole chunk it was 657 MiB; matches beyond 48 MiB are
// rare and short-lived in solid data); a 128 KiB chunk: 0.25 (I/O) + 1 (trees) + 0.5 (heads) + 0.7 ≈ 2.5 MiB. Binary trees
// rather than hash chains (half the memory): at the same depth they find the long matches chains miss, which
// is worth ~2.5 % of solid output on text (3 % behind wimlib's solid size with chains, 0.2 % with trees).

import { LZMS_MAX_BUFFER_SIZE, OFFSET_EXTRA, initSlotTables, numOffsetSlots } from './constants';
import {
  DELTA_PROBS,
  DELTA_REP0_PROBS,
  DELTA_REP1_PROBS,
  LZ_PROBS,
  LZ_REP0_PROBS,
  LZ_REP1_PROBS,
  MAIN_PROBS,
  MATCH_PROBS,
} from './probabilities';
import { DELTA_TABLE_BYTES, deltaFinderInit, deltaInsert, extendDelta, findDeltaMatches } from './delta-finder';
import { rangeEncoderFinish, rangeEncoderInit } from './range-encoder';
import { bitWriterFinish, bitWriterInit } from './bitstream-writer';
import {
  DELTA_OFFSET_LENS,
  DELTA_POWER_SHIFT,
  DELTA_RAW_MASK,
  DELTA_TAG,
  ENCODER_STATE,
  LITERAL_LENS,
  POWER_LENS,
  ST_DELTA,
  ST_DQUEUE,
  ST_DREP0,
  ST_DREP1,
  ST_LZ,
  ST_MAIN,
  ST_MATCH,
  ST_PREV_DELTA,
  ST_PREV_LZ,
  ST_QUEUE,
  ST_REP0,
  ST_REP1,
  advanceState,
  encodeItem,
  itemEncoderInit,
} from './item-encoder';
import {
  BLOCK_LIMIT,
  DELTA_COSTS,
  INFINITE,
  LENGTH_COST,
  MAX_MATCHES,
  MAX_NICE,
  NODE_COUNT,
  NODE_SIZE,
  N_COST,
  N_LEN,
  N_LEN1,
  N_LEN2,
  N_SRC,
  N_SRC1,
  N_SRC2,
  N_EXTRA,
  arrivalLength,
  copyState,
  cost0,
  cost1,
  encodePath,
  initBitCosts,
  literalRep0Cost,
  node,
  offsetCost,
  reach,
  refreshLengthCosts,
  relax,
  relax2,
  relax3,
  resetLengthCosts,
  setParseMemory,
} from './parse-nodes';
import { buildSlotTables, offsetSlot, offsetTablesSize } from './slot-tables';
import { matchLength } from '../shared/hash-chains';
import { btFindAll, btInit, btTableBytes } from '../shared/binary-trees';
import { applyX86Filter } from './x86-filter';
import { reserveWorkspace } from '../shared/workspace';
import { ERROR_LIMIT, ERROR_NO_MEMORY } from '../shared/errors';

/** Positions kept in the binary trees: matches reach at most this far back (memory: 8 bytes per position). */
const TREE_WINDOW: u32 = 48 << 20;
/** Windows above this size walk the trees half as deep inside matches taken whole (see compressChunk). */
const SHALLOW_SKIP_WINDOW: u32 = 4 << 20;
/** Lowest level that searches delta matches. */
const DELTA_LEVEL: u32 = 60;
/** An LZ match at least this long at a position makes the parser skip the delta search there. */
const DELTA_SKIP_LENGTH: u32 = 4;

let matches: usize = 0; // (length, offset) pairs from the match finders (positions to skip are inserted with out = 0)

/** Length of the common prefix of `a` and `b`, known to be ≥ `start`, capped at `max`. */
// @ts-ignore: decorator
@inline
function extendMatch(a: usize, b: usize, start: u32, max: u32): u32 {
  return start >= max ? max : start + matchLength(a + <usize>start, b + <usize>start, max - start);
}

/** Parses and encodes `size` bytes at `data`. */
function parse(data: usize, size: u32, nice: u32, depth: u32, skipDepth: u32, lookahead: bool, useDelta: bool): void {
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

      let lzBest: u32 = 0; // longest LZ match here (repeat or explicit), for the delta search's gate
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
          if (len > lzBest) lzBest = len;
          if (len >= niceHere) {
            // Long repeat match: take it now.
            encodePath(cur);
            encodeItem(len, r);
            for (let k: u32 = 0; k < len; k++) btFindAll(p + k, avail - k, niceHere, skipDepth, 0xffffffff, 0, 0);
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
      const count = btFindAll(p, avail, niceHere, depth, 0xffffffff, matches, MAX_MATCHES);
      if (count != 0) {
        const lastAt = matches + (<usize>(count - 1) << 3);
        const best = load<u32>(lastAt);
        if (best > lzBest) lzBest = best;
        if (best >= niceHere) {
          const offset = load<u32>(lastAt, 4);
          const len = extendMatch(at, at - <usize>offset, best, avail);
          encodePath(cur);
          encodeItem(len, offset + 2);
          for (let k: u32 = 1; k < len; k++) btFindAll(p + k, avail - k, niceHere, skipDepth, 0xffffffff, 0, 0);
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

      // Delta matches: repeats of the queued (power, raw offset) pairs, then explicit candidates. Where an LZ
      // match of DELTA_SKIP_LENGTH bytes or more exists, a delta match seldom wins (on tables and bitmaps, where
      // delta matches pay, LZ matches are short): the position is only recorded for later searches. Measured on
      // the bench corpus: the delta search was half of the compressor's time; gated, +0.1 % size for +35 % speed.
      if (useDelta && avail >= 2 && lzBest >= DELTA_SKIP_LENGTH) deltaInsert(data, p, avail);
      else if (useDelta && avail >= 2) {
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
            for (let k: u32 = 1; k < len; k++) btFindAll(p + k, avail - k, niceHere, skipDepth, 0xffffffff, 0, 0);
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
        // Candidates of several powers often cover the same lengths: each length is priced once, with the
        // cheapest candidate that reaches it (cheapest first, each adding only the lengths not yet covered).
        for (let i: u32 = 0; i < found; i++) {
          const m = matches + (<usize>i << 3);
          const len = load<u32>(m);
          const pair = load<u32>(m, 4);
          if (len >= niceHere) {
            encodePath(cur);
            encodeItem(len, DELTA_TAG | (pair + 3));
            for (let k: u32 = 1; k < len; k++) btFindAll(p + k, avail - k, niceHere, skipDepth, 0xffffffff, 0, 0);
            for (let k: u32 = 1; k < len; k++) deltaInsert(data, p + k, avail - k);
            pos = p + len;
            break;
          }
          const slot = <usize>offsetSlot(pair & DELTA_RAW_MASK);
          store<u32>(
            DELTA_COSTS + (<usize>i << 2),
            explicitBase +
              ((<u32>load<u8>(POWER_LENS + <usize>(pair >> DELTA_POWER_SHIFT)) +
                <u32>load<u8>(DELTA_OFFSET_LENS + slot) +
                <u32>load<u8>(OFFSET_EXTRA + slot)) <<
                6),
          );
        }
        if (pos != start) break;
        let covered: u32 = 2;
        while (true) {
          let pick: i32 = -1;
          let pickCost: u32 = INFINITE;
          for (let i: u32 = 0; i < found; i++) {
            const c = load<u32>(DELTA_COSTS + (<usize>i << 2));
            if (c < pickCost && load<u32>(matches + (<usize>i << 3)) > covered) {
              pick = <i32>i;
              pickCost = c;
            }
          }
          if (pick < 0) break;
          const m = matches + (<usize>pick << 3);
          const len = load<u32>(m);
          const source = DELTA_TAG | (load<u32>(m, 4) + 3);
          end = reach(end, cur + len);
          for (let l = covered + 1; l <= len; l++) relax(node(cur + l), pickCost + load<u32>(LENGTH_COST + (<usize>l << 2)), l, source);
          covered = len;
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
    nodesBytes + matchesBytes + itemsBytes + DELTA_TABLE_BYTES + slotBytes + btTableBytes(min(window, TREE_WINDOW), hashBits);
  const work = reserveWorkspace(workspaceAt, total);
  if (work == 0) return ERROR_NO_MEMORY;
  const nodes = work;
  matches = nodes + nodesBytes;
  const items = matches + matchesBytes;
  setParseMemory(nodes, items);
  const deltaTable = items + itemsBytes;
  const slotTables = deltaTable + DELTA_TABLE_BYTES;
  const chains = slotTables + slotBytes;
  buildSlotTables(slotTables, window);
  btInit(input, size, hashBits, chains, 3, TREE_WINDOW);
  deltaFinderInit(deltaTable);

  // Level → search effort, on wimlib's 1–100 scale (50 = default).
  let nice = (level * 63) / 50;
  if (nice < 8) nice = 8;
  if (nice > MAX_NICE) nice = MAX_NICE;
  // Depth 24 at level 50 (was 33): the tree walk is most of the time left once delta matches are off, and in
  // solid chunks each step is a cache miss (16 was faster still, but cost 1.4 % of solid size on the corpus).
  let depth = (level * 24) / 50;
  if (depth < 4) depth = 4;

  applyX86Filter(input, size);
  const room = (capacity < size ? capacity : size) & ~1;
  rangeEncoderInit(output, room);
  bitWriterInit(output, room);
  itemEncoderInit(numOffsetSlots(size));
  resetLengthCosts();
  // Delta matches from level 60 up: at level 50 their search was half of the time for 1.2 % of size on the bench
  // corpus (PE files and text), and the bound for LZMS is 3 % behind wimlib's size.
  // Positions inside a match taken whole are only inserted into the trees. In windows of several MiB (solid
  // resources) every step of those walks is a cache miss and they were most of the time: there they go half as
  // deep (measured on 78 MB of the bench corpus in 64 MiB chunks: 1.5× faster for +0.45 % size; 3/8 of the depth
  // cost +0.88 %, 3/4 gave 1.2×). A cut-off walk only drops far candidates from the tree. Chunks of 128 KiB, whose
  // trees stay in cache, keep the full depth.
  const skipDepth = window > SHALLOW_SKIP_WINDOW ? max<u32>(1, depth >> 1) : depth;
  parse(input, size, nice, depth, skipDepth, level >= 40, level >= DELTA_LEVEL);

  const backward = bitWriterFinish();
  const forwardEnd = rangeEncoderFinish();
  if (backward == 0 || forwardEnd == 0 || forwardEnd > backward) return 0;
  const backwardBytes = output + <usize>room - backward;
  memory.copy(forwardEnd, backward, backwardBytes);
  const total2 = forwardEnd - output + backwardBytes;
  return total2 >= <usize>size ? 0 : <i32>total2;
}
