// XPRESS (LZ77 + Huffman) constants, [MS-XCA] "LZ77+Huffman" and wim-format.md §13.2.

/** 256 literals + 256 match symbols (16 length headers × 16 offset bit counts). */
export const XPRESS_NUM_SYMBOLS: u32 = 512;
/** The code lengths are stored as 512 nibbles in the first 256 bytes. */
export const XPRESS_LENGTHS_BYTES: u32 = 256;
export const XPRESS_MAX_CODEWORD_LENGTH: u32 = 15;
export const XPRESS_MIN_MATCH_LENGTH: u32 = 3;
/** One XPRESS block covers 64 KiB; WIM chunks never exceed one block. */
export const XPRESS_MAX_CHUNK: u32 = 65536;
/** Direct-lookup bits of the decode table: 11 keeps it (8 KiB) in L1 and resolves almost every codeword. */
export const XPRESS_TABLE_BITS: u32 = 11;
