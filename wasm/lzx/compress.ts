// LZX compressor for one WIM chunk (wim-format.md §13.3): window = chunk size, E8 translation with the fixed
// 12,000,000 size, verbatim/aligned blocks (encode-block.ts), repeat offsets R0–R2 carried across the chunk's
// blocks.
//
// Below level 35, lazy parsing over hash chains, trying R0 first (a repeat match costs no offset bits). From 35
// up, near-optimal parsing as wimlib does at its default level: one sweep caches every position's Pareto set of
// (length, offset) matches; then a few forward minimum-cost passes, each pricing literals, repeat matches (checked
// against the queue R0–R2 that the cheapest path into the position leaves) and cached matches with the bit
// lengths of the Huffman codes built from the previous pass's choices. The first pass uses flat default costs.
//
// Blocks: items are cut into blocks of about 32 KiB of output (a block ends on an item boundary), each with its
// own codes; a 32 KiB chunk is normally one block.
import { buffersEnd, fitsReserved, inputPointer, outputCapacity, outputPointer } from '../shared/buffers';
import { bitOverflow, bitWriterFlush, bitWriterInit } from '../shared/bit-writer';
import { ERROR_LIMIT, ERROR_NO_MEMORY } from '../shared/errors';
import { hcFindLongest, hcInit, hcInsert, hcOffset, hcTableBytes, matchLength } from '../shared/hash-chains';
import { btFindAll, btInit, btTableBytes } from '../shared/binary-trees';
import { reserveWorkspace } from '../shared/workspace';
import {
  LZX_DEFAULT_BLOCK_SIZE,
  LZX_E8_TAIL,
  LZX_LENGTH_SYMBOLS,
  LZX_MAX_WINDOW_ORDER,
  LZX_MIN_MATCH_LENGTH,
  LZX_MIN_WINDOW_ORDER,
  LZX_NUM_CHARS,
  LZX_NUM_PRIMARY_LENGTHS,
  LZX_WIM_E8_FILE_SIZE,
} from './constants';
import { buildMainAndLengthCodes, countBlockSymbols, resetPreviousLengths, writeBlock } from './encode-block';
import { findMinimumCostPath, setCostsFromCodes, setEstimatedCosts } from './near-optimal';
import { mainSymbolsForWindow } from './slots';

const MAX_MATCH_LENGTH: u32 = 257;
const OPTIMAL_LEVEL: u32 = 35;
const MAX_MATCHES_PER_POSITION: u32 = 12;

let items: usize = 0;
let itemCount: u32 = 0;
let tables: usize = 0;
let cache: usize = 0;
let cacheEnd: usize = 0;
let nodes: usize = 0; // per position: cost and arriving item (near-optimal.ts)
let queues: usize = 0; // per position: R0, R1, R2 packed in a u64
let gaps: usize = 0; // per position: first match of a gap arrival

/** Relative call targets → absolute, the inverse of e8.ts (decoder): same scan, same 10-byte tail. */
function translateE8(data: usize, size: u32): void {
  if (size <= LZX_E8_TAIL) return;
  const limit = size - LZX_E8_TAIL;
  let i: u32 = 0;
  while (i < limit) {
    if (load<u8>(data + i) != 0xE8) {
      i++;
      continue;
    }
    const rel = load<i32>(data + i + 1);
    const pos = <i32>i;
    if (rel >= -pos && rel < LZX_WIM_E8_FILE_SIZE - pos) {
      store<i32>(data + i + 1, rel + pos);
    } else if (rel >= LZX_WIM_E8_FILE_SIZE - pos && rel < LZX_WIM_E8_FILE_SIZE) {
      store<i32>(data + i + 1, rel - LZX_WIM_E8_FILE_SIZE);
    }
    i += 5;
  }
}

// @ts-ignore: decorator
@inline function pushItem(length: u32, value: u32): void {
  const at = items + (<usize>itemCount << 3);
  store<u32>(at, length);
  store<u32>(at + 4, value);
  itemCount++;
}

/** Lazy parse: R0 first, then the chains; a literal is emitted when the next position offers a better match. */
function parseLazy(data: usize, n: u32, maxOffset: u32, depth: u32, nice: u32, hashBits: u32): void {
  hcInit(data, n, hashBits, tables);
  itemCount = 0;
  let r0: u32 = 1;
  let r1: u32 = 1;
  let r2: u32 = 1;
  let i: u32 = 0;
  let inserted: u32 = 0;
  let pendingLength: u32 = 0; // a match found at i by the previous lazy look-ahead
  let pendingOffset: u32 = 0;
  while (i < n) {
    const limit = min(MAX_MATCH_LENGTH, n - i);
    const repLength = r0 <= i ? matchLength(data + i, data + i - r0, limit) : 0;
    let length: u32;
    let offset: u32;
    if (pendingLength != 0) {
      length = pendingLength;
      offset = pendingOffset;
      pendingLength = 0;
    } else {
      length = inserted > i ? 0 : hcFindLongest(i, LZX_MIN_MATCH_LENGTH, limit, nice, depth, maxOffset);
      offset = hcOffset;
      inserted = max(inserted, i + 1);
    }
    // A repeat match wins unless the explicit one is clearly longer (its offset bits cost more).
    if (repLength >= 2 && repLength + 2 >= length) {
      pushItem(repLength, 0);
      const end = i + repLength;
      for (let p = inserted; p < end; p++) hcInsert(p);
      inserted = max(inserted, end);
      i = end;
      continue;
    }
    if (length < 3) {
      pushItem(0, load<u8>(data + i));
      i++;
      continue;
    }
    if (length < nice && i + 1 < n) {
      const next = hcFindLongest(i + 1, length, min(MAX_MATCH_LENGTH, n - i - 1), nice, depth, maxOffset);
      inserted = max(inserted, i + 2);
      if (next > length) {
        pushItem(0, load<u8>(data + i));
        i++;
        pendingLength = next;
        pendingOffset = hcOffset;
        continue;
      }
    }
    if (offset == r1) {
      pushItem(length, 1);
      r1 = r0;
      r0 = offset;
    } else if (offset == r2) {
      pushItem(length, 2);
      r2 = r0;
      r0 = offset;
    } else {
      pushItem(length, offset + 2);
      r2 = r1;
      r1 = r0;
      r0 = offset;
    }
    const end = i + length;
    for (let p = inserted; p < end; p++) hcInsert(p);
    inserted = max(inserted, end);
    i = end;
  }
}

/** Caches, per position, a count then that many (length, offset) pairs, found with the binary-tree finder. */
function collectMatches(data: usize, n: u32, maxOffset: u32, depth: u32, nice: u32, hashBits: u32): void {
  btInit(data, n, hashBits, tables, 2);
  let at = cache;
  let i: u32 = 0;
  while (i < n) {
    let count: u32 = 0;
    // Room is kept for one count entry per remaining position, so a full cache only loses matches.
    if (at + 8 * (MAX_MATCHES_PER_POSITION + 1) + 8 * <usize>(n - i) <= cacheEnd) {
      count = btFindAll(i, MAX_MATCH_LENGTH, nice, depth, maxOffset, at + 8, MAX_MATCHES_PER_POSITION);
    }
    store<u32>(at, count);
    at += 8 + (<usize>count << 3);
    i++;
    if (count > 0) {
      const longest = load<u32>(at - 8);
      if (longest >= nice) {
        // Positions inside a long match are only inserted: parses seldom start there. Their walk is shallower
        // (a cut-off walk drops the rest of its path from the tree, so a few far candidates are lost).
        const end = i - 1 + longest;
        const skipDepth = max<u32>(1, (depth * 3) >> 3);
        while (i < end) {
          btFindAll(i, nice, nice, skipDepth, maxOffset, 0, 0); // comparisons stop at nice: runs stay linear
          store<u32>(at, 0);
          at += 8;
          i++;
        }
      }
    }
  }
}

/** One parse pass whose items only serve to build the next cost model. */
function refineCosts(data: usize, n: u32, mainSymbols: u32, light: bool): void {
  itemCount = findMinimumCostPath(data, n, cache, nodes, queues, gaps, items, mainSymbols, light);
  countBlockSymbols(items, 0, itemCount);
  buildMainAndLengthCodes(mainSymbols);
  setCostsFromCodes(mainSymbols);
}

/** Writes the items as blocks of about 32 KiB; returns the compressed size or 0 on overflow. */
function writeItems(n: u32, mainSymbols: u32, order: u32, out: usize, limit: usize): u32 {
  bitWriterInit(out, limit);
  resetPreviousLengths();
  let first: u32 = 0;
  let covered: u32 = 0;
  while (first < itemCount && !bitOverflow) {
    let last = first;
    let size: u32 = 0;
    while (last < itemCount && size < LZX_DEFAULT_BLOCK_SIZE) {
      const length = load<u32>(items + (<usize>last << 3));
      size += length == 0 ? 1 : length;
      last++;
    }
    // A short tail would pay for a whole set of code lengths: fold it into this block.
    if (n - covered - size < 4096) {
      while (last < itemCount) {
        const length = load<u32>(items + (<usize>last << 3));
        size += length == 0 ? 1 : length;
        last++;
      }
    }
    writeBlock(items, first, last, size, mainSymbols, order);
    covered += size;
    first = last;
  }
  const written = bitWriterFlush();
  return bitOverflow ? 0 : written;
}

/**
 * Compresses `inputLength` bytes at inputPointer() (modified in place by the E8 translation) for a resource whose
 * chunk size is `windowSize`; returns the compressed size at outputPointer(), 0 when it would not be smaller, or a
 * negative error.
 */
export function compress(inputLength: u32, windowSize: u32, level: u32): i32 {
  let order = LZX_MIN_WINDOW_ORDER;
  while (order < LZX_MAX_WINDOW_ORDER && <u32>1 << order < windowSize) order++;
  if (<u32>1 << order < windowSize || inputLength > windowSize || !fitsReserved(inputLength, inputLength)) return ERROR_LIMIT;
  if (inputLength < 16 || outputCapacity() < inputLength) return 0;
  const n = inputLength;
  const data = inputPointer();
  const mainSymbols = mainSymbolsForWindow(order);
  const maxOffset = (<u32>1 << order) - 3;
  const hashBits = min<u32>(17, max<u32>(15, order));
  const optimal = level >= OPTIMAL_LEVEL;

  const itemsBytes: usize = 8 * (<usize>n + 1);
  const tableBytes = optimal ? btTableBytes(n, hashBits) : hcTableBytes(n, hashBits);
  // A count per position plus, on average, 5 matches (length 2 included); past that, positions get none.
  const cacheBytes: usize = optimal ? 8 * 6 * <usize>n : 0;
  const nodeBytes: usize = optimal ? 20 * (<usize>n + 1) + 64 : 0;
  const workspace = reserveWorkspace(buffersEnd(), itemsBytes + tableBytes + cacheBytes + nodeBytes + 256);
  if (workspace == 0) return ERROR_NO_MEMORY;
  items = workspace;
  tables = (items + itemsBytes + 63) & ~(<usize>63);
  cache = (tables + tableBytes + 63) & ~(<usize>63);
  cacheEnd = cache + cacheBytes;
  nodes = cacheEnd;
  queues = nodes + 8 * (<usize>n + 1);
  gaps = queues + 8 * (<usize>n + 1);

  translateE8(data, n);
  if (!optimal) {
    parseLazy(data, n, maxOffset, max<u32>(2, (60 * level) / 20), (80 * level) / 20 + 3, hashBits);
  } else {
    // Depth and nice length scale with the level like wimlib's, but lower (16 and 40 at level 50 where wimlib
    // has 24 and 48): measured on the bench corpus, +17 % speed for +0.3 % size with the shallower skips below.
    // Passes: at level 50 a light one then the final one; more full passes from 60, 70 and 100.
    const depth: u32 = max<u32>(1, (16 * level) / 50);
    const nice: u32 = min<u32>(max<u32>(3, (40 * level) / 50), MAX_MATCH_LENGTH);
    const passes: u32 = 1 + <u32>(level >= 60) + <u32>(level >= 70) + <u32>(level >= 100);
    collectMatches(data, n, maxOffset, depth, nice, hashBits);
    // First cost model: estimates, refined at level ≥ 45 by a light pass (full-length matches only).
    setEstimatedCosts(cache, data, n, mainSymbols);
    if (level >= 45) refineCosts(data, n, mainSymbols, true);
    for (let pass: u32 = 1; pass < passes; pass++) refineCosts(data, n, mainSymbols, false);
    itemCount = findMinimumCostPath(data, n, cache, nodes, queues, gaps, items, mainSymbols, false);
  }
  const out = outputPointer();
  return writeItems(n, mainSymbols, order, out, out + n - 1);
}
