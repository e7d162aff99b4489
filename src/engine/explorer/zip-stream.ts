/**
 * ZIP download of image entries for browsers without a folder picker: a pull-driven ReadableStream of ZIP bytes
 * made by fflate (entries stored, not deflated: Windows payloads are mostly already compressed, and storing keeps
 * the CPU free for WIM decoding). Only the file being read and the chunks fflate emitted for it are in memory:
 * each pull() advances the job until at least one chunk is ready, so a slow consumer (the download) holds the job.
 *
 * fflate writes classic ZIP (no ZIP64): a file of 4 GiB or more, or an archive whose total would pass 4 GiB, is
 * refused up front (READ_TOO_LARGE) rather than producing a broken archive. Symlinks and junctions are left out
 * (a ZIP has no portable place for them); hard links are stored once per name. Names go through the path policy
 * ('windows' profile) and keep the image's folder structure below each picked entry, which lands under its own
 * name. Times: last write time, clamped to the DOS range 1980–2099.
 */
import { Zip, ZipPassThrough } from 'fflate';
import { readBlob } from '../../formats/wim/blob-reader';
import type { BlobReadContext } from '../../formats/wim/chunk-decoder';
import type { WimEntry } from '../../formats/wim/metadata';
import type { WimSet } from '../../formats/wim/wim-set';
import { ErrorCode, ImagewrightError, throwIfAborted } from '../../shared/errors';
import { safeComponent } from '../extract/path-policy';
import { throttleProgress } from '../progress';
import { blobSize, entryKind, filetimeToMs, joinImagePath } from './entry-facts';
import type { ExplorerProgress } from './explorer-api';
import { resolveEntry, sortedChildrenOf, type ExplorerImage } from './session';

const ZIP32_LIMIT = 0xffffffff;
const DOS_MIN = Date.UTC(1980, 0, 2);
const DOS_MAX = Date.UTC(2099, 11, 31);

interface ZipItem {
  entry: WimEntry;
  imagePath: string;
  name: string;
}

/** Entries to store, parents before children; links left out. */
export function planZip(image: ExplorerImage, paths: readonly string[]): ZipItem[] {
  const items: ZipItem[] = [];
  const stack: { entry: WimEntry; imagePath: string; name: string }[] = [];
  for (const p of [...paths].reverse()) {
    const { entry, path } = resolveEntry(image.image.metadata.root, p);
    if (path === '/') {
      for (const child of [...sortedChildrenOf(image, entry)].reverse()) stack.push({ entry: child, imagePath: joinImagePath('/', child.name), name: safeComponent(child.name, 'windows').name });
    } else stack.push({ entry, imagePath: path, name: safeComponent(entry.name, 'windows').name });
  }
  while (stack.length) {
    const item = stack.pop()!;
    const kind = entryKind(item.entry);
    if (kind === 'symlink' || kind === 'junction') continue;
    items.push(item);
    if (item.entry.children) {
      const children = sortedChildrenOf(image, item.entry);
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i]!;
        stack.push({ entry: child, imagePath: joinImagePath(item.imagePath, child.name), name: `${item.name}/${safeComponent(child.name, 'windows').name}` });
      }
    }
  }
  return items;
}

function zipTime(entry: WimEntry): Date {
  const ms = filetimeToMs(entry.lastWriteTime);
  return new Date(Math.min(DOS_MAX, Math.max(DOS_MIN, ms)));
}

export function createZipStream(
  set: WimSet,
  image: ExplorerImage,
  paths: readonly string[],
  ctx: BlobReadContext,
  signal: AbortSignal,
  onProgress: ((progress: ExplorerProgress) => void) | undefined,
  onDone: () => void,
): ReadableStream<Uint8Array> {
  const items = planZip(image, paths);
  let total = 0;
  let overhead = 22;
  for (const item of items) {
    const size = item.entry.children ? 0 : blobSize(set, item.entry.dataHash);
    const nameBytes = new TextEncoder().encode(item.name).length + 1;
    if (size >= ZIP32_LIMIT) throw new ImagewrightError(ErrorCode.READ_TOO_LARGE, { path: item.imagePath, params: { length: size, limit: ZIP32_LIMIT }, detail: 'ZIP without ZIP64 cannot hold it' });
    total += size;
    overhead += 30 + 46 + 2 * nameBytes + 16;
  }
  if (total + overhead >= ZIP32_LIMIT) throw new ImagewrightError(ErrorCode.READ_TOO_LARGE, { params: { length: total, limit: ZIP32_LIMIT }, detail: 'the ZIP would pass 4 GiB (no ZIP64); extract to a folder instead' });

  const queue: Uint8Array[] = [];
  let failure: unknown;
  let finished = false;
  const zip = new Zip((error, data, final) => {
    if (error) failure = error;
    else queue.push(data);
    if (final) finished = true;
  });
  const progress = throttleProgress(onProgress ? (p) => onProgress({ done: p.done, total: p.total, files, ...(p.item ? { item: p.item } : {}) }) : undefined);
  let files = 0;
  let done = 0;
  let index = 0;
  let current: { file: ZipPassThrough; pieces: AsyncGenerator<Uint8Array> } | undefined;

  /** Advances the job by one step: a directory entry, one piece of a file, or the end. */
  const step = async (): Promise<void> => {
    throwIfAborted(signal);
    if (current) {
      const next = await current.pieces.next();
      if (next.done) {
        current.file.push(new Uint8Array(0), true);
        current = undefined;
        files++;
      } else {
        current.file.push(next.value);
        done += next.value.length;
        progress({ phase: 'data', done, total, item: items[index - 1]!.imagePath });
      }
      return;
    }
    if (index === items.length) {
      zip.end();
      progress({ phase: 'data', done: total, total });
      return;
    }
    const item = items[index++]!;
    const isDir = item.entry.children !== undefined;
    const file = new ZipPassThrough(isDir ? `${item.name}/` : item.name);
    file.mtime = zipTime(item.entry);
    zip.add(file);
    if (isDir || item.entry.dataHash === undefined) {
      file.push(new Uint8Array(0), true);
      if (!isDir) files++;
    } else current = { file, pieces: readBlob(set, item.entry.dataHash, ctx, signal) };
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          while (queue.length === 0 && !finished && failure === undefined) await step();
          if (failure !== undefined) throw failure;
          while (queue.length) controller.enqueue(queue.shift()!);
          if (finished) {
            controller.close();
            onDone();
          }
        } catch (error) {
          zip.terminate();
          onDone();
          controller.error(error);
        }
      },
      async cancel() {
        zip.terminate();
        await current?.pieces.return(undefined);
        onDone();
      },
    },
    { highWaterMark: 1 },
  );
}
