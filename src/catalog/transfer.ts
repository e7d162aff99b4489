/**
 * Catalog export / import as JSON, to carry the catalog to another machine. Handles and Blob copies stay
 * behind (they mean nothing elsewhere): imported entries arrive "unlinked" until the user picks the file again,
 * and relinking checks size and SHA-256 against what the export says. The history travels with its entry.
 *
 * Import trusts nothing: every field is checked and a bad one is refused with its JSON path, before anything is
 * written; entries whose id is already in the catalog are skipped, never overwritten.
 */
import { ErrorCode, ImagewrightError } from '../shared/errors';
import type { CatalogDatabase } from './db';
import {
  IMAGE_KINDS,
  normalizeTags,
  type CatalogImage,
  type CatalogIndex,
  type HistoryEvent,
  type ImageKind,
} from './schema';

export const CATALOG_EXPORT_FORMAT = 'imagewright-catalog';
export const CATALOG_EXPORT_VERSION = 1;

export type ExportedImage = Omit<CatalogImage, 'handle' | 'blob' | 'link' | 'tagKeys'> & {
  history: Omit<HistoryEvent, 'seq' | 'imageId'>[];
};

export interface CatalogExport {
  format: typeof CATALOG_EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  images: ExportedImage[];
}

export async function exportCatalog(db: CatalogDatabase, at: string): Promise<CatalogExport> {
  const tx = db.transaction(['images', 'history'], 'readonly');
  const images = await tx.objectStore('images').getAll();
  const history = await tx.objectStore('history').getAll();
  await tx.done;
  return {
    format: CATALOG_EXPORT_FORMAT,
    version: CATALOG_EXPORT_VERSION,
    exportedAt: at,
    images: images.map((image) => {
      const { handle: _h, blob: _b, link: _l, tagKeys: _k, ...rest } = image;
      const events = history
        .filter((event) => event.imageId === image.id)
        .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
        .map(({ seq: _s, imageId: _i, ...event }) => event);
      return { ...rest, history: events };
    }),
  };
}

export interface ImportResult {
  added: string[];
  skipped: string[];
}

export async function importCatalog(db: CatalogDatabase, json: unknown, at: string): Promise<ImportResult> {
  const parsed = parseCatalogExport(json);
  const result: ImportResult = { added: [], skipped: [] };
  const tx = db.transaction(['images', 'history'], 'readwrite');
  const images = tx.objectStore('images');
  const history = tx.objectStore('history');
  for (const entry of parsed.images) {
    if (await images.getKey(entry.id)) {
      result.skipped.push(entry.id);
      continue;
    }
    const { history: events, ...rest } = entry;
    const { tags, tagKeys } = normalizeTags(rest.tags);
    await images.add({ ...rest, tags, tagKeys, link: 'unlinked' });
    for (const event of events) await history.add({ ...event, imageId: entry.id });
    await history.add({ imageId: entry.id, kind: 'imported', at, result: 'ok', figures: { exportedAt: parsed.exportedAt } });
    result.added.push(entry.id);
  }
  await tx.done;
  return result;
}

function invalid(path: string, detail: string): ImagewrightError {
  return new ImagewrightError(ErrorCode.CATALOG_IMPORT_INVALID, { path, detail });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(o: Record<string, unknown>, key: string, path: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') throw invalid(`${path}.${key}`, 'expected a string');
  return v;
}

function strings(v: unknown, path: string): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw invalid(path, 'expected a list of strings');
  return v as string[];
}

/** Validates an export and returns it typed; throws CATALOG_IMPORT_INVALID naming the first bad field. */
export function parseCatalogExport(json: unknown): CatalogExport {
  if (!isRecord(json) || json.format !== CATALOG_EXPORT_FORMAT) throw invalid('$.format', `expected "${CATALOG_EXPORT_FORMAT}"`);
  if (json.version !== CATALOG_EXPORT_VERSION) throw invalid('$.version', `version ${String(json.version)} is not ${CATALOG_EXPORT_VERSION}`);
  const exportedAt = str(json, 'exportedAt', '$')!;
  if (!Array.isArray(json.images)) throw invalid('$.images', 'expected a list');
  const images = json.images.map((raw: unknown, i): ExportedImage => {
    const path = `$.images[${i}]`;
    if (!isRecord(raw)) throw invalid(path, 'expected an object');
    const size = raw.size;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw invalid(`${path}.size`, 'expected a byte count');
    const sha256 = str(raw, 'sha256', path)!;
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw invalid(`${path}.sha256`, 'expected 64 lowercase hex digits');
    const kind = str(raw, 'kind', path) as ImageKind;
    if (!IMAGE_KINDS.includes(kind)) throw invalid(`${path}.kind`, `unknown kind ${kind}`);
    if (!Array.isArray(raw.indexes) || !raw.indexes.every(isRecord)) throw invalid(`${path}.indexes`, 'expected a list');
    if (!Array.isArray(raw.history) || !raw.history.every(isRecord)) throw invalid(`${path}.history`, 'expected a list');
    const history = raw.history.map((e, j) => {
      const at = str(e, 'at', `${path}.history[${j}]`)!;
      const kindOf = str(e, 'kind', `${path}.history[${j}]`)!;
      const result = str(e, 'result', `${path}.history[${j}]`)!;
      return { ...e, at, kind: kindOf, result } as Omit<HistoryEvent, 'seq' | 'imageId'>;
    });
    const image: ExportedImage = {
      id: str(raw, 'id', path)!,
      name: str(raw, 'name', path)!,
      fileName: str(raw, 'fileName', path)!,
      version: str(raw, 'version', path) ?? '',
      comment: str(raw, 'comment', path) ?? '',
      tags: strings(raw.tags, `${path}.tags`),
      kind,
      size,
      sha256,
      addedAt: str(raw, 'addedAt', path)!,
      indexes: raw.indexes.map((x, j) => ({
        ...x,
        index: Number(x.index),
        languages: strings(x.languages ?? [], `${path}.indexes[${j}].languages`),
        properties: isRecord(x.properties) ? (x.properties as Record<string, string>) : {},
      })) as CatalogIndex[],
      history,
    };
    if (isRecord(raw.format)) image.format = raw.format as unknown as NonNullable<CatalogImage['format']>;
    return image;
  });
  return { format: CATALOG_EXPORT_FORMAT, version: CATALOG_EXPORT_VERSION, exportedAt, images };
}
