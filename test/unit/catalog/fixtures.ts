// Shared helpers for the catalog tests: a fresh fake IndexedDB per test and ready-made records.
import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import type { CatalogImage, HistoryEvent } from '../../../src/catalog/schema';

/** Gives every test its own empty IndexedDB, so no database leaks from one test into another. */
export function freshIndexedDb(): void {
  globalThis.indexedDB = new IDBFactory();
}

let serial = 0;

export function makeImage(overrides: Partial<CatalogImage> = {}): CatalogImage {
  serial++;
  const sha = serial.toString(16).padStart(64, '0');
  return {
    id: `img-${serial}`,
    name: `Image ${serial}`,
    fileName: `image-${serial}.wim`,
    version: '',
    comment: '',
    tags: [],
    tagKeys: [],
    kind: 'installation',
    size: 1000 * serial,
    sha256: sha,
    addedAt: new Date(Date.UTC(2026, 0, serial)).toISOString(),
    link: 'blob',
    blob: new Blob([`bytes of ${serial}`]),
    indexes: [{ index: 1, name: `Windows ${serial}`, editionId: 'Professional', languages: ['en-US'], properties: { NAME: `Windows ${serial}` } }],
    ...overrides,
  };
}

export function addedEvent(image: CatalogImage): HistoryEvent {
  return { imageId: image.id, kind: 'added', at: image.addedAt, result: 'ok', figures: { bytes: image.size } };
}
