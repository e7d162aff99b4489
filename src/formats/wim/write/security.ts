/**
 * Security data writer, the mirror of ../security.ts (docs/wim-format.md §8.1):
 *
 *   +0x00 u32  total length including these 8 bytes, rounded up to 8   +0x04 u32 number of descriptors N
 *   +0x08 u64 × N  size of each descriptor; then the descriptors, zero padding to 8
 */
import { align8, putU32, putU64 } from './fields';

export function securityDataLength(descriptors: readonly Uint8Array[]): number {
  return align8(8 + 8 * descriptors.length + descriptors.reduce((n, d) => n + d.length, 0));
}

export function writeSecurityData(out: Uint8Array, descriptors: readonly Uint8Array[]): number {
  const length = securityDataLength(descriptors);
  putU32(out, 0, length);
  putU32(out, 4, descriptors.length);
  let at = 8 + 8 * descriptors.length;
  descriptors.forEach((d, i) => {
    putU64(out, 8 + 8 * i, d.length);
    out.set(d, at);
    at += d.length;
  });
  return length;
}
