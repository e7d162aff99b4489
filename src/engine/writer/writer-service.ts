/**
 * The WriterApi implementation: the CLI's capture / export / split recipes over File System Access handles.
 * Realm-agnostic (its read and write contexts are given), so the same code runs in the browser engine worker
 * and in Node tests with in-memory handle fakes. Jobs register an AbortController under their jobId; when the
 * source is a catalog entry, the outcome (ok, failed, cancelled) becomes an 'exported' or 'split' event.
 */
import type { BlobReadContext } from '../../formats/wim/chunk-decoder';
import type { BlobWriteContext } from '../../formats/wim/write/chunk-encoder';
import { partFileName } from '../../formats/wim/write/split';
import { closeWimSet, openWimSet, type WimSet } from '../../formats/wim/wim-set';
import type { ByteSource } from '../../io/byte-source';
import { FsAccessTreeSource, type TreeDirectoryHandle } from '../../io/fs-access-tree-source';
import { FsAccessWriter, type WritableFileHandle } from '../../io/fs-access-writer';
import { ErrorCode, ImagewrightError, isAbortError } from '../../shared/errors';
import { defaultCaptureConfig, exclusionMatcher } from '../capture/capture-config';
import { scanTree } from '../capture/scan-tree';
import type { CatalogApi } from '../catalog/catalog-api';
import { orderSplitParts } from '../explorer/session';
import type { ProgressReport } from '../progress';
import { splitWimJob } from '../split/split-job';
import type { ImageSource } from '../write/wim-content';
import { writeWimJob } from '../write/write-job';
import { writeOptionsOf } from './write-options';
import type { WriterApi, WriterProgressCallback, WriteResult } from './writer-api';

export interface WriterDeps {
  readContext(): Promise<BlobReadContext>;
  writeContext(): Promise<BlobWriteContext>;
  toSources(files: unknown): ByteSource[];
  /** Where 'exported' / 'split' events go; absent in realms without a catalog. */
  catalog?: Pick<CatalogApi, 'catalogAppendEvent'>;
  now?: () => number;
}

/** A folder that can create files (FileSystemDirectoryHandle, or a fake). */
interface PartFolder {
  getFileHandle(name: string, options: { create: boolean }): Promise<WritableFileHandle>;
}

function relay(onProgress: WriterProgressCallback | undefined): ((report: ProgressReport) => void) | undefined {
  // A Comlink proxy call is fire-and-forget; a closed page must not fail the job.
  return onProgress ? (report) => void Promise.resolve(onProgress({ ...report })).catch(() => undefined) : undefined;
}

function errorOf(error: unknown): { code: number; message: string; detail?: string } {
  if (error instanceof ImagewrightError) return { code: error.code, message: error.message, ...(error.detail ? { detail: error.detail } : {}) };
  return { code: ErrorCode.ENGINE_FAILED, message: String(error) };
}

export function createWriterApi(deps: WriterDeps): WriterApi {
  const jobs = new Map<string, AbortController>();
  const now = deps.now ?? (() => Date.now());

  async function asJob<T>(jobId: string | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    if (jobId !== undefined) jobs.set(jobId, controller);
    try {
      return await work(controller.signal);
    } finally {
      if (jobId !== undefined && jobs.get(jobId) === controller) jobs.delete(jobId);
    }
  }

  async function openSet(files: unknown, signal: AbortSignal): Promise<WimSet> {
    return openWimSet(await orderSplitParts(deps.toSources(files), signal), signal);
  }

  /** Runs a job on a catalog entry's file and records its outcome there (a failure to record is not the job's). */
  async function recorded(catalogId: string | undefined, kind: 'exported' | 'split', target: string, started: number, work: () => Promise<WriteResult>): Promise<WriteResult> {
    const record = (event: Parameters<CatalogApi['catalogAppendEvent']>[1]) =>
      catalogId && deps.catalog ? deps.catalog.catalogAppendEvent(catalogId, event).catch(() => undefined) : undefined;
    const at = new Date(started).toISOString();
    try {
      const result = await work();
      const seconds = Math.max(result.milliseconds, 1) / 1000;
      await record({ kind, at, result: 'ok', target, figures: { bytes: result.bytes, files: result.files.length, milliseconds: result.milliseconds, mbps: Math.round((result.bytes / 1048576 / seconds) * 10) / 10 } });
      return result;
    } catch (error) {
      await record(isAbortError(error) ? { kind, at, result: 'cancelled', target } : { kind, at, result: 'failed', target, error: errorOf(error) });
      throw error;
    }
  }

  return {
    async captureFolder(source, output, options, onProgress) {
      return asJob(options.jobId, async (signal) => {
        const started = now();
        const tree = new FsAccessTreeSource(source as unknown as TreeDirectoryHandle);
        const write = writeOptionsOf(options);
        const scanned = await scanTree(tree, { isExcluded: exclusionMatcher(defaultCaptureConfig()), rpFix: false, signal });
        const fields = { name: options.name, ...(options.description ? { description: options.description } : {}) };
        const images: ImageSource[] = [{ kind: 'tree', source: tree, scanned, fields }];
        const [readCtx, writeCtx] = await Promise.all([deps.readContext(), deps.writeContext()]);
        const writer = await FsAccessWriter.create(output as unknown as WritableFileHandle);
        const progress = relay(onProgress);
        const written = await writeWimJob(writer, images, { ...write, bootIndex: options.bootable ? 1 : 0, rpFix: false }, readCtx, writeCtx, { signal, ...(progress ? { onProgress: progress } : {}) });
        return { files: [writer.name], bytes: written.size, images: 1, milliseconds: now() - started };
      });
    },

    async exportImage(files, image, output, options, onProgress) {
      return asJob(options.jobId, async (signal) => {
        const started = now();
        return recorded(options.catalogId, 'exported', output.name, started, async () => {
          const set = await openSet(files, signal);
          try {
            const count = set.main.header.imageCount;
            if (!Number.isInteger(image) || image < 0 || image > count) throw new ImagewrightError(ErrorCode.IMAGE_NOT_FOUND, { params: { image, count } });
            const indexes = image === 0 ? Array.from({ length: count }, (_, i) => i + 1) : [image];
            const images: ImageSource[] = indexes.map((index) => ({ kind: 'wim', set, index }));
            const [readCtx, writeCtx] = await Promise.all([deps.readContext(), deps.writeContext()]);
            const writer = await FsAccessWriter.create(output as unknown as WritableFileHandle);
            const progress = relay(onProgress);
            // Exporting everything keeps the boot image; one image alone is not marked bootable (wimlib without --boot).
            const bootIndex = image === 0 ? set.main.header.bootIndex : 0;
            const written = await writeWimJob(writer, images, { ...writeOptionsOf(options), bootIndex }, readCtx, writeCtx, { signal, ...(progress ? { onProgress: progress } : {}) });
            return { files: [writer.name], bytes: written.size, images: indexes.length, milliseconds: now() - started };
          } finally {
            await closeWimSet(set);
          }
        });
      });
    },

    async splitImage(files, folder, baseName, partSizeBytes, options, onProgress) {
      return asJob(options.jobId, async (signal) => {
        const started = now();
        return recorded(options.catalogId, 'split', baseName, started, async () => {
          if (!Number.isSafeInteger(partSizeBytes) || partSizeBytes <= 0) throw new ImagewrightError(ErrorCode.BAD_SPLIT_SIZE, { params: { size: String(partSizeBytes) } });
          const set = await openSet(files, signal);
          try {
            if (set.main.header.totalParts > 1) throw new ImagewrightError(ErrorCode.BAD_WRITE_OPTIONS, { detail: 'this file is already a split part; join the set first' });
            const [readCtx, writeCtx] = await Promise.all([deps.readContext(), deps.writeContext()]);
            const target = folder as unknown as PartFolder;
            const names: string[] = [];
            const progress = relay(onProgress);
            const report = await splitWimJob(
              set,
              async (n) => {
                const name = partFileName(baseName, n);
                names.push(name);
                return FsAccessWriter.create(await target.getFileHandle(name, { create: true }));
              },
              readCtx,
              writeCtx,
              { partSize: partSizeBytes, signal, ...(progress ? { onProgress: progress } : {}) },
            );
            const bytes = await partBytes(folder as unknown as SizedFolder, names);
            return { files: names, bytes, images: set.main.header.imageCount, oversized: report.oversized.length, milliseconds: now() - started };
          } finally {
            await closeWimSet(set);
          }
        });
      });
    },

    async cancelJob(jobId) {
      jobs.get(jobId)?.abort();
    },
  };
}

interface SizedFolder {
  getFileHandle(name: string): Promise<{ getFile(): Promise<Blob> }>;
}

/** Total size of the committed parts (the writers do not count bytes: positioned writes may overlap). */
async function partBytes(folder: SizedFolder, names: readonly string[]): Promise<number> {
  let total = 0;
  for (const name of names) total += (await (await folder.getFileHandle(name)).getFile()).size;
  return total;
}
