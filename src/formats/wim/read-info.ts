/**
 * readWimInfo: everything `info` shows about one WIM / ESD / SWM file, read with a handful of ranged reads
 * (header, blob table, one 16-byte header per solid resource, XML, integrity table header). No resource data is
 * decompressed. Layouts: header.ts, blob-table.ts, solid.ts, xml.ts, integrity.ts (docs/wim-format.md §2–§10).
 */
import type { ByteSource } from '../../io/byte-source';
import { ErrorCode, ImagewrightError, throwIfAborted } from '../../shared/errors';
import { readBlobTable, type BlobTable } from './blob-table';
import {
  WIM_HDR_FLAG_READONLY,
  WIM_HDR_FLAG_RP_FIX,
  WIM_HDR_FLAG_WRITE_IN_PROGRESS,
  flagNamesOf,
  readWimHeader,
  type WimHeader,
} from './header';
import { readIntegrityTableHeader } from './integrity';
import { reshdrFacts } from './reshdr';
import type { CompressionName, WimHeaderFacts, WimInfo } from './wim-info';
import { readWimXml } from './xml';

export function headerFactsOf(header: WimHeader): WimHeaderFacts {
  return {
    magic: header.magic,
    headerSize: header.headerSize,
    version: header.version,
    flags: header.flags,
    flagNames: flagNamesOf(header.flags),
    chunkSize: header.chunkSize,
    guid: header.guid,
    partNumber: header.partNumber,
    totalParts: header.totalParts,
    imageCount: header.imageCount,
    bootIndex: header.bootIndex,
    blobTable: reshdrFacts(header.blobTable),
    xmlData: reshdrFacts(header.xmlData),
    bootMetadata: reshdrFacts(header.bootMetadata),
    integrityTable: reshdrFacts(header.integrityTable),
  };
}

/** Groups solid resources by codec and chunk size ("LZMS 64 MiB × 3"). */
export function summarizeSolidResources(table: BlobTable): WimInfo['solidResources'] {
  const groups = new Map<string, { compression: CompressionName; chunkSize: number; count: number }>();
  for (const r of table.solidResources) {
    const key = `${r.compression}/${r.chunkSize}`;
    const group = groups.get(key) ?? { compression: r.compression, chunkSize: r.chunkSize, count: 0 };
    group.count++;
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Reads header, blob table, XML and integrity header of one file and fills every WimInfo field. */
export async function readWimInfo(source: ByteSource, signal?: AbortSignal): Promise<WimInfo> {
  throwIfAborted(signal);
  const header = await readWimHeader(source, signal);
  // XML first: an encrypted ESD is recognised there, and its blob table is not worth reporting on.
  const xml = await readWimXml(source, header, signal);
  if (xml.images.length !== header.imageCount) {
    throw new ImagewrightError(ErrorCode.IMAGE_COUNT_MISMATCH, {
      params: { header: header.imageCount, xml: xml.images.length },
      offset: header.headerOffset + 0x2c,
      path: source.name,
    });
  }
  const table = await readBlobTable(source, header, signal);
  return wimInfoFromTables(source, header, table, xml, signal);
}

/**
 * Fills WimInfo from structures already read (the Explorer opens a WimSet and must not parse a 100k-entry blob
 * table twice). Reads only the integrity table header.
 */
export async function wimInfoFromTables(
  source: ByteSource,
  header: WimHeader,
  table: BlobTable,
  xml: Awaited<ReturnType<typeof readWimXml>>,
  signal?: AbortSignal,
): Promise<WimInfo> {
  const warnings = [...header.warnings, ...table.warnings];
  let hasIntegrityTable = false;
  try {
    hasIntegrityTable = (await readIntegrityTableHeader(source, header, signal)) !== undefined;
  } catch (error) {
    // A damaged integrity table does not stop `info` (wimlib only reads it with --check); say so.
    if (!(error instanceof ImagewrightError)) throw error;
    hasIntegrityTable = true;
    warnings.push(`The integrity table is invalid: ${error.message}`);
  }
  throwIfAborted(signal);
  const info: WimInfo = {
    fileName: source.name,
    fileSize: source.size,
    parts: [{ partNumber: header.partNumber, name: source.name, size: source.size }],
    header: headerFactsOf(header),
    pipable: header.magic === 'WLPWM',
    compression: header.compression,
    solid: table.solidResources.length > 0,
    solidResources: summarizeSolidResources(table),
    hasIntegrityTable,
    rpFix: (header.flags & WIM_HDR_FLAG_RP_FIX) !== 0,
    readOnly: (header.flags & WIM_HDR_FLAG_READONLY) !== 0,
    writeInProgress: (header.flags & WIM_HDR_FLAG_WRITE_IN_PROGRESS) !== 0,
    blobCount: table.blobs.length,
    metadataResourceCount: table.metadata.length,
    images: xml.images,
    warnings,
  };
  if (xml.totalBytes !== undefined) info.xmlTotalBytes = xml.totalBytes;
  return info;
}
