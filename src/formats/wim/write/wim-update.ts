/**
 * updateWim: changes an existing WIM in place, as wimlib's overwrite_wim_inplace does (docs/wim-format.md §12,
 * wimlib src/write.c). Nothing the old header points to is ever overwritten:
 *
 *   [old header → same bytes with WRITE_IN_PROGRESS][old resources, blob table, XML, integrity table: untouched]
 *   [new file data][new metadata resources][new blob table][new XML][new integrity table?]
 *   … fsync … then the final header over the old one (flag cleared), the very last write.
 *
 * Until that last write the old header still describes the old file, so a crash leaves it readable (with the
 * flag set, which readers warn about). The old tables become holes, as the blobs of a soft-deleted image do;
 * `optimize` reclaims them. When the blob table does not change (image properties only) the old one is kept
 * and only the XML (and the integrity table, whose covered range is then unchanged) is written anew.
 *
 * The new blob table lists the metadata entries first (kept images, then new ones), then the non-solid blobs (kept,
 * then new), then one solid run: the kept solid resources with their blobs, then the new ones (offsets count across the run).
 */
import type { InPlaceWriter } from '../../../io/byte-writer';
import { ErrorCode, ImagewrightError } from '../../../shared/errors';
import { WIM_HDR_FLAG_WRITE_IN_PROGRESS, WIM_HEADER_DISK_SIZE, WIM_VERSION_SOLID, type WimHeader } from '../header';
import { RESHDR_FLAG_METADATA, RESHDR_FLAG_SOLID, SOLID_RESOURCE_MAGIC_NUMBER, type Reshdr } from '../reshdr';
import { writeBlobTable, type BlobTableEntry } from './blob-table';
import type { BlobWriteContext } from './chunk-encoder';
import { updateWimHeader, withWimHeaderFlags } from './header';
import { INTEGRITY_CHUNK_SIZE, writeIntegrityTable, type IntegrityReuse } from './integrity';
import { WimOutput } from './output';
import { ZERO_RESHDR } from './reshdr';
import { writeResources } from './resource';
import { contentSize, writeFileData, type SolidOptions, type WimContent, type WriteProgress, type WrittenWim } from './wim-writer';
import { writeWimXml } from './xml';

/** The file being updated, as it was read. */
export interface WimBase {
  header: WimHeader;
  /** The 208 header bytes exactly as stored (kept but for the fields an update changes). */
  headerBytes: Uint8Array;
  /** The old integrity table, when there was one: its hashes are reused for the bytes that did not change. */
  integrity?: IntegrityReuse;
}

/** A solid resource of the old file that stays, with the blobs of it that are still referenced. */
export interface KeptSolidResource {
  reshdr: Reshdr;
  uncompressedSize: number;
  blobs: readonly { hash: string; size: number; offsetInResource: number; refCount: number }[];
}

/** What stays where it is: kept images (metadata entry + XML properties) and the blobs still referenced. */
export interface KeptContent {
  images: readonly { metadata: BlobTableEntry; properties: Record<string, string> }[];
  /** Non-solid blobs, as entries pointing at their old place, with their new reference counts. */
  blobs: readonly BlobTableEntry[];
  solidResources: readonly KeptSolidResource[];
}

export interface WimUpdateOptions {
  integrity: boolean;
  /** 1-based over kept images then new ones; 0 = none. */
  bootIndex: number;
  /** Codec of new solid resources (an ESD stays solid). */
  solid?: SolidOptions;
  /** Keep the old blob table: nothing but XML properties or the boot index change. */
  keepBlobTable?: boolean;
}

/** Integrity chunk sizes wimlib keeps when it updates a table (otherwise it writes its default). */
function integrityChunkSize(reuse: IntegrityReuse | undefined): number {
  const size = reuse?.chunkSize ?? 0;
  return size >= 4096 && size <= 128 * 1024 * 1024 ? size : INTEGRITY_CHUNK_SIZE;
}

export async function updateWim(
  writer: InPlaceWriter,
  base: WimBase,
  kept: KeptContent,
  content: WimContent,
  options: WimUpdateOptions,
  ctx: BlobWriteContext,
  signal?: AbortSignal,
  onProgress?: WriteProgress,
): Promise<WrittenWim> {
  const old = base.header;
  const imageCount = kept.images.length + content.images.length;
  if (options.bootIndex > imageCount) throw new ImagewrightError(ErrorCode.BAD_BOOT_INDEX, { params: { bootIndex: options.bootIndex, imageCount } });
  const flags = old.flags & ~WIM_HDR_FLAG_WRITE_IN_PROGRESS;
  const total = contentSize(content);
  let done = 0;
  const onBytes = (n: number): void => {
    done += n;
    onProgress?.(done, total);
  };
  await writer.write(0, withWimHeaderFlags(base.headerBytes, flags | WIM_HDR_FLAG_WRITE_IN_PROGRESS), signal);
  await writer.sync();
  const out = new WimOutput(writer, writer.originalSize);
  const writeOptions = { compression: old.compression, chunkSize: old.chunkSize, ...(options.solid ? { solid: options.solid } : {}) };
  const keptRun = kept.solidResources.filter((r) => r.blobs.length);
  const runBase = keptRun.reduce((n, r) => n + r.uncompressedSize, 0);
  const data = await writeFileData(out, content, writeOptions, 1, ctx, signal, onBytes, runBase);
  const metaOptions = { compression: old.compression, chunkSize: old.chunkSize, flags: RESHDR_FLAG_METADATA };
  const metadata = await writeResources(out, content.images.map((i) => i.metadata), metaOptions, ctx, signal, onBytes);
  const metadataEntries = [...kept.images.map((i) => i.metadata), ...metadata.map((m) => ({ reshdr: m.reshdr, partNumber: 1, refCount: 1, hash: m.hash }))];

  let blobTable = old.blobTable;
  if (!options.keepBlobTable) {
    const entries: BlobTableEntry[] = [...metadataEntries, ...kept.blobs, ...data.entries.filter((e) => !(e.reshdr.flags & RESHDR_FLAG_SOLID))];
    let at = 0;
    for (const r of keptRun) {
      entries.push({ reshdr: { ...r.reshdr, uncompressedSize: SOLID_RESOURCE_MAGIC_NUMBER }, partNumber: 1, refCount: 1, hash: undefined });
      for (const b of r.blobs) entries.push({ reshdr: { sizeInWim: b.size, offset: at + b.offsetInResource, uncompressedSize: 0, flags: RESHDR_FLAG_SOLID }, partNumber: 1, refCount: b.refCount, hash: b.hash });
      at += r.uncompressedSize;
    }
    entries.push(...data.entries.filter((e) => e.reshdr.flags & RESHDR_FLAG_SOLID));
    const tableBytes = writeBlobTable(entries);
    const tableAt = await out.append(tableBytes, signal);
    blobTable = { offset: tableAt, sizeInWim: tableBytes.length, uncompressedSize: tableBytes.length, flags: RESHDR_FLAG_METADATA };
  }
  const xmlAt = out.position;
  const properties = [...kept.images.map((i) => i.properties), ...content.images.map((i) => i.properties)];
  const xmlBytes = writeWimXml(xmlAt, properties.map((p) => ({ properties: p })));
  await out.append(xmlBytes, signal);
  const xmlData = { offset: xmlAt, sizeInWim: xmlBytes.length, uncompressedSize: xmlBytes.length, flags: RESHDR_FLAG_METADATA };
  let integrityTable: Reshdr = ZERO_RESHDR;
  if (options.integrity) {
    const coveredEnd = blobTable.offset + blobTable.sizeInWim;
    const table = await writeIntegrityTable(writer.readBack.bind(writer), WIM_HEADER_DISK_SIZE, coveredEnd, ctx.newSha1, integrityChunkSize(base.integrity), base.integrity, signal);
    const at = await out.append(table, signal);
    integrityTable = { offset: at, sizeInWim: table.length, uncompressedSize: table.length, flags: 0 };
  }
  const bootMetadata = options.bootIndex ? metadataEntries[options.bootIndex - 1]!.reshdr : ZERO_RESHDR;
  const solidAdded = data.solidResources > 0;
  const header = updateWimHeader(base.headerBytes, {
    version: solidAdded ? WIM_VERSION_SOLID : old.version,
    flags,
    imageCount,
    blobTable,
    xmlData,
    bootIndex: options.bootIndex,
    bootMetadata,
    integrityTable,
  });
  // Every new byte must be on disk before the header that points to it.
  await writer.sync();
  await writer.write(0, header, signal);
  return { size: out.position, metadata, blobTable, solidResources: keptRun.length + data.solidResources };
}
