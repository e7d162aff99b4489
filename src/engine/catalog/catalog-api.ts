/**
 * CatalogApi: the engine's catalog jobs, part of EngineApi. The engine worker is the catalog's single writer;
 * the UI reads it through these methods. Arguments and results are structured-cloneable: FileSystemFileHandle
 * and FileSystemDirectoryHandle cross by reference (the UI obtains permission on the main thread first, where a
 * user gesture exists), progress callbacks cross as Comlink proxies.
 *
 * Every write is one committed IndexedDB transaction at the end of its job. The client cancels a job by
 * terminating the worker, so a cancelled add leaves no record and a cancelled distribution leaves at most a
 * ".iw-partial" entry that the next distribution (and the UI right after cancelling) removes.
 */
import { loadHashModule, type HashModule } from '../../codecs/sha';
import type { WasmLoader } from '../../codecs/wasm-module';
import { CatalogConnection } from '../../catalog/db';
import { appendHistory, listHistory } from '../../catalog/history';
import {
  addImage,
  editImage,
  findSameFile,
  getImage,
  listImages,
  listTags,
  relinkImage,
  removeImage,
  setIndexDoctor,
  type CatalogEdit,
  type CatalogQuery,
} from '../../catalog/images';
import { SMALL_BLOB_LIMIT, type CatalogImage, type CatalogIndex, type HistoryEvent, type TargetKind } from '../../catalog/schema';
import { getTargetKind, setTargetKind } from '../../catalog/settings';
import { exportCatalog, importCatalog, type ImportResult } from '../../catalog/transfer';
import { ErrorCode, ImagewrightError, isAbortError } from '../../shared/errors';
import { describeFile } from './describe-file';
import { distributeImage, type DistributionPhase, type DistributionResult, type TargetFolder } from './distribute';
import { hashBlobSha256 } from './hash-blob';

/** A file handed to the catalog: a handle (kept), or a File when the browser has no handles. */
export interface CatalogSource {
  handle?: FileSystemFileHandle;
  file?: { name: string; blob: Blob };
}

export type CatalogPhase = 'describe' | 'hash' | DistributionPhase;
export interface CatalogProgress {
  phase: CatalogPhase;
  done: number;
  total: number;
}
export type CatalogProgressCallback = (progress: CatalogProgress) => void;

/**
 * What to do when an added file has the size and SHA-256 of an entry already there: 'existing' records nothing
 * and answers with that entry (the default), 'separate' adds a second entry for the same bytes (another
 * location, say, or another version label).
 */
export type DuplicateChoice = 'existing' | 'separate';
/** Asked once the file is hashed, with the oldest matching entry; may wait for the user (a Comlink proxy). */
export type DuplicateQuestion = (existing: CatalogImage) => DuplicateChoice | Promise<DuplicateChoice>;

export interface CatalogEntry {
  image: CatalogImage;
  history: HistoryEvent[];
}

export interface CatalogApi {
  /**
   * Describes and hashes the file, then adds an entry — unless an entry with the same size and SHA-256 exists:
   * then `onDuplicate` decides (without it: 'existing'). Answers with the entry that now stands for the file,
   * which is the existing one when nothing was added.
   */
  catalogAdd(source: CatalogSource, onProgress?: CatalogProgressCallback, onDuplicate?: DuplicateQuestion): Promise<CatalogImage>;
  catalogList(query?: CatalogQuery): Promise<CatalogImage[]>;
  catalogTags(): Promise<{ tag: string; count: number }[]>;
  catalogGet(id: string): Promise<CatalogEntry>;
  catalogEdit(id: string, edit: CatalogEdit): Promise<CatalogImage>;
  catalogRemove(id: string): Promise<void>;
  /** Re-hashes the file and records the verdict; a changed or missing file is a recorded failure. */
  catalogVerify(id: string, onProgress?: CatalogProgressCallback): Promise<HistoryEvent>;
  /** Points an entry at a picked file after checking its size and SHA-256 against the catalog. */
  catalogRelink(id: string, source: CatalogSource, onProgress?: CatalogProgressCallback): Promise<CatalogImage>;
  catalogDistribute(
    id: string,
    folder: FileSystemDirectoryHandle,
    targetKind: TargetKind,
    onProgress?: CatalogProgressCallback,
  ): Promise<DistributionResult>;
  catalogTargetKind(targetName: string): Promise<TargetKind>;
  /** Keeps the image doctor's summary (summarizeDoctor) for one index of an entry. */
  catalogRecordDoctor(id: string, index: number, doctor: NonNullable<CatalogIndex['doctor']>): Promise<CatalogImage>;
  /** Appends an event of a job run elsewhere in the engine (the writer's 'exported' and 'split') to an entry. */
  catalogAppendEvent(id: string, event: Omit<HistoryEvent, 'seq' | 'imageId'>): Promise<HistoryEvent>;
  catalogExport(): Promise<string>;
  catalogImport(json: string): Promise<ImportResult>;
}

export interface CatalogDeps {
  connection?: CatalogConnection;
  wasmLoader: WasmLoader;
  now?: () => Date;
  newId?: () => string;
}

/** What the history keeps of a failure: enough to show it again in either language. */
function errorOf(error: unknown): NonNullable<HistoryEvent['error']> {
  if (!(error instanceof ImagewrightError)) return { code: ErrorCode.ENGINE_FAILED, message: String(error) };
  const { code, params, path, detail } = error.toJSON();
  const out: NonNullable<HistoryEvent['error']> = { code, message: error.message };
  if (params && Object.keys(params).length) out.params = params;
  if (path !== undefined) out.path = path;
  if (detail !== undefined) out.detail = detail;
  return out;
}

/** The bytes behind an entry, or the reason they cannot be reached. */
export async function openEntrySource(image: CatalogImage): Promise<Blob> {
  if (image.link === 'blob' && image.blob) return image.blob;
  if (image.link !== 'handle' || !image.handle) {
    throw new ImagewrightError(ErrorCode.CATALOG_NOT_LINKED, { path: image.fileName });
  }
  let file: Blob;
  try {
    file = await image.handle.getFile();
  } catch (cause) {
    const name = (cause as { name?: unknown }).name;
    if (name === 'NotAllowedError' || name === 'SecurityError') {
      throw new ImagewrightError(ErrorCode.PERMISSION_DENIED, { path: image.fileName, cause });
    }
    throw new ImagewrightError(ErrorCode.CATALOG_FILE_MISSING, { path: image.fileName, detail: String(cause), cause });
  }
  if (file.size !== image.size) {
    throw new ImagewrightError(ErrorCode.CATALOG_SOURCE_CHANGED, {
      path: image.fileName,
      params: { found: '?', expected: image.sha256 },
      detail: `size is ${file.size} bytes, the catalog says ${image.size}`,
    });
  }
  return file;
}

async function sourceFile(source: CatalogSource): Promise<{ name: string; blob: Blob }> {
  if (source.handle) {
    try {
      return { name: source.handle.name, blob: await source.handle.getFile() };
    } catch (cause) {
      throw new ImagewrightError(ErrorCode.CATALOG_FILE_MISSING, { path: source.handle.name, detail: String(cause), cause });
    }
  }
  if (source.file?.blob instanceof Blob && typeof source.file.name === 'string') return source.file;
  throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: 'a catalog source needs a file handle or a named Blob' });
}

export function createCatalogApi(deps: CatalogDeps): CatalogApi {
  const connection = deps.connection ?? new CatalogConnection();
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => crypto.randomUUID());
  let hashModule: Promise<HashModule> | undefined;
  const hasher = (): Promise<HashModule> => (hashModule ??= loadHashModule(deps.wasmLoader));
  const db = () => connection.get();
  const mbps = (bytes: number, ms: number): number => (ms > 0 ? Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10 : 0);

  async function hashWithProgress(blob: Blob, name: string, onProgress?: CatalogProgressCallback): Promise<{ sha256: string; ms: number }> {
    const started = Date.now();
    const sha256 = await hashBlobSha256(blob, await hasher(), {
      name,
      onBytes: (done, total) => onProgress?.({ phase: 'hash', done, total }),
    });
    return { sha256, ms: Date.now() - started };
  }

  return {
    async catalogAdd(source, onProgress, onDuplicate) {
      const { name: fileName, blob } = await sourceFile(source);
      onProgress?.({ phase: 'describe', done: 0, total: 1 });
      const description = await describeFile(blob, fileName);
      const { sha256, ms } = await hashWithProgress(blob, fileName, onProgress);
      // Size and SHA-256 are only known now: a duplicate cannot be told by name or handle (copies, renames).
      const existing = (await findSameFile(await db(), blob.size, sha256))[0];
      if (existing && (onDuplicate ? await onDuplicate(existing) : 'existing') !== 'separate') return existing;
      const at = now().toISOString();
      const image: CatalogImage = {
        id: newId(),
        ...description,
        fileName,
        version: '',
        comment: '',
        tags: [],
        tagKeys: [],
        size: blob.size,
        sha256,
        addedAt: at,
        link: 'unlinked',
      };
      if (source.handle) {
        image.handle = source.handle;
        image.link = 'handle';
      } else if (blob.size <= SMALL_BLOB_LIMIT) {
        image.blob = blob;
        image.link = 'blob';
      }
      await addImage(await db(), image, {
        imageId: image.id,
        kind: 'added',
        at,
        result: 'ok',
        figures: { bytes: blob.size, hashMs: ms, mbps: mbps(blob.size, ms), sha256 },
      });
      return image;
    },

    async catalogList(query) {
      return listImages(await db(), query ?? {});
    },

    async catalogTags() {
      return listTags(await db());
    },

    async catalogGet(id) {
      const database = await db();
      return { image: await getImage(database, id), history: await listHistory(database, id) };
    },

    async catalogEdit(id, edit) {
      return editImage(await db(), id, edit, now().toISOString());
    },

    async catalogRemove(id) {
      await removeImage(await db(), id);
    },

    async catalogVerify(id, onProgress) {
      const database = await db();
      const image = await getImage(database, id);
      const event: HistoryEvent = { imageId: id, kind: 'verified', at: now().toISOString(), result: 'ok' };
      try {
        const { sha256, ms } = await hashWithProgress(await openEntrySource(image), image.fileName, onProgress);
        event.figures = { bytes: image.size, ms, mbps: mbps(image.size, ms), sha256 };
        if (sha256 !== image.sha256) {
          event.result = 'mismatch';
          event.error = errorOf(new ImagewrightError(ErrorCode.CATALOG_SOURCE_CHANGED, { params: { found: sha256, expected: image.sha256 }, path: image.fileName }));
        }
      } catch (error) {
        if (isAbortError(error)) throw error;
        event.result = 'failed';
        event.error = errorOf(error);
      }
      return appendHistory(await db(), event);
    },

    async catalogRelink(id, source, onProgress) {
      const database = await db();
      const image = await getImage(database, id);
      const { name, blob } = await sourceFile(source);
      const at = now().toISOString();
      const refuse = async (what: string, expected: string | number, found: string | number): Promise<never> => {
        const error = new ImagewrightError(ErrorCode.CATALOG_RELINK_MISMATCH, { params: { what, expected, found }, path: name });
        await appendHistory(await db(), { imageId: id, kind: 'relinked', at, result: 'mismatch', target: name, error: errorOf(error) });
        throw error;
      };
      if (blob.size !== image.size) return refuse('size', image.size, blob.size);
      const { sha256, ms } = await hashWithProgress(blob, name, onProgress);
      if (sha256 !== image.sha256) return refuse('SHA-256', image.sha256, sha256);
      const keep = source.handle ? { handle: source.handle } : blob.size <= SMALL_BLOB_LIMIT ? { blob } : {};
      return relinkImage(await db(), id, keep, {
        imageId: id,
        kind: 'relinked',
        at,
        result: 'ok',
        target: name,
        figures: { bytes: blob.size, ms, mbps: mbps(blob.size, ms), sha256 },
      });
    },

    async catalogDistribute(id, folder, targetKind, onProgress) {
      const database = await db();
      const image = await getImage(database, id);
      await setTargetKind(database, folder.name, targetKind);
      const event: HistoryEvent = { imageId: id, kind: 'distributed', at: now().toISOString(), result: 'ok', target: folder.name };
      try {
        const result = await distributeImage({
          source: await openEntrySource(image),
          fileName: image.fileName,
          expectedSha256: image.sha256,
          folder: folder as unknown as TargetFolder,
          targetKind,
          hashModule: await hasher(),
          onProgress: (phase, done, total) => onProgress?.({ phase, done, total }),
        });
        event.result = result.verified ? 'ok' : 'mismatch';
        event.figures = {
          fileName: result.fileName,
          bytes: result.bytes,
          copyMs: result.copyMs,
          copyMbps: mbps(result.bytes, result.copyMs),
          readbackMs: result.readbackMs,
          sha256: result.sha256,
          targetKind,
          method: result.moved ? 'partial+move' : 'direct',
        };
        if (!result.verified) {
          event.error = errorOf(new ImagewrightError(ErrorCode.DISTRIBUTION_MISMATCH, { params: { found: result.sha256, expected: image.sha256 }, path: `${folder.name}/${image.fileName}` }));
        }
        await appendHistory(await db(), event);
        return result;
      } catch (error) {
        if (isAbortError(error)) throw error;
        const code = error instanceof ImagewrightError ? error.code : 0;
        const refused = ([ErrorCode.TARGET_TOO_LARGE_FOR_FAT32, ErrorCode.TARGET_NO_SPACE, ErrorCode.TARGET_FILE_TOO_LARGE] as number[]).includes(code);
        event.result = refused ? 'refused' : 'failed';
        event.figures = { bytes: image.size, targetKind };
        event.error = errorOf(error);
        await appendHistory(await db(), event);
        throw error;
      }
    },

    async catalogTargetKind(targetName) {
      return getTargetKind(await db(), targetName);
    },

    async catalogRecordDoctor(id, index, doctor) {
      return setIndexDoctor(await db(), id, index, doctor);
    },

    async catalogAppendEvent(id, event) {
      await getImage(await db(), id); // an unknown id fails here (CATALOG_NOT_FOUND), not as an orphan event
      return appendHistory(await db(), { ...event, imageId: id });
    },

    async catalogExport() {
      return JSON.stringify(await exportCatalog(await db(), now().toISOString()), null, 2);
    },

    async catalogImport(json) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch (cause) {
        throw new ImagewrightError(ErrorCode.CATALOG_IMPORT_INVALID, { path: '$', detail: String(cause), cause });
      }
      return importCatalog(await db(), parsed, now().toISOString());
    },
  };
}
