import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { CatalogConnection, openCatalogDb } from '../../../src/catalog/db';
import { listHistory } from '../../../src/catalog/history';
import { getImage, listImages } from '../../../src/catalog/images';
import { CATALOG_DB_NAME, CATALOG_DB_VERSION, type CatalogImageV1 } from '../../../src/catalog/schema';
import { ErrorCode, ImagewrightError } from '../../../src/shared/errors';
import { freshIndexedDb, makeImage } from './fixtures';

beforeEach(freshIndexedDb);

function v1Record(id: string, tags: string[], history: CatalogImageV1['history']): CatalogImageV1 {
  const { tagKeys: _k, ...image } = makeImage({ id, tags });
  return { ...image, history };
}

describe('catalog schema and migrations', () => {
  it('creates the latest schema from nothing with every store and index', async () => {
    const db = await openCatalogDb();
    expect(db.version).toBe(CATALOG_DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['history', 'images', 'settings']);
    const tx = db.transaction(['images', 'history']);
    expect([...tx.objectStore('images').indexNames].sort()).toEqual(['by-added', 'by-name', 'by-sha256', 'by-tag']);
    expect(tx.objectStore('images').index('by-tag').multiEntry).toBe(true);
    expect([...tx.objectStore('history').indexNames]).toEqual(['by-image']);
    db.close();
  });

  it('creates the v1 schema when asked for version 1 (as the first release did)', async () => {
    const db = await openCatalogDb({ version: 1 });
    expect([...db.objectStoreNames]).toEqual(['images']);
    db.close();
  });

  it('migrates v1 to v2 keeping every record, moving embedded history in order and indexing tags', async () => {
    const v1 = await openCatalogDb({ version: 1 });
    const a = v1Record('a', [' Win11 ', 'Pilot', 'win11'], [
      { kind: 'added', at: '2025-01-01T00:00:00.000Z', result: 'ok', figures: { bytes: 10 } },
      { kind: 'distributed', at: '2025-01-02T00:00:00.000Z', result: 'ok', target: 'USB' },
    ]);
    const b = v1Record('b', [], [{ kind: 'added', at: '2025-02-01T00:00:00.000Z', result: 'ok' }]);
    // Written through a raw connection: the v1 record shape, not the v2 type.
    for (const record of [a, b]) await (v1 as unknown as { put(s: string, v: unknown): Promise<unknown> }).put('images', record);
    v1.close();

    const v2 = await openCatalogDb();
    expect(v2.version).toBe(2);
    const migrated = await getImage(v2, 'a');
    expect(migrated.tags).toEqual(['Win11', 'Pilot']);
    expect(migrated.tagKeys).toEqual(['win11', 'pilot']);
    expect('history' in migrated).toBe(false);
    expect(migrated.sha256).toBe(a.sha256);
    expect(await (migrated.blob as Blob).text()).toBe(await (a.blob as Blob).text());
    expect((await listHistory(v2, 'a')).map((e) => [e.kind, e.target, e.imageId])).toEqual([
      ['added', undefined, 'a'],
      ['distributed', 'USB', 'a'],
    ]);
    expect((await listHistory(v2, 'b')).map((e) => e.at)).toEqual(['2025-02-01T00:00:00.000Z']);
    expect((await listImages(v2, { tag: 'PILOT' })).map((i) => i.id)).toEqual(['a']);
    expect((await listImages(v2)).map((i) => i.id).sort()).toEqual(['a', 'b']);
    v2.close();
  });

  it('refuses a database newer than this code with CATALOG_NEWER_VERSION', async () => {
    (await openDB(CATALOG_DB_NAME, CATALOG_DB_VERSION + 1)).close();
    const error = await openCatalogDb().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagewrightError);
    expect((error as ImagewrightError).code).toBe(ErrorCode.CATALOG_NEWER_VERSION);
  });

  it('closes its connection when another tab upgrades, and reopens on the next call', async () => {
    let versionChanges = 0;
    const connection = new CatalogConnection({ onVersionChange: () => versionChanges++ });
    const first = await connection.get();
    // Another tab (newer code) upgrades: without the blocking handler this open would wait forever.
    const newer = await openDB(CATALOG_DB_NAME, CATALOG_DB_VERSION + 1);
    expect(versionChanges).toBe(1);
    expect(first).not.toBe(undefined);
    newer.close();
    const error = await connection.get().catch((e: unknown) => e);
    expect((error as ImagewrightError).code).toBe(ErrorCode.CATALOG_NEWER_VERSION);
  });

  it('reports blocked when an older tab keeps the database open, and completes once that tab closes it', async () => {
    // An old tab whose code has no versionchange handler: it holds v1 open until the user closes it.
    const oldTab = await openDB(CATALOG_DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore('images', { keyPath: 'id' });
      },
    });
    let blocked = 0;
    const db = await openCatalogDb({
      onBlocked: () => {
        blocked++;
        oldTab.close(); // the user closes the old tab
      },
    });
    expect(blocked).toBe(1);
    expect(db.version).toBe(CATALOG_DB_VERSION);
    db.close();
  });

  it('answers CATALOG_BLOCKED instead of hanging while an older tab holds the database, then opens once it lets go', async () => {
    const oldTab = await openDB(CATALOG_DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore('images', { keyPath: 'id' });
      },
    });
    const connection = new CatalogConnection();
    const error = await connection.get().catch((e: unknown) => e);
    expect((error as ImagewrightError).code).toBe(ErrorCode.CATALOG_BLOCKED);
    expect(connection.blocked).toBe(true);
    expect((await connection.get().catch((e: unknown) => e) as ImagewrightError).code).toBe(ErrorCode.CATALOG_BLOCKED);
    oldTab.close();
    await expect.poll(() => connection.blocked).toBe(false);
    const db = await connection.get();
    expect(db.version).toBe(CATALOG_DB_VERSION);
    await connection.close();
  });
});
