/**
 * writeFiles: the data phase of an extraction, as one pipeline over all files (not file by file), so reading and
 * decoding run ahead of writing across file boundaries and the worker pool never waits for the writer:
 *
 *   steps()      for each file: open, the units of its blob (formats/wim/blob-units.ts), close
 *   readAhead    starts units (and opens files) ahead of the writer, bounded by READ_AHEAD_BYTES of decoded data
 *                (a solid chunk counts once, so at most the chunk being written and the next one live)
 *   this loop    in order: checks each blob's SHA-1 (or takes the digest a worker computed for a whole-blob
 *                batch), hands the decoded buffers to the file writer without waiting for each write
 *                (at most MAX_PENDING_WRITES per file), and commits each file once its hash is checked,
 *                letting up to MAX_PENDING_COMMITS commits finish in the background
 *
 * With the CLI's workers and a Node folder, compressed batches are written by the worker that decoded them
 * (ChunkDecoder.writesDirectly, FileWriter.descriptor): this loop then only checks digests and commits.
 *
 * Nothing is lost: a file's bytes go to the sink's temporary file and become visible only on commit, after its
 * SHA-1 matched; on any error or cancel the open file is aborted (no half file) and the commits already started
 * are awaited before the error propagates. Decoded buffers are written as they come (a batch is up to 4 MiB, cut
 * into cache-sized slices), so there is no extra copy to coalesce writes.
 */
import { BlobCheck, blobMissingError } from '../../formats/wim/blob-reader';
import { blobUnits, type BlobUnit } from '../../formats/wim/blob-units';
import { releaseHeldChunks } from '../../formats/wim/held-solid';
import type { BlobReadContext, DecodedBatch } from '../../formats/wim/chunk-decoder';
import type { BlobHome, WimSet } from '../../formats/wim/wim-set';
import type { FileWriter, TreeSink } from '../../io/byte-sink';
import { ImagewrightError, isAbortError, throwIfAborted } from '../../shared/errors';
import { readAhead } from '../../shared/read-ahead';
import type { PlannedItem } from './extract-plan';

/**
 * Decoded bytes started ahead of the writer: a few 4 MiB batches per worker. A solid chunk (64 MiB) is heavier
 * than that and starts once the previous chunk is being written (see shared/read-ahead.ts).
 */
export const READ_AHEAD_BYTES = 24 * 1024 * 1024;
/** Bytes hashed and written at a time: small enough to stay in the CPU cache between the two. */
export const WRITE_SLICE_BYTES = 256 * 1024;
/** Writes of one file in flight at once (a sink may complete writes asynchronously). */
export const MAX_PENDING_WRITES = 16;
/** Files being closed and renamed in the background. */
export const MAX_PENDING_COMMITS = 8;

export interface FileToWrite {
  item: PlannedItem;
  home: BlobHome | undefined;
}

type Step = { kind: 'open'; file: FileToWrite } | { kind: 'unit'; unit: BlobUnit } | { kind: 'close' };
/** A file opened ahead; `direct` holds its batches that a worker writes to the file itself (see starter). */
type StartedOpen = { kind: 'open'; file: FileToWrite; writer: Promise<FileWriter>; direct: Promise<unknown>[] };
type Started =
  | StartedOpen
  | { kind: 'unit'; size: number; bytes: Promise<DecodedBatch> }
  | { kind: 'close' };

/**
 * Read-ahead weight of opening a file early: files are created ahead of the writer (their path checks and opens
 * overlap the previous file's data), a few dozen at most within the budget.
 */
const OPEN_WEIGHT = 1024 * 1024;

/** Adds the image path to errors that lack one, so the user knows which file failed. */
export function atPath(error: unknown, imagePath: string): unknown {
  if (!(error instanceof ImagewrightError) || error.path !== undefined) return error;
  return new ImagewrightError(error.code, {
    params: error.params,
    ...(error.offset === undefined ? {} : { offset: error.offset }),
    path: imagePath,
    ...(error.detail === undefined ? {} : { detail: error.detail }),
    cause: error,
  });
}

async function* steps(set: WimSet, files: readonly FileToWrite[], ctx: BlobReadContext, signal?: AbortSignal): AsyncGenerator<Step> {
  for (const file of files) {
    yield { kind: 'open', file };
    if (file.home) for await (const unit of blobUnits(set, file.home, ctx, signal, { holdSolid: true })) yield { kind: 'unit', unit };
    yield { kind: 'close' };
  }
}

/**
 * Starts steps in order. When the decoder's workers can write to files (the CLI's) and the sink offers a
 * descriptor (a Node folder), a compressed batch starts once its file is open and the worker that decodes it
 * also hashes and writes it, while the bytes are in its cache: this thread then only checks digests, so
 * writing spreads over the workers instead of queueing here.
 */
function starter(sink: TreeSink, ctx: BlobReadContext): (step: Step) => Started {
  let current: StartedOpen | undefined;
  return (step) => {
    if (step.kind === 'unit') {
      const { unit } = step;
      const opened = current;
      if (!opened || !unit.direct || !ctx.decoder.writesDirectly) return { kind: 'unit', size: unit.size, bytes: unit.start() };
      // The batch is read at once; its decode task waits for the file to be open, so the worker can write it.
      const descriptor = opened.writer.then((writer) => writer.descriptor);
      descriptor.catch(() => undefined); // a failed open is reported by the open step
      const bytes = unit.start(descriptor);
      opened.direct.push(bytes);
      return { kind: 'unit', size: unit.size, bytes };
    }
    if (step.kind === 'close') return step;
    const { item, home } = step.file;
    const writer = item.entry.dataHash && !home ? Promise.reject(blobMissingError(item.entry.dataHash)) : sink.createFile(item.target, { size: home?.blob.size ?? 0, overwrite: true });
    writer.catch(() => undefined);
    current = { kind: 'open', file: step.file, writer, direct: [] };
    return current;
  };
}

/**
 * A file opened ahead and never written (the job stopped first) is aborted: its temporary file goes away, once
 * no worker writes to it any more (closing a descriptor under a write could let the next open reuse its number).
 */
async function dispose(started: Started): Promise<void> {
  // Not awaited: a slice of a held chunk may wait for a worker that releaseHeldChunks frees after this.
  if (started.kind === 'unit') void started.bytes.then((b) => b.release?.(), () => undefined);
  if (started.kind !== 'open') return;
  await Promise.allSettled(started.direct);
  await started.writer.then((w) => w.abort(), () => undefined).catch(() => undefined);
}

interface OpenFile {
  file: FileToWrite;
  writer: FileWriter;
  check: BlobCheck | undefined;
  writes: Promise<void>[];
  /** Batches workers write to this file themselves (settled before the file is closed). */
  direct: Promise<unknown>[];
}

function handled(promise: Promise<void>): Promise<void> {
  promise.catch(() => undefined);
  return promise;
}

/** Writes `files` (in the given order, best in storage order) through `sink`; `onBytes` counts data written. */
export async function writeFiles(
  set: WimSet,
  ctx: BlobReadContext,
  sink: TreeSink,
  files: readonly FileToWrite[],
  signal: AbortSignal | undefined,
  onBytes: (n: number, item: PlannedItem) => void,
): Promise<void> {
  const commits: Promise<void>[] = [];
  let open: OpenFile | undefined;
  try {
    for await (const step of readAhead(steps(set, files, ctx, signal), {
      weight: (s) => (s.kind === 'unit' ? s.unit.weight : s.kind === 'open' ? OPEN_WEIGHT : 0),
      start: starter(sink, ctx),
      budget: READ_AHEAD_BYTES,
      ready: (s) => (s.kind === 'unit' ? s.bytes : s.kind === 'open' ? s.writer : undefined),
      dispose,
    })) {
      // A step handed over after the cancel is this loop's to dispose (readAhead only disposes what it kept): a
      // file opened ahead would otherwise stay open, its temporary file behind.
      if (signal?.aborted) await dispose(step);
      throwIfAborted(signal);
      if (step.kind === 'open') {
        open = await openFile(step, ctx);
      } else if (step.kind === 'unit') {
        const current = open!;
        const piece = await step.bytes;
        await writePiece(current, piece);
        onBytes(piece.bytes.length, current.file.item);
      } else {
        const current = open!;
        open = undefined;
        try {
          current.check?.check();
          await Promise.all(current.writes);
        } catch (error) {
          await abortFile(current);
          throw atPath(error, current.file.item.imagePath);
        }
        commits.push(handled(current.writer.commit().catch((e: unknown) => Promise.reject(atPath(e, current.file.item.imagePath)))));
        if (commits.length > MAX_PENDING_COMMITS) await commits.shift();
      }
    }
    await Promise.all(commits);
  } catch (error) {
    if (open) await abortFile(open);
    await Promise.allSettled(commits);
    throw isAbortError(error) || !open ? error : atPath(error, open.file.item.imagePath);
  } finally {
    releaseHeldChunks(set);
  }
}

/**
 * Hashes and writes one decoded piece in WRITE_SLICE_BYTES slices: each slice is hashed just before it is handed
 * to the writer, so the copy into the file (the kernel's, for a Node folder) reads it from the CPU cache. A
 * piece a worker already hashed is written in slices too. The piece's buffer goes back to its decoder's ring
 * once every write of it settled.
 */
async function writePiece(file: OpenFile, piece: DecodedBatch): Promise<void> {
  const { bytes } = piece;
  if (piece.written) {
    // A worker wrote it: only the digest is left (the worker's, or computed here for a blob of several batches).
    file.check!.add(piece.sha1 !== undefined ? piece : { bytes });
    piece.release?.();
    return;
  }
  const hashed = piece.sha1 !== undefined;
  if (hashed) file.check!.add(piece);
  const writes: Promise<void>[] = [];
  for (let at = 0; at < bytes.length; at += WRITE_SLICE_BYTES) {
    const slice = bytes.subarray(at, at + WRITE_SLICE_BYTES);
    if (!hashed) file.check!.add({ bytes: slice });
    const write = handled(file.writer.write(slice));
    writes.push(write);
    file.writes.push(write);
    if (file.writes.length > MAX_PENDING_WRITES) await file.writes.shift();
  }
  if (piece.release) void Promise.allSettled(writes).then(piece.release);
}

async function openFile(started: StartedOpen, ctx: BlobReadContext): Promise<OpenFile> {
  const { file, direct } = started;
  try {
    return { file, writer: await started.writer, check: file.home ? new BlobCheck(file.home, ctx) : undefined, writes: [], direct };
  } catch (error) {
    throw atPath(error, file.item.imagePath);
  }
}

async function abortFile(file: OpenFile): Promise<void> {
  await Promise.allSettled([...file.writes, ...file.direct]);
  await file.writer.abort().catch(() => undefined);
}
