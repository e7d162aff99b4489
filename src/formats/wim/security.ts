/**
 * Security data block at the start of every metadata resource (wim-format.md §8.1; wimlib src/security.c).
 *
 *   +0x00 u32  total length of the block including these 8 bytes, rounded up to 8 (0 is read as 8)
 *   +0x04 u32  number of descriptors N
 *   +0x08 u64 × N  size of each descriptor (must fit in 32 bits)
 *   ...    descriptors concatenated, self-relative SECURITY_DESCRIPTOR format, then zero padding to 8
 *
 * Dentries refer to descriptors by 0-based index. The root dentry starts at the aligned total length.
 */
import { ErrorCode, ImagewrightError } from '../../shared/errors';

export interface SecurityData {
  /** Offset of the root dentry: the block length rounded up to 8. */
  rootOffset: number;
  descriptors: Uint8Array[];
}

export function readSecurityData(metadata: Uint8Array): SecurityData {
  const fail = (detail: string, offset = 0): never => {
    throw new ImagewrightError(ErrorCode.BAD_SECURITY_DATA, { offset, detail });
  };
  if (metadata.length < 8) fail(`metadata resource is only ${metadata.length} bytes`);
  const view = new DataView(metadata.buffer, metadata.byteOffset, metadata.byteLength);
  let totalLength = view.getUint32(0, true);
  const count = view.getUint32(4, true);
  if (totalLength === 0) totalLength = 8;
  const rootOffset = Math.ceil(totalLength / 8) * 8;
  if (totalLength < 8 || rootOffset > metadata.length) fail(`block length ${totalLength} exceeds the metadata resource`);
  // Each descriptor needs at least its 8-byte size field, which bounds the count before any allocation.
  if (count > (totalLength - 8) / 8) fail(`${count} descriptors cannot fit in ${totalLength} bytes`, 4);
  const descriptors: Uint8Array[] = [];
  let position = 8 + count * 8;
  for (let i = 0; i < count; i++) {
    const size = view.getBigUint64(8 + i * 8, true);
    if (size > BigInt(totalLength - position)) fail(`descriptor ${i} of ${size} bytes overruns the block`, 8 + i * 8);
    const n = Number(size);
    descriptors.push(metadata.subarray(position, position + n));
    position += n;
  }
  return { rootOffset, descriptors };
}
