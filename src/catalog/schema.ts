/**
 * The catalog's IndexedDB schema, one type per version that ever shipped, so a migration is written against
 * the exact shape it reads.
 *
 * v1 (first release): one store `images` (keyPath `id`, indexes `by-name`, `by-added`); each record carried its
 *   history as an embedded array and its tags as written by the user.
 * v2 (current): `images` gains `tagKeys` (lowercased tags) with a multiEntry index `by-tag`, so "find by tag" is an
 *   index lookup instead of a scan; the history moves to its own append-only store `history` (autoIncrement key,
 *   index `by-image`), so appending an event never rewrites the image record; a `settings` store keeps small
 *   preferences (declared target kinds). Records never hold multi-GB data: a file is referenced by its
 *   FileSystemFileHandle, and only files up to SMALL_BLOB_LIMIT are kept as a Blob when the browser has no handles.
 */
import type { DBSchema } from 'idb';

export const CATALOG_DB_NAME = 'imagewright-catalog';
export const CATALOG_DB_VERSION = 2;

/** Largest file kept as a Blob copy in IndexedDB (browsers without FileSystemFileHandle). */
export const SMALL_BLOB_LIMIT = 32 * 1024 * 1024;

export type ImageKind = 'installation' | 'partition' | 'iso';
export const IMAGE_KINDS: readonly ImageKind[] = ['installation', 'partition', 'iso'];

/** How the entry reaches its bytes: a file handle, a small Blob copy, or nothing until the user relinks it. */
export type LinkState = 'handle' | 'blob' | 'unlinked';

/** One image index inside the file: every XML property plus the doctor's verdict when one ran. */
export interface CatalogIndex {
  index: number;
  name?: string;
  description?: string;
  editionId?: string;
  architecture?: string;
  build?: string;
  languages: string[];
  totalBytes?: number;
  fileCount?: number;
  dirCount?: number;
  /** Every element under <IMAGE>, flattened ("WINDOWS/VERSION/BUILD" → "19045"). */
  properties: Record<string, string>;
  /** summarizeDoctor(report) from the image doctor, when it has examined this index. */
  doctor?: { status: 'ok' | 'warning' | 'error'; summary: string; checkedAt: string };
}

/** An image file in the catalog (v2 shape). */
export interface CatalogImage {
  id: string;
  /** Display name: the WIM XML's first image name by default, else the file name; editable. */
  name: string;
  fileName: string;
  /** The organisation's own version string ("2024-10 CU"), free text. */
  version: string;
  comment: string;
  /** As the user wrote them (trimmed, deduplicated case-insensitively). */
  tags: string[];
  /** Lowercased `tags`; indexed multiEntry. */
  tagKeys: string[];
  kind: ImageKind;
  size: number;
  /** SHA-256 of the whole file, lowercase hex. */
  sha256: string;
  /** ISO 8601. */
  addedAt: string;
  link: LinkState;
  handle?: FileSystemFileHandle;
  blob?: Blob;
  /** WIM facts worth listing without reopening the file. */
  format?: { compression: string; imageCount: number; solid: boolean; parts: number };
  indexes: CatalogIndex[];
}

export type HistoryKind = 'added' | 'verified' | 'exported' | 'split' | 'distributed' | 'relinked' | 'imported' | 'edited';
export type HistoryResult = 'ok' | 'failed' | 'mismatch' | 'refused' | 'cancelled';

/** One append-only history event with the operation's figures. */
export interface HistoryEvent {
  /** Assigned by the store (autoIncrement). */
  seq?: number;
  imageId: string;
  kind: HistoryKind;
  at: string;
  result: HistoryResult;
  /** Where: a target folder name, an export file name… */
  target?: string;
  /** Operation figures: bytes, milliseconds, MB/s, the SHA-256 found… */
  figures?: Record<string, number | string>;
  /** Error code, English message and the parameters to render it in another language, when the operation failed. */
  error?: { code: number; message: string; params?: Record<string, string | number>; path?: string; detail?: string };
}

/** Target kinds a user can declare for a distribution folder (the browser cannot tell). */
export type TargetKind = 'unknown' | 'fat32' | 'exfat' | 'ntfs' | 'share';
export const TARGET_KINDS: readonly TargetKind[] = ['unknown', 'fat32', 'exfat', 'ntfs', 'share'];

export interface SettingRecord {
  key: string;
  value: unknown;
}

/** v1 record: history embedded, no tag keys. Kept only for the v1 → v2 migration and its tests. */
export interface CatalogImageV1 extends Omit<CatalogImage, 'tagKeys'> {
  history: Omit<HistoryEvent, 'seq' | 'imageId'>[];
}

export interface CatalogSchemaV1 extends DBSchema {
  images: { key: string; value: CatalogImageV1; indexes: { 'by-name': string; 'by-added': string } };
}

export interface CatalogSchema extends DBSchema {
  images: {
    key: string;
    value: CatalogImage;
    indexes: { 'by-name': string; 'by-added': string; 'by-tag': string; 'by-sha256': string };
  };
  history: { key: number; value: HistoryEvent; indexes: { 'by-image': string } };
  settings: { key: string; value: SettingRecord };
}

/** Trims, drops empties and case-insensitive duplicates (first spelling wins). */
export function normalizeTags(tags: readonly string[]): { tags: string[]; tagKeys: string[] } {
  const out: string[] = [];
  const keys: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    const key = tag.toLowerCase();
    if (!tag || keys.includes(key)) continue;
    out.push(tag);
    keys.push(key);
  }
  return { tags: out, tagKeys: keys };
}
