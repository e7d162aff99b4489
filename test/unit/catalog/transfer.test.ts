import { beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb, type CatalogDatabase } from '../../../src/catalog/db';
import { appendHistory, listHistory } from '../../../src/catalog/history';
import { addImage, getImage, listImages } from '../../../src/catalog/images';
import { exportCatalog, importCatalog, parseCatalogExport } from '../../../src/catalog/transfer';
import { ErrorCode, ImagewrightError } from '../../../src/shared/errors';
import { addedEvent, freshIndexedDb, makeImage } from './fixtures';

let db: CatalogDatabase;

beforeEach(async () => {
  freshIndexedDb();
  db = await openCatalogDb();
  return () => db.close();
});

describe('catalog export and import', () => {
  it('round-trips entries and history through JSON; imported entries are unlinked and carry no file data', async () => {
    const image = makeImage({ tags: ['Pilot'], tagKeys: ['pilot'], comment: 'gold' });
    await addImage(db, image, addedEvent(image));
    await appendHistory(db, { imageId: image.id, kind: 'distributed', at: 't', result: 'ok', target: 'USB', figures: { bytes: 5 } });
    const json = JSON.parse(JSON.stringify(await exportCatalog(db, '2026-01-01T00:00:00.000Z'))) as unknown;
    expect(JSON.stringify(json)).not.toContain('"blob"');

    db.close();
    freshIndexedDb(); // "another machine"
    db = await openCatalogDb();
    const result = await importCatalog(db, json, 'later');
    expect(result).toEqual({ added: [image.id], skipped: [] });
    const imported = await getImage(db, image.id);
    expect(imported.link).toBe('unlinked');
    expect(imported.blob).toBeUndefined();
    expect(imported.sha256).toBe(image.sha256);
    expect(imported.comment).toBe('gold');
    expect((await listImages(db, { tag: 'PILOT' })).length).toBe(1);
    expect((await listHistory(db, image.id)).map((e) => [e.kind, e.target])).toEqual([
      ['added', undefined],
      ['distributed', 'USB'],
      ['imported', undefined],
    ]);
  });

  it('skips entries already in the catalog instead of overwriting them', async () => {
    const image = makeImage();
    await addImage(db, image, addedEvent(image));
    const json = JSON.parse(JSON.stringify(await exportCatalog(db, 'now'))) as unknown;
    expect(await importCatalog(db, json, 'later')).toEqual({ added: [], skipped: [image.id] });
    expect((await getImage(db, image.id)).link).toBe('blob');
  });

  it('refuses a damaged export naming the bad field, and writes nothing', async () => {
    const good = makeImage();
    await addImage(db, good, addedEvent(good));
    const json = JSON.parse(JSON.stringify(await exportCatalog(db, 'now'))) as { images: Record<string, unknown>[] };
    const cases: [unknown, string][] = [
      [null, '$.format'],
      [{ format: 'other' }, '$.format'],
      [{ ...json, version: 9 }, '$.version'],
      [{ ...json, images: [{ ...json.images[0], id: 'new', sha256: 'XYZ' }] }, '$.images[0].sha256'],
      [{ ...json, images: [{ ...json.images[0], id: 'new', size: -1 }] }, '$.images[0].size'],
      [{ ...json, images: [{ ...json.images[0], id: 'new', kind: 'floppy' }] }, '$.images[0].kind'],
      [{ ...json, images: [{ ...json.images[0], id: 'new', tags: [1] }] }, '$.images[0].tags'],
    ];
    for (const [input, path] of cases) {
      const error = await importCatalog(db, input, 'later').catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(ImagewrightError);
      expect((error as ImagewrightError).code).toBe(ErrorCode.CATALOG_IMPORT_INVALID);
      expect((error as ImagewrightError).path).toBe(path);
    }
    expect((await listImages(db)).map((i) => i.id)).toEqual([good.id]);
  });

  it('parses what it exports', async () => {
    const image = makeImage();
    await addImage(db, image, addedEvent(image));
    const exported = await exportCatalog(db, 'now');
    expect(parseCatalogExport(JSON.parse(JSON.stringify(exported)))).toEqual(JSON.parse(JSON.stringify(exported)));
  });
});
