/**
 * WimInfo: what `info` shows about one WIM / ESD / SWM file — the header facts plus every image's XML
 * properties. Plain data (no bigint, no classes) so it crosses Comlink and prints as JSON unchanged.
 * 64-bit sizes are numbers checked with Number.isSafeInteger by the parsers.
 */

import type { CompressionName } from '../../codecs/registry';

export type { CompressionName };

export interface WimHeaderFacts {
  magic: 'MSWIM' | 'WLPWM';
  headerSize: number;
  /** 0x10D00 (classic WIM) or 0xE00 (ESD / solid capable). */
  version: number;
  /** Raw header flags word. */
  flags: number;
  /** Names of the set flags, wimlib spelling (COMPRESSION, RP_FIX, SPANNED, COMPRESS_LZX…). */
  flagNames: string[];
  /** Non-solid chunk size from the header; 0 when uncompressed. */
  chunkSize: number;
  /** GUID as 32 lowercase hex digits, byte order as stored (wimlib prints it this way). */
  guid: string;
  partNumber: number;
  totalParts: number;
  imageCount: number;
  bootIndex: number;
  blobTable: ResourceFacts;
  xmlData: ResourceFacts;
  bootMetadata: ResourceFacts;
  integrityTable: ResourceFacts;
}

export interface ResourceFacts {
  offset: number;
  sizeInWim: number;
  uncompressedSize: number;
  flags: number;
}

export interface WimVersionFacts {
  major?: number;
  minor?: number;
  build?: number;
  spBuild?: number;
  spLevel?: number;
  branch?: string;
}

export interface WimImageInfo {
  /** 1-based image index. */
  index: number;
  name?: string;
  description?: string;
  displayName?: string;
  displayDescription?: string;
  /** Free text; Windows media put the EditionID here. */
  flags?: string;
  dirCount?: number;
  fileCount?: number;
  totalBytes?: number;
  hardLinkBytes?: number;
  /** ISO 8601 UTC, converted from the XML FILETIME halves. */
  creationTime?: string;
  lastModificationTime?: string;
  wimBoot?: boolean;
  architecture?: { code: number; name: string };
  productName?: string;
  editionId?: string;
  installationType?: string;
  productType?: string;
  productSuite?: string;
  hal?: string;
  systemRoot?: string;
  languages: string[];
  defaultLanguage?: string;
  version?: WimVersionFacts;
  /** Every element under <IMAGE>, flattened as "WINDOWS/VERSION/BUILD" → "19045" (repeats get [n]). */
  properties: Record<string, string>;
}

export interface WimPartFacts {
  partNumber: number;
  name: string;
  size: number;
}

export interface WimInfo {
  fileName: string;
  fileSize: number;
  /** Every part that was opened, in part order (one entry for a non-split file). */
  parts: WimPartFacts[];
  header: WimHeaderFacts;
  /** wimlib pipable layout (magic WLPWM). */
  pipable: boolean;
  compression: CompressionName;
  /** True when the blob table holds at least one solid resource (ESD-style). */
  solid: boolean;
  /** Codecs and chunk sizes of the solid resources, when any (e.g. LZMS 64 MiB). */
  solidResources: { compression: CompressionName; chunkSize: number; count: number }[];
  hasIntegrityTable: boolean;
  rpFix: boolean;
  readOnly: boolean;
  /** The file was left with WRITE_IN_PROGRESS set: a writer crashed while producing it. */
  writeInProgress: boolean;
  /** Top-level <TOTALBYTES> of the XML. */
  xmlTotalBytes?: number;
  blobCount: number;
  metadataResourceCount: number;
  images: WimImageInfo[];
  /** Non-fatal findings (e.g. boot index cleared, metadata entries fewer than images). */
  warnings: string[];
}
