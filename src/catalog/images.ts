/**
 * The `images` store: add, read, list (search / tag / kind filters, sorting), edit, relink and remove entries.
 * Removing an entry removes its history in the same transaction, so no orphan events remain.
 */
import { ErrorCode, ImagewrightError } from '../shared/errors';
import type { CatalogDatabase } from './db';
import { normalizeTags, type CatalogImage, type CatalogIndex, type HistoryEvent, type ImageKind, type LinkState } from './schema';

export type CatalogSortKey = 'name' | 'addedAt' | 'size' | 'version' | 'kind';

export interface CatalogQuery {
  /** Case-insensitive words, all of which must appear in the name, file name, version, comment, tags or editions. */
  search?: string;
  /** Only entries carrying this tag (case-insensitive), via the multiEntry index. */
  tag?: string;
  kind?: ImageKind;
  link?: LinkState;
  sort?: CatalogSortKey;
  descending?: boolean;
}

export interface CatalogEdit {
  name?: string;
  version?: string;
  comment?: string;
  tags?: string[];
  kind?: ImageKind;
}

export async function addImage(db: CatalogDatabase, image: CatalogImage, added: HistoryEvent): Promise<void> {
  const tx = db.transaction(['images', 'history'], 'readwrite');
  await tx.objectStore('images').add(image);
  await tx.objectStore('history').add(added);
  await tx.done;
}

export async function getImage(db: CatalogDatabase, id: string): Promise<CatalogImage> {
  const image = await db.get('images', id);
  if (!image) throw new ImagewrightError(ErrorCode.CATALOG_ENTRY_NOT_FOUND, { params: { id } });
  return image;
}

export async function findImageBySha256(db: CatalogDatabase, sha256: string): Promise<CatalogImage | undefined> {
  return db.getFromIndex('images', 'by-sha256', sha256);
}

/**
 * Entries whose file has these exact bytes as far as the catalog can tell: same SHA-256 (the by-sha256 index)
 * and same size. Oldest first, so "the existing entry" is the one added first.
 */
export async function findSameFile(db: CatalogDatabase, size: number, sha256: string): Promise<CatalogImage[]> {
  const same = (await db.getAllFromIndex('images', 'by-sha256', sha256)).filter((image) => image.size === size);
  return same.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id));
}

/** Every distinct tag with its entry count, in the spelling first seen, sorted case-insensitively. */
export async function listTags(db: CatalogDatabase): Promise<{ tag: string; count: number }[]> {
  const counts = new Map<string, { tag: string; count: number }>();
  for (const image of await db.getAll('images')) {
    image.tags.forEach((tag, i) => {
      const key = image.tagKeys[i] ?? tag.toLowerCase();
      const seen = counts.get(key);
      if (seen) seen.count++;
      else counts.set(key, { tag, count: 1 });
    });
  }
  return [...counts.values()].sort((a, b) => a.tag.localeCompare(b.tag, undefined, { sensitivity: 'base' }));
}

export async function listImages(db: CatalogDatabase, query: CatalogQuery = {}): Promise<CatalogImage[]> {
  const tag = query.tag?.trim().toLowerCase();
  let images = tag ? await db.getAllFromIndex('images', 'by-tag', tag) : await db.getAll('images');
  if (query.kind) images = images.filter((image) => image.kind === query.kind);
  if (query.link) images = images.filter((image) => image.link === query.link);
  const words = (query.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length) {
    images = images.filter((image) => {
      const haystack = searchText(image);
      return words.every((word) => haystack.includes(word));
    });
  }
  const key = query.sort ?? 'name';
  const direction = query.descending ? -1 : 1;
  return images.sort((a, b) => direction * compareBy(key, a, b) || a.id.localeCompare(b.id));
}

function searchText(image: CatalogImage): string {
  const parts = [image.name, image.fileName, image.version, image.comment, image.kind, image.sha256, ...image.tags];
  for (const index of image.indexes) parts.push(index.name ?? '', index.editionId ?? '', index.architecture ?? '', index.build ?? '');
  return parts.join('\n').toLowerCase();
}

function compareBy(key: CatalogSortKey, a: CatalogImage, b: CatalogImage): number {
  if (key === 'size') return a.size - b.size;
  return String(a[key]).localeCompare(String(b[key]), undefined, { numeric: true, sensitivity: 'base' });
}

/** Applies an edit and returns the updated record; an `edited` event records which fields changed. */
export async function editImage(db: CatalogDatabase, id: string, edit: CatalogEdit, at: string): Promise<CatalogImage> {
  const tx = db.transaction(['images', 'history'], 'readwrite');
  const images = tx.objectStore('images');
  const image = await images.get(id);
  if (!image) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new ImagewrightError(ErrorCode.CATALOG_ENTRY_NOT_FOUND, { params: { id } });
  }
  const changed: string[] = [];
  const next: CatalogImage = { ...image };
  for (const field of ['name', 'version', 'comment', 'kind'] as const) {
    const value = edit[field];
    if (value === undefined || value === image[field]) continue;
    if (field === 'kind') next.kind = value as ImageKind;
    else next[field] = String(value).trim() || (field === 'name' ? image.name : '');
    changed.push(field);
  }
  if (edit.tags) {
    const { tags, tagKeys } = normalizeTags(edit.tags);
    if (tags.join('\n') !== image.tags.join('\n')) {
      next.tags = tags;
      next.tagKeys = tagKeys;
      changed.push('tags');
    }
  }
  if (changed.length) {
    await images.put(next);
    await tx.objectStore('history').add({ imageId: id, kind: 'edited', at, result: 'ok', figures: { fields: changed.join(',') } });
  }
  await tx.done;
  return next;
}

/** Points an entry at a (re)picked file; the caller has checked size and SHA-256. */
export async function relinkImage(
  db: CatalogDatabase,
  id: string,
  source: { handle?: FileSystemFileHandle; blob?: Blob },
  event: HistoryEvent,
): Promise<CatalogImage> {
  const tx = db.transaction(['images', 'history'], 'readwrite');
  const image = await tx.objectStore('images').get(id);
  if (!image) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new ImagewrightError(ErrorCode.CATALOG_ENTRY_NOT_FOUND, { params: { id } });
  }
  const next: CatalogImage = { ...image };
  delete next.handle;
  delete next.blob;
  if (source.handle) {
    next.handle = source.handle;
    next.link = 'handle';
  } else if (source.blob) {
    next.blob = source.blob;
    next.link = 'blob';
  } else {
    next.link = 'unlinked';
  }
  await tx.objectStore('images').put(next);
  await tx.objectStore('history').add(event);
  await tx.done;
  return next;
}

export async function removeImage(db: CatalogDatabase, id: string): Promise<void> {
  const tx = db.transaction(['images', 'history'], 'readwrite');
  await tx.objectStore('images').delete(id);
  const byImage = tx.objectStore('history').index('by-image');
  for (let cursor = await byImage.openCursor(id); cursor; cursor = await cursor.continue()) await cursor.delete();
  await tx.done;
}

/** Stores the image doctor's verdict (summarizeDoctor) on one index of an entry, replacing an older one. */
export async function setIndexDoctor(db: CatalogDatabase, id: string, index: number, doctor: NonNullable<CatalogIndex['doctor']>): Promise<CatalogImage> {
  const tx = db.transaction('images', 'readwrite');
  const image = await tx.store.get(id);
  const target = image?.indexes.find((entry) => entry.index === index);
  if (!image || !target) {
    tx.abort();
    await tx.done.catch(() => undefined);
    if (!image) throw new ImagewrightError(ErrorCode.CATALOG_ENTRY_NOT_FOUND, { params: { id } });
    throw new ImagewrightError(ErrorCode.IMAGE_NOT_FOUND, { params: { image: index }, path: image.fileName });
  }
  const next: CatalogImage = { ...image, indexes: image.indexes.map((entry) => (entry === target ? { ...entry, doctor } : entry)) };
  await tx.store.put(next);
  await tx.done;
  return next;
}
