/**
 * Little-endian field readers shared by the WIM structure parsers. Every 64-bit field is read as a bigint and
 * converted to a JS number only after a Number.isSafeInteger check, so a hostile value can never be silently
 * truncated into a plausible-looking offset; the caller chooses the error code that names the structure.
 */
import type { ErrorCodeValue } from '../../shared/error-codes';
import { ImagewrightError } from '../../shared/errors';

export function u16At(bytes: Uint8Array, pos: number): number {
  return (bytes[pos]! | (bytes[pos + 1]! << 8)) >>> 0;
}

export function u32At(bytes: Uint8Array, pos: number): number {
  return (bytes[pos]! | (bytes[pos + 1]! << 8) | (bytes[pos + 2]! << 16) | (bytes[pos + 3]! << 24)) >>> 0;
}

export function u64BigAt(bytes: Uint8Array, pos: number): bigint {
  return BigInt(u32At(bytes, pos)) | (BigInt(u32At(bytes, pos + 4)) << 32n);
}

/**
 * Reads a u64 as a number; throws `code` (with the absolute file offset of the field) when it exceeds 2^53 − 1.
 * `fileOffset` is where `bytes[0]` lives in the file, so errors point at the right byte.
 */
export function safeU64At(
  bytes: Uint8Array,
  pos: number,
  code: ErrorCodeValue,
  fileOffset: number,
  what: string,
): number {
  // Two u32 halves: no BigInt on the hot path (blob tables have 100k+ entries with two u64 fields each).
  const high = u32At(bytes, pos + 4);
  if (high <= 0x1fffff) return high * 0x100000000 + u32At(bytes, pos);
  const value = u64BigAt(bytes, pos);
  throw new ImagewrightError(code, {
    offset: fileOffset + pos,
    params: { what },
    detail: `${what} = 0x${value.toString(16)} does not fit in 53 bits`,
  });
}

export const HEX_BYTES: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * Lowercase hex of bytes[start..end). Short inputs (SHA-1s: 100k+ per blob table and metadata resource) become one
 * flat string from a plain array of char codes: concatenating 20 two-digit pieces makes ropes that cost more in GC
 * than the parsing itself.
 */
export function hexOf(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const n = end - start;
  if (n <= 32) {
    const codes = new Array<number>(n * 2);
    for (let i = 0; i < n; i++) {
      const b = bytes[start + i]!;
      codes[2 * i] = HEX_CODES[b >>> 4]!;
      codes[2 * i + 1] = HEX_CODES[b & 15]!;
    }
    return String.fromCharCode.apply(null, codes);
  }
  let out = '';
  for (let i = start; i < end; i++) out += HEX_BYTES[bytes[i]!]!;
  return out;
}

export function isAllZero(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}
