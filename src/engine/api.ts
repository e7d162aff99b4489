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
import type { CatalogApi } from './catalog/catalog-api';
import type { ExplorerApi } from './explorer/explorer-api';

/** Bumped when a method's shape changes, so a page and a worker from different deployments can tell. */
export const ENGINE_API_VERSION = 3;

/** Version 2 added the Explorer (explorer/explorer-api.ts: sessions, listing, search, preview, doctor, extract);
 * version 3 the catalog (catalog/catalog-api.ts). */
export interface EngineApi extends ExplorerApi, CatalogApi {
  /** Protocol version of the worker that answers (ENGINE_API_VERSION). */
  version(): Promise<number>;
  /**
   * Reads the header, tables and XML of one WIM / ESD, or of every picked part of a split SWM set.
   * The files are read in bounded slices, never whole.
   */
  inspect(files: EngineFile[]): Promise<WimInfo>;
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
}

const CATALOG_METHODS: (keyof CatalogApi)[] = [
  'catalogAdd', 'catalogList', 'catalogTags', 'catalogGet', 'catalogEdit', 'catalogRemove', 'catalogVerify',
  'catalogRelink', 'catalogDistribute', 'catalogTargetKind', 'catalogRecordDoctor', 'catalogExport', 'catalogImport',
];

/** The catalog of a realm that has none (Node tests of the inspect path): every call says so. */
function catalogUnavailable(): CatalogApi {
  const refuse = async (): Promise<never> => {
    throw new ImagewrightError(ErrorCode.CATALOG_UNAVAILABLE, { detail: 'this engine was started without a catalog' });
  };
  return Object.fromEntries(CATALOG_METHODS.map((name) => [name, refuse])) as unknown as CatalogApi;
}

export function createEngineApi(jobs: EngineJobs, explorer: ExplorerApi): EngineApi {
  const catalog = jobs.catalog ?? catalogUnavailable();
  return {
    ...explorer,
    // Bound one by one: Comlink looks methods up by name on the exposed object.
    ...Object.fromEntries(CATALOG_METHODS.map((name) => [name, catalog[name].bind(catalog)])) as unknown as CatalogApi,
    async version() {
      return ENGINE_API_VERSION;
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
