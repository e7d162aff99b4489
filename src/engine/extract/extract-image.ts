/**
 * extractImage: the `apply` / `extract` job. Realm-agnostic: it writes through a TreeSink (Node folder, picked
 * folder, OPFS), decodes through the BlobReadContext's ChunkDecoder (in-process or a worker pool), and reports
 * progress (bytes done of total, so the UI shows MB/s and an ETA) and honours an AbortSignal.
 *
 * Phases (extract-plan.ts): directories; files, in blob storage order so blobs sharing a solid chunk are decoded
 * once, through one read-ahead pipeline (write-files.ts: each file is committed once its SHA-1 matched, aborted
 * on any error or cancel); hard links; symlinks and junctions (targets as wimlib makes them on Linux, RP_FIX links re-rooted at the
 * target folder); then last-write and last-access times, files first and directories deepest first (writing into
 * a directory changes its times).
 */
import { readBlobBytes, blobMissingError } from '../../formats/wim/blob-reader';
import type { BlobReadContext } from '../../formats/wim/chunk-decoder';
import { findEntry, splitImagePath } from '../../formats/wim/collation';
import type { WimImage } from '../../formats/wim/image';
import { isDirectory } from '../../formats/wim/metadata';
import { parseLinkReparseData, posixLinkTarget } from '../../formats/wim/reparse';
import { WIM_HDR_FLAG_RP_FIX } from '../../formats/wim/header';
import type { BlobHome, WimSet } from '../../formats/wim/wim-set';
import type { TreeSink } from '../../io/byte-sink';
import { eachLimited } from '../../shared/each-limited';
import { isAbortError, throwIfAborted } from '../../shared/errors';
import { throttleProgress, type ProgressCallback } from '../progress';
import { planExtraction, type ExtractPlan, type PlanRoot, type PlannedItem } from './extract-plan';
import { atPath, writeFiles } from './write-files';

export interface ExtractOptions {
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  /** Image paths to extract, each to <target>/<its name>; default: the whole image into the target root. */
  paths?: readonly string[];
  /**
   * Absolute path of the target folder as links should name it. With it (and RP_FIX in the WIM header), absolute
   * links that capture stored relative to the image root point into the extracted tree, as wimlib does; without
   * it they keep their image-rooted form.
   */
  targetRoot?: string;
}

export interface ExtractReport {
  directories: number;
  files: number;
  hardLinks: number;
  links: number;
  bytes: number;
  renamed: ExtractPlan['renamed'];
  skippedNamedStreams: number;
  /** Files (inodes) whose named data streams / security descriptors the target could not hold. */
  filesWithNamedStreams: number;
  filesWithSecurityDescriptors: number;
  otherReparsePoints: string[];
}

const FILETIME_UNIX_EPOCH = 116444736000000000n;

/** Milliseconds with the 100 ns ticks kept as a fraction (as close as a double gets: within a microsecond). */
function filetimeToMs(filetime: bigint): number {
  const ticks = filetime - FILETIME_UNIX_EPOCH;
  return Number(ticks / 10_000n) + Number(ticks % 10_000n) / 10_000;
}

function rootsOf(image: WimImage, paths: readonly string[] | undefined): PlanRoot[] {
  if (!paths || paths.length === 0) return [{ entry: image.metadata.root, imagePath: '/', target: [] }];
  return paths.map((path) => {
    const entry = findEntry(image.metadata.root, path);
    const names = splitImagePath(path);
    const imagePath = `/${names.join('/')}`;
    // Like wimlib extract without --preserve-dir-structure: each path lands under its own name ("/" = the tree).
    return { entry, imagePath, target: names.length ? [names.at(-1)!] : [] };
  });
}

/** Storage-order key: blobs sharing a solid chunk end up next to each other. */
function storageKey(home: BlobHome | undefined): [number, number, number] {
  if (!home) return [-1, -1, -1];
  const l = home.blob.location;
  return l.kind === 'solid' ? [home.part.fileIndex, l.resource, l.offsetInResource] : [home.part.fileIndex, -1, l.offset];
}

export async function extractImage(
  set: WimSet,
  image: WimImage,
  sink: TreeSink,
  ctx: BlobReadContext,
  options: ExtractOptions = {},
): Promise<ExtractReport> {
  const { signal } = options;
  const progress = throttleProgress(options.onProgress);
  const plan = planExtraction(rootsOf(image, options.paths), sink.profile, sink.caseInsensitive, (hash) => set.blobs.get(hash)?.blob.size ?? 0);
  const report: ExtractReport = {
    directories: 0,
    files: 0,
    hardLinks: 0,
    links: 0,
    bytes: 0,
    renamed: plan.renamed,
    skippedNamedStreams: plan.skippedNamedStreams,
    filesWithNamedStreams: plan.filesWithNamedStreams,
    filesWithSecurityDescriptors: plan.filesWithSecurityDescriptors,
    otherReparsePoints: plan.otherReparsePoints,
  };

  for (const dir of plan.directories) {
    throwIfAborted(signal);
    await sink.createDirectory(dir.target).catch((e: unknown) => Promise.reject(atPath(e, dir.imagePath)));
    report.directories++;
  }

  const files = plan.files
    .map((item) => ({ item, home: item.entry.dataHash ? set.blobs.get(item.entry.dataHash) : undefined }))
    .sort((a, b) => {
      const [x, y] = [storageKey(a.home), storageKey(b.home)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    });
  await writeFiles(set, ctx, sink, files, signal, (n, item) => {
    report.bytes += n;
    progress({ phase: 'data', done: report.bytes, total: plan.totalBytes, item: item.imagePath });
  });
  report.files += files.length;
  progress({ phase: 'data', done: plan.totalBytes, total: plan.totalBytes });

  // A target without hard links gets a second copy of the data.
  const copies = sink.createHardLink ? [] : plan.hardLinks.map((item) => ({ item, home: item.entry.dataHash ? set.blobs.get(item.entry.dataHash) : undefined }));
  await writeFiles(set, ctx, sink, copies, signal, () => undefined);
  for (const link of plan.hardLinks) {
    throwIfAborted(signal);
    if (sink.createHardLink) await sink.createHardLink(link.existing, link.target).catch((e: unknown) => Promise.reject(atPath(e, link.imagePath)));
    report.hardLinks++;
  }

  const rpFix = (set.main.header.flags & WIM_HDR_FLAG_RP_FIX) !== 0 ? options.targetRoot : undefined;
  for (const link of plan.links) {
    throwIfAborted(signal);
    if (await createLink(set, ctx, sink, link, rpFix, signal)) report.links++;
  }

  await applyTimes(sink, plan, signal);
  return report;
}

/** Creates one symlink/junction; returns false when the sink cannot make links. */
async function createLink(
  set: WimSet,
  ctx: BlobReadContext,
  sink: TreeSink,
  item: PlannedItem,
  fixedRoot: string | undefined,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  if (!sink.createSymlink) return false;
  const { entry } = item;
  const home = entry.reparseHash ? set.blobs.get(entry.reparseHash) : undefined;
  if (!home) throw atPath(blobMissingError(entry.reparseHash ?? '0'.repeat(40)), item.imagePath);
  try {
    const data = await readBlobBytes(set, home, ctx, signal);
    const link = parseLinkReparseData(entry.reparseTag, data, item.imagePath);
    await sink.createSymlink(item.target, posixLinkTarget(link, entry.rpNotFixed, fixedRoot), isDirectory(entry));
  } catch (error) {
    throw isAbortError(error) ? error : atPath(error, item.imagePath);
  }
  return true;
}

/** Times set at once: each is a small filesystem call, and one at a time each would wait for a round trip. */
const TIMES_IN_FLIGHT = 16;

async function applyTimes(sink: TreeSink, plan: ExtractPlan, signal: AbortSignal | undefined): Promise<void> {
  const setTimes = sink.setTimes?.bind(sink);
  if (!setTimes) return;
  const apply = async (item: PlannedItem): Promise<void> => {
    throwIfAborted(signal);
    const times = { lastWrite: filetimeToMs(item.entry.lastWriteTime), lastAccess: filetimeToMs(item.entry.lastAccessTime) };
    await setTimes(item.target, times).catch((e: unknown) => Promise.reject(atPath(e, item.imagePath)));
  };
  // Symlinks too (the sink sets a link's own times, as wimlib does with lutimes). Directories after everything
  // inside them exists (a later create would change a folder's time); setting a time changes no folder's, so
  // within each group the order does not matter.
  await eachLimited([...plan.files, ...(sink.createSymlink ? plan.links : [])], TIMES_IN_FLIGHT, apply);
  await eachLimited(plan.directories, TIMES_IN_FLIGHT, apply);
}
