/**
 * WimSet: the files one image is read from — a single WIM/ESD, or every part of a split set (.swm), plus any
 * extra WIMs given as references (wimlib's --ref). No on-disk structure of its own: it merges what header.ts,
 * blob-table.ts and xml.ts read from each file (docs/wim-format.md §11).
 *
 * Rules (wimlib src/split.c, src/reference.c, src/blob_table.c):
 * - The first file is the one the user named; its header, XML and metadata resources describe the images.
 *   Metadata lives in part 1 only, so for a split set the first file must be part 1.
 * - Files sharing its GUID are parts of its split set: each part number 1..N must be there exactly once.
 *   Files with another GUID are plain references that only contribute blobs.
 * - Each part's blob table lists only its own blobs; the merged lookup is hash → (part, descriptor), first wins.
 */
import type { ByteSource } from '../../io/byte-source';
import { ErrorCode, ImagewrightError, throwIfAborted } from '../../shared/errors';
import { readBlobTable, type BlobDescriptor, type BlobTable } from './blob-table';
import { readWimHeader, type WimHeader } from './header';
import type { ChunkLayout } from './resource';
import type { DecodedBatch, HeldChunk } from './chunk-decoder';
import { readWimXml, type WimXml } from './xml';

export interface WimPart {
  source: ByteSource;
  header: WimHeader;
  table: BlobTable;
  /** Position in WimSet.files (0 = the file the user named). */
  fileIndex: number;
}

/** Where one blob lives: the file and its descriptor in that file's blob table. */
export interface BlobHome {
  part: WimPart;
  blob: BlobDescriptor;
}

/** Per-set caches of the blob reader: solid chunk tables and the last decoded solid chunks. */
export interface BlobReaderCache {
  solidLayouts: Map<string, Promise<ChunkLayout>>;
  /** Most recently used last; a few entries only (solid chunks are up to 64 MiB and more). */
  decodedChunks: { key: string; decoded: Promise<DecodedBatch>; users: number; cached: boolean }[];
  /** Solid chunks held on decode workers (ChunkDecoder.holdChunk): the current one and the next, decoding ahead. */
  heldChunks: {
    key: string;
    held: Promise<HeldChunk>;
    users: number;
    cached: boolean;
    /** The latest slice read out of it (held-solid.ts), shared by the blobs it covers. */
    window?: { from: number; to: number; read: Promise<DecodedBatch>; users: number; cached: boolean };
  }[];
}

export interface WimSet {
  /** Every opened file, the one the user named first. */
  files: WimPart[];
  /** The file the user named: its header, XML and metadata resources describe the images. */
  main: WimPart;
  xml: WimXml;
  blobs: Map<string, BlobHome>;
  warnings: string[];
  cache: BlobReaderCache;
}

/** What openWimSet is reading, for a progress line: the structure, the file, and its part number if split. */
export interface WimOpenStep {
  stage: 'header' | 'blob-table' | 'xml';
  /** Name of the file being read. */
  name: string;
  /** 1-based position of that file among those given, and how many were given. */
  file: number;
  files: number;
  /** Its part number and the set's part count, once its header says it belongs to a split set. */
  part?: number;
  parts?: number;
}

async function openPart(source: ByteSource, fileIndex: number, files: number, signal?: AbortSignal, onStep?: (step: WimOpenStep) => void): Promise<WimPart> {
  const where = { name: source.name, file: fileIndex + 1, files };
  onStep?.({ stage: 'header', ...where });
  const header = await readWimHeader(source, signal);
  const split = header.totalParts > 1 ? { part: header.partNumber, parts: header.totalParts } : {};
  onStep?.({ stage: 'blob-table', ...where, ...split });
  const table = await readBlobTable(source, header, signal);
  return { source, header, table, fileIndex };
}

export interface OpenWimSetOptions {
  /** Told before each structure is read (progress only; it cannot stop the open — use the signal). */
  onStep?: (step: WimOpenStep) => void;
  /**
   * false: accept a split set with parts missing (listing needs part 1 only; blobs of absent parts are then
   * reported missing when read). Default true: every part must be there.
   */
  requireComplete?: boolean;
}

/** Opens the named file and its references; checks that a split set is consistent and (by default) complete. */
export async function openWimSet(sources: readonly ByteSource[], signal?: AbortSignal, options: OpenWimSetOptions = {}): Promise<WimSet> {
  if (sources.length === 0) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: 'no WIM file given' });
  const files: WimPart[] = [];
  for (const source of sources) {
    throwIfAborted(signal);
    files.push(await openPart(source, files.length, sources.length, signal, options.onStep));
  }
  const main = files[0]!;
  const mainSplit = main.header.totalParts > 1 ? { part: main.header.partNumber, parts: main.header.totalParts } : {};
  options.onStep?.({ stage: 'xml', name: main.source.name, file: 1, files: sources.length, ...mainSplit });
  const xml = await readWimXml(main.source, main.header, signal);
  if (xml.images.length !== main.header.imageCount) {
    throw new ImagewrightError(ErrorCode.IMAGE_COUNT_MISMATCH, {
      params: { header: main.header.imageCount, xml: xml.images.length },
      offset: main.header.headerOffset + 0x2c,
      path: main.source.name,
    });
  }
  checkSplitSet(files, options.requireComplete ?? true);
  const warnings = [...main.header.warnings, ...main.table.warnings];
  const blobs = new Map<string, BlobHome>();
  for (const part of files) {
    if (part !== main) for (const w of part.table.warnings) warnings.push(`${part.source.name}: ${w}`);
    for (const blob of part.table.blobs) if (!blobs.has(blob.hash)) blobs.set(blob.hash, { part, blob });
  }
  return { files, main, xml, blobs, warnings, cache: { solidLayouts: new Map(), decodedChunks: [], heldChunks: [] } };
}

function checkSplitSet(files: WimPart[], requireComplete: boolean): void {
  const main = files[0]!;
  const { guid, totalParts } = main.header;
  if (totalParts === 1) return;
  if (main.header.partNumber !== 1) {
    throw new ImagewrightError(ErrorCode.SPLIT_PART_MISMATCH, {
      path: main.source.name,
      params: { part: main.header.partNumber },
      detail: `open part 1 of the ${totalParts}-part set and give the others with --ref`,
    });
  }
  const byPart = new Map<number, WimPart>();
  for (const part of files) {
    const h = part.header;
    if (h.guid !== guid) continue; // a plain reference WIM
    if (h.totalParts !== totalParts) {
      throw new ImagewrightError(ErrorCode.SPLIT_PART_MISMATCH, {
        path: part.source.name,
        params: { part: h.partNumber },
        detail: `it says the set has ${h.totalParts} parts, ${main.source.name} says ${totalParts}`,
      });
    }
    const twin = byPart.get(h.partNumber);
    if (twin) {
      throw new ImagewrightError(ErrorCode.SPLIT_PART_MISMATCH, {
        path: part.source.name,
        params: { part: h.partNumber },
        detail: `part ${h.partNumber} was given twice (also ${twin.source.name})`,
      });
    }
    byPart.set(h.partNumber, part);
  }
  for (let n = 1; n <= totalParts && requireComplete; n++) {
    if (!byPart.has(n)) {
      throw new ImagewrightError(ErrorCode.SPLIT_PART_MISSING, {
        params: { part: n },
        path: main.source.name,
        detail: `${byPart.size} of ${totalParts} parts were given`,
      });
    }
  }
}

/** The blob named by `hash` (40 lowercase hex digits), wherever it is in the set. */
export function findBlob(set: WimSet, hash: string): BlobHome | undefined {
  return set.blobs.get(hash);
}

/** Closes every file of the set (Node file handles). */
export async function closeWimSet(set: WimSet): Promise<void> {
  await Promise.all(set.files.map((f) => f.source.close?.()));
}
