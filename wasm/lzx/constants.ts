// LZX constants for the WIM variant (wim-format.md §13.3; wimlib include/wimlib/lzx_constants.h and
// src/lzx_common.c; "Microsoft LZX Data Compression Format" 1997 and [MS-PATCH] for the classic tables).

export const LZX_NUM_CHARS: u32 = 256;
export const LZX_MIN_MATCH_LENGTH: u32 = 2;
/** Main symbol = 256 + 8 × offset slot + length header; header 7 means "add a length-code symbol". */
export const LZX_NUM_LENGTH_HEADERS: u32 = 8;
export const LZX_NUM_PRIMARY_LENGTHS: u32 = 7;
export const LZX_LENGTH_SYMBOLS: u32 = 249;
export const LZX_PRECODE_SYMBOLS: u32 = 20;
export const LZX_ALIGNED_SYMBOLS: u32 = 8;
export const LZX_MAX_OFFSET_SLOTS: u32 = 50;
export const LZX_MAX_MAIN_SYMBOLS: u32 = LZX_NUM_CHARS + LZX_MAX_OFFSET_SLOTS * LZX_NUM_LENGTH_HEADERS;
export const LZX_MAX_MAIN_CODEWORD_LENGTH: u32 = 16;
export const LZX_MAX_LENGTH_CODEWORD_LENGTH: u32 = 16;
export const LZX_MAX_PRECODE_CODEWORD_LENGTH: u32 = 15;
export const LZX_MAX_ALIGNED_CODEWORD_LENGTH: u32 = 7;
/** Slots 0-2 repeat the recent offsets R0-R2. */
export const LZX_NUM_RECENT_OFFSETS: u32 = 3;
/** First slot whose offsets carry ≥ 3 extra bits, the low 3 coded with the aligned code in aligned blocks. */
export const LZX_MIN_ALIGNED_SLOT: u32 = 8;

export const LZX_BLOCKTYPE_VERBATIM: u32 = 1;
export const LZX_BLOCKTYPE_ALIGNED: u32 = 2;
export const LZX_BLOCKTYPE_UNCOMPRESSED: u32 = 3;
/** Block size when the size flag bit is 1. */
export const LZX_DEFAULT_BLOCK_SIZE: u32 = 32768;

/** WIM chunks are LZX windows of 32 KiB (Microsoft) up to 2 MiB (wimlib). */
export const LZX_MIN_WINDOW_ORDER: u32 = 15;
export const LZX_MAX_WINDOW_ORDER: u32 = 21;
/** E8 translation size fixed by the WIM variant. */
export const LZX_WIM_E8_FILE_SIZE: i32 = 12000000;
/** No call instruction is translated if its E8 byte lies in the last 10 bytes of the chunk. */
export const LZX_E8_TAIL: u32 = 10;

// Direct-lookup bits per decode table (shared/huffman.ts), chosen so the hot tables stay in L1/L2.
export const MAIN_TABLE_BITS: u32 = 11;
export const LENGTH_TABLE_BITS: u32 = 10;
export const ALIGNED_TABLE_BITS: u32 = 7;
export const PRECODE_TABLE_BITS: u32 = 8;
