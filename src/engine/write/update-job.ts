/**
 * updateWimJob: the in-place form of a write job — append a captured folder, soft-delete images, change image
 * properties — for a WIM that is modified where it is instead of rebuilt (formats/wim/write/wim-update.ts).
 * Cost is the new data plus the tables, not the file size: appending 200 MB to a 5 GB install.wim writes about
 * 200 MB. Realm-agnostic: it gets an InPlaceWriter (Node: the file opened read-write; browser: a writable stream
 * that keeps the existing data). Any error or cancel aborts the writer, which puts the file back byte for byte.
 *
 * Refused (named errors, before anything is written): split parts, pipable WIMs (their header is at the end and
 * the layout is sequential), and files whose header still carries WRITE_IN_PROGRESS — another writer may be at
 * work, or one crashed, and appending after a half-written end would bury the damage.
 */
import type { BlobReadContext } from '../../formats/wim/chunk-decoder';
import type { BlobDescriptor } from '../../formats/wim/blob-table';
import { PWM_MAGIC, WIM_HDR_FLAG_WRITE_IN_PROGRESS, WIM_HEADER_DISK_SIZE } from '../../formats/wim/header';
import { INTEGRITY_ENTRY_SIZE, INTEGRITY_TABLE_HEADER_SIZE, readIntegrityTableHeader } from '../../formats/wim/integrity';
import { SOLID_RESOURCE_MAGIC_NUMBER } from '../../formats/wim/reshdr';
import type { WimPart, WimSet } from '../../formats/wim/wim-set';
import type { BlobTableEntry } from '../../formats/wim/write/blob-table';
import type { BlobWriteContext } from '../../formats/wim/write/chunk-encoder';
import type { IntegrityReuse } from '../../formats/wim/write/integrity';
import { updateWim, type KeptContent, type KeptSolidResource } from '../../formats/wim/write/wim-update';
import type { BlobToWrite, SolidOptions, WrittenWim } from '../../formats/wim/write/wim-writer';
import type { InPlaceWriter } from '../../io/byte-writer';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { throttleProgress } from '../progress';
import { buildWimContent, type ImageSource } from './wim-content';
import type { WriteJobOptions } from './write-job';

export interface KeptImage {
  /** 1-based index in the file as it is. */
  index: number;
  /** New XML properties; the stored ones when absent. */
  properties?: Record<string, string>;
}

export interface UpdateRequest {
  /** The images that stay, in their new order (soft delete leaves some out). */
  keep: readonly KeptImage[];
  /** Captured folders appended after them. */
  add: readonly Extract<ImageSource, { kind: 'tree' }>[];
  /** 1-based over the result; 0 = none. */
  bootIndex: number;
  integrity: boolean;
  /** Codec of new solid resources (an ESD stays solid). */
  solid?: SolidOptions;
}

/** Throws the named error when `set` cannot be modified in place. */
export function checkInPlace(set: WimSet): void {
  const { header, source } = set.main;
  if (header.totalParts > 1) throw new ImagewrightError(ErrorCode.INPLACE_SPLIT_PART, { path: source.name });
  if (header.magic === PWM_MAGIC) throw new ImagewrightError(ErrorCode.INPLACE_PIPABLE, { path: source.name });
  if (header.flags & WIM_HDR_FLAG_WRITE_IN_PROGRESS) throw new ImagewrightError(ErrorCode.INPLACE_WRITE_IN_PROGRESS, { path: source.name, offset: 0x10 });
}

function entryOf(blob: BlobDescriptor, refCount: number): BlobTableEntry {
  const loc = blob.location;
  if (loc.kind === 'solid') throw new ImagewrightError(ErrorCode.BAD_BLOB_TABLE, { detail: `blob ${blob.hash} is solid` });
  const sizeInWim = loc.kind === 'compressed' ? loc.sizeInWim : blob.size;
  return { reshdr: { offset: loc.offset, sizeInWim, uncompressedSize: blob.size, flags: blob.flags }, partNumber: blob.partNumber, refCount, hash: blob.hash };
}

/** The old integrity table's hashes, to be reused for the bytes that stay; none when it cannot be read. */
async function oldIntegrity(part: WimPart, signal?: AbortSignal): Promise<IntegrityReuse | undefined> {
  try {
    const table = await readIntegrityTableHeader(part.source, part.header, signal);
    if (!table) return undefined;
    const hashes = await part.source.read(table.offset + INTEGRITY_TABLE_HEADER_SIZE, table.entryCount * INTEGRITY_ENTRY_SIZE, signal);
    return { hashes, chunkSize: table.chunkSize, coveredEnd: table.coveredEnd };
  } catch (error) {
    // A damaged old table is simply not reused: every chunk is hashed again.
    if (error instanceof ImagewrightError && error.code === ErrorCode.BAD_INTEGRITY_TABLE) return undefined;
    throw error;
  }
}

/**
 * Sorts the planned blobs into those already stored in `part` (kept where they are) and the ones to write. Stored
 * blobs no image references any more (a soft-deleted image's) stay listed with reference count 0, as wimlib
 * leaves them: their bytes are still there, and a later append may use them again.
 */
function splitBlobs(part: WimPart, blobs: readonly BlobToWrite[]): { kept: Omit<KeptContent, 'images'>; fresh: BlobToWrite[] } {
  const plain: BlobTableEntry[] = [];
  const solid = new Map<number, KeptSolidResource['blobs'][number][]>();
  const fresh: BlobToWrite[] = [];
  const keep = (stored: BlobDescriptor, refCount: number): void => {
    const loc = stored.location;
    if (loc.kind !== 'solid') {
      plain.push(entryOf(stored, refCount));
      return;
    }
    const list = solid.get(loc.resource) ?? [];
    list.push({ hash: stored.hash, size: stored.size, offsetInResource: loc.offsetInResource, refCount });
    solid.set(loc.resource, list);
  };
  const referenced = new Set<string>();
  for (const b of blobs) {
    const stored = b.input.hash === undefined ? undefined : part.table.byHash.get(b.input.hash);
    if (!stored) {
      fresh.push(b);
      continue;
    }
    referenced.add(stored.hash);
    keep(stored, b.refCount);
  }
  for (const stored of part.table.blobs) if (!referenced.has(stored.hash)) keep(stored, 0);
  const solidResources = [...solid.keys()]
    .sort((a, b) => a - b)
    .map((index) => {
      const r = part.table.solidResources[index]!;
      return {
        reshdr: { offset: r.offset, sizeInWim: r.sizeInWim, uncompressedSize: SOLID_RESOURCE_MAGIC_NUMBER, flags: r.flags },
        uncompressedSize: r.uncompressedSize,
        blobs: solid.get(index)!.sort((x, y) => x.offsetInResource - y.offsetInResource),
      };
    });
  return { kept: { blobs: plain, solidResources }, fresh };
}

export async function updateWimJob(
  writer: InPlaceWriter,
  set: WimSet,
  request: UpdateRequest,
  readCtx: BlobReadContext,
  writeCtx: BlobWriteContext,
  job: WriteJobOptions = {},
): Promise<WrittenWim> {
  const progress = throttleProgress(job.onProgress);
  const { signal } = job;
  try {
    checkInPlace(set);
    const main = set.main;
    if (writer.originalSize !== main.source.size) {
      throw new ImagewrightError(ErrorCode.INPLACE_FILE_CHANGED, { path: writer.name, params: { have: writer.originalSize, expected: main.source.size } });
    }
    const headerBytes = await main.source.read(0, WIM_HEADER_DISK_SIZE, signal);
    const integrity = request.integrity ? await oldIntegrity(main, signal) : undefined;
    const base = { header: main.header, headerBytes, ...(integrity ? { integrity } : {}) };
    const propertiesOf = (k: KeptImage): Record<string, string> => ({ ...(k.properties ?? set.xml.images[k.index - 1]!.properties) });
    const metadataOf = (k: KeptImage): BlobTableEntry => entryOf(main.table.metadata[k.index - 1]!, 1);
    const options = { integrity: request.integrity, bootIndex: request.bootIndex, ...(request.solid ? { solid: request.solid } : {}) };
    const onProgress = (done: number, total: number): void => progress({ phase: 'data', done, total });
    const sameImages = request.add.length === 0 && request.keep.length === main.header.imageCount && request.keep.every((k, i) => k.index === i + 1);
    let written: WrittenWim;
    if (sameImages) {
      // Properties or boot index only: the blob table stays as it is (wimlib's NO_NEW_BLOBS).
      const kept = { images: request.keep.map((k) => ({ metadata: metadataOf(k), properties: propertiesOf(k) })), blobs: [], solidResources: [] };
      written = await updateWim(writer, base, kept, { images: [], blobs: [] }, { ...options, keepBlobTable: true }, writeCtx, signal, onProgress);
    } else {
      const sources: ImageSource[] = [...request.keep.map((k): ImageSource => ({ kind: 'wim', set, index: k.index, properties: propertiesOf(k) })), ...request.add];
      const built = await buildWimContent(sources, readCtx, writeCtx, signal, { storedSizes: main.table.blobs.map((b) => b.size) });
      const { kept, fresh } = splitBlobs(main, built.blobs);
      const images = request.keep.map((k, i) => ({ metadata: metadataOf(k), properties: built.images[i]!.properties }));
      const content = { images: built.images.slice(request.keep.length), blobs: fresh };
      written = await updateWim(writer, base, { ...kept, images }, content, options, writeCtx, signal, onProgress);
    }
    await writer.commit();
    return written;
  } catch (error) {
    try {
      await writer.abort();
    } catch (restoreError) {
      const detail = `${(error as Error).message}; restoring: ${(restoreError as Error).message}`;
      throw new ImagewrightError(ErrorCode.INPLACE_RESTORE_FAILED, { path: writer.name, detail, cause: error });
    }
    throw error;
  }
}
