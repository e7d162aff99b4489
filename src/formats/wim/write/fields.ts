/**
 * Little-endian field writers shared by the WIM structure writers (the mirror of ../fields.ts). 64-bit fields
 * take a bigint, or a number that must be a safe non-negative integer — never silently truncated.
 */
import { ErrorCode, ImagewrightError } from '../../../shared/errors';

export function putU16(bytes: Uint8Array, pos: number, value: number): void {
  bytes[pos] = value & 0xff;
  bytes[pos + 1] = (value >>> 8) & 0xff;
}

export function putU32(bytes: Uint8Array, pos: number, value: number): void {
  bytes[pos] = value & 0xff;
  bytes[pos + 1] = (value >>> 8) & 0xff;
  bytes[pos + 2] = (value >>> 16) & 0xff;
  bytes[pos + 3] = (value >>> 24) & 0xff;
}

export function putU64(bytes: Uint8Array, pos: number, value: number | bigint): void {
  if (typeof value === 'number' && (!Number.isSafeInteger(value) || value < 0)) {
    throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `64-bit field value ${value} is not a safe non-negative integer` });
  }
  const big = BigInt.asUintN(64, BigInt(value));
  putU32(bytes, pos, Number(big & 0xffffffffn));
  putU32(bytes, pos + 4, Number(big >> 32n));
}

/** Writes 40 hex digits as 20 bytes (all zero when undefined). */
export function putHash(bytes: Uint8Array, pos: number, hash: string | undefined): void {
  if (hash === undefined) return;
  for (let i = 0; i < 20; i++) bytes[pos + i] = parseInt(hash.slice(2 * i, 2 * i + 2), 16);
}

export function utf16leOf(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) putU16(out, 2 * i, text.charCodeAt(i));
  return out;
}

export function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
