/**
 * EngineApi: what the engine worker offers the page through Comlink. Arguments and results are structured-
 * cloneable (Files cross by reference, WimInfo is plain data); failures are ImagewrightError, carried intact by
 * shared/error-transfer. The UI reaches this only through src/client/engine-client.ts, with `import type`.
 *
 * The implementation takes its job functions as arguments so that it runs unchanged in a Web Worker, in Node
 * worker_threads and in-process in tests.
 */
import type { WimInfo } from '../formats/wim/wim-info';
import type { ByteSource } from '../io/byte-source';
import { BlobSource } from '../io/blob-source';
import { ErrorCode, ImagewrightError } from '../shared/errors';
import type { CatalogImage } from '../catalog/schema';
import type { CatalogApi } from './catalog/catalog-api';
import { doctorCatalogEntry } from './catalog/catalog-doctor';
import type { ExplorerApi } from './explorer/explorer-api';
import type { WriterApi } from './writer/writer-api';

/** Bumped when a method's shape changes, so a page and a worker from different deployments can tell. */
export const ENGINE_API_VERSION = 4;

/** Version 2 added the Explorer (explorer/explorer-api.ts: sessions, listing, search, preview, doctor, extract);
 * version 3 the catalog (catalog/catalog-api.ts); version 4 the writer (writer/writer-api.ts: capture, export,
 * split) and catalogAppendEvent. cancelJob reaches the jobs of both the explorer and the writer. */
export interface EngineApi extends ExplorerApi, CatalogApi, WriterApi {
  /** Protocol version of the worker that answers (ENGINE_API_VERSION). */
  version(): Promise<number>;
  /**
   * Reads the header, tables and XML of one WIM / ESD, or of every picked part of a split SWM set.
   * The files are read in bounded slices, never whole.
   */
  inspect(files: EngineFile[]): Promise<WimInfo>;
  /** Runs the image doctor on every index of a catalog entry and keeps the verdicts on it (catalog-doctor.ts). */
  catalogRunDoctor(id: string): Promise<CatalogImage>;
}

/**
 * A picked file as it crosses to the engine. The name travels beside the Blob because not every realm keeps a
 * File's name through structured cloning (Node's MessagePort turns a File into a plain Blob).
 */
export interface EngineFile {
  name: string;
  blob: Blob;
}

export interface EngineJobs {
  inspectWim(sources: ByteSource[], signal?: AbortSignal): Promise<WimInfo>;
  /** The image catalog (IndexedDB); realms without one answer CATALOG_UNAVAILABLE. */
  catalog?: CatalogApi;
  /** The writing jobs; realms without one answer WRITE_FAILED. */
  writer?: WriterApi;
}

const CATALOG_METHODS: (keyof CatalogApi)[] = [
  'catalogAdd', 'catalogList', 'catalogTags', 'catalogGet', 'catalogEdit', 'catalogRemove', 'catalogVerify',
  'catalogRelink', 'catalogDistribute', 'catalogTargetKind', 'catalogRecordDoctor', 'catalogAppendEvent', 'catalogExport', 'catalogImport',
];

/** The catalog of a realm that has none (Node tests of the inspect path): every call says so. */
function catalogUnavailable(): CatalogApi {
  const refuse = async (): Promise<never> => {
    throw new ImagewrightError(ErrorCode.CATALOG_UNAVAILABLE, { detail: 'this engine was started without a catalog' });
  };
  return Object.fromEntries(CATALOG_METHODS.map((name) => [name, refuse])) as unknown as CatalogApi;
}

const WRITER_METHODS = ['captureFolder', 'exportImage', 'splitImage'] as const;

function writerUnavailable(): WriterApi {
  const refuse = async (): Promise<never> => {
    throw new ImagewrightError(ErrorCode.WRITE_FAILED, { detail: 'this engine was started without a writer' });
  };
  return { captureFolder: refuse, exportImage: refuse, splitImage: refuse, cancelJob: async () => undefined };
}

export function createEngineApi(jobs: EngineJobs, explorer: ExplorerApi): EngineApi {
  const catalog = jobs.catalog ?? catalogUnavailable();
  const writer = jobs.writer ?? writerUnavailable();
  return {
    ...explorer,
    ...(Object.fromEntries(WRITER_METHODS.map((name) => [name, writer[name].bind(writer)])) as Pick<WriterApi, (typeof WRITER_METHODS)[number]>),
    // One cancelJob for every gentle job: job ids are unique per client, so asking both is harmless.
    async cancelJob(jobId) {
      await Promise.all([explorer.cancelJob(jobId), writer.cancelJob(jobId)]);
    },
    // Bound one by one: Comlink looks methods up by name on the exposed object.
    ...Object.fromEntries(CATALOG_METHODS.map((name) => [name, catalog[name].bind(catalog)])) as unknown as CatalogApi,
    async version() {
      return ENGINE_API_VERSION;
    },
    async catalogRunDoctor(id) {
      return doctorCatalogEntry(id, catalog, explorer);
    },
    async inspect(files) {
      return jobs.inspectWim(toSources(files));
    },
  };
}

export function toSources(files: unknown): ByteSource[] {
  if (!Array.isArray(files) || files.length === 0) {
    throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: 'inspect() needs at least one file' });
  }
  return files.map((file: Partial<EngineFile> | undefined, i) => {
    if (!(file?.blob instanceof Blob) || typeof file.name !== 'string') {
      throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `inspect(): file ${i} is not a named Blob` });
    }
    return new BlobSource(file.blob, file.name);
  });
}
