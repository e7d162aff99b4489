/**
 * Blob table ("lookup table"): one 50-byte entry per stored blob, metadata resource, or solid resource.
 * Source: docs/wim-format.md §6 and §5 (wimlib src/blob_table.c `read_blob_table`, `load_solid_info`,
 * `assign_blob_to_solid_resource`, `validate_resource`).
 *
 *   +0x00 24   reshdr (reshdr.ts)
 *   +0x18  2   part number of the split part holding the data
 *   +0x1A  4   reference count
 *   +0x1E 20   SHA-1 of the uncompressed data (all zero = empty, ignored)
 *   +0x32      end (50 bytes, packed). Entry count = table uncompressed size / 50.
 *
 * Reading rules, as wimlib applies them:
 * - METADATA entries are image metadata resources, assigned to images in table order (refcount 0 → ignored,
 *   refcount ≠ 1 → invalid, solid → invalid, in parts other than 1 → ignored, beyond the image count → ignored).
 * - Entries with a zero hash or size 0 are ignored; entries for another part are ignored; duplicate hashes → the
 *   first wins.
 * - A run of consecutive SOLID entries (version 0xE00 only; the flag is ignored in 0x10D00 files) holds resource
 *   entries (uncompressed size = 0x100000000, offset = solid header, size = stored size) and blob entries
 *   (size-in-WIM = blob size, offset = position in the run's resources taken as ONE concatenated stream).
 *   Blobs are placed by subtracting resource sizes until they fit; blobs in one resource must not overlap.
 */
import type { ByteSource } from '../../io/byte-source';
import { readChunked } from '../../io/byte-source';
import { ErrorCode, ImagewrightError, throwIfAborted } from '../../shared/errors';
import { hexOf, isAllZero, u16At, u32At } from './fields';
import { WIM_VERSION_DEFAULT, type WimHeader } from './header';
import {
  RESHDR_FLAG_COMPRESSED,
  RESHDR_FLAG_METADATA,
  RESHDR_FLAG_SOLID,
  SOLID_RESOURCE_MAGIC_NUMBER,
  checkReshdrInBounds,
  readReshdr,
  type Reshdr,
} from './reshdr';
import { readSolidResourceHeader, type SolidResourceHeader } from './solid';

export const BLOB_DESCRIPTOR_DISK_SIZE = 50;
/** Refuse blob tables above 1 GiB (20 million entries; real install.wim tables are a few MB). */
export const BLOB_TABLE_MAX_SIZE = 1 << 30;

export type BlobLocation =
  /** Stored uncompressed: `size` bytes at `offset`. */
  | { kind: 'plain'; offset: number }
  /** Non-solid compressed with the header codec and chunk size; see resource.ts for the chunk table. */
  | { kind: 'compressed'; offset: number; sizeInWim: number }
  /** Inside solid resource `resource` (index into BlobTable.solidResources), at `offsetInResource`. */
  | { kind: 'solid'; resource: number; offsetInResource: number };

export interface BlobDescriptor {
  /** SHA-1 as 40 lowercase hex digits. */
  hash: string;
  /** Uncompressed size. */
  size: number;
  refCount: number;
  partNumber: number;
  /** RESHDR_FLAG_* of the entry. */
  flags: number;
  isMetadata: boolean;
  /** Position of the entry in the table (0-based), for messages. */
  entryIndex: number;
  location: BlobLocation;
}

export interface SolidResourceDescriptor extends SolidResourceHeader {
  offset: number;
  sizeInWim: number;
  /** RESHDR_FLAG_* of the resource entry (SOLID, sometimes COMPRESSED). */
  flags: number;
  entryIndex: number;
}

export interface BlobTable {
  entryCount: number;
  /** Metadata resources in image order (metadata[0] = image 1). */
  metadata: BlobDescriptor[];
  /** Non-metadata blobs, deduplicated, in table order. */
  blobs: BlobDescriptor[];
  byHash: Map<string, BlobDescriptor>;
  solidResources: SolidResourceDescriptor[];
  warnings: string[];
}

interface RawEntry {
  index: number;
  reshdr: Reshdr;
  partNumber: number;
  refCount: number;
  /** The read piece holding the entry and where its hash starts (no per-entry view: 100k+ entries). */
  bytes: Uint8Array;
  hashAt: number;
}

function parseEntry(bytes: Uint8Array, pos: number, index: number, fileOffset: number, version: number): RawEntry {
  const reshdr = readReshdr(bytes, pos, fileOffset, `blob table entry ${index}`);
  // wimlib ignores SOLID in classic-version files: they cannot contain solid resources.
  if (version === WIM_VERSION_DEFAULT) reshdr.flags &= ~RESHDR_FLAG_SOLID;
  return {
    index,
    reshdr,
    partNumber: u16At(bytes, pos + 24),
    refCount: u32At(bytes, pos + 26),
    bytes,
    hashAt: pos + 30,
  };
}

/** Entries per read piece: a multiple of 50 bytes so that entries never straddle two reads (1 MB). */
const ENTRIES_PER_PIECE = 20000;

/**
 * The table's raw bytes, kept in the pieces they were read in, with entries decoded on demand. Decoding them all
 * up front kept 100k+ short-lived objects alive until the end of the parse and made the garbage collector the
 * main cost of opening a large image.
 */
interface RawTable {
  count: number;
  entry(index: number): RawEntry;
}

/** Reads the raw entries of the table (bounded, in 1 MB pieces). */
async function readRawEntries(source: ByteSource, header: WimHeader, signal?: AbortSignal): Promise<RawTable> {
  const r = header.blobTable;
  const at = header.headerOffset + 0x30;
  if (r.flags & RESHDR_FLAG_COMPRESSED) {
    // Microsoft software cannot read a compressed blob table and no known writer produces one.
    throw new ImagewrightError(ErrorCode.BAD_BLOB_TABLE, { offset: at, path: source.name, detail: 'compressed blob tables are not supported' });
  }
  checkReshdrInBounds(r, source.size, 'blob table', at);
  if (r.uncompressedSize > BLOB_TABLE_MAX_SIZE) {
    throw new ImagewrightError(ErrorCode.BAD_BLOB_TABLE, { offset: at, path: source.name, detail: `${r.uncompressedSize} bytes is more than the ${BLOB_TABLE_MAX_SIZE}-byte limit` });
  }
  const count = Math.floor(r.uncompressedSize / BLOB_DESCRIPTOR_DISK_SIZE);
  const pieces: { bytes: Uint8Array; position: number }[] = [];
  await readChunked(
    source,
    r.offset,
    count * BLOB_DESCRIPTOR_DISK_SIZE,
    BLOB_DESCRIPTOR_DISK_SIZE * ENTRIES_PER_PIECE,
    (bytes, position) => void pieces.push({ bytes, position }),
    signal,
  );
  return {
    count,
    entry(index) {
      const piece = pieces[Math.floor(index / ENTRIES_PER_PIECE)]!;
      return parseEntry(piece.bytes, (index % ENTRIES_PER_PIECE) * BLOB_DESCRIPTOR_DISK_SIZE, index, piece.position, header.version);
    },
  };
}

interface SolidRun {
  /** Indices into BlobTable.solidResources, in table order. */
  resources: number[];
  /** ends[r]: the run's resources 0..r as one stream, where resource r ends (running sum of their sizes). */
  ends: number[];
  /** Per resource: [offset, size] of the blobs placed in it, to check overlaps when the run ends. */
  placed: Map<number, [number, number][]>;
}

/**
 * Reads the blob table of one WIM file (one part of a split set). `header` comes from readWimHeader on the same
 * source. Throws BAD_BLOB_TABLE / BAD_RESOURCE_HEADER / RESOURCE_OUT_OF_BOUNDS / BAD_SOLID_RESOURCE with offsets.
 */
export async function readBlobTable(source: ByteSource, header: WimHeader, signal?: AbortSignal): Promise<BlobTable> {
  const entries = await readRawEntries(source, header, signal);
  const table: BlobTable = { entryCount: entries.count, metadata: [], blobs: [], byHash: new Map(), solidResources: [], warnings: [] };
  const tableOffset = header.blobTable.offset;
  const entryOffset = (i: number): number => tableOffset + i * BLOB_DESCRIPTOR_DISK_SIZE;
  const bad = (i: number, detail: string): ImagewrightError =>
    new ImagewrightError(ErrorCode.BAD_BLOB_TABLE, { offset: entryOffset(i), path: source.name, detail: `entry ${i}: ${detail}` });
  if (header.blobTable.uncompressedSize % BLOB_DESCRIPTOR_DISK_SIZE !== 0) {
    table.warnings.push(`The blob table size ${header.blobTable.uncompressedSize} is not a multiple of 50; trailing bytes ignored`);
  }
  let run: SolidRun | undefined;
  let duplicates = 0;
  let empty = 0;
  let wrongPart = 0;
  let extraMetadata = 0;

  for (let i = 0; i < entries.count; i++) {
    if ((i & 0x3ff) === 0) throwIfAborted(signal);
    const e = entries.entry(i);
    const { reshdr } = e;
    let location: BlobLocation;
    let size: number;
    if (reshdr.flags & RESHDR_FLAG_SOLID) {
      run ??= await startSolidRun(source, entries, i, table, entryOffset, signal);
      if (reshdr.uncompressedSize === SOLID_RESOURCE_MAGIC_NUMBER) continue; // resource entry, loaded above
      size = reshdr.sizeInWim;
      location = placeInSolidRun(run, reshdr.offset, size, () => bad(i, 'blob could not be assigned to a solid resource'));
    } else {
      if (run) {
        finishSolidRun(run, (detail) => bad(i, detail));
        run = undefined;
      }
      if (!(reshdr.flags & RESHDR_FLAG_COMPRESSED) && reshdr.sizeInWim !== reshdr.uncompressedSize) {
        throw bad(i, `uncompressed resource stores ${reshdr.sizeInWim} bytes but claims ${reshdr.uncompressedSize}`);
      }
      size = reshdr.uncompressedSize;
      location =
        reshdr.flags & RESHDR_FLAG_COMPRESSED
          ? { kind: 'compressed', offset: reshdr.offset, sizeInWim: reshdr.sizeInWim }
          : { kind: 'plain', offset: reshdr.offset };
    }
    if (isAllZero(e.bytes, e.hashAt, e.hashAt + 20)) continue;
    if (size === 0) {
      empty++;
      continue;
    }
    if (e.partNumber !== header.partNumber) {
      wrongPart++;
      continue;
    }
    const blob: BlobDescriptor = {
      hash: hexOf(e.bytes, e.hashAt, e.hashAt + 20),
      size,
      refCount: e.refCount,
      partNumber: e.partNumber,
      flags: reshdr.flags,
      isMetadata: (reshdr.flags & RESHDR_FLAG_METADATA) !== 0,
      entryIndex: i,
      location,
    };
    if (blob.isMetadata) {
      if (e.refCount === 0) continue; // WAIK 2.1 WinPE WIMs carry such entries
      if (e.refCount !== 1) throw bad(i, `metadata resource with reference count ${e.refCount}`);
      if (location.kind === 'solid') throw bad(i, 'image metadata in a solid resource');
      if (header.partNumber !== 1) {
        table.warnings.push('Ignoring a metadata resource found in a part other than part 1');
        continue;
      }
      if (table.metadata.length === header.imageCount) {
        extraMetadata++;
        continue;
      }
    }
    // The label is only built when the check fails (100k+ entries).
    if (location.kind !== 'solid' && (reshdr.offset > source.size || reshdr.sizeInWim > source.size - reshdr.offset)) {
      checkReshdrInBounds(reshdr, source.size, `blob table entry ${i}`, entryOffset(i));
    }
    if (blob.isMetadata) {
      table.metadata.push(blob);
    } else if (table.byHash.has(blob.hash)) {
      duplicates++;
    } else {
      table.byHash.set(blob.hash, blob);
      table.blobs.push(blob);
      // Only blobs that were kept count for the overlap check, as in wimlib (ignored ones are unlinked).
      if (run && location.kind === 'solid') recordPlacement(run, location, size);
    }
  }
  if (run) finishSolidRun(run, (detail) => bad(entries.count - 1, detail));

  if (extraMetadata) table.warnings.push(`Found ${extraMetadata} more metadata resources than images; ignored`);
  if (header.partNumber === 1 && table.metadata.length !== header.imageCount) {
    table.warnings.push(`Could not find metadata resources for all images (${table.metadata.length} of ${header.imageCount})`);
  }
  if (duplicates) table.warnings.push(`Ignoring ${duplicates} duplicate blobs`);
  if (empty) table.warnings.push(`Ignoring ${empty} empty blobs`);
  if (wrongPart) table.warnings.push(`Ignoring ${wrongPart} blobs with wrong part number`);
  return table;
}

/** Loads every resource entry of the solid run starting at entry `start` (order inside the run is free). */
async function startSolidRun(
  source: ByteSource,
  entries: RawTable,
  start: number,
  table: BlobTable,
  entryOffset: (i: number) => number,
  signal: AbortSignal | undefined,
): Promise<SolidRun> {
  const run: SolidRun = { resources: [], ends: [], placed: new Map() };
  for (let j = start; j < entries.count; j++) {
    const { reshdr } = entries.entry(j);
    if (!(reshdr.flags & RESHDR_FLAG_SOLID)) break;
    if (reshdr.uncompressedSize !== SOLID_RESOURCE_MAGIC_NUMBER) continue;
    checkReshdrInBounds(reshdr, source.size, `solid resource (blob table entry ${j})`, entryOffset(j));
    const header = await readSolidResourceHeader(source, reshdr, signal);
    run.resources.push(table.solidResources.length);
    run.ends.push((run.ends.at(-1) ?? 0) + header.uncompressedSize);
    table.solidResources.push({ ...header, offset: reshdr.offset, sizeInWim: reshdr.sizeInWim, flags: reshdr.flags, entryIndex: j });
  }
  if (run.resources.length === 0) {
    throw new ImagewrightError(ErrorCode.BAD_BLOB_TABLE, {
      offset: entryOffset(start),
      path: source.name,
      detail: `entry ${start}: solid run without a resource entry`,
    });
  }
  return run;
}

/**
 * Places a blob the way wimlib's assign_blob_to_solid_resource does: starting from `runOffset`, subtract each
 * resource's size until the blob fits in the current one; fail once the offset would go negative (the blob
 * straddles two resources). That walk stops at the first resource r with ends[r] ≥ runOffset + min(size, 1),
 * so it is found by binary search: a run of R resources costs log R per blob, not R (a hostile table could
 * otherwise hold millions of each).
 */
export function placeInSolidRunEnds(ends: readonly number[], runOffset: number, size: number): { resource: number; offsetInResource: number } | undefined {
  const target = runOffset + Math.min(size, 1);
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid]! >= target) hi = mid;
    else lo = mid + 1;
  }
  if (lo === ends.length || runOffset + size > ends[lo]!) return undefined;
  return { resource: lo, offsetInResource: runOffset - (lo === 0 ? 0 : ends[lo - 1]!) };
}

function placeInSolidRun(run: SolidRun, runOffset: number, size: number, fail: () => ImagewrightError): BlobLocation {
  const found = placeInSolidRunEnds(run.ends, runOffset, size);
  if (!found) throw fail();
  return { kind: 'solid', resource: run.resources[found.resource]!, offsetInResource: found.offsetInResource };
}

function recordPlacement(run: SolidRun, location: { resource: number; offsetInResource: number }, size: number): void {
  const list = run.placed.get(location.resource) ?? [];
  list.push([location.offsetInResource, size]);
  run.placed.set(location.resource, list);
}

function finishSolidRun(run: SolidRun, fail: (detail: string) => ImagewrightError): void {
  for (const [index, list] of run.placed) {
    list.sort((a, b) => a[0] - b[0]);
    let end = 0;
    for (const [offset, size] of list) {
      if (offset < end) throw fail(`blobs overlap inside solid resource ${index}`);
      end = offset + size;
    }
  }
}

/** The metadata resource reshdr of image `index` (1-based), as the metadata reader will need it. */
export function metadataBlobOf(table: BlobTable, index: number): BlobDescriptor | undefined {
  return table.metadata[index - 1];
}
