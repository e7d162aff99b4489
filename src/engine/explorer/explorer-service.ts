/**
 * createExplorerApi: the engine side of the Explorer contract (explorer-api.ts). Realm-agnostic: the engine
 * worker gives it a BlobReadContext factory (decode pool or in-process) and it runs unchanged in Node tests.
 * Long jobs register an AbortController under their jobId so that cancelJob stops them without touching the
 * open sessions.
 */
import { transfer } from 'comlink';
import type { BlobReadContext } from '../../formats/wim/chunk-decoder';
import { readBlob } from '../../formats/wim/blob-reader';
import { readPeVersion } from '../../formats/pe/version-resource';
import type { ByteSource } from '../../io/byte-source';
import { FsAccessSink } from '../../io/fs-access-sink';
import { ErrorCode, ImagewrightError, throwIfAborted } from '../../shared/errors';
import { runDoctor } from '../doctor/doctor';
import { extractImage } from '../extract/extract-image';
import { buildTextPreview, looksLikeText } from '../preview/text-preview';
import { describeBinary, sniffImageMime } from '../preview/sniff';
import { joinImagePath, summarizeEntry } from './entry-facts';
import {
  DEFAULT_SEARCH_LIMIT,
  MAX_PREVIEW_IMAGE_BYTES,
  MAX_PREVIEW_TEXT_BYTES,
  MAX_READ_BYTES,
  SEARCH_BATCH_SIZE,
  type EntrySummary,
  type ExplorerApi,
  type Preview,
} from './explorer-api';
import { entryProperties } from './properties';
import { resolveEntry, SessionStore, sortedChildrenOf } from './session';
import { readStreamRange, streamOf, streamRangeReader } from './stream-read';
import { createZipStream } from './zip-stream';
import type { WimEntry } from '../../formats/wim/metadata';

export interface ExplorerDeps {
  /** The blob read context of this realm (created once, shared by every session). */
  readContext(): Promise<BlobReadContext>;
  /** Turns the picked files into ByteSources (Blob-backed in the browser). */
  toSources(files: unknown): ByteSource[];
}

/** Yields to the event loop so that cancelJob (and progress) messages get through during long CPU loops. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Case-insensitive matcher: wildcard (* ?) over the whole name, else substring. */
export function namePattern(pattern: string): (name: string) => boolean {
  const p = pattern.trim().toLowerCase();
  if (/[*?]/.test(p)) return (name) => wildcardMatch(p, name.toLowerCase());
  return (name) => name.toLowerCase().includes(p);
}

/**
 * Whole-string wildcard match (* any run, ? one character) without regular expressions: a pattern with many
 * stars cannot make it backtrack exponentially. Greedy with a single resume point: O(pattern × name).
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

function checkImageArg(image: unknown): number {
  if (typeof image !== 'number' || !Number.isInteger(image)) {
    throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `image must be a 1-based index, not ${String(image)}` });
  }
  return image;
}

export function createExplorerApi(deps: ExplorerDeps): ExplorerApi {
  const store = new SessionStore(() => deps.readContext());
  const jobs = new Map<string, AbortController>();

  const startJob = (jobId: string | undefined): { signal: AbortSignal; done: () => void } => {
    const controller = new AbortController();
    if (jobId !== undefined) jobs.set(jobId, controller);
    return { signal: controller.signal, done: () => jobId !== undefined && jobs.get(jobId) === controller && jobs.delete(jobId) };
  };

  const locate = async (sessionId: string, image: number, path: string, signal?: AbortSignal) => {
    const session = store.get(sessionId);
    const img = await store.image(session, checkImageArg(image), signal);
    const found = resolveEntry(img.image.metadata.root, String(path));
    return { session, img, ...found };
  };

  return {
    async openImage(files, onProgress) {
      const session = await store.open(deps.toSources(files), undefined, onProgress);
      // The first listing will need the boot image (or image 1): start decoding its tree now. A failure is not
      // cached (session.ts) and surfaces on the listing that needs it.
      const first = session.set.main.header.bootIndex || 1;
      if (session.set.main.header.imageCount >= first) {
        const tree = store.image(session, first).catch(() => undefined);
        if (onProgress) {
          const main = session.set.main;
          const split = main.header.totalParts > 1 ? { part: main.header.partNumber, parts: main.header.totalParts } : {};
          onProgress({ stage: 'metadata', image: first, name: main.source.name, file: 1, files: files.length, ...split });
          await tree;
        }
      }
      return { sessionId: session.id, info: session.info };
    },

    closeImage: (sessionId) => store.close(sessionId),

    async listDirectory(sessionId, image, path) {
      const { session, img, entry, path: at } = await locate(sessionId, image, path);
      if (!entry.children) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { path: at, detail: `${at} is not a folder` });
      const entries = sortedChildrenOf(img, entry).map((child) => summarizeEntry(session.set, child, joinImagePath(at, child.name), img.linkCounts));
      return { path: at, entries };
    },

    async searchEntries(sessionId, image, pattern, onBatch, options = {}) {
      const job = startJob(options.jobId);
      try {
        const { session, img, entry: start, path: startPath } = await locate(sessionId, image, options.under ?? '/');
        const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_SEARCH_LIMIT, DEFAULT_SEARCH_LIMIT));
        const matches = namePattern(String(pattern));
        const stack: { entry: WimEntry; path: string }[] = [{ entry: start, path: startPath }];
        let batch: EntrySummary[] = [];
        let total = 0;
        let visited = 0;
        while (stack.length) {
          const { entry, path } = stack.pop()!;
          if (entry !== start && matches(options.matchPath ? path : entry.name)) {
            if (total === limit) return { total, truncated: true };
            batch.push(summarizeEntry(session.set, entry, path, img.linkCounts));
            total++;
            if (batch.length === SEARCH_BATCH_SIZE) {
              await onBatch(batch);
              batch = [];
            }
          }
          if (entry.children) {
            const sorted = sortedChildrenOf(img, entry);
            for (let i = sorted.length - 1; i >= 0; i--) stack.push({ entry: sorted[i]!, path: joinImagePath(path, sorted[i]!.name) });
          }
          if (++visited % 20_000 === 0) {
            await yieldToLoop();
            throwIfAborted(job.signal);
          }
        }
        if (batch.length) await onBatch(batch);
        return { total, truncated: false };
      } finally {
        job.done();
      }
    },

    async getEntryProperties(sessionId, image, path) {
      const { session, img, entry, path: at } = await locate(sessionId, image, path);
      return entryProperties(session.set, img, entry, at, await deps.readContext());
    },

    async readPreview(sessionId, image, path, stream) {
      const { session, entry, path: at } = await locate(sessionId, image, path);
      const ref = streamOf(session.set, entry, at, stream);
      const ctx = await deps.readContext();
      const head = await readStreamRange(session.set, ref, ctx, 0, 4096);
      const mime = sniffImageMime(head);
      let preview: Preview;
      if (mime && ref.size <= MAX_PREVIEW_IMAGE_BYTES) {
        const bytes = await readStreamRange(session.set, ref, ctx, 0, ref.size);
        return transfer({ kind: 'image', size: ref.size, mime, bytes }, [bytes.buffer]);
      }
      if (!mime && looksLikeText(head)) {
        const bytes = ref.size <= head.length ? head : await readStreamRange(session.set, ref, ctx, 0, MAX_PREVIEW_TEXT_BYTES);
        preview = buildTextPreview(entry.name, bytes, ref.size);
        return preview;
      }
      const detected = describeBinary(head) ?? (mime ? `${mime} (too large to preview)` : undefined);
      const binary: Preview = { kind: 'binary', size: ref.size, head };
      if (detected) binary.detected = detected;
      if (detected === 'PE executable') binary.pe = await readPeVersion(streamRangeReader(session.set, ref, ctx), ref.size).catch(() => null);
      return transfer(binary, [head.buffer]);
    },

    async readBytes(sessionId, image, path, offset, length, stream) {
      if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0 || length > MAX_READ_BYTES) {
        throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { path, detail: `readBytes(${offset}, ${length}): offset ≥ 0 and 0 ≤ length ≤ ${MAX_READ_BYTES}` });
      }
      const { session, entry, path: at } = await locate(sessionId, image, path);
      const bytes = await readStreamRange(session.set, streamOf(session.set, entry, at, stream), await deps.readContext(), offset, length);
      return transfer(bytes, [bytes.buffer]);
    },

    async readPeVersion(sessionId, image, path) {
      const { session, entry, path: at } = await locate(sessionId, image, path);
      const ref = streamOf(session.set, entry, at);
      try {
        return await readPeVersion(streamRangeReader(session.set, ref, await deps.readContext()), ref.size);
      } catch (error) {
        if (error instanceof ImagewrightError && error.path === undefined) {
          throw new ImagewrightError(error.code, { params: error.params, path: at, ...(error.offset === undefined ? {} : { offset: error.offset }), ...(error.detail ? { detail: error.detail } : {}) });
        }
        throw error;
      }
    },

    async runDoctor(sessionId, image, options = {}) {
      const job = startJob(options.jobId);
      try {
        const session = store.get(sessionId);
        const img = await store.image(session, checkImageArg(image), job.signal);
        return await runDoctor(session.set, img, await deps.readContext(), job.signal);
      } finally {
        job.done();
      }
    },

    async extractEntries(sessionId, image, paths, target, options, onProgress) {
      const job = startJob(options?.jobId);
      try {
        const session = store.get(sessionId);
        const img = await store.image(session, checkImageArg(image), job.signal);
        const root = img.image.metadata.root;
        const resolved = (paths.length ? paths : ['/']).map((p) => resolveEntry(root, p).path);
        const sink = new FsAccessSink(target, options?.conflict ?? 'keep-both');
        const report = await extractImage(session.set, img.image, sink, await deps.readContext(), {
          signal: job.signal,
          paths: resolved,
          onProgress: (p) => {
            if (p.phase !== 'data') return;
            const progress = { done: p.done, total: p.total, files: sink.report.filesWritten, ...(p.item ? { item: p.item } : {}) };
            onProgress?.(progress);
          },
        });
        return {
          files: report.files + report.hardLinks,
          directories: report.directories,
          bytes: report.bytes,
          renamed: report.renamed.map((r) => ({ from: r.imagePath, to: r.written })),
          skipped: sink.report.skipped,
          keptBoth: sink.report.keptBoth,
          notWritten: [...linkPaths(root, resolved), ...sink.report.refused],
        };
      } finally {
        job.done();
      }
    },

    async createZipStream(sessionId, image, paths, options = {}, onProgress) {
      const session = store.get(sessionId);
      const img = await store.image(session, checkImageArg(image));
      const job = startJob(options.jobId);
      const stream = createZipStream(session.set, img, (paths.length ? paths : ['/']), await deps.readContext(), job.signal, onProgress, job.done);
      return transfer(stream, [stream as unknown as Transferable]);
    },

    async createFileStream(sessionId, image, path, options = {}) {
      const { session, entry, path: at } = await locate(sessionId, image, path);
      const ref = streamOf(session.set, entry, at, options.stream);
      const ctx = await deps.readContext();
      const job = startJob(options.jobId);
      const pieces = ref.hash === undefined ? undefined : readBlob(session.set, ref.hash, ctx, job.signal);
      const stream = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            try {
              const next = pieces ? await pieces.next() : { done: true as const, value: undefined };
              if (next.done) {
                controller.close();
                job.done();
              } else controller.enqueue(next.value.slice());
            } catch (error) {
              job.done();
              controller.error(error);
            }
          },
          async cancel() {
            job.done();
            await pieces?.return(undefined);
          },
        },
        { highWaterMark: 1 },
      );
      return transfer(stream, [stream as unknown as Transferable]);
    },

    async cancelJob(jobId) {
      jobs.get(jobId)?.abort();
    },
  };
}

/** Image paths of the symlinks and junctions below the extracted roots (a browser folder cannot hold links). */
function linkPaths(root: WimEntry, paths: string[]): string[] {
  const out: string[] = [];
  for (const start of paths) {
    const { entry, path } = resolveEntry(root, start);
    const stack = [{ entry, path }];
    while (stack.length) {
      const item = stack.pop()!;
      if (item.entry.attributes & 0x400) {
        if (item.entry.reparseTag === 0xa000000c || item.entry.reparseTag === 0xa0000003) out.push(item.path);
        continue;
      }
      for (const child of item.entry.children ?? []) stack.push({ entry: child, path: joinImagePath(item.path, child.name) });
    }
  }
  return out;
}
