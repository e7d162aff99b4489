/**
 * WIM header writer, the mirror of ../header.ts (docs/wim-format.md §2):
 *
 *   +0x00  8   magic "MSWIM\0\0\0"          +0x08 4 header size 208      +0x0C 4 version (0x10D00, 0xE00 = solid/LZMS)
 *   +0x10  4   flags (WIM_HDR_FLAG_*)        +0x14 4 chunk size (0 when uncompressed)
 *   +0x18 16   GUID                          +0x28 2 part number          +0x2A 2 total parts
 *   +0x2C  4   image count                   +0x30 24 blob table reshdr   +0x48 24 XML data reshdr
 *   +0x60 24   boot metadata reshdr          +0x78 4 boot index           +0x7C 24 integrity table reshdr
 *   +0x94 60   zero
 *
 * Writers first put a placeholder with WRITE_IN_PROGRESS at offset 0 and overwrite it with the final header as
 * the very last write (as wimlib does), so a crash leaves a file every reader warns about.
 */
import { WIM_HDR_FLAG_COMPRESSION, WIM_HDR_FLAG_COMPRESS_LZMS, WIM_HDR_FLAG_COMPRESS_LZX, WIM_HDR_FLAG_COMPRESS_XPRESS, WIM_HEADER_DISK_SIZE } from '../header';
import type { Reshdr } from '../reshdr';
import type { CompressionName } from '../wim-info';
import { putU16, putU32 } from './fields';
import { ZERO_RESHDR, writeReshdr } from './reshdr';

export interface WimHeaderFields {
  version: number;
  /** Flags other than the codec and COMPRESSION bits (RP_FIX, SPANNED, WRITE_IN_PROGRESS…). */
  flags: number;
  compression: CompressionName;
  chunkSize: number;
  /** 16 bytes. */
  guid: Uint8Array;
  partNumber: number;
  totalParts: number;
  imageCount: number;
  blobTable: Reshdr;
  xmlData: Reshdr;
  bootMetadata: Reshdr;
  bootIndex: number;
  integrityTable: Reshdr;
}

export const CODEC_HEADER_FLAG: Record<Exclude<CompressionName, 'none'>, number> = {
  XPRESS: WIM_HDR_FLAG_COMPRESS_XPRESS,
  LZX: WIM_HDR_FLAG_COMPRESS_LZX,
  LZMS: WIM_HDR_FLAG_COMPRESS_LZMS,
};

export function writeWimHeader(h: WimHeaderFields): Uint8Array {
  const bytes = new Uint8Array(WIM_HEADER_DISK_SIZE);
  bytes.set([0x4d, 0x53, 0x57, 0x49, 0x4d, 0, 0, 0], 0);
  putU32(bytes, 0x08, WIM_HEADER_DISK_SIZE);
  putU32(bytes, 0x0c, h.version);
  const codecFlags = h.compression === 'none' ? 0 : WIM_HDR_FLAG_COMPRESSION | CODEC_HEADER_FLAG[h.compression];
  putU32(bytes, 0x10, (h.flags | codecFlags) >>> 0);
  putU32(bytes, 0x14, h.compression === 'none' ? 0 : h.chunkSize);
  bytes.set(h.guid.subarray(0, 16), 0x18);
  putU16(bytes, 0x28, h.partNumber);
  putU16(bytes, 0x2a, h.totalParts);
  putU32(bytes, 0x2c, h.imageCount);
  writeReshdr(bytes, 0x30, h.blobTable);
  writeReshdr(bytes, 0x48, h.xmlData);
  writeReshdr(bytes, 0x60, h.bootIndex ? h.bootMetadata : ZERO_RESHDR);
  putU32(bytes, 0x78, h.bootIndex);
  writeReshdr(bytes, 0x7c, h.integrityTable);
  return bytes;
}

/** What an in-place update changes in an existing header; every other byte is kept as it was (as wimlib does). */
export interface WimHeaderUpdate {
  version: number;
  /** The whole flags word, codec bits included. */
  flags: number;
  imageCount: number;
  blobTable: Reshdr;
  xmlData: Reshdr;
  bootIndex: number;
  bootMetadata: Reshdr;
  integrityTable: Reshdr;
}

/** A copy of the 208 bytes of `old` with the fields of `u` written over. */
export function updateWimHeader(old: Uint8Array, u: WimHeaderUpdate): Uint8Array {
  const bytes = old.slice(0, WIM_HEADER_DISK_SIZE);
  putU32(bytes, 0x0c, u.version);
  putU32(bytes, 0x10, u.flags >>> 0);
  putU32(bytes, 0x2c, u.imageCount);
  writeReshdr(bytes, 0x30, u.blobTable);
  writeReshdr(bytes, 0x48, u.xmlData);
  writeReshdr(bytes, 0x60, u.bootIndex ? u.bootMetadata : ZERO_RESHDR);
  putU32(bytes, 0x78, u.bootIndex);
  writeReshdr(bytes, 0x7c, u.integrityTable);
  return bytes;
}

/** A copy of the 208 bytes of `old` with only the flags word replaced (wimlib's write_wim_header_flags). */
export function withWimHeaderFlags(old: Uint8Array, flags: number): Uint8Array {
  const bytes = old.slice(0, WIM_HEADER_DISK_SIZE);
  putU32(bytes, 0x10, flags >>> 0);
  return bytes;
}
