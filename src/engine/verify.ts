/**
 * verifyWim: the `verify` job, like wimlib-imagex verify (src/verify.c) but it does not stop at the first
 * problem: it checks the integrity table when there is one (SHA-1 of each chunk of [208, end of blob table)),
 * loads every image's metadata, checks that every stream an image references is present, then reads every blob
 * of the set through the blob reader (decompression + SHA-1). Bad and missing blobs are reported with the paths
 * that use them, found in a second walk over the images only when something is wrong.
 */
import { readBlobAt } from '../formats/wim/blob-reader';
import type { BlobReadContext } from '../formats/wim/chunk-decoder';
import { readImage } from '../formats/wim/image';
import { readIntegrityTableHeader, verifyIntegrityTable, type IntegrityMismatch } from '../formats/wim/integrity';
import { walkEntries, type WimEntry } from '../formats/wim/metadata';
import type { BlobHome, WimSet } from '../formats/wim/wim-set';
import { ImagewrightError, isAbortError, throwIfAborted } from '../shared/errors';
import { throttleProgress, type ProgressCallback } from './progress';

export interface BlobProblem {
  hash: string;
  size: number;
  /** Code name and message of what went wrong (BLOB_MISSING for a referenced hash no file holds). */
  code: string;
  message: string;
  /** Image index and "/"-separated path of every stream that uses the blob. */
  users: { image: number; path: string }[];
}

export interface VerifyReport {
  integrity: 'absent' | 'ok' | { mismatches: IntegrityMismatch[] } | { error: string };
  images: { index: number; ok: boolean; error?: string }[];
  blobCount: number;
  blobBytes: number;
  problems: BlobProblem[];
  ok: boolean;
}

function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof ImagewrightError) return { code: error.codeName, message: error.message };
  return { code: 'ENGINE_FAILED', message: error instanceof Error ? error.message : String(error) };
}

/** Every stream hash an entry references (data, reparse, named streams). */
function hashesOf(entry: WimEntry): string[] {
  const out: string[] = [];
  if (entry.dataHash) out.push(entry.dataHash);
  if (entry.reparseHash) out.push(entry.reparseHash);
  for (const s of entry.namedStreams) if (s.hash) out.push(s.hash);
  return out;
}

/** Blobs in storage order, so that blobs sharing a solid chunk are read one after the other. */
function storageOrder(set: WimSet): BlobHome[] {
  const key = (h: BlobHome): [number, number, number] => {
    const l = h.blob.location;
    return l.kind === 'solid' ? [h.part.fileIndex, l.resource, l.offsetInResource] : [h.part.fileIndex, -1, l.offset];
  };
  return [...set.blobs.values()].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
}

export async function verifyWim(
  set: WimSet,
  ctx: BlobReadContext,
  options: { signal?: AbortSignal; onProgress?: ProgressCallback } = {},
): Promise<VerifyReport> {
  const { signal } = options;
  const progress = throttleProgress(options.onProgress);
  const report: VerifyReport = { integrity: 'absent', images: [], blobCount: 0, blobBytes: 0, problems: [], ok: true };

  try {
    const table = await readIntegrityTableHeader(set.main.source, set.main.header, signal);
    if (table) {
      const mismatches = await verifyIntegrityTable(set.main.source, table, ctx.newSha1, signal, (done, total) =>
        progress({ phase: 'integrity', done, total }),
      );
      report.integrity = mismatches.length ? { mismatches } : 'ok';
    }
  } catch (error) {
    if (isAbortError(error)) throw error;
    report.integrity = { error: describeError(error).message };
  }

  const problems = new Map<string, BlobProblem>();
  const imageCount = set.main.header.imageCount;
  for (let index = 1; index <= imageCount; index++) {
    progress({ phase: 'metadata', done: index - 1, total: imageCount, item: String(index) });
    try {
      const image = await readImage(set, index, ctx, signal);
      for (const { entry } of walkEntries(image.metadata.root)) {
        for (const hash of hashesOf(entry)) {
          if (!set.blobs.has(hash) && !problems.has(hash)) {
            problems.set(hash, { hash, size: 0, code: 'BLOB_MISSING', message: 'no file of the set holds this blob', users: [] });
          }
        }
      }
      report.images.push({ index, ok: true });
    } catch (error) {
      if (isAbortError(error)) throw error;
      report.images.push({ index, ok: false, error: describeError(error).message });
    }
  }
  progress({ phase: 'metadata', done: imageCount, total: imageCount });

  const blobs = storageOrder(set);
  report.blobCount = blobs.length;
  report.blobBytes = blobs.reduce((sum, h) => sum + h.blob.size, 0);
  let done = 0;
  for (const home of blobs) {
    throwIfAborted(signal);
    try {
      for await (const piece of readBlobAt(set, home, ctx, signal)) {
        done += piece.length;
        progress({ phase: 'data', done, total: report.blobBytes });
      }
    } catch (error) {
      if (isAbortError(error)) throw error;
      problems.set(home.blob.hash, { hash: home.blob.hash, size: home.blob.size, ...describeError(error), users: [] });
    }
  }
  progress({ phase: 'data', done: report.blobBytes, total: report.blobBytes });

  if (problems.size) await findUsers(set, ctx, problems, signal);
  report.problems = [...problems.values()];
  report.ok = report.problems.length === 0 && report.images.every((i) => i.ok) && (report.integrity === 'absent' || report.integrity === 'ok');
  return report;
}

/** Second walk: the paths that use each problem blob. */
async function findUsers(set: WimSet, ctx: BlobReadContext, problems: Map<string, BlobProblem>, signal?: AbortSignal): Promise<void> {
  for (let index = 1; index <= set.main.header.imageCount; index++) {
    let root: WimEntry;
    try {
      root = (await readImage(set, index, ctx, signal)).metadata.root;
    } catch (error) {
      if (isAbortError(error)) throw error;
      continue; // already reported as a bad image
    }
    for (const { entry, path } of walkEntries(root)) {
      for (const hash of hashesOf(entry)) {
        problems.get(hash)?.users.push({ image: index, path: path.replace(/\\/g, '/') });
      }
    }
  }
}
