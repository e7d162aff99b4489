/**
 * What the catalog records about a newly added file before hashing it: its kind, its default name and, for a
 * WIM / ESD / SWM, every image index with all of its XML properties (read from the header, tables and XML only).
 *
 * Kinds: an ISO (".iso", or "CD001" at the first volume descriptor, byte 0x8001); an installation image (a WIM
 * whose images say what Windows edition or installation type they hold — install.wim, boot.wim); a partition
 * image (any other WIM — a captured data or system partition — and raw partition/disk images: .img, .vhd,
 * .vhdx, .ffu). The user can change the kind afterwards.
 */
import type { WimInfo } from '../../formats/wim/wim-info';
import { BlobSource } from '../../io/blob-source';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import type { CatalogImage, CatalogIndex, ImageKind } from '../../catalog/schema';
import { inspectWim } from '../inspect';

const WIM_EXTENSIONS = ['.wim', '.esd', '.swm'];
const PARTITION_EXTENSIONS = ['.img', '.vhd', '.vhdx', '.ffu'];
const ISO_MAGIC_OFFSET = 0x8001;

export type FileDescription = Pick<CatalogImage, 'name' | 'kind' | 'indexes' | 'format'>;

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}

async function looksLikeIso(file: Blob): Promise<boolean> {
  if (file.size < ISO_MAGIC_OFFSET + 5) return false;
  const magic = new Uint8Array(await file.slice(ISO_MAGIC_OFFSET, ISO_MAGIC_OFFSET + 5).arrayBuffer());
  return String.fromCharCode(...magic) === 'CD001';
}

export function indexesFromWim(info: WimInfo): CatalogIndex[] {
  return info.images.map((image) => {
    const index: CatalogIndex = { index: image.index, languages: [...image.languages], properties: { ...image.properties } };
    if (image.name !== undefined) index.name = image.name;
    if (image.description !== undefined) index.description = image.description;
    if (image.editionId !== undefined) index.editionId = image.editionId;
    if (image.architecture) index.architecture = image.architecture.name;
    if (image.version?.build !== undefined) index.build = [image.version.major, image.version.minor, image.version.build, image.version.spBuild].filter((n) => n !== undefined).join('.');
    if (image.totalBytes !== undefined) index.totalBytes = image.totalBytes;
    if (image.fileCount !== undefined) index.fileCount = image.fileCount;
    if (image.dirCount !== undefined) index.dirCount = image.dirCount;
    return index;
  });
}

export async function describeFile(file: Blob, fileName: string, signal?: AbortSignal): Promise<FileDescription> {
  const extension = extensionOf(fileName);
  if (WIM_EXTENSIONS.includes(extension)) {
    const info = await inspectWim([new BlobSource(file, fileName)], signal);
    const installation = info.images.some((image) => image.editionId || image.installationType);
    return {
      name: info.images.find((image) => image.name)?.name ?? fileName,
      kind: installation ? 'installation' : 'partition',
      indexes: indexesFromWim(info),
      format: { compression: info.compression, imageCount: info.header.imageCount, solid: info.solid, parts: info.header.totalParts },
    };
  }
  let kind: ImageKind | undefined;
  if (extension === '.iso' || (await looksLikeIso(file))) kind = 'iso';
  else if (PARTITION_EXTENSIONS.includes(extension)) kind = 'partition';
  if (!kind) {
    throw new ImagewrightError(ErrorCode.UNSUPPORTED_FILE_TYPE, { path: fileName, detail: 'the catalog takes .wim, .esd, .swm, .iso, .img, .vhd, .vhdx and .ffu files' });
  }
  return { name: fileName, kind, indexes: [] };
}
