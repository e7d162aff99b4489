/**
 * Resource header ("reshdr"): where one stored region of a WIM lives and how big it is.
 * Source: docs/wim-format.md §3 (wimlib include/wimlib/resource.h `struct wim_reshdr_disk`, src/resource.c).
 *
 *   +0x00  7   size in WIM: stored bytes, including a chunk table or solid header (56-bit LE)
 *   +0x07  1   flags: RESHDR_FLAG_*
 *   +0x08  8   offset in WIM: absolute file offset of the stored bytes
 *   +0x10  8   uncompressed ("original") size
 *   +0x18      end (24 bytes)
 *
 * Inside a solid run of the blob table the fields are reused: a solid *resource* entry has uncompressed size
 * SOLID_RESOURCE_MAGIC_NUMBER; a solid *blob* entry stores the blob's size in "size in WIM" and its offset in the
 * run's uncompressed stream in "offset" (see blob-table.ts). The parser here reads the raw fields; the meaning
 * is decided by the caller.
 */
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { safeU64At, u32At } from './fields';

export const RESHDR_DISK_SIZE = 24;

export const RESHDR_FLAG_FREE = 0x01;
export const RESHDR_FLAG_METADATA = 0x02;
export const RESHDR_FLAG_COMPRESSED = 0x04;
export const RESHDR_FLAG_SPANNED = 0x08;
export const RESHDR_FLAG_SOLID = 0x10;

/** Uncompressed-size value that marks a solid resource entry in the blob table (2^32). */
export const SOLID_RESOURCE_MAGIC_NUMBER = 0x100000000;

export interface Reshdr {
  /** Stored bytes (56-bit field). */
  sizeInWim: number;
  flags: number;
  /** Absolute file offset. */
  offset: number;
  uncompressedSize: number;
}

/**
 * Parses the 24 bytes at `bytes[pos]`. `fileOffset` is the file position of `bytes[0]` (for error offsets).
 * Throws BAD_RESOURCE_HEADER when a 64-bit field exceeds 2^53 − 1 (no real file comes near that).
 */
export function readReshdr(bytes: Uint8Array, pos: number, fileOffset: number, what: string): Reshdr {
  if (pos < 0 || pos + RESHDR_DISK_SIZE > bytes.length) {
    throw new ImagewrightError(ErrorCode.TRUNCATED, {
      params: { need: pos + RESHDR_DISK_SIZE, have: bytes.length },
      offset: fileOffset + pos,
      detail: what,
    });
  }
  // 56 bits = low 32 + high 24: at most 2^56, so check safety before combining.
  const low = u32At(bytes, pos);
  const high = bytes[pos + 4]! | (bytes[pos + 5]! << 8) | (bytes[pos + 6]! << 16);
  if (high > 0x1fffff) {
    throw new ImagewrightError(ErrorCode.BAD_RESOURCE_HEADER, {
      offset: fileOffset + pos,
      params: { what },
      detail: `size in WIM 0x${high.toString(16)}${low.toString(16).padStart(8, '0')} does not fit in 53 bits`,
    });
  }
  return {
    sizeInWim: high * 0x100000000 + low,
    flags: bytes[pos + 7]!,
    offset: safeU64At(bytes, pos + 8, ErrorCode.BAD_RESOURCE_HEADER, fileOffset, what),
    uncompressedSize: safeU64At(bytes, pos + 16, ErrorCode.BAD_RESOURCE_HEADER, fileOffset, what),
  };
}

export function isZeroReshdr(r: Reshdr): boolean {
  return r.sizeInWim === 0 && r.flags === 0 && r.offset === 0 && r.uncompressedSize === 0;
}

/** Throws RESOURCE_OUT_OF_BOUNDS unless [offset, offset + sizeInWim) lies inside a file of `fileSize` bytes. */
export function checkReshdrInBounds(r: Reshdr, fileSize: number, what: string, fieldOffset?: number): void {
  if (r.offset > fileSize || r.sizeInWim > fileSize - r.offset) {
    throw new ImagewrightError(ErrorCode.RESOURCE_OUT_OF_BOUNDS, {
      params: { what, offset: r.offset, size: r.sizeInWim, fileSize },
      ...(fieldOffset === undefined ? {} : { offset: fieldOffset }),
    });
  }
}

/**
 * The rules every non-solid resource obeys (wimlib read_blob_table): an uncompressed resource stores exactly its
 * bytes, so both sizes must match. Throws BAD_RESOURCE_HEADER naming `what`.
 */
export function checkPlainReshdrSizes(r: Reshdr, what: string, fieldOffset?: number): void {
  if ((r.flags & RESHDR_FLAG_COMPRESSED) === 0 && r.sizeInWim !== r.uncompressedSize) {
    throw new ImagewrightError(ErrorCode.BAD_RESOURCE_HEADER, {
      params: { what },
      ...(fieldOffset === undefined ? {} : { offset: fieldOffset }),
      detail: `uncompressed resource stores ${r.sizeInWim} bytes but claims ${r.uncompressedSize}`,
    });
  }
}

/** The reshdr as plain data for WimInfo (same shape). */
export function reshdrFacts(r: Reshdr): Reshdr {
  return { offset: r.offset, sizeInWim: r.sizeInWim, uncompressedSize: r.uncompressedSize, flags: r.flags };
}
