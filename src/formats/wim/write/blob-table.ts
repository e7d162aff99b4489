/**
 * Blob table writer, the mirror of ../blob-table.ts (docs/wim-format.md §5–§6). 50 bytes per entry, packed:
 *
 *   +0x00 24  reshdr   +0x18 2 part number   +0x1A 4 reference count   +0x1E 20 SHA-1 (zero for a solid resource)
 *
 * Order as wimlib writes it: metadata resources in image order, then the other blobs; a solid resource entry
 * (uncompressed size 0x100000000, offset/size of the stored resource) is followed by its blobs (size-in-WIM =
 * blob size, offset = position in the uncompressed stream of the whole run, uncompressed size 0). Consecutive
 * solid entries are one run for readers: offsets count across the run's resources in entry order (WIMGAPI quirk).
 */
import { BLOB_DESCRIPTOR_DISK_SIZE } from '../blob-table';
import type { Reshdr } from '../reshdr';
import { putHash, putU16, putU32 } from './fields';
import { writeReshdr } from './reshdr';

export interface BlobTableEntry {
  reshdr: Reshdr;
  partNumber: number;
  refCount: number;
  /** 40 hex digits; undefined for solid resource entries. */
  hash: string | undefined;
}

export function writeBlobTable(entries: readonly BlobTableEntry[]): Uint8Array {
  const bytes = new Uint8Array(entries.length * BLOB_DESCRIPTOR_DISK_SIZE);
  entries.forEach((e, i) => {
    const at = i * BLOB_DESCRIPTOR_DISK_SIZE;
    writeReshdr(bytes, at, e.reshdr);
    putU16(bytes, at + 24, e.partNumber);
    putU32(bytes, at + 26, e.refCount);
    putHash(bytes, at + 30, e.hash);
  });
  return bytes;
}
