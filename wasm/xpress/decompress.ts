// XPRESS Huffman decompressor for one WIM chunk ([MS-XCA] "LZ77+Huffman"; wim-format.md §13.2).
//
// Chunk layout: 256 bytes holding 512 four-bit codeword lengths (byte i: low nibble = symbol 2i, high nibble =
// symbol 2i+1), then a bitstream of 16-bit LE words read MSB-first. Symbols 0-255 are literals; symbol 256+s is
// a match with length header s & 15 and s >> 4 offset bits. Length header 15 means "read a raw byte b; length =
// b + 18, or when b = 255 a raw u16 L and length = L + 3". Offset = 2^bits + the next `bits` bits.
//
// Raw bytes sit in the byte stream right after the words the [MS-XCA] reference decoder has loaded: it keeps a
// 32-bit look-ahead topped up one word at a time whenever fewer than 16 unread bits remain. Right after a
// symbol, the reference therefore holds between 16 and 31 unread bits, a count congruent (mod 16) to ours, so
// the raw bytes start `(count - referenceCount) / 8` bytes before our read pointer; after them we drop our
// extra look-ahead and continue with words that follow the raw bytes.
import { ERROR_BAD_LENGTHS, ERROR_BAD_OFFSET, ERROR_CORRUPT, ERROR_LIMIT } from '../shared/errors';
import { fitsReserved, inputPointer, outputPointer, padInput } from '../shared/buffers';
import { buildDecodeTable, lookupEntry } from '../shared/huffman';
import { loadFourWords, peekBits } from '../shared/bit-reader';
import { copyMatch } from '../shared/match-copy';
import {
  XPRESS_LENGTHS_BYTES,
  XPRESS_MAX_CHUNK,
  XPRESS_MAX_CODEWORD_LENGTH,
  XPRESS_MIN_MATCH_LENGTH,
  XPRESS_NUM_SYMBOLS,
  XPRESS_TABLE_BITS,
} from './constants';

const lengths = memory.data(XPRESS_NUM_SYMBOLS, 16);
// Direct part plus the largest possible subtables (see shared/huffman.ts).
const TABLE_ENTRIES: u32 = (1 << XPRESS_TABLE_BITS) + (XPRESS_NUM_SYMBOLS << (XPRESS_MAX_CODEWORD_LENGTH - XPRESS_TABLE_BITS));
const table = memory.data(4 * TABLE_ENTRIES, 64);

/** Decodes `outputLength` bytes from `inputLength` bytes; returns outputLength or a negative error. */
export function decompress(inputLength: u32, outputLength: u32): i32 {
  if (outputLength > XPRESS_MAX_CHUNK || !fitsReserved(inputLength, outputLength)) return ERROR_LIMIT;
  if (outputLength == 0) return 0;
  if (inputLength < XPRESS_LENGTHS_BYTES) return ERROR_CORRUPT;
  padInput(inputLength);
  const input = inputPointer();
  for (let i: u32 = 0; i < XPRESS_LENGTHS_BYTES; i++) {
    const pair = load<u8>(input + i);
    store<u8>(lengths + 2 * i, pair & 15);
    store<u8>(lengths + 2 * i + 1, pair >> 4);
  }
  const built = buildDecodeTable(table, lengths, XPRESS_NUM_SYMBOLS, XPRESS_TABLE_BITS, XPRESS_MAX_CODEWORD_LENGTH);
  // An empty code would "decode" the whole chunk without reading input; no encoder writes one.
  if (built != 0) return built < 0 ? built : ERROR_BAD_LENGTHS;

  const inputEnd = input + inputLength;
  // Reading beyond this point (buffer ≤ 64 bits) means more bits were consumed than the input holds.
  const refillLimit = inputEnd + 8;
  let next = input + XPRESS_LENGTHS_BYTES;
  let buffer: u64 = 0;
  let count: u32 = 0;
  const outStart = outputPointer();
  const outEnd = outStart + outputLength;
  let out = outStart;

  while (out < outEnd) {
    // Branch-free refill to 48..63 bits: OR in the next four words right below the valid bits and count the whole
    // words that fit. Bits below `count` are then the true bits of the next word, so OR-ing them again on the next
    // refill changes nothing; count stays ≤ 63, so the shift is exact. 48 bits cover two literals and a match
    // symbol with its offset bits (3 × 15).
    buffer |= loadFourWords(next) >> <u64>count;
    const words = (63 - count) >> 4;
    next += <usize>(words << 1);
    count += words << 4;
    // Beyond this point more bits were consumed than the input holds; it also keeps the loads inside the padding.
    if (next > refillLimit) return ERROR_CORRUPT;
    let entry = lookupEntry(table, XPRESS_TABLE_BITS, buffer);
    buffer <<= <u64>(entry & 31);
    count -= entry & 31;
    let symbol = entry >> 16;
    if (symbol < 256) {
      // Literals come in runs: after one, ≥ 33 bits remain, enough for another symbol and its offset bits, so the
      // next symbol is decoded without going round the loop (and its refill).
      store<u8>(out, <u8>symbol);
      out++;
      if (out >= outEnd) break;
      entry = lookupEntry(table, XPRESS_TABLE_BITS, buffer);
      buffer <<= <u64>(entry & 31);
      count -= entry & 31;
      symbol = entry >> 16;
      if (symbol < 256) {
        store<u8>(out, <u8>symbol);
        out++;
        continue;
      }
    }
    const header = symbol & 15;
    const offsetBits = (symbol >> 4) & 15;
    let length: u32 = header + XPRESS_MIN_MATCH_LENGTH;
    if (header == 15) {
      // Raw length bytes at the reference decoder's position (see the comment at the top of this file).
      const referenceCount = 16 + (count & 15);
      let raw = next - <usize>((count - referenceCount) >> 3);
      if (raw >= inputEnd) return ERROR_CORRUPT;
      const byte = <u32>load<u8>(raw);
      raw++;
      if (byte == 255) {
        if (raw + 2 > inputEnd) return ERROR_CORRUPT;
        length = <u32>load<u16>(raw) + XPRESS_MIN_MATCH_LENGTH;
        raw += 2;
      } else {
        length = byte + 18;
      }
      buffer &= ~(<u64>-1 >> <u64>referenceCount);
      count = referenceCount;
      next = raw;
    }
    const offset = (<u32>1 << offsetBits) | peekBits(buffer, offsetBits);
    buffer <<= <u64>offsetBits;
    count -= offsetBits;
    if (<usize>offset > out - outStart) return ERROR_BAD_OFFSET;
    if (<usize>length > outEnd - out) return ERROR_CORRUPT;
    copyMatch(out, offset, length);
    out += length;
  }
  // Valid streams never consume bits beyond their end (they were read as zero padding here).
  const consumed = <u64>(next - input) * 8 - <u64>count;
  if (consumed > <u64>inputLength * 8) return ERROR_CORRUPT;
  return outputLength;
}
