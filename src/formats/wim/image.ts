/**
 * readImage: one image of a WimSet — its metadata resource (blob-table.ts assigns metadata entries to images in
 * table order, part 1 only) read through the blob reader with its SHA-1 checked, then parsed by metadata.ts.
 * Images are chosen like wimlib_resolve_image does: a decimal 1-based index, or else an exact image name.
 * Source: docs/wim-format.md §6 and §8.
 */
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { readBlobBytes } from './blob-reader';
import type { BlobReadContext } from './chunk-decoder';
import { readImageMetadata, type ImageMetadata } from './metadata';
import type { WimImageInfo } from './wim-info';
import type { WimSet } from './wim-set';

export interface WimImage {
  /** 1-based. */
  index: number;
  info: WimImageInfo;
  metadata: ImageMetadata;
}

/** The 1-based index of the image named by `spec` (index or name); IMAGE_NOT_FOUND otherwise. */
export function resolveImage(set: WimSet, spec: string | number): number {
  const count = set.main.header.imageCount;
  const text = String(spec);
  if (/^[0-9]+$/.test(text)) {
    const index = Number(text);
    if (index >= 1 && index <= count) return index;
  } else {
    const found = set.xml.images.find((image) => image.name === text);
    if (found && text !== '') return found.index;
  }
  throw new ImagewrightError(ErrorCode.IMAGE_NOT_FOUND, {
    params: { image: text },
    path: set.main.source.name,
    detail: `the file has ${count} image${count === 1 ? '' : 's'}`,
  });
}

/** Reads and parses the metadata of the image named by `spec`. */
export async function readImage(set: WimSet, spec: string | number, ctx: BlobReadContext, signal?: AbortSignal): Promise<WimImage> {
  const index = resolveImage(set, spec);
  const blob = set.main.table.metadata[index - 1];
  if (!blob) {
    throw new ImagewrightError(ErrorCode.BAD_METADATA, {
      path: set.main.source.name,
      detail: `the blob table has no metadata resource for image ${index}`,
    });
  }
  const bytes = await readBlobBytes(set, { part: set.main, blob }, ctx, signal);
  let metadata: ImageMetadata;
  try {
    metadata = readImageMetadata(bytes, signal);
  } catch (error) {
    if (!(error instanceof ImagewrightError) || error.path !== undefined) throw error;
    throw new ImagewrightError(error.code, {
      params: error.params,
      ...(error.offset === undefined ? {} : { offset: error.offset }),
      path: `${set.main.source.name} image ${index} metadata`,
      ...(error.detail === undefined ? {} : { detail: error.detail }),
      cause: error,
    });
  }
  return { index, info: set.xml.images[index - 1]!, metadata };
}
