// Value → slot lookups for the LZMS compressor (the decoder only needs slot → base, in constants.ts).
//
// Lengths below 256 use a 256-byte table; longer ones a binary search (they are rare: long matches end a parse
// step). Offsets below the base of the first slot with 11 extra bits use a direct u16 table; from there on every
// slot is at least 2^11 wide and starts a multiple of 2^11 after that base, so (offset − base) >> 11 indexes a
// second table. Both offset tables live in the compressor workspace (about 130 KiB for 64 MiB chunks) and are
// rebuilt only when the workspace moved.

import { LENGTH_BASE, MAX_NUM_OFFSET_SYMS, NUM_LENGTH_SYMS, OFFSET_BASE, OFFSET_EXTRA } from './constants';

const LENGTH_SLOT: usize = memory.data(256, 16);
let lengthReady = false;

let nearTable: usize = 0; // u16 per offset below farBase
let farTable: usize = 0; // u16 per 2^11 offsets from farBase
let farBase: u32 = 0;
let builtFor: usize = 0;
let builtCount: u32 = 0;

/** First offset covered by the far table (base of the first slot with ≥ 11 extra bits). */
export function farOffsetBase(): u32 {
  let slot: u32 = 0;
  while (load<u8>(OFFSET_EXTRA + <usize>slot) < 11) slot++;
  return load<u32>(OFFSET_BASE + (<usize>slot << 2));
}

/** Bytes the offset tables need for offsets up to `maxOffset`. */
export function offsetTablesSize(maxOffset: u32): usize {
  const base = farOffsetBase();
  const far = maxOffset >= base ? ((maxOffset - base) >> 11) + 1 : 1;
  return ((<usize>base * 2 + 63) & ~(<usize>63)) + <usize>far * 2;
}

/** Fills the tables at `at` for offsets up to `maxOffset` (skipped if already there). */
export function buildSlotTables(at: usize, maxOffset: u32): void {
  if (!lengthReady) {
    let slot: u32 = 0;
    for (let len: u32 = 1; len < 256; len++) {
      while (load<u32>(LENGTH_BASE + (<usize>(slot + 1) << 2)) <= len) slot++;
      store<u8>(LENGTH_SLOT + <usize>len, <u8>slot);
    }
    lengthReady = true;
  }
  farBase = farOffsetBase();
  const far = maxOffset >= farBase ? ((maxOffset - farBase) >> 11) + 1 : 1;
  if (builtFor == at && builtCount >= far) return;
  nearTable = at;
  farTable = at + ((<usize>farBase * 2 + 63) & ~(<usize>63));
  let slot: u32 = 0;
  for (let offset: u32 = 1; offset < farBase; offset++) {
    while (load<u32>(OFFSET_BASE + (<usize>(slot + 1) << 2)) <= offset) slot++;
    store<u16>(nearTable + (<usize>offset << 1), <u16>slot);
  }
  for (let k: u32 = 0; k < far; k++) {
    const offset = farBase + (k << 11);
    while (slot + 1 < MAX_NUM_OFFSET_SYMS && load<u32>(OFFSET_BASE + (<usize>(slot + 1) << 2)) <= offset) slot++;
    store<u16>(farTable + (<usize>k << 1), <u16>slot);
  }
  builtFor = at;
  builtCount = far;
}

// @ts-ignore: decorator
@inline
export function offsetSlot(offset: u32): u32 {
  if (offset < farBase) return <u32>load<u16>(nearTable + (<usize>offset << 1));
  return <u32>load<u16>(farTable + (<usize>((offset - farBase) >> 11) << 1));
}

// @ts-ignore: decorator
@inline
export function lengthSlot(length: u32): u32 {
  if (length < 256) return <u32>load<u8>(LENGTH_SLOT + <usize>length);
  let lo: u32 = 0;
  let hi: u32 = NUM_LENGTH_SYMS - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (load<u32>(LENGTH_BASE + (<usize>mid << 2)) <= length) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
