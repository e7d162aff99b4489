import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { CatalogConnection } from '../../../../src/catalog/db';
import type { CatalogImage } from '../../../../src/catalog/schema';
import { nodeWasmLoader } from '../../../../src/codecs/node-wasm-loader';
import { createEngineApi, toSources } from '../../../../src/engine/api';
import { createExplorerApi } from '../../../../src/engine/explorer/explorer-service';
import { nodeReadContext } from '../explorer/explorer-fixtures';
import { createCatalogApi, openEntrySource, type CatalogApi, type CatalogProgress } from '../../../../src/engine/catalog/catalog-api';
import { ErrorCode, ImagewrightError } from '../../../../src/shared/errors';
import { freshIndexedDb, makeImage } from '../../catalog/fixtures';
import { MemoryFolder } from './memory-folder';

const SAMPLE = fileURLToPath(new URL('../../../../public/samples/sample.wim', import.meta.url));
const run = promisify(execFile);
let sampleBytes: Uint8Array;
let api: CatalogApi;
let connection: CatalogConnection;

beforeEach(async () => {
  freshIndexedDb();
  sampleBytes ??= new Uint8Array(await readFile(SAMPLE));
  connection = new CatalogConnection();
  let ids = 0;
  api = createCatalogApi({ connection, wasmLoader: nodeWasmLoader, newId: () => `id-${++ids}`, now: () => new Date('2026-03-01T10:00:00Z') });
  return () => connection.close();
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const sampleFile = (bytes: Uint8Array = sampleBytes, name = 'sample.wim') => ({ file: { name, blob: new Blob([bytes.slice()]) } });

async function caught(run: () => Promise<unknown>): Promise<ImagewrightError> {
  const error = await run().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ImagewrightError);
  return error as ImagewrightError;
}

describe('catalog API of the engine', () => {
  it('adds a WIM with the names wimlib-imagex reports, every index property and the SHA-256 of the whole file', async () => {
    const progress: CatalogProgress[] = [];
    const image = await api.catalogAdd(sampleFile(), (p) => progress.push(p));
    const { stdout } = await run('wimlib-imagex', ['info', SAMPLE]);
    const names = [...stdout.matchAll(/^Name:\s+(.*)$/gm)].map((m) => m[1]!.trim());
    expect(image.indexes.map((i) => i.name)).toEqual(names);
    expect(image.name).toBe(names[0]);
    expect(image.kind).toBe('installation');
    expect(image.sha256).toBe(sha256(sampleBytes));
    expect(image.size).toBe(sampleBytes.length);
    expect(image.link).toBe('blob');
    expect(image.indexes[0]!.editionId).toBe(/^Edition ID:\s+(.*)$/m.exec(stdout)![1]!.trim());
    expect(Object.keys(image.indexes[0]!.properties).length).toBeGreaterThan(5);
    expect(progress.at(-1)).toEqual({ phase: 'hash', done: sampleBytes.length, total: sampleBytes.length });
    const { history } = await api.catalogGet(image.id);
    expect(history.map((e) => [e.kind, e.result, e.figures?.sha256])).toEqual([['added', 'ok', image.sha256]]);
  });

  it('answers with the existing entry and records nothing when the same file is added again', async () => {
    const first = await api.catalogAdd(sampleFile());
    const again = await api.catalogAdd(sampleFile(sampleBytes, 'copy-of-sample.wim'));
    expect(again.id).toBe(first.id);
    expect((await api.catalogList()).map((image) => image.id)).toEqual([first.id]);
    expect((await api.catalogGet(first.id)).history.map((e) => e.kind)).toEqual(['added']);
  });

  it('asks what to do with a duplicate only once the file is hashed, and keeps a separate entry when told to', async () => {
    const first = await api.catalogAdd(sampleFile(), undefined, () => {
      throw new Error('not a duplicate: must not be asked');
    });
    const asked: CatalogImage[] = [];
    const progress: CatalogProgress[] = [];
    const second = await api.catalogAdd(
      sampleFile(sampleBytes, 'second-site.wim'),
      (p) => progress.push(p),
      async (existing) => {
        asked.push(existing);
        expect(progress.at(-1)).toEqual({ phase: 'hash', done: sampleBytes.length, total: sampleBytes.length });
        return 'separate' as const;
      },
    );
    expect(asked.map((image) => image.id)).toEqual([first.id]);
    expect(second.id).not.toBe(first.id);
    expect([second.fileName, second.sha256]).toEqual(['second-site.wim', first.sha256]);
    expect((await api.catalogList()).map((image) => image.id).sort()).toEqual([first.id, second.id].sort());
    // A third copy: the question names the oldest entry, and "existing" adds nothing.
    const third = await api.catalogAdd(sampleFile(sampleBytes, 'third.wim'), undefined, (existing) => {
      asked.push(existing);
      return 'existing';
    });
    expect([third.id, asked.at(-1)!.id]).toEqual([first.id, first.id]);
    expect(await api.catalogList()).toHaveLength(2);
  });

  it('does not take a file of the same size with other bytes for a duplicate', async () => {
    const first = await api.catalogAdd(sampleFile());
    const changed = sampleBytes.slice();
    changed[0xa0] = changed[0xa0]! ^ 0xff; // in the header's unused bytes (+0x94…+0xCF): still a valid WIM
    const other = await api.catalogAdd(sampleFile(changed, 'changed.wim'), undefined, () => {
      throw new Error('same size, different SHA-256: must not be asked');
    });
    expect(other.id).not.toBe(first.id);
    expect(await api.catalogList()).toHaveLength(2);
  });

  it('refuses an unsupported or corrupt file and stores nothing', async () => {
    expect((await caught(() => api.catalogAdd(sampleFile(new Uint8Array(10), 'notes.txt')))).code).toBe(ErrorCode.UNSUPPORTED_FILE_TYPE);
    expect((await caught(() => api.catalogAdd(sampleFile(new Uint8Array(4096), 'broken.wim')))).code).toBe(ErrorCode.NOT_A_WIM);
    expect(await api.catalogList()).toEqual([]);
  });

  it('takes an ISO by its CD001 volume descriptor', async () => {
    const iso = new Uint8Array(0x8800);
    iso.set(new TextEncoder().encode('CD001'), 0x8001);
    const image = await api.catalogAdd(sampleFile(iso, 'media.bin'));
    expect([image.kind, image.name, image.indexes]).toEqual(['iso', 'media.bin', []]);
  });

  it('verifies an intact entry and records the figures', async () => {
    const image = await api.catalogAdd(sampleFile());
    const event = await api.catalogVerify(image.id);
    expect(event.result).toBe('ok');
    expect(event.figures?.sha256).toBe(image.sha256);
    expect((await api.catalogGet(image.id)).history.map((e) => e.kind)).toEqual(['added', 'verified']);
  });

  it('relinks only a file with the catalogued size and SHA-256, recording refusals', async () => {
    const image = await api.catalogAdd(sampleFile());
    const tampered = sampleBytes.slice();
    tampered[100] = tampered[100]! ^ 1;
    const bySha = await caught(() => api.catalogRelink(image.id, sampleFile(tampered)));
    expect(bySha.code).toBe(ErrorCode.CATALOG_RELINK_MISMATCH);
    expect(bySha.params.what).toBe('SHA-256');
    const bySize = await caught(() => api.catalogRelink(image.id, sampleFile(sampleBytes.subarray(1))));
    expect(bySize.params).toMatchObject({ what: 'size', expected: sampleBytes.length, found: sampleBytes.length - 1 });
    const relinked = await api.catalogRelink(image.id, sampleFile());
    expect(relinked.link).toBe('blob');
    expect((await api.catalogGet(image.id)).history.map((e) => `${e.kind}:${e.result}`)).toEqual([
      'added:ok',
      'relinked:mismatch',
      'relinked:mismatch',
      'relinked:ok',
    ]);
  });

  it('distributes into a folder, remembers the declared target kind and records the verified result', async () => {
    const image = await api.catalogAdd(sampleFile());
    const folder = new MemoryFolder({ name: 'USBSTICK', move: true });
    const result = await api.catalogDistribute(image.id, folder as unknown as FileSystemDirectoryHandle, 'exfat');
    expect(result.verified).toBe(true);
    expect(folder.text('SHA256SUMS')).toBe(`${sha256(sampleBytes)}  sample.wim\n`);
    expect(await api.catalogTargetKind('USBSTICK')).toBe('exfat');
    const last = (await api.catalogGet(image.id)).history.at(-1)!;
    expect(last).toMatchObject({ kind: 'distributed', result: 'ok', target: 'USBSTICK' });
    expect(last.figures).toMatchObject({ bytes: sampleBytes.length, sha256: sha256(sampleBytes), targetKind: 'exfat' });
  });

  it('records a refused distribution with the reason, and throws it', async () => {
    const image = await api.catalogAdd(sampleFile());
    const folder = new MemoryFolder({ name: 'FULL', quota: 100 });
    expect((await caught(() => api.catalogDistribute(image.id, folder as unknown as FileSystemDirectoryHandle, 'unknown'))).code).toBe(ErrorCode.TARGET_NO_SPACE);
    const last = (await api.catalogGet(image.id)).history.at(-1)!;
    expect(last).toMatchObject({ kind: 'distributed', result: 'refused', target: 'FULL', error: { code: ErrorCode.TARGET_NO_SPACE } });
    // The history keeps the parameters, so the refusal reads again in French later.
    const again = ImagewrightError.fromJSON({ __imagewright: 1, ...last.error! });
    expect(again.localized('fr')).toContain(`${sampleBytes.length} octets`);
    expect(folder.files.size).toBe(0);
  });

  it('exports to JSON and imports on another machine as unlinked entries that relink by content', async () => {
    const image = await api.catalogAdd(sampleFile());
    await api.catalogEdit(image.id, { tags: ['Pilot'], version: '2026-03' });
    const json = await api.catalogExport();
    await connection.close();
    freshIndexedDb();
    expect(await api.catalogImport(json)).toEqual({ added: [image.id], skipped: [] });
    const imported = (await api.catalogList({ tag: 'pilot' }))[0]!;
    expect([imported.link, imported.version]).toEqual(['unlinked', '2026-03']);
    const unlinkedVerify = await api.catalogVerify(image.id);
    expect([unlinkedVerify.result, unlinkedVerify.error?.code]).toEqual(['failed', ErrorCode.CATALOG_NOT_LINKED]);
    expect((await api.catalogRelink(image.id, sampleFile())).link).toBe('blob');
    expect((await caught(() => api.catalogImport('{not json'))).code).toBe(ErrorCode.CATALOG_IMPORT_INVALID);
  });

  it('explains why an entry cannot reach its file: gone, refused, unlinked or changed', async () => {
    const handleFailing = (name: string): FileSystemFileHandle =>
      ({ name: 'x.wim', getFile: () => Promise.reject(Object.assign(new Error(name), { name })) }) as unknown as FileSystemFileHandle;
    const base = makeImage({ link: 'handle', fileName: 'x.wim' });
    delete base.blob;
    const cases: [CatalogImage, number][] = [
      [{ ...base, handle: handleFailing('NotFoundError') }, ErrorCode.CATALOG_FILE_MISSING],
      [{ ...base, handle: handleFailing('NotAllowedError') }, ErrorCode.PERMISSION_DENIED],
      [{ ...base, link: 'unlinked' }, ErrorCode.CATALOG_NOT_LINKED],
      [{ ...base, handle: { name: 'x.wim', getFile: async () => new Blob(['short']) } as unknown as FileSystemFileHandle }, ErrorCode.CATALOG_SOURCE_CHANGED],
    ];
    for (const [image, code] of cases) {
      const error = await caught(() => openEntrySource(image));
      expect(error.code).toBe(code);
      expect(error.path).toBe('x.wim');
    }
  });

  it('answers CATALOG_UNAVAILABLE from an engine started without a catalog', async () => {
    const engine = createEngineApi(
      { inspectWim: async () => { throw new Error('unused'); } },
      createExplorerApi({ readContext: nodeReadContext, toSources }),
    );
    expect((await caught(() => engine.catalogList())).code).toBe(ErrorCode.CATALOG_UNAVAILABLE);
  });
});
