// Large LZMS work tables placed at the start of the heap (above __heap_base) instead of in the data segment, so
// the module fits the shared asconfig's 2-page initial memory: the five Huffman decode tables and the x86 filter's
// last-use table. index.ts reserve() grows memory past WORKSPACE_END before placing the I/O buffers after it.

import { MAX_NUM_OFFSET_SYMS, NUM_DELTA_POWER_SYMS, NUM_LENGTH_SYMS, NUM_LITERAL_SYMS } from './constants';
import { tableEntries } from './huffman-code';

// Primary-table bits per code: they only trade table size and rebuild time against subtable lookups.
export const LITERAL_BITS: u32 = 10;
export const LZ_OFFSET_BITS: u32 = 11;
export const LENGTH_BITS: u32 = 9;
export const DELTA_OFFSET_BITS: u32 = 11;
export const POWER_BITS: u32 = 7;

export const WORKSPACE_START: usize = (__heap_base + 15) & ~(<usize>15);
/** i32[65536] for the x86 filter. */
export const X86_LAST_TARGET_USE: usize = WORKSPACE_START;
export const LITERAL_TABLE: usize = X86_LAST_TARGET_USE + 4 * 65536;
export const LZ_OFFSET_TABLE: usize = LITERAL_TABLE + 4 * <usize>tableEntries(NUM_LITERAL_SYMS, LITERAL_BITS);
export const LENGTH_TABLE: usize = LZ_OFFSET_TABLE + 4 * <usize>tableEntries(MAX_NUM_OFFSET_SYMS, LZ_OFFSET_BITS);
export const DELTA_OFFSET_TABLE: usize = LENGTH_TABLE + 4 * <usize>tableEntries(NUM_LENGTH_SYMS, LENGTH_BITS);
export const POWER_TABLE: usize = DELTA_OFFSET_TABLE + 4 * <usize>tableEntries(MAX_NUM_OFFSET_SYMS, DELTA_OFFSET_BITS);
export const WORKSPACE_END: usize = POWER_TABLE + 4 * <usize>tableEntries(NUM_DELTA_POWER_SYMS, POWER_BITS);
