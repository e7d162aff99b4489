/**
 * Pipable WIM (wimlib extension, magic "WLPWM"): a WIM that can be written to and read from a pipe.
 * Source: docs/wim-format.md §10 (wimlib src/write.c comment above write_pipable_wim, include/wimlib/resource.h
 * `pwm_blob_hdr`, `pwm_chunk_hdr`, src/header.c).
 *
 *   | header (WLPWM, reshdrs zeroed) | XML copy | metadata resources | file blobs | blob table | XML | header |
 *
 * Every item after the first header is preceded by a 40-byte blob header:
 *   +0x00  8   magic 0x2b9b9ba2443db9d8
 *   +0x08  8   uncompressed size
 *   +0x10 20   SHA-1 of the uncompressed data
 *   +0x24  4   reshdr-style flags (0x02 metadata, 0x04 compressed)
 *   +0x28      end; reshdr offsets in the blob table point here, just past the blob header
 *
 * Compressed resources have no chunk table up front: every chunk is preceded by a u32 stored size, and the usual
 * chunk table follows the last chunk. Seekable readers use the trailing header (readWimHeader does this).
 */
import { u32At, u64BigAt } from './fields';

export const PWM_BLOB_MAGIC = 0x2b9b9ba2443db9d8n;
export const PWM_BLOB_HEADER_DISK_SIZE = 40;
export const PWM_CHUNK_HEADER_DISK_SIZE = 4;

export interface PipableBlobHeader {
  uncompressedSize: bigint;
  hash: Uint8Array;
  flags: number;
}

/** Parses a 40-byte pipable blob header; undefined when the magic does not match. */
export function parsePipableBlobHeader(bytes: Uint8Array, pos = 0): PipableBlobHeader | undefined {
  if (pos + PWM_BLOB_HEADER_DISK_SIZE > bytes.length) return undefined;
  if (u64BigAt(bytes, pos) !== PWM_BLOB_MAGIC) return undefined;
  return {
    uncompressedSize: u64BigAt(bytes, pos + 8),
    hash: bytes.slice(pos + 16, pos + 36),
    flags: u32At(bytes, pos + 36),
  };
}
