// The doctor on catalog entries: the bundled sample WIM (a Windows-like tree) added to a fresh IndexedDB catalog,
// examined index by index through the real explorer API; each verdict lands on its index, and the status follows
// the worst finding of the doctor's own report.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { CatalogConnection } from '../../../../src/catalog/db';
import { nodeWasmLoader } from '../../../../src/codecs/node-wasm-loader';
import { createCatalogApi, type CatalogApi } from '../../../../src/engine/catalog/catalog-api';
import { catalogDoctorOf, doctorCatalogEntry } from '../../../../src/engine/catalog/catalog-doctor';
import { summarizeDoctor } from '../../../../src/engine/doctor/doctor-types';
import { nodeExplorer } from '../explorer/explorer-fixtures';
import { freshIndexedDb } from '../../catalog/fixtures';

const SAMPLE = fileURLToPath(new URL('../../../../public/samples/sample.wim', import.meta.url));
let api: CatalogApi;

beforeEach(async () => {
  freshIndexedDb();
  const connection = new CatalogConnection();
  api = createCatalogApi({ connection, wasmLoader: nodeWasmLoader });
  return () => connection.close();
});

describe('doctor verdicts in the catalog', () => {
  it('examines every index of an entry and keeps the summary of the doctor report on each', async () => {
    const bytes = new Uint8Array(await readFile(SAMPLE));
    const added = await api.catalogAdd({ file: { name: 'sample.wim', blob: new Blob([bytes]) } });
    const explorer = nodeExplorer();
    const checkedAt = new Date('2026-03-02T09:00:00Z');
    const image = await doctorCatalogEntry(added.id, api, explorer, () => checkedAt);
    expect(image.indexes.length).toBeGreaterThan(0);

    // The oracle: the doctor's own reports, run again through a separate session.
    const { sessionId } = await explorer.openImage([{ name: 'sample.wim', blob: new Blob([bytes]) }]);
    for (const index of image.indexes) {
      const expected = catalogDoctorOf(summarizeDoctor(await explorer.runDoctor(sessionId, index.index)), checkedAt.toISOString());
      expect(index.doctor).toEqual(expected);
    }
    await explorer.closeImage(sessionId);
    expect((await api.catalogGet(added.id)).image.indexes.map((i) => i.doctor)).toEqual(image.indexes.map((i) => i.doctor));
  });

  it('maps the worst severity to the catalog status and lists the problems after the Windows facts', () => {
    const base = { image: 1, windows: true, counts: { ok: 3, info: 1, warn: 1, error: 0 } };
    expect(catalogDoctorOf({ ...base, worst: 'warn', problems: ['unattend-password' as never], generalized: true }, 'T')).toEqual({
      status: 'warning',
      summary: 'windows, generalized, unattend-password',
      checkedAt: 'T',
    });
    expect(catalogDoctorOf({ ...base, windows: false, worst: 'info', problems: [] }, 'T')).toMatchObject({ status: 'ok', summary: 'not-windows' });
    expect(catalogDoctorOf({ ...base, worst: 'error', problems: [] }, 'T').status).toBe('error');
  });
});
