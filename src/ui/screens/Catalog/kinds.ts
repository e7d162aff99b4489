// The UI may import only types from the catalog; a Record over each union makes the compiler insist that
// these lists name every kind the schema has.
import type { ImageKind, TargetKind } from '../../../catalog/schema';

const IMAGE_KIND_SET: Record<ImageKind, true> = { installation: true, partition: true, iso: true };
const TARGET_KIND_SET: Record<TargetKind, true> = { unknown: true, fat32: true, exfat: true, ntfs: true, share: true };

export const IMAGE_KINDS = Object.keys(IMAGE_KIND_SET) as ImageKind[];
export const TARGET_KINDS = Object.keys(TARGET_KIND_SET) as TargetKind[];
