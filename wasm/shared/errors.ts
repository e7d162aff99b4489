// Negative return codes of every decompressor (wasm/README.md, "The module contract"); src/codecs/wasm-module.ts
// turns them into ImagewrightError CODEC_CORRUPT_DATA with a reason.

/** Corrupt or truncated input: bad block header, input overrun, match longer than the remaining output. */
export const ERROR_CORRUPT: i32 = -1;
/** Huffman code lengths over-subscribe the code space, or describe an incomplete non-empty code. */
export const ERROR_BAD_LENGTHS: i32 = -2;
/** A match offset points before the start of the output. */
export const ERROR_BAD_OFFSET: i32 = -3;
/** Requested output (or input) larger than the module's limit or the reserved buffers. */
export const ERROR_LIMIT: i32 = -4;
/** A compressor could not grow memory for its work tables. */
export const ERROR_NO_MEMORY: i32 = -5;
