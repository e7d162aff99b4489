// LZMS constants and slot tables (Microsoft LZMS, "raw" mode as used for WIM/ESD chunks).
//
// Facts from wimlib include/wimlib/lzms_constants.h and src/lzms_common.c (cross-checked with 7-Zip
// CPP/7zip/Compress/LzmsDecoder.cpp); see /work/shared/docs/wim-format.md §13.4. The slot tables are not copied:
// both are rebuilt at start-up from the run lengths of their extra-bit counts, since every base is the previous
// base plus 2^(previous extra bits), starting at 1.

/** Largest chunk this decoder accepts (wimlib's limit; Microsoft uses 64 MiB). */
export const LZMS_MAX_BUFFER_SIZE: u32 = 1 << 30;

export const NUM_LITERAL_SYMS: u32 = 256;
export const NUM_LENGTH_SYMS: u32 = 54;
export const NUM_DELTA_POWER_SYMS: u32 = 8;
export const MAX_NUM_OFFSET_SYMS: u32 = 799;
export const MAX_CODEWORD_LENGTH: u32 = 15;

export const LITERAL_REBUILD_PERIOD: u32 = 1024;
export const LZ_OFFSET_REBUILD_PERIOD: u32 = 1024;
export const LENGTH_REBUILD_PERIOD: u32 = 512;
export const DELTA_OFFSET_REBUILD_PERIOD: u32 = 1024;
export const DELTA_POWER_REBUILD_PERIOD: u32 = 512;

/** x86 filter: two uses of the same 16-bit target within this many bytes mark "this is code". */
export const X86_ID_WINDOW_SIZE: i32 = 65535;
/** x86 filter: how far past the last identified instruction translations stay enabled. */
export const X86_MAX_TRANSLATION_OFFSET: i32 = 1023;

// Extra-bit counts of the offset slots as (bits, number of slots) runs: 8 slots with 0 bits, 9 with 2, …
const OFFSET_RUNS: usize = memory.data<u8>([
  0, 8, 2, 9, 3, 7, 4, 10, 5, 15, 6, 15, 7, 20, 8, 20, 9, 30, 10, 33, 11, 40, 12, 42, 13, 45, 14, 60, 15, 73, 16, 80,
  17, 85, 18, 95, 19, 105, 20, 6, 30, 1,
]);
const OFFSET_RUN_COUNT = 21;
// Same for the 54 length slots.
const LENGTH_RUNS: usize = memory.data<u8>([
  0, 26, 1, 4, 2, 6, 3, 4, 4, 5, 5, 2, 6, 1, 7, 1, 8, 1, 9, 1, 10, 1, 16, 1, 30, 1,
]);
const LENGTH_RUN_COUNT = 13;

/** u32[800]: base value of each offset slot, plus one sentinel (max offset + 1). */
export const OFFSET_BASE: usize = memory.data(4 * (MAX_NUM_OFFSET_SYMS + 1), 16);
/** u8[799]: number of extra bits of each offset slot. */
export const OFFSET_EXTRA: usize = memory.data(MAX_NUM_OFFSET_SYMS + 1, 16);
/** u32[55]: base value of each length slot, plus one sentinel. */
export const LENGTH_BASE: usize = memory.data(4 * (NUM_LENGTH_SYMS + 1), 16);
/** u8[54]: number of extra bits of each length slot. */
export const LENGTH_EXTRA: usize = memory.data(NUM_LENGTH_SYMS + 2, 16);

function fillSlots(runs: usize, runCount: i32, base: usize, extra: usize): u32 {
  let slot: u32 = 0;
  let value: u32 = 1;
  for (let r = 0; r < runCount; r++) {
    const bits = <u32>load<u8>(runs + (<usize>r << 1));
    const count = <u32>load<u8>(runs + (<usize>r << 1), 1);
    for (let k: u32 = 0; k < count; k++) {
      store<u32>(base + (<usize>slot << 2), value);
      store<u8>(extra + <usize>slot, <u8>bits);
      value += <u32>1 << bits;
      slot++;
    }
  }
  store<u32>(base + (<usize>slot << 2), value);
  return slot;
}

let slotsReady = false;

/** Builds the slot tables once (called before the first decode). */
export function initSlotTables(): void {
  if (slotsReady) return;
  fillSlots(OFFSET_RUNS, OFFSET_RUN_COUNT, OFFSET_BASE, OFFSET_EXTRA);
  fillSlots(LENGTH_RUNS, LENGTH_RUN_COUNT, LENGTH_BASE, LENGTH_EXTRA);
  slotsReady = true;
}

/** Number of offset slots for a chunk of `size` bytes: enough slots to express every offset up to size − 1. */
export function numOffsetSlots(size: u32): u32 {
  if (size < 2) return 0;
  const largest = size - 1;
  // Binary search for the slot whose range holds `largest`.
  let lo: u32 = 0;
  let hi: u32 = MAX_NUM_OFFSET_SYMS - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (load<u32>(OFFSET_BASE + (<usize>mid << 2)) <= largest) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
