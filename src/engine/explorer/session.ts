/**
 * Explorer sessions: one open WIM / ESD / SWM set per session, its images' trees read once (on first use) and
 * kept with the small indexes the Explorer needs — link counts per hard-link group, and (lazily) every path of
 * each hard-link group. A listing is then O(children of the directory) and a path lookup O(depth × siblings).
 *
 * Split sets: parts may be picked in any order; part 1 is put first. When parts are missing, SWM_PARTS_MISSING
 * names them by number and by the file name DISM gives them (install.swm, install2.swm, install3.swm…).
 */
import { collateNames } from '../../formats/wim/collation';
import type { BlobReadContext } from '../../formats/wim/chunk-decoder';
import { readWimHeader, type WimHeader } from '../../formats/wim/header';
import { readImage, type WimImage } from '../../formats/wim/image';
import type { WimEntry } from '../../formats/wim/metadata';
import type { WimInfo } from '../../formats/wim/wim-info';
import { closeWimSet, openWimSet, type WimOpenStep, type WimSet } from '../../formats/wim/wim-set';
import type { ByteSource } from '../../io/byte-source';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { wimInfoFromTables } from '../../formats/wim/read-info';
import { linkCountsOf } from '../list';

export interface ExplorerImage {
  index: number;
  image: WimImage;
  linkCounts: Map<bigint, number>;
  /** Built on first need: every path of each hard-link group with more than one name. */
  linkPaths?: Map<bigint, string[]>;
  /** Children sorted in collation order, per directory, as listings ask for them. */
  sorted: WeakMap<WimEntry, WimEntry[]>;
}

export interface ExplorerSession {
  id: string;
  set: WimSet;
  info: WimInfo;
  images: Map<number, Promise<ExplorerImage>>;
}

/** DISM's names for the parts of a split set: part 1 keeps the name, part n gets n before the extension. */
export function expectedPartName(anyPartName: string, partNumber: number, partNumberOfName: number): string {
  const dot = anyPartName.lastIndexOf('.');
  const ext = dot > 0 ? anyPartName.slice(dot) : '';
  let stem = dot > 0 ? anyPartName.slice(0, dot) : anyPartName;
  if (partNumberOfName > 1 && stem.endsWith(String(partNumberOfName))) stem = stem.slice(0, -String(partNumberOfName).length);
  return partNumber === 1 ? `${stem}${ext}` : `${stem}${partNumber}${ext}`;
}

/** Orders the picked files part 1 first and fails with SWM_PARTS_MISSING when parts of a split set are absent. */
export async function orderSplitParts(sources: readonly ByteSource[], signal?: AbortSignal): Promise<ByteSource[]> {
  const headers: { source: ByteSource; header: WimHeader }[] = [];
  for (const source of sources) headers.push({ source, header: await readWimHeader(source, signal) });
  const split = headers.filter((h) => h.header.totalParts > 1);
  if (split.length === 0) return [...sources];
  const first = split.find((h) => h.header.partNumber === 1) ?? split[0]!;
  const { guid, totalParts } = first.header;
  const present = new Set(split.filter((h) => h.header.guid === guid).map((h) => h.header.partNumber));
  const missing: number[] = [];
  for (let n = 1; n <= totalParts; n++) if (!present.has(n)) missing.push(n);
  if (missing.length) {
    throw new ImagewrightError(ErrorCode.SWM_PARTS_MISSING, {
      params: {
        missing: missing.join(', '),
        names: missing.map((n) => expectedPartName(first.source.name, n, first.header.partNumber)).join(', '),
        total: totalParts,
      },
      path: first.source.name,
    });
  }
  return [first.source, ...headers.filter((h) => h !== first).map((h) => h.source)];
}

/** WimInfo of an open set, from the tables it already parsed (inspect() would read every blob table again). */
export async function infoOfSet(set: WimSet, signal?: AbortSignal): Promise<WimInfo> {
  const { main } = set;
  const info = await wimInfoFromTables(main.source, main.header, main.table, set.xml, signal);
  if (main.header.totalParts > 1) {
    const parts = set.files.filter((f) => f.header.guid === main.header.guid).sort((a, b) => a.header.partNumber - b.header.partNumber);
    info.parts = parts.map((p) => ({ partNumber: p.header.partNumber, name: p.source.name, size: p.source.size }));
    info.blobCount = parts.reduce((sum, p) => sum + p.table.blobs.length, 0);
    for (const p of parts) if (p !== main) for (const w of [...p.header.warnings, ...p.table.warnings]) info.warnings.push(`${p.source.name}: ${w}`);
  }
  return info;
}

export class SessionStore {
  private readonly sessions = new Map<string, ExplorerSession>();
  private counter = 0;

  constructor(private readonly readContext: () => Promise<BlobReadContext>) {}

  async open(sources: readonly ByteSource[], signal?: AbortSignal, onStep?: (step: WimOpenStep) => void): Promise<ExplorerSession> {
    const ordered = await orderSplitParts(sources, signal);
    const set = await openWimSet(ordered, signal, onStep ? { onStep } : {});
    try {
      const info = await infoOfSet(set, signal);
      const id = `s${++this.counter}-${Math.random().toString(36).slice(2, 10)}`;
      const session: ExplorerSession = { id, set, info, images: new Map() };
      this.sessions.set(id, session);
      return session;
    } catch (error) {
      await closeWimSet(set);
      throw error;
    }
  }

  get(id: string): ExplorerSession {
    const session = this.sessions.get(id);
    if (!session) throw new ImagewrightError(ErrorCode.SESSION_NOT_FOUND, { params: { session: String(id) } });
    return session;
  }

  async close(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    await closeWimSet(session.set);
  }

  /** The image's tree, read on first use and kept for the session. */
  image(session: ExplorerSession, index: number, signal?: AbortSignal): Promise<ExplorerImage> {
    if (!Number.isInteger(index) || index < 1 || index > session.set.main.header.imageCount) {
      throw new ImagewrightError(ErrorCode.IMAGE_NOT_FOUND, { params: { image: String(index) }, path: session.set.main.source.name });
    }
    let loading = session.images.get(index);
    if (!loading) {
      loading = this.readContext().then(async (ctx) => {
        const image = await readImage(session.set, index, ctx, signal);
        return { index, image, linkCounts: linkCountsOf(image.metadata.root), sorted: new WeakMap() };
      });
      // A failed or cancelled read is not cached: the next call tries again.
      loading.catch(() => session.images.delete(index));
      session.images.set(index, loading);
    }
    return loading;
  }
}

export function normalizeImagePath(path: string): string {
  const names = path.split(/[\\/]+/).filter((n) => n !== '');
  return `/${names.join('/')}`;
}

/** Finds the entry at `path`: exact name first, else the case-insensitive match (Windows semantics). */
export function resolveEntry(root: WimEntry, path: string): { entry: WimEntry; path: string } {
  let entry = root;
  const names: string[] = [];
  for (const name of path.split(/[\\/]+/)) {
    if (name === '') continue;
    const children = entry.children;
    let next = children?.find((c) => c.name === name);
    if (!next && children) {
      const upper = name.toUpperCase();
      next = children.find((c) => c.name.toUpperCase() === upper);
    }
    if (!next) throw new ImagewrightError(ErrorCode.PATH_NOT_FOUND, { params: { path }, path });
    names.push(next.name);
    entry = next;
  }
  return { entry, path: `/${names.join('/')}` };
}

export function sortedChildrenOf(image: ExplorerImage, dir: WimEntry): WimEntry[] {
  let sorted = image.sorted.get(dir);
  if (!sorted) {
    sorted = dir.children ? [...dir.children].sort((a, b) => collateNames(a.name, b.name)) : [];
    image.sorted.set(dir, sorted);
  }
  return sorted;
}

/** Every path of each hard-link group with two or more names, in image (depth-first) order. */
export function linkPathsOf(image: ExplorerImage): Map<bigint, string[]> {
  if (image.linkPaths) return image.linkPaths;
  const paths = new Map<bigint, string[]>();
  const stack: { entry: WimEntry; path: string }[] = [{ entry: image.image.metadata.root, path: '' }];
  while (stack.length) {
    const { entry, path } = stack.pop()!;
    if (entry.children) {
      for (let i = entry.children.length - 1; i >= 0; i--) stack.push({ entry: entry.children[i]!, path: `${path}/${entry.children[i]!.name}` });
    } else if (entry.hardLinkGroupId !== 0n && (image.linkCounts.get(entry.hardLinkGroupId) ?? 0) > 1) {
      const list = paths.get(entry.hardLinkGroupId);
      if (list) list.push(path);
      else paths.set(entry.hardLinkGroupId, [path]);
    }
  }
  image.linkPaths = paths;
  return paths;
}
