/**
 * EngineClient: the only door from the UI to the engine. It starts the engine worker on first use, calls it
 * through a typed Comlink wrap, and turns the two ways a call can end badly without an answer into errors the
 * UI can show:
 * - cancellation: the AbortSignal rejects the call with an AbortError at once and terminates the worker (a
 *   worker stuck in a hot decode loop cannot be interrupted any other way); the next call starts a fresh one;
 * - a crash (script failed to load, uncaught error, unreadable message): pending calls reject with
 *   ImagewrightError ENGINE_FAILED instead of hanging forever, and the next call starts a fresh worker.
 */
import { proxy, transferHandlers, wrap, type Endpoint, type Remote } from 'comlink';
import type { CatalogEdit, CatalogQuery } from '../catalog/images';
import type { TargetKind } from '../catalog/schema';
import type { EngineApi } from '../engine/api';
import type { CatalogProgressCallback, CatalogSource } from '../engine/catalog/catalog-api';
import type { WimInfo } from '../formats/wim/wim-info';
import { installErrorTransfer } from '../shared/error-transfer';
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

  constructor(private readonly createWorker: EngineWorkerFactory = startEngineWorker) {
    installErrorTransfer(transferHandlers);
  }

  /** Reads the facts and image properties of one WIM / ESD or of the picked parts of a split set. */
  inspect(files: File[], signal?: AbortSignal): Promise<WimInfo> {
    const named = files.map((file) => ({ name: file.name, blob: file }));
    return this.call((engine) => engine.inspect(named), signal);
  }

  // Catalog (the engine is its one writer). Progress callbacks cross as Comlink proxies; a signal that fires
  // terminates the worker, so a cancelled job never commits its IndexedDB transaction.
  catalogAdd(source: CatalogSource, onProgress?: CatalogProgressCallback, signal?: AbortSignal) {
    return this.call((engine) => engine.catalogAdd(source, progressProxy(onProgress)), signal);
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

  /** Stops the worker; pending calls reject with AbortError. The next call starts a new worker. */
  dispose(): void {
    if (this.session) this.stop(this.session, abortError());
  }

  private call<T>(run: (engine: Remote<EngineApi>) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    try {
      throwIfAborted(signal);
    } catch (error) {
      return Promise.reject(error);
    }
    const session = this.session ?? this.start();
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => this.stop(session, abortError());
      const settle = (): void => {
        session.pending.delete(reject);
        signal?.removeEventListener('abort', onAbort);
      };
      session.pending.add(reject);
      signal?.addEventListener('abort', onAbort, { once: true });
      run(session.remote).then(
        (value) => {
          settle();
          resolve(value);
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
