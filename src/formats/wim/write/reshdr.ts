/**
 * Resource header writer, the mirror of ../reshdr.ts (docs/wim-format.md §3):
 *
 *   +0x00  7   size in WIM (56-bit LE)   +0x07 1 flags   +0x08 8 offset in WIM   +0x10 8 uncompressed size
 */
import { ErrorCode, ImagewrightError } from '../../../shared/errors';
import { RESHDR_DISK_SIZE, type Reshdr } from '../reshdr';
import { putU32, putU64 } from './fields';

export const ZERO_RESHDR: Reshdr = { sizeInWim: 0, flags: 0, offset: 0, uncompressedSize: 0 };

export function writeReshdr(bytes: Uint8Array, pos: number, r: Reshdr): void {
  if (!Number.isSafeInteger(r.sizeInWim) || r.sizeInWim < 0 || r.sizeInWim >= 2 ** 53) {
    throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `resource size ${r.sizeInWim} cannot be stored` });
  }
  putU32(bytes, pos, r.sizeInWim % 0x100000000);
  const high = Math.floor(r.sizeInWim / 0x100000000);
  bytes[pos + 4] = high & 0xff;
  bytes[pos + 5] = (high >>> 8) & 0xff;
  bytes[pos + 6] = (high >>> 16) & 0xff;
  bytes[pos + 7] = r.flags & 0xff;
  putU64(bytes, pos + 8, r.offset);
  putU64(bytes, pos + 16, r.uncompressedSize);
}

export { RESHDR_DISK_SIZE };
