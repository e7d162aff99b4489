/**
 * The blob table of one WIM file as plain facts (what `info --blobs` shows): one record per blob descriptor kept
 * after the reading rules of blob-table.ts (metadata resources in image order, then deduplicated blobs), with where
 * each one lives: a plain or compressed resource (offset and stored size) or a solid resource (its offset, stored
 * and uncompressed sizes, and the blob's offset inside it). No bigint, so it prints as JSON unchanged.
 *
 * `wimlibBlobOrder` reproduces the order `wimlib-imagex info --blobs` prints in (wimlib src/blob_table.c,
 * `new_blob_table`, `blob_table_insert_raw`, `for_blob_in_table`, `wimlib_iterate_lookup_table`): the metadata
 * resources first, then a walk of a hash table whose capacity is the entry count rounded up to a power of two,
 * bucket = the first 8 hash bytes read little-endian masked by capacity − 1, and each bucket listing its blobs
 * newest-inserted first (blobs are inserted in table order, duplicates skipped). The table never grows while
 * loading since it holds at most as many blobs as entries.
 */
import type { BlobTable } from './blob-table';
import { RESHDR_FLAG_COMPRESSED, RESHDR_FLAG_FREE, RESHDR_FLAG_METADATA, RESHDR_FLAG_SOLID, RESHDR_FLAG_SPANNED } from './reshdr';

export type WimBlobPlace =
  | { kind: 'resource'; offset: number; sizeInWim: number }
  | { kind: 'solid'; resourceOffset: number; resourceSizeInWim: number; resourceUncompressedSize: number; offsetInResource: number };

export interface WimBlobFacts {
  /** SHA-1, 40 lowercase hex digits. */
  hash: string;
  size: number;
  refCount: number;
  partNumber: number;
  /** RESHDR_FLAG_* bits of the entry. */
  flags: number;
  /** wimlib spelling of the set bits: COMPRESSED, METADATA, FREE, SPANNED, SOLID. */
  flagNames: string[];
  isMetadata: boolean;
  place: WimBlobPlace;
}

export interface WimBlobList {
  /** Part number of the file the table came from. */
  partNumber: number;
  /** Number of 50-byte entries in the table (wimlib sizes its hash table from it). */
  entryCount: number;
  blobs: WimBlobFacts[];
}

const FLAG_NAMES: [number, string][] = [
  [RESHDR_FLAG_COMPRESSED, 'COMPRESSED'],
  [RESHDR_FLAG_METADATA, 'METADATA'],
  [RESHDR_FLAG_FREE, 'FREE'],
  [RESHDR_FLAG_SPANNED, 'SPANNED'],
  [RESHDR_FLAG_SOLID, 'SOLID'],
];

/** Lists the blobs of `table` (metadata first, then blobs in table order). */
export function listBlobs(table: BlobTable, partNumber: number): WimBlobList {
  const blobs = [...table.metadata, ...table.blobs].map((blob): WimBlobFacts => {
    const loc = blob.location;
    let place: WimBlobPlace;
    // wimlib reports the flags of the resource holding the blob, plus METADATA from the blob itself.
    let resourceFlags = blob.flags;
    if (loc.kind === 'solid') {
      const r = table.solidResources[loc.resource]!;
      resourceFlags = r.flags;
      place = { kind: 'solid', resourceOffset: r.offset, resourceSizeInWim: r.sizeInWim, resourceUncompressedSize: r.uncompressedSize, offsetInResource: loc.offsetInResource };
    } else {
      place = { kind: 'resource', offset: loc.offset, sizeInWim: loc.kind === 'compressed' ? loc.sizeInWim : blob.size };
    }
    const flags = (resourceFlags & ~RESHDR_FLAG_METADATA) | (blob.isMetadata ? RESHDR_FLAG_METADATA : 0);
    return {
      hash: blob.hash,
      size: blob.size,
      refCount: blob.refCount,
      partNumber: blob.partNumber,
      flags,
      flagNames: FLAG_NAMES.filter(([bit]) => flags & bit).map(([, name]) => name),
      isMetadata: blob.isMetadata,
      place,
    };
  });
  return { partNumber, entryCount: table.entryCount, blobs };
}

/** ceil(log2(n)) as a power of two, 1 for n ≤ 1 (wimlib roundup_pow_of_2). */
function roundUpPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** The blobs of `list` in the order wimlib-imagex prints them (see the header comment). */
export function wimlibBlobOrder(list: WimBlobList): WimBlobFacts[] {
  const metadata = list.blobs.filter((b) => b.isMetadata);
  const capacity = roundUpPowerOfTwo(list.entryCount);
  const buckets = new Map<number, WimBlobFacts[]>();
  for (const blob of list.blobs) {
    if (blob.isMetadata) continue;
    // The first 8 hash bytes little-endian; capacity ≤ 2^25 (the table is at most 1 GiB), so bytes 0–3 suffice.
    const h = blob.hash;
    const bucket = Number.parseInt(h.slice(6, 8) + h.slice(4, 6) + h.slice(2, 4) + h.slice(0, 2), 16) % capacity;
    const inBucket = buckets.get(bucket) ?? [];
    inBucket.unshift(blob); // hlist_add_head: the newest first
    buckets.set(bucket, inBucket);
  }
  const ordered = [...buckets.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, blobs]) => blobs);
  return [...metadata, ...ordered];
}
