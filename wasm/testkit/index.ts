// Test-only module: exposes shared encoder helpers that no codec exports on its own, so test/codecs can pin them
// directly (the Huffman encoder's length limiting is hard to force through a codec: LZ matching flattens symbol
// statistics). Follows the wasm/README.md buffer contract; nothing in src/ loads it.
export { reserve, inputPointer, outputPointer } from '../shared/buffers';
import { inputPointer, outputPointer } from '../shared/buffers';
import { buildHuffmanCode } from '../shared/huffman-encode';

/**
 * Reads `numSymbols` u32 frequencies at inputPointer(); writes `numSymbols` u8 code lengths at outputPointer(),
 * then (4-byte aligned) `numSymbols` u32 codewords. Returns the offset of the codewords.
 */
export function huffmanCode(numSymbols: u32, maxLength: u32): u32 {
  const codesAt = (numSymbols + 3) & ~3;
  buildHuffmanCode(inputPointer(), numSymbols, maxLength, outputPointer(), outputPointer() + codesAt);
  return codesAt;
}
