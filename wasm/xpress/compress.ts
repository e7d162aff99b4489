// XPRESS Huffman compressor for one WIM chunk (wim-format.md §13.2; layout in decompress.ts).
//
// Parsing: below level 60, lazy parsing over hash chains (take a match unless the next position has a longer
// one; as wimlib, deeper searches from level 30). From 60 up, near-optimal parsing: one sweep caches, for every position, the matches that beat all nearer
// ones; then a backward minimum-cost pass picks, per position, the literal or (length, offset) that minimises the
// bits to the chunk end, with bit costs taken from the Huffman code of the previous pass (the first costs come
// from a lazy parse). Each pass ends by counting symbol frequencies along the chosen path; the last code is the
// one written.
//
// Writer: XPRESS raw length bytes sit right after the 16-bit words a reference decoder has loaded (it holds a
// 32-bit look-ahead, topping up one word whenever fewer than 16 unread bits remain). So the writer keeps two
// word slots open: bits fill `slot1`; when it is full, `slot2` becomes the current slot and a new slot is taken
// at `nextByte`, where raw bytes also go. A full slot is only closed when the next bit arrives (see writeBits).
// At the end both slots are written (zero-padded).
import { buffersEnd, inputPointer, outputCapacity, outputPointer, fitsReserved } from '../shared/buffers';
import { ERROR_LIMIT, ERROR_NO_MEMORY } from '../shared/errors';
import { hcFindAll, hcFindLongest, hcInit, hcInsert, hcInsertRange, hcOffset, hcTableBytes } from '../shared/hash-chains';
import { buildHuffmanCode } from '../shared/huffman-encode';
import { reserveWorkspace } from '../shared/workspace';
import { XPRESS_LENGTHS_BYTES, XPRESS_MAX_CHUNK, XPRESS_MAX_CODEWORD_LENGTH, XPRESS_MIN_MATCH_LENGTH, XPRESS_NUM_SYMBOLS } from './constants';

const MAX_MATCH_LENGTH: u32 = 65538;
const MAX_OFFSET: u32 = 65535;
const HASH_BITS: u32 = 15;
/** Longest match list kept per position by the near-optimal parser. */
const MAX_MATCHES_PER_POSITION: u32 = 16;
/** Cost, in bits, assumed for a symbol the previous code did not use. */
const UNUSED_SYMBOL_COST: u32 = 13;
const OPTIMAL_LEVEL: u32 = 60;
/** Offsets from which the lazy parser ignores a length-3 match. */
const FAR_LENGTH3_OFFSET: u32 = 1024;

const freqs = memory.data(4 * XPRESS_NUM_SYMBOLS, 16);
const codeLengths = memory.data(XPRESS_NUM_SYMBOLS, 16);
const codewords = memory.data(4 * XPRESS_NUM_SYMBOLS, 16);
const symbolCost = memory.data(4 * XPRESS_NUM_SYMBOLS, 16);

// Workspace pointers, laid out per call.
let items: usize = 0; // (length, offset) u32 pairs; length 0 = literal with the byte in the offset field
let itemCount: u32 = 0;
let cache: usize = 0;
let cacheEnd: usize = 0;
let costs: usize = 0;
let choiceLength: usize = 0;
let choiceOffset: usize = 0;

// @ts-ignore: decorator
@inline function offsetBitsOf(offset: u32): u32 {
  return 31 - clz<u32>(offset);
}

// @ts-ignore: decorator
@inline function matchSymbol(length: u32, offset: u32): u32 {
  return 256 + (offsetBitsOf(offset) << 4) + min(length - XPRESS_MIN_MATCH_LENGTH, 15);
}

// @ts-ignore: decorator
@inline function pushLiteral(byte: u32): void {
  const at = items + (<usize>itemCount << 3);
  store<u32>(at, 0);
  store<u32>(at + 4, byte);
  itemCount++;
  const f = freqs + (<usize>byte << 2);
  store<u32>(f, load<u32>(f) + 1);
}

// @ts-ignore: decorator
@inline function pushMatch(length: u32, offset: u32): void {
  const at = items + (<usize>itemCount << 3);
  store<u32>(at, length);
  store<u32>(at + 4, offset);
  itemCount++;
  const f = freqs + (<usize>matchSymbol(length, offset) << 2);
  store<u32>(f, load<u32>(f) + 1);
}

function parseLazy(data: usize, n: u32, depth: u32, nice: u32): void {
  memory.fill(freqs, 0, 4 * XPRESS_NUM_SYMBOLS);
  itemCount = 0;
  hcInit(data, n, HASH_BITS, cache);
  let i: u32 = 0;
  let inserted: u32 = 0; // positions below this are already in the chains
  while (i < n) {
    let length: u32 = inserted > i ? 0 : hcFindLongest(i, XPRESS_MIN_MATCH_LENGTH - 1, MAX_MATCH_LENGTH, nice, depth, MAX_OFFSET);
    inserted = max(inserted, i + 1);
    // A length-3 match far back costs more than its three literals (about 4 + 10 offset bits against three
    // literal codewords): as wimlib's len_3_too_far, treat it as no match (−0.3 % size on the bench corpus).
    if (length == 0 || (length == XPRESS_MIN_MATCH_LENGTH && hcOffset >= FAR_LENGTH3_OFFSET)) {
      pushLiteral(load<u8>(data + i));
      i++;
      continue;
    }
    let offset = hcOffset;
    // Lazy step: a longer match one byte later is worth a literal now.
    while (length < nice && i + 1 < n) {
      // The look-ahead searches a quarter as deep (wimlib: half): it only has to beat a match already in hand,
      // and it runs at most positions, so its depth is most of the time spent (measured: +5 % speed, +0.1 % size).
      const next = hcFindLongest(i + 1, length, MAX_MATCH_LENGTH, nice, max<u32>(1, depth >> 2), MAX_OFFSET);
      inserted = max(inserted, i + 2);
      if (next == 0) break;
      pushLiteral(load<u8>(data + i));
      i++;
      length = next;
      offset = hcOffset;
    }
    pushMatch(length, offset);
    const end = i + length;
    hcInsertRange(inserted, end);
    inserted = max(inserted, end);
    i = end;
  }
}

/** One sweep recording each position's matches, then a trailer count, so the cost pass can walk it backwards. */
function collectMatches(data: usize, n: u32, depth: u32, nice: u32): void {
  hcInit(data, n, HASH_BITS, costs); // the chains borrow the cost arrays' space during this sweep
  let at = cache;
  let i: u32 = 0;
  while (i < n) {
    let count: u32 = 0;
    // Room is kept for one count entry per remaining position, so a full cache only loses matches.
    if (at + 8 * (MAX_MATCHES_PER_POSITION + 1) + 8 * <usize>(n - i) <= cacheEnd) {
      count = hcFindAll(i, MAX_MATCH_LENGTH, nice, depth, MAX_OFFSET, at, MAX_MATCHES_PER_POSITION);
    }
    at += <usize>count << 3;
    store<u32>(at, count);
    at += 8;
    i++;
    // After a very long match, the positions it covers are only inserted (a parse rarely starts inside one).
    if (count > 0) {
      const longest = load<u32>(at - 16);
      if (longest >= nice) {
        const end = i - 1 + longest;
        while (i < end) {
          hcInsert(i);
          store<u32>(at, 0);
          at += 8;
          i++;
        }
      }
    }
  }
  cacheEnd = at;
}

function setCostsFromCode(): void {
  for (let s: u32 = 0; s < XPRESS_NUM_SYMBOLS; s++) {
    const len = <u32>load<u8>(codeLengths + s);
    store<u32>(symbolCost + (<usize>s << 2), len != 0 ? len : UNUSED_SYMBOL_COST);
  }
}

function parseOptimal(data: usize, n: u32): void {
  setCostsFromCode();
  store<u32>(costs + (<usize>n << 2), 0);
  let at = cacheEnd;
  for (let i = <i32>n - 1; i >= 0; i--) {
    at -= 8;
    const count = load<u32>(at);
    at -= <usize>count << 3;
    const p = <u32>i;
    let best = load<u32>(symbolCost + (<usize>load<u8>(data + p) << 2)) + load<u32>(costs + (<usize>(p + 1) << 2));
    let bestLength: u32 = 1;
    let bestOffset: u32 = 0;
    let length: u32 = XPRESS_MIN_MATCH_LENGTH;
    for (let k: u32 = 0; k < count; k++) {
      const matchLength = load<u32>(at + (<usize>k << 3));
      const offset = load<u32>(at + (<usize>k << 3) + 4);
      const offsetBits = offsetBitsOf(offset);
      const symbols = symbolCost + (<usize>(256 + (offsetBits << 4)) << 2);
      for (; length <= matchLength; length++) {
        const header = min(length - XPRESS_MIN_MATCH_LENGTH, 15);
        let cost = load<u32>(symbols + (<usize>header << 2)) + offsetBits + load<u32>(costs + (<usize>(p + length) << 2));
        if (header == 15) cost += length - 18 < 255 ? 8 : 24;
        if (cost < best) {
          best = cost;
          bestLength = length;
          bestOffset = offset;
        }
        // Past 273 bytes every length costs the same symbols: only the full match is worth a look.
        if (length >= 273 && length < matchLength) length = matchLength - 1;
      }
    }
    store<u32>(costs + (<usize>p << 2), best);
    store<u32>(choiceLength + (<usize>p << 2), bestLength);
    store<u32>(choiceOffset + (<usize>p << 2), bestOffset);
  }
  memory.fill(freqs, 0, 4 * XPRESS_NUM_SYMBOLS);
  itemCount = 0;
  let i: u32 = 0;
  while (i < n) {
    const length = load<u32>(choiceLength + (<usize>i << 2));
    if (length == 1) {
      pushLiteral(load<u8>(data + i));
    } else {
      pushMatch(length, load<u32>(choiceOffset + (<usize>i << 2)));
    }
    i += length;
  }
}

function buildCode(): void {
  // Symbol 256 ends the data: some Microsoft decoders expect it (wim-format.md §13.2).
  store<u32>(freqs + (256 << 2), load<u32>(freqs + (256 << 2)) + 1);
  buildHuffmanCode(freqs, XPRESS_NUM_SYMBOLS, XPRESS_MAX_CODEWORD_LENGTH, codeLengths, codewords);
}

// Writer state (see the comment at the top).
let bits: u32 = 0;
let bitCount: u32 = 0;
let slot1: usize = 0;
let slot2: usize = 0;
let nextByte: usize = 0;
let outStart: usize = 0;
let outLimit: usize = 0;
let overflow: bool = false;

// @ts-ignore: decorator
@inline function checkLimit(): void {
  // Past the limit the result is useless (not smaller than the input): rewind so writes stay in the buffer.
  if (nextByte > outLimit) {
    overflow = true;
    slot1 = outStart;
    slot2 = outStart + 2;
    nextByte = outStart + 4;
  }
}

// @ts-ignore: decorator
@inline function writeBits(value: u32, n: u32): void {
  bits = (bits << n) | value;
  bitCount += n;
  // A word is closed only when a 17th bit arrives: the reference decoder holds 16–31 unread bits after a
  // symbol, i.e. the current slot keeps 1–16 of our bits when raw bytes follow.
  if (bitCount > 16) {
    bitCount -= 16;
    store<u16>(slot1, <u16>(bits >> bitCount));
    slot1 = slot2;
    slot2 = nextByte;
    nextByte += 2;
    checkLimit();
  }
}

// @ts-ignore: decorator
@inline function writeSymbol(symbol: u32): void {
  writeBits(load<u32>(codewords + (<usize>symbol << 2)), <u32>load<u8>(codeLengths + symbol));
}

function writeChunk(out: usize, limit: usize): u32 {
  for (let i: u32 = 0; i < XPRESS_LENGTHS_BYTES; i++) {
    store<u8>(out + i, load<u8>(codeLengths + 2 * i) | (load<u8>(codeLengths + 2 * i + 1) << 4));
  }
  bits = 0;
  bitCount = 0;
  outStart = out;
  outLimit = limit;
  overflow = false;
  slot1 = out + XPRESS_LENGTHS_BYTES;
  slot2 = slot1 + 2;
  nextByte = slot2 + 2;
  for (let k: u32 = 0; k < itemCount; k++) {
    const at = items + (<usize>k << 3);
    const length = load<u32>(at);
    const value = load<u32>(at + 4);
    if (length == 0) {
      writeSymbol(value);
      continue;
    }
    const offsetBits = offsetBitsOf(value);
    writeSymbol(matchSymbol(length, value));
    if (length - XPRESS_MIN_MATCH_LENGTH >= 15) {
      if (length - 18 < 255) {
        store<u8>(nextByte, <u8>(length - 18));
        nextByte++;
      } else {
        store<u8>(nextByte, 255);
        store<u16>(nextByte + 1, <u16>(length - XPRESS_MIN_MATCH_LENGTH));
        nextByte += 3;
      }
      checkLimit();
    }
    writeBits(value - (1 << offsetBits), offsetBits);
  }
  writeSymbol(256);
  store<u16>(slot1, <u16>(bitCount > 0 ? bits << (16 - bitCount) : 0));
  store<u16>(slot2, 0);
  if (overflow) return 0;
  return <u32>(nextByte - out);
}

/**
 * Compresses `inputLength` bytes at inputPointer() into outputPointer(); returns the compressed size, 0 when it
 * would not be smaller than the input, or a negative error. `windowSize` is the chunk size (≤ 64 KiB).
 */
export function compress(inputLength: u32, windowSize: u32, level: u32): i32 {
  if (windowSize > XPRESS_MAX_CHUNK || inputLength > windowSize || !fitsReserved(inputLength, inputLength)) return ERROR_LIMIT;
  if (inputLength < 8 || outputCapacity() < inputLength) return 0;
  const n = inputLength;
  const data = inputPointer();
  // Workspace: items (8 bytes per position), then either the hash chains (lazy) or the match cache followed by
  // costs and choices, whose space also hosts the chains during the match sweep.
  // A trailer per position plus, on average, 4 matches; past that, positions get none.
  const cacheBytes: usize = <usize>n * 8 * 5;
  const arraysBytes: usize = max<usize>(12 * (<usize>n + 1), hcTableBytes(n, HASH_BITS));
  const workspace = reserveWorkspace(buffersEnd(), 8 * (<usize>n + 1) + cacheBytes + arraysBytes + 64);
  if (workspace == 0) return ERROR_NO_MEMORY;
  items = workspace;
  cache = items + 8 * (<usize>n + 1);
  cacheEnd = cache + cacheBytes;
  costs = cacheEnd;
  choiceLength = costs + 4 * (<usize>n + 1);
  choiceOffset = choiceLength + 4 * (<usize>n + 1);

  if (level < OPTIMAL_LEVEL) {
    // Lazy, the chains where the cache would be; search depth and nice length scale with the level as in wimlib
    // below 30; from 30 up, shallower than wimlib (16 and 40 at level 50, where wimlib has 46 and 93): the chain
    // walk is a chain of dependent loads, slower in wasm than in C (measured: +20 % speed for +0.3 % size).
    if (level < 30) parseLazy(data, n, max<u32>(2, (level * 30) / 16), max<u32>(4, (level * 60) / 16));
    else parseLazy(data, n, max<u32>(2, (level * 16) / 50), max<u32>(4, (level * 40) / 50));
  } else {
    const depth: u32 = 16 + level / 2;
    const nice: u32 = min<u32>(32 + level, 258);
    const passes: u32 = level < 60 ? 2 : 3;
    collectMatches(data, n, depth, nice);
    // First costs from a lazy parse of the same data, with the chains in the cost arrays' space again.
    const savedCache = cache;
    cache = costs;
    parseLazy(data, n, 8, 32);
    cache = savedCache;
    for (let pass: u32 = 0; pass < passes; pass++) {
      buildCode();
      parseOptimal(data, n);
    }
  }
  buildCode();
  const out = outputPointer();
  return writeChunk(out, out + n - 1);
}
