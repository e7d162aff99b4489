/**
 * Solid blobs read from held chunks (ChunkDecoder.holdChunk: the decoded chunk stays on the worker that decoded
 * it). Source: docs/wim-format.md §5. Why: a 64 MiB chunk transferred whole pinned a second copy on the reading
 * thread, so only one chunk could decode at a time; held, each worker decodes one, the next chunk decodes while
 * the current one is written, and the reader pins only the windows it is writing.
 *
 *   chunks   the latest `holders` chunks stay cached: the one being read and the next (started as soon as the
 *            current one is first touched); older ones are released once no window of theirs is in flight
 *   windows  reads of up to HELD_WINDOW_BYTES from the blob's offset; the blobs that follow in the same window
 *            (most files of an image are small) share it, so there is one worker round trip per window, not
 *            per file, and every window buffer has one size, so the same few buffers circulate
 */
import type { BlobReadContext, DecodedBatch, HeldChunk } from './chunk-decoder';
import type { BlobUnit } from './blob-units';
import { inBlob, readChunkRange } from './chunk-range';
import type { ChunkLayout } from './resource';
import type { BlobHome, WimSet } from './wim-set';

/** Bytes of a held chunk read out at a time (and the most a unit yields). */
export const HELD_WINDOW_BYTES = 4 * 1024 * 1024;
/**
 * Read-ahead weight of a window: twice its size, since a window is only a copy out of a worker and a few ahead
 * keep the writer fed, while the workers' chunks already take most of the memory budget.
 */
const WINDOW_WEIGHT = 2 * HELD_WINDOW_BYTES;

type HeldEntry = WimSet['cache']['heldChunks'][number];

type Window = NonNullable<HeldEntry['window']>;

function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function releaseHeldIfUnused(entry: HeldEntry): void {
  if (entry.cached || entry.users > 0) return;
  entry.held.then((h) => h.release(), () => undefined);
}

function releaseWindowIfUnused(window: Window): void {
  if (window.cached || window.users > 0) return;
  window.read.then((d) => d.release?.(), () => undefined);
}

/** The held chunk `index` of a solid resource, from the cache or started now (evicting the oldest). */
function heldChunk(set: WimSet, home: BlobHome, layout: ChunkLayout, resource: number, index: number, ctx: BlobReadContext, signal?: AbortSignal): HeldEntry {
  const key = `${home.part.fileIndex}/${resource}/${index}`;
  const list = set.cache.heldChunks;
  const found = list.find((e) => e.key === key);
  if (found) return found;
  const hold = ctx.decoder.holdChunk!;
  // Asked for now, in consumption order, with the read still running: holders are granted in call order.
  const read = handled(readChunkRange(home, layout, index, index, false, signal));
  const held: Promise<HeldChunk> = handled(hold(read, signal).catch((error: unknown) => Promise.reject(inBlob(error, home))));
  const entry: HeldEntry = { key, held, users: 0, cached: true };
  list.push(entry);
  while (list.length > Math.max(1, ctx.decoder.holders ?? 1)) {
    const old = list.shift()!;
    old.cached = false;
    if (old.window) old.window.cached = false;
    releaseHeldIfUnused(old);
  }
  held.catch(() => {
    const at = list.indexOf(entry);
    if (at >= 0) list.splice(at, 1);
  });
  return entry;
}

function cachedEntry(set: WimSet, key: string): HeldEntry | undefined {
  return set.cache.heldChunks.find((e) => e.key === key);
}

/** The window of `entry` holding [from, to), or a new one starting at `from`; the previous window is let go. */
function windowFor(entry: HeldEntry, from: number, to: number, chunkBytes: number, signal?: AbortSignal): Window {
  const current = entry.window;
  if (current && current.from <= from && to <= current.to) return current;
  if (current) {
    current.cached = false;
    releaseWindowIfUnused(current);
  }
  const end = Math.min(chunkBytes, from + HELD_WINDOW_BYTES);
  // The window keeps its chunk in use until the copy out of the worker is done.
  entry.users++;
  const read = handled(entry.held.then((h) => h.read(from, end, signal)));
  void read.then(
    () => undefined,
    () => undefined,
  ).finally(() => {
    entry.users--;
    releaseHeldIfUnused(entry);
  });
  const window: Window = { from, to: end, read, users: 0, cached: true };
  entry.window = window;
  return window;
}

/** Units of a solid blob read from held chunks, at most HELD_WINDOW_BYTES each, in order. */
export async function* heldSolidUnits(
  set: WimSet,
  home: BlobHome,
  layout: ChunkLayout,
  resource: number,
  offsetInResource: number,
  ctx: BlobReadContext,
  signal?: AbortSignal,
): AsyncGenerator<BlobUnit> {
  const end = offsetInResource + home.blob.size;
  for (let at = offsetInResource; at < end; ) {
    const i = Math.floor(at / layout.chunkSize);
    const base = i * layout.chunkSize;
    const to = Math.min(end, base + layout.chunkSize, at + HELD_WINDOW_BYTES);
    const [from, size] = [at - base, to - at];
    const chunkBytes = Math.min(layout.chunkSize, layout.uncompressedSize - base);
    const key = `${home.part.fileIndex}/${resource}/${i}`;
    const reuses = cachedEntry(set, key)?.window;
    yield {
      size,
      weight: reuses && reuses.from <= from && from + size <= reuses.to ? 0 : WINDOW_WEIGHT,
      direct: false,
      start: () => {
        const entry = heldChunk(set, home, layout, resource, i, ctx, signal);
        if (i + 1 < layout.chunkCount) heldChunk(set, home, layout, resource, i + 1, ctx, signal);
        const window = windowFor(entry, from, from + size, chunkBytes, signal);
        window.users++;
        let released = false;
        const release = (): void => {
          if (released) return;
          released = true;
          window.users--;
          releaseWindowIfUnused(window);
        };
        return handled(
          window.read.then(
            (d) => ({ bytes: d.bytes.subarray(from - window.from, from - window.from + size), release }),
            (error: unknown) => {
              release();
              throw inBlob(error, home);
            },
          ),
        );
      },
    };
    at = to;
  }
}

/**
 * Lets go of every chunk `set` holds, in use or not (the job that read them is over: a slice still in flight
 * fails, nothing waits for one), so the pool's workers are free for the next job.
 */
export function releaseHeldChunks(set: WimSet): void {
  for (const entry of set.cache.heldChunks.splice(0)) {
    entry.cached = false;
    if (entry.window) entry.window.cached = false;
    entry.held.then((h) => h.release(), () => undefined);
  }
}
