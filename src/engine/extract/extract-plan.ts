/**
 * Extraction plan: what to create where, decided before any byte is written. Walks the chosen subtrees of an
 * image, names every child through the path policy (renames recorded), and sorts entries into the phases the job
 * runs in order: directories (parents first), files (one per hard-link group; the others become hard links),
 * links (symlinks and junctions, created last so nothing is ever written through them), then timestamps.
 * What a POSIX target cannot hold (named data streams, security descriptors) is counted per file — per inode, a
 * hard-link group counting once — as wimlib reports it ("Ignoring named data streams of N files").
 */
import { isDirectory, type WimEntry } from '../../formats/wim/metadata';
import { FILE_ATTRIBUTE_REPARSE_POINT } from '../../formats/wim/dentry';
import { isLinkReparseTag } from '../../formats/wim/reparse';
import type { PathProfile } from '../../io/byte-sink';
import { nameChildren } from './path-policy';

export interface PlannedItem {
  entry: WimEntry;
  /** Path in the image, "/"-separated (for messages and reports). */
  imagePath: string;
  /** Path components under the target root. */
  target: string[];
}

export interface ExtractPlan {
  directories: PlannedItem[];
  files: PlannedItem[];
  /** Later names of hard-link groups: `existing` is the target of the first name. */
  hardLinks: (PlannedItem & { existing: string[] })[];
  links: PlannedItem[];
  renamed: { imagePath: string; written: string; reason: string }[];
  /** Named data streams not extracted (the target has no place for them). */
  skippedNamedStreams: number;
  /** Files (inodes) with at least one named data stream. */
  filesWithNamedStreams: number;
  /** Files (inodes, directories included) with a security descriptor. */
  filesWithSecurityDescriptors: number;
  /** Reparse points other than symlinks/junctions: extracted as plain files or directories. */
  otherReparsePoints: string[];
  /** Bytes of file data to write (one per hard-link group). */
  totalBytes: number;
}

export interface PlanRoot {
  entry: WimEntry;
  imagePath: string;
  /** Where it goes under the target root ([] = the root itself, for a whole-image apply). */
  target: string[];
}

export function isLinkEntry(entry: WimEntry): boolean {
  return (entry.attributes & FILE_ATTRIBUTE_REPARSE_POINT) !== 0 && isLinkReparseTag(entry.reparseTag);
}

/** A dentry's security id is -1 (stored as 0xFFFFFFFF) when the file has no security descriptor. */
function hasSecurityDescriptor(entry: WimEntry): boolean {
  return entry.securityId >= 0 && entry.securityId !== 0xffffffff;
}

/** Builds the plan. `sizeOf` gives a blob's size (0 when unknown: the job reports missing blobs itself). */
export function planExtraction(
  roots: readonly PlanRoot[],
  profile: PathProfile,
  caseInsensitive: boolean,
  sizeOf: (hash: string) => number,
): ExtractPlan {
  const plan: ExtractPlan = {
    directories: [],
    files: [],
    hardLinks: [],
    links: [],
    renamed: [],
    skippedNamedStreams: 0,
    filesWithNamedStreams: 0,
    filesWithSecurityDescriptors: 0,
    otherReparsePoints: [],
    totalBytes: 0,
  };
  const firstOfGroup = new Map<bigint, string[]>();
  const talliedGroups = new Set<bigint>();
  const tallyInode = (entry: WimEntry): void => {
    if (entry.hardLinkGroupId !== 0n) {
      if (talliedGroups.has(entry.hardLinkGroupId)) return;
      talliedGroups.add(entry.hardLinkGroupId);
    }
    plan.skippedNamedStreams += entry.namedStreams.length;
    if (entry.namedStreams.length) plan.filesWithNamedStreams++;
    if (hasSecurityDescriptor(entry)) plan.filesWithSecurityDescriptors++;
  };
  const place = (item: PlannedItem): void => {
    const { entry } = item;
    tallyInode(entry);
    if (isLinkEntry(entry)) {
      plan.links.push(item);
      return;
    }
    if (entry.attributes & FILE_ATTRIBUTE_REPARSE_POINT) plan.otherReparsePoints.push(item.imagePath);
    if (isDirectory(entry)) {
      plan.directories.push(item);
      return;
    }
    if (entry.hardLinkGroupId !== 0n) {
      const existing = firstOfGroup.get(entry.hardLinkGroupId);
      if (existing) {
        plan.hardLinks.push({ ...item, existing });
        return;
      }
      firstOfGroup.set(entry.hardLinkGroupId, item.target);
    }
    plan.files.push(item);
    if (entry.dataHash) plan.totalBytes += sizeOf(entry.dataHash);
  };

  const stack: PlannedItem[] = [];
  for (const root of roots) {
    place(root);
    if (isDirectory(root.entry) && !isLinkEntry(root.entry)) stack.push(root);
    while (stack.length) {
      const dir = stack.pop()!;
      const children = dir.entry.children ?? [];
      const names = nameChildren(
        children.map((c) => c.name),
        profile,
        caseInsensitive,
      );
      // Reverse so that the stack visits children in stored order (directories still come before their content).
      const items: PlannedItem[] = children.map((entry, i) => {
        const written = names[i]!;
        const imagePath = dir.imagePath === '/' ? `/${entry.name}` : `${dir.imagePath}/${entry.name}`;
        const target = [...dir.target, written.name];
        if (written.reason) plan.renamed.push({ imagePath, written: target.join('/'), reason: written.reason });
        return { entry, imagePath, target };
      });
      for (const item of items) place(item);
      for (let i = items.length - 1; i >= 0; i--) {
        const item = items[i]!;
        if (isDirectory(item.entry) && !isLinkEntry(item.entry)) stack.push(item);
      }
    }
  }
  return plan;
}
