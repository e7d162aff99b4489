/**
 * EngineClient: the only door from the UI to the engine. It starts the engine worker on first use, calls it
 * through a typed Comlink wrap, and turns the two ways a call can end badly without an answer into errors the
 * UI can show:
 * - cancellation: the AbortSignal rejects the call with an AbortError at once and terminates the worker (a
 *   worker stuck in a hot decode loop cannot be interrupted any other way); the next call starts a fresh one;
 * - a crash (script failed to load, uncaught error, unreadable message): pending calls reject with
 *   ImagewrightError ENGINE_FAILED instead of hanging forever, and the next call starts a fresh worker.
 * Explorer jobs (search, extract, zip) are cancelled more gently: the client sends cancelJob(jobId), rejects the
 * call at once with AbortError, and terminates the worker only if the job has not ended CANCEL_GRACE_MS later
 * (explorer-api.ts explains why); open sessions survive a gentle cancel.
 */
import { proxy, transferHandlers, wrap, type Endpoint, type Remote } from 'comlink';
import type { CatalogEdit, CatalogQuery } from '../catalog/images';
import type { TargetKind } from '../catalog/schema';
import type { EngineApi } from '../engine/api';
import type { CatalogProgressCallback, CatalogSource, DuplicateQuestion } from '../engine/catalog/catalog-api';
import type {
  DirectoryListing,
  DoctorReport,
  EntryProperties,
  EntrySummary,
  ExplorerProgress,
  ExtractEntriesOptions,
  ExtractSummary,
  OpenedImage,
  OpenImageProgress,
  PeVersionInfo,
  Preview,
  SearchOptions,
  SearchResult,
  ZipOptions,
} from '../engine/explorer/explorer-api';
import type { CaptureFolderOptions, ExportImageOptions, SplitImageOptions, WriteResult, WriterProgressCallback } from '../engine/writer/writer-api';
import type { WimInfo } from '../formats/wim/wim-info';
import { installErrorTransfer } from '../shared/error-transfer';
import { CANCEL_GRACE_MS } from '../shared/explorer-limits';
import { abortError, ErrorCode, ImagewrightError, throwIfAborted } from '../shared/errors';

/** What the client needs from a Worker; tests pass a MessagePort-backed stand-in. */
export interface EngineWorker extends Endpoint {
  terminate(): void;
}

export type EngineWorkerFactory = () => EngineWorker;

export function startEngineWorker(): EngineWorker {
  // Written inline so Vite recognises the pattern and bundles the worker as its own ES module chunk.
  return new Worker(new URL('../engine/engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'imagewright-engine',
  });
}

interface Session {
  worker: EngineWorker;
  remote: Remote<EngineApi>;
  /** Rejecters of the calls still waiting on this worker. */
  pending: Set<(reason: unknown) => void>;
}

export class EngineClient {
  private session: Session | undefined;
  private jobCounter = 0;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly createWorker: EngineWorkerFactory = startEngineWorker,
    private readonly cancelGraceMs = CANCEL_GRACE_MS,
  ) {
    installErrorTransfer(transferHandlers);
  }

  /** Reads the facts and image properties of one WIM / ESD or of the picked parts of a split set. */
  inspect(files: File[], signal?: AbortSignal): Promise<WimInfo> {
    const named = files.map((file) => ({ name: file.name, blob: file }));
    return this.call((engine) => engine.inspect(named), signal);
  }

  // Catalog (the engine is its one writer). Progress callbacks cross as Comlink proxies; a signal that fires
  // terminates the worker, so a cancelled job never commits its IndexedDB transaction.
  /** `onDuplicate` is asked (and may wait for the user) when the file is already catalogued; see CatalogApi. */
  catalogAdd(source: CatalogSource, onProgress?: CatalogProgressCallback, signal?: AbortSignal, onDuplicate?: DuplicateQuestion) {
    return this.call((engine) => engine.catalogAdd(source, progressProxy(onProgress), onDuplicate ? proxy(onDuplicate) : undefined), signal);
  }

  catalogList(query: CatalogQuery = {}, signal?: AbortSignal) {
    return this.call((engine) => engine.catalogList(query), signal);
  }

  catalogTags(signal?: AbortSignal) {
    return this.call((engine) => engine.catalogTags(), signal);
  }

  catalogGet(id: string, signal?: AbortSignal) {
    return this.call((engine) => engine.catalogGet(id), signal);
  }

  catalogEdit(id: string, edit: CatalogEdit, signal?: AbortSignal) {
    return this.call((engine) => engine.catalogEdit(id, edit), signal);
  }

  catalogRemove(id: string, signal?: AbortSignal) {
    return this.call((engine) => engine.catalogRemove(id), signal);
  }

  catalogVerify(id: string, onProgress?: CatalogProgressCallback, signal?: AbortSignal) {
    return this.call((engine) => engine.catalogVerify(id, progressProxy(onProgress)), signal);
  }

  catalogRelink(id: string, source: CatalogSource, onProgress?: CatalogProgressCallback, signal?: AbortSignal) {
    return this.call((engine) => engine.catalogRelink(id, source, progressProxy(onProgress)), signal);
  }

  catalogDistribute(
    id: string,
    folder: FileSystemDirectoryHandle,
    targetKind: TargetKind,
    onProgress?: CatalogProgressCallback,
    signal?: AbortSignal,
  ) {
    return this.call((engine) => engine.catalogDistribute(id, folder, targetKind, progressProxy(onProgress)), signal);
  }

  catalogTargetKind(targetName: string, signal?: AbortSignal) {
    return this.call((engine) => engine.catalogTargetKind(targetName), signal);
  }

  catalogExport(signal?: AbortSignal) {
    return this.call((engine) => engine.catalogExport(), signal);
  }

  catalogImport(json: string, signal?: AbortSignal) {
    return this.call((engine) => engine.catalogImport(json), signal);
  }

  version(signal?: AbortSignal): Promise<number> {
    return this.call((engine) => engine.version(), signal);
  }

  /** Opens a WIM / ESD or every picked part of a split set; SWM_PARTS_MISSING names the parts to add. */
  openImage(files: File[], signal?: AbortSignal, onProgress?: (progress: OpenImageProgress) => void): Promise<OpenedImage> {
    const named = files.map((file) => ({ name: file.name, blob: file }));
    return this.call((engine) => engine.openImage(named, onProgress ? proxy(onProgress) : undefined), signal, 'detach', (late) => void this.closeImage(late.sessionId).catch(() => undefined));
  }

  closeImage(sessionId: string): Promise<void> {
    if (!this.session) return Promise.resolve();
    return this.call((engine) => engine.closeImage(sessionId), undefined);
  }

  listDirectory(sessionId: string, image: number, path: string, signal?: AbortSignal): Promise<DirectoryListing> {
    return this.call((engine) => engine.listDirectory(sessionId, image, path), signal, 'detach');
  }

  searchEntries(
    sessionId: string,
    image: number,
    pattern: string,
    onBatch: (batch: EntrySummary[]) => void,
    options: SearchOptions = {},
    signal?: AbortSignal,
  ): Promise<SearchResult> {
    return this.job(signal, (engine, jobId) => engine.searchEntries(sessionId, image, pattern, proxy(onBatch), { ...options, jobId }));
  }

  getEntryProperties(sessionId: string, image: number, path: string, signal?: AbortSignal): Promise<EntryProperties> {
    return this.call((engine) => engine.getEntryProperties(sessionId, image, path), signal, 'detach');
  }

  readPreview(sessionId: string, image: number, path: string, stream?: string, signal?: AbortSignal): Promise<Preview> {
    return this.call((engine) => engine.readPreview(sessionId, image, path, stream) as Promise<Preview>, signal, 'detach');
  }

  readBytes(sessionId: string, image: number, path: string, offset: number, length: number, stream?: string, signal?: AbortSignal): Promise<Uint8Array> {
    return this.call((engine) => engine.readBytes(sessionId, image, path, offset, length, stream), signal, 'detach');
  }

  readPeVersion(sessionId: string, image: number, path: string, signal?: AbortSignal): Promise<PeVersionInfo | null> {
    return this.call((engine) => engine.readPeVersion(sessionId, image, path), signal, 'detach');
  }

  runDoctor(sessionId: string, image: number, signal?: AbortSignal): Promise<DoctorReport> {
    return this.job(signal, (engine, jobId) => engine.runDoctor(sessionId, image, { jobId }));
  }

  extractEntries(
    sessionId: string,
    image: number,
    paths: string[],
    target: FileSystemDirectoryHandle,
    options: ExtractEntriesOptions = {},
    onProgress?: (progress: ExplorerProgress) => void,
    signal?: AbortSignal,
  ): Promise<ExtractSummary> {
    return this.job(signal, (engine, jobId) =>
      engine.extractEntries(sessionId, image, paths, target, { ...options, jobId }, onProgress ? proxy(onProgress) : undefined),
    );
  }

  /** One file's bytes as a transferred stream (direct download); cancel it (or abort `signal`) to stop. */
  createFileStream(sessionId: string, image: number, path: string, stream?: string, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    return this.job(signal, async (engine, jobId) => {
      const bytes = await engine.createFileStream(sessionId, image, path, { jobId, ...(stream === undefined ? {} : { stream }) });
      signal?.addEventListener('abort', () => void bytes.cancel().catch(() => undefined), { once: true });
      return bytes;
    });
  }

  /** A transferred stream of ZIP bytes; cancel it (or abort `signal`) to stop the job. */
  createZipStream(
    sessionId: string,
    image: number,
    paths: string[],
    options: ZipOptions = {},
    onProgress?: (progress: ExplorerProgress) => void,
    signal?: AbortSignal,
  ): Promise<ReadableStream<Uint8Array>> {
    return this.job(signal, async (engine, jobId) => {
      const stream = await engine.createZipStream(sessionId, image, paths, { ...options, jobId }, onProgress ? proxy(onProgress) : undefined);
      signal?.addEventListener('abort', () => void stream.cancel().catch(() => undefined), { once: true });
      return stream;
    });
  }

  // Writer jobs (capture, export, split): gentle cancel like the explorer's; the output is abort()ed by the engine,
  // so the destination stays as it was.
  captureFolder(
    source: FileSystemDirectoryHandle,
    output: FileSystemFileHandle,
    options: Omit<CaptureFolderOptions, 'jobId'>,
    onProgress?: WriterProgressCallback,
    signal?: AbortSignal,
  ): Promise<WriteResult> {
    return this.job(signal, (engine, jobId) => engine.captureFolder(source, output, { ...options, jobId }, onProgress ? proxy(onProgress) : undefined));
  }

  exportImage(
    files: File[],
    image: number,
    output: FileSystemFileHandle,
    options: Omit<ExportImageOptions, 'jobId'>,
    onProgress?: WriterProgressCallback,
    signal?: AbortSignal,
  ): Promise<WriteResult> {
    const named = files.map((file) => ({ name: file.name, blob: file }));
    return this.job(signal, (engine, jobId) => engine.exportImage(named, image, output, { ...options, jobId }, onProgress ? proxy(onProgress) : undefined));
  }

  splitImage(
    files: File[],
    folder: FileSystemDirectoryHandle,
    baseName: string,
    partSizeBytes: number,
    options: Omit<SplitImageOptions, 'jobId'> = {},
    onProgress?: WriterProgressCallback,
    signal?: AbortSignal,
  ): Promise<WriteResult> {
    const named = files.map((file) => ({ name: file.name, blob: file }));
    return this.job(signal, (engine, jobId) => engine.splitImage(named, folder, baseName, partSizeBytes, { ...options, jobId }, onProgress ? proxy(onProgress) : undefined));
  }

  /** Runs the doctor on every index of a catalog entry and stores the verdicts; the detail view shows them. */
  catalogRunDoctor(id: string, signal?: AbortSignal) {
    return this.call((engine) => engine.catalogRunDoctor(id), signal);
  }

  /** Stops the worker; pending calls reject with AbortError. The next call starts a new worker. */
  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.session) this.stop(this.session, abortError());
  }

  /**
   * A cancellable explorer job: on abort, cancelJob first; the worker is terminated only when the job has not
   * settled after CANCEL_GRACE_MS (a hot loop that never reaches a cancellation check).
   */
  private job<T>(signal: AbortSignal | undefined, run: (engine: Remote<EngineApi>, jobId: string) => Promise<T>): Promise<T> {
    try {
      throwIfAborted(signal);
    } catch (error) {
      return Promise.reject(error);
    }
    const jobId = `job-${++this.jobCounter}`;
    const session = this.session ?? this.start();
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const onAbort = (): void => {
        reject(abortError());
        session.remote.cancelJob(jobId).catch(() => undefined);
        const timer = setTimeout(() => {
          if (!settled) this.stop(session, abortError());
        }, this.cancelGraceMs);
        this.timers.add(timer);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      session.pending.add(reject);
      run(session.remote, jobId).then(
        (value) => {
          settled = true;
          session.pending.delete(reject);
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          settled = true;
          session.pending.delete(reject);
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /**
   * One call. On abort, 'terminate' stops the worker (inspect: a hot loop cannot be interrupted otherwise);
   * 'detach' only rejects the call and lets the bounded engine work finish, dropping its answer (explorer reads:
   * the open sessions survive); `dropLate` cleans up an answer that arrives after the abort (a session opened
   * for nobody is closed).
   */
  private call<T>(
    run: (engine: Remote<EngineApi>) => Promise<T>,
    signal: AbortSignal | undefined,
    onAbortMode: 'terminate' | 'detach' = 'terminate',
    dropLate?: (value: T) => void,
  ): Promise<T> {
    try {
      throwIfAborted(signal);
    } catch (error) {
      return Promise.reject(error);
    }
    const session = this.session ?? this.start();
    return new Promise<T>((resolve, reject) => {
      let aborted = false;
      const settle = (): void => {
        session.pending.delete(reject);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        if (onAbortMode === 'terminate') return this.stop(session, abortError());
        aborted = true;
        settle();
        reject(abortError());
      };
      session.pending.add(reject);
      signal?.addEventListener('abort', onAbort, { once: true });
      run(session.remote).then(
        (value) => {
          settle();
          if (aborted) dropLate?.(value);
          else resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });
  }

  private start(): Session {
    const worker = this.createWorker();
    const session: Session = { worker, remote: wrap<EngineApi>(worker), pending: new Set() };
    const crash = (event: Event): void => {
      const detail = (event as ErrorEvent).message || event.type;
      this.stop(session, new ImagewrightError(ErrorCode.ENGINE_FAILED, { detail }));
    };
    worker.addEventListener('error', crash);
    worker.addEventListener('messageerror', crash);
    this.session = session;
    return session;
  }

  private stop(session: Session, reason: unknown): void {
    if (this.session === session) this.session = undefined;
    session.worker.terminate();
    const rejecters = [...session.pending];
    session.pending.clear();
    for (const reject of rejecters) reject(reason);
  }
}

function progressProxy(callback: CatalogProgressCallback | undefined): CatalogProgressCallback | undefined {
  return callback ? proxy(callback) : undefined;
}
