import { beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb, type CatalogDatabase } from '../../../src/catalog/db';
import { appendHistory, listHistory } from '../../../src/catalog/history';
import { addImage, editImage, findSameFile, getImage, listImages, listTags, relinkImage, removeImage, setIndexDoctor } from '../../../src/catalog/images';
import { normalizeTags } from '../../../src/catalog/schema';
import { getTargetKind, setTargetKind } from '../../../src/catalog/settings';
import { ErrorCode, ImagewrightError } from '../../../src/shared/errors';
import { addedEvent, freshIndexedDb, makeImage } from './fixtures';

let db: CatalogDatabase;

beforeEach(async () => {
  freshIndexedDb();
  db = await openCatalogDb();
  return () => db.close();
});

async function addThree() {
  const win11 = makeImage({ name: 'Windows 11 Pro', version: '2024-10', tags: ['Win11', 'Pilot'], tagKeys: ['win11', 'pilot'], size: 5000 });
  const win10 = makeImage({ name: 'Windows 10 Enterprise', version: '2024-09', tags: ['win10'], tagKeys: ['win10'], size: 9000, comment: 'LTSC for kiosks' });
  const pe = makeImage({
    name: 'WinPE boot',
    kind: 'partition',
    indexes: [{ index: 1, name: 'Microsoft Windows PE', editionId: 'WindowsPE', languages: [], properties: {} }], tags: ['pe', 'Pilot'], tagKeys: ['pe', 'pilot'], size: 100 });
  for (const image of [win11, win10, pe]) await addImage(db, image, addedEvent(image));
  return { win11, win10, pe };
}

describe('catalog images store', () => {
  it('adds an entry with its "added" event and reads it back unchanged', async () => {
    const { win11 } = await addThree();
    const stored = await getImage(db, win11.id);
    expect(stored.name).toBe('Windows 11 Pro');
    expect(stored.indexes[0]!.properties).toEqual(win11.indexes[0]!.properties);
    expect((await listHistory(db, win11.id)).map((e) => e.kind)).toEqual(['added']);
  });

  it('finds entries by tag whatever the case, through the multiEntry index', async () => {
    const { win11, pe } = await addThree();
    expect((await listImages(db, { tag: 'PILOT' })).map((i) => i.id).sort()).toEqual([win11.id, pe.id].sort());
    expect(await listImages(db, { tag: 'nothing' })).toEqual([]);
    expect(await listTags(db)).toEqual([
      { tag: 'pe', count: 1 },
      { tag: 'Pilot', count: 2 },
      { tag: 'win10', count: 1 },
      { tag: 'Win11', count: 1 },
    ]);
  });

  it('searches names, comments, versions and editions with every word required', async () => {
    const { win10, win11 } = await addThree();
    expect((await listImages(db, { search: 'kiosks' })).map((i) => i.id)).toEqual([win10.id]);
    expect((await listImages(db, { search: 'windows 2024-10' })).map((i) => i.id)).toEqual([win11.id]);
    expect((await listImages(db, { search: 'professional windows' })).length).toBe(2);
  });

  it('filters by kind and sorts by name, size or date in either direction', async () => {
    const { win11, win10, pe } = await addThree();
    expect((await listImages(db, { kind: 'partition' })).map((i) => i.id)).toEqual([pe.id]);
    expect((await listImages(db, { sort: 'name' })).map((i) => i.name)).toEqual(['Windows 10 Enterprise', 'Windows 11 Pro', 'WinPE boot']);
    expect((await listImages(db, { sort: 'size', descending: true })).map((i) => i.id)).toEqual([win10.id, win11.id, pe.id]);
    expect((await listImages(db, { sort: 'addedAt' })).map((i) => i.id)).toEqual([win11.id, win10.id, pe.id]);
  });

  it('edits name, version, comment and tags and records which fields changed', async () => {
    const { win10 } = await addThree();
    const edited = await editImage(db, win10.id, { version: '2025-01', tags: ['LTSC', ' ltsc ', 'Kiosk'], comment: 'LTSC for kiosks' }, '2026-01-01T00:00:00.000Z');
    expect(edited.version).toBe('2025-01');
    expect(edited.tags).toEqual(['LTSC', 'Kiosk']);
    expect((await listImages(db, { tag: 'kiosk' })).map((i) => i.id)).toEqual([win10.id]);
    expect(await listImages(db, { tag: 'win10' })).toEqual([]);
    const events = await listHistory(db, win10.id);
    expect(events.map((e) => [e.kind, e.figures?.fields])).toEqual([
      ['added', undefined],
      ['edited', 'version,tags'],
    ]);
  });

  it('keeps the name when an edit would blank it', async () => {
    const { pe } = await addThree();
    expect((await editImage(db, pe.id, { name: '   ' }, 'now')).name).toBe('WinPE boot');
  });

  it('refuses to edit, relink or read an entry that does not exist', async () => {
    for (const attempt of [
      () => editImage(db, 'nope', { name: 'x' }, 'now'),
      () => relinkImage(db, 'nope', {}, { imageId: 'nope', kind: 'relinked', at: 'now', result: 'ok' }),
      () => getImage(db, 'nope'),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImagewrightError);
      expect((error as ImagewrightError).code).toBe(ErrorCode.CATALOG_ENTRY_NOT_FOUND);
    }
  });

  it('relinks an entry to a new source or marks it unlinked', async () => {
    const { win11 } = await addThree();
    const unlinked = await relinkImage(db, win11.id, {}, { imageId: win11.id, kind: 'relinked', at: 'now', result: 'failed' });
    expect(unlinked.link).toBe('unlinked');
    expect(unlinked.blob).toBeUndefined();
    const blob = new Blob(['again']);
    const relinked = await relinkImage(db, win11.id, { blob }, { imageId: win11.id, kind: 'relinked', at: 'now', result: 'ok' });
    expect(relinked.link).toBe('blob');
    expect(await (await getImage(db, win11.id)).blob!.text()).toBe('again');
  });

  it('removes an entry together with its history and nothing else', async () => {
    const { win11, win10 } = await addThree();
    await removeImage(db, win11.id);
    expect(await listHistory(db, win11.id)).toEqual([]);
    expect((await listHistory(db, win10.id)).length).toBe(1);
    expect((await listImages(db)).map((i) => i.id)).not.toContain(win11.id);
  });

  it('appends history events in order and never lets a caller choose the sequence number', async () => {
    const { pe } = await addThree();
    await appendHistory(db, { seq: 1, imageId: pe.id, kind: 'verified', at: 't1', result: 'ok', figures: { bytes: 100 } });
    await appendHistory(db, { imageId: pe.id, kind: 'distributed', at: 't2', result: 'mismatch', target: 'USB' });
    const events = await listHistory(db, pe.id);
    expect(events.map((e) => e.kind)).toEqual(['added', 'verified', 'distributed']);
    expect(new Set(events.map((e) => e.seq)).size).toBe(3);
  });

  it('remembers the declared kind of each target folder', async () => {
    expect(await getTargetKind(db, 'USBSTICK')).toBe('unknown');
    await setTargetKind(db, 'USBSTICK', 'fat32');
    await setTargetKind(db, 'share', 'ntfs');
    expect(await getTargetKind(db, 'USBSTICK')).toBe('fat32');
    expect(await getTargetKind(db, 'share')).toBe('ntfs');
  });

  it('normalises tags: trims, collapses spaces, drops empties and case duplicates', () => {
    expect(normalizeTags([' a  b ', 'A B', '', 'c'])).toEqual({ tags: ['a b', 'c'], tagKeys: ['a b', 'c'] });
  });

  it('keeps the doctor summary of one index and refuses an index the entry does not have', async () => {
    const { win11 } = await addThree();
    const doctor = { status: 'warning' as const, summary: '2 orphan blobs', checkedAt: '2026-03-01T00:00:00.000Z' };
    await setIndexDoctor(db, win11.id, 1, doctor);
    expect((await getImage(db, win11.id)).indexes[0]!.doctor).toEqual(doctor);
    const error = await setIndexDoctor(db, win11.id, 7, doctor).catch((e: unknown) => e);
    expect((error as ImagewrightError).code).toBe(ErrorCode.IMAGE_NOT_FOUND);
  });

  it('finds the entries of the same file by size and SHA-256, oldest first, and not a same-hash entry of another size', async () => {
    const sha = 'ab'.repeat(32);
    const later = makeImage({ sha256: sha, size: 4096, addedAt: '2026-03-02T00:00:00.000Z' });
    const first = makeImage({ sha256: sha, size: 4096, addedAt: '2026-03-01T00:00:00.000Z' });
    const otherSize = makeImage({ sha256: sha, size: 4095 });
    for (const image of [later, first, otherSize]) await addImage(db, image, addedEvent(image));
    expect((await findSameFile(db, 4096, sha)).map((image) => image.id)).toEqual([first.id, later.id]);
    expect(await findSameFile(db, 4096, 'cd'.repeat(32))).toEqual([]);
  });
});
