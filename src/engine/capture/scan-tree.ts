/**
 * scanTree: walks a TreeSource (a Node folder now, a FileSystemDirectoryHandle later) into the image's tree of
 * WimEntry nodes, the same shape the reader produces, so one metadata writer serves capture and export.
 *
 * What a POSIX folder gives, as wimlib captures it on Linux: directories (attribute 0x10), files (0x80 NORMAL),
 * symlinks as symlink reparse points (0x400, plus 0x10 when they point at a directory; RP_FIX makes absolute
 * links into the folder image-rooted), hard links as one inode (a shared non-zero group id, one blob), no
 * security descriptors, times from mtime/atime. Paths matched by the capture configuration are left out.
 * Each file with contents becomes a CapturedData item; its entries receive the SHA-1 once it is known.
 */
import { FILE_ATTRIBUTE_DIRECTORY, FILE_ATTRIBUTE_REPARSE_POINT, NO_SECURITY_ID } from '../../formats/wim/dentry';
import type { WimEntry } from '../../formats/wim/metadata';
import { captureSymlink } from '../../formats/wim/write/reparse';
import type { TreeNode, TreeSource } from '../../io/tree-source';
import { throwIfAborted } from '../../shared/errors';

export const FILE_ATTRIBUTE_NORMAL = 0x80;

export interface CapturedData {
  /** Source path of the file (or the link, for reparse data). */
  path: readonly string[];
  size: number;
  /** In-memory bytes (reparse data); files are read from the source. */
  bytes?: Uint8Array;
  /** The entries whose data (or reparse) hash this is. */
  entries: WimEntry[];
  kind: 'data' | 'reparse';
}

export interface ScannedTree {
  root: WimEntry;
  data: CapturedData[];
  /** Image paths left out by the configuration. */
  excluded: string[];
}

function newEntry(node: TreeNode, attributes: number): WimEntry {
  return {
    name: node.name,
    shortName: '',
    attributes,
    securityId: NO_SECURITY_ID,
    creationTime: node.creationTime,
    lastAccessTime: node.lastAccessTime,
    lastWriteTime: node.lastWriteTime,
    dataHash: undefined,
    reparseHash: undefined,
    reparseTag: 0,
    reparseReserved: 0,
    rpNotFixed: false,
    namedStreams: [],
    hardLinkGroupId: 0n,
    taggedItems: [],
    children: attributes & FILE_ATTRIBUTE_DIRECTORY ? [] : undefined,
    offset: 0,
  };
}

export interface ScanOptions {
  isExcluded(imagePath: string): boolean;
  rpFix: boolean;
  signal?: AbortSignal;
}

export async function scanTree(source: TreeSource, options: ScanOptions): Promise<ScannedTree> {
  const rootNode = await source.stat([]);
  const root = newEntry({ ...rootNode, name: '' }, FILE_ATTRIBUTE_DIRECTORY);
  const data: CapturedData[] = [];
  const excluded: string[] = [];
  const byFileKey = new Map<string, CapturedData>();
  const fixRoot = options.rpFix ? source.rootPath : undefined;
  let nextGroupId = 1n;
  const stack: { dir: WimEntry; path: string[] }[] = [{ dir: root, path: [] }];
  while (stack.length) {
    throwIfAborted(options.signal);
    const { dir, path } = stack.pop()!;
    for (const node of await source.list(path, options.signal)) {
      const childPath = [...path, node.name];
      const imagePath = `\\${childPath.join('\\')}`;
      if (options.isExcluded(imagePath)) {
        excluded.push(imagePath);
        continue;
      }
      let entry: WimEntry;
      if (node.kind === 'directory') {
        entry = newEntry(node, FILE_ATTRIBUTE_DIRECTORY);
        stack.push({ dir: entry, path: childPath });
      } else if (node.kind === 'symlink') {
        entry = newEntry(node, FILE_ATTRIBUTE_REPARSE_POINT | (node.linkToDirectory ? FILE_ATTRIBUTE_DIRECTORY : 0));
        const link = captureSymlink(node.linkTarget ?? '', fixRoot);
        entry.reparseTag = link.tag;
        entry.rpNotFixed = link.notFixed;
        data.push({ path: childPath, size: link.data.length, bytes: link.data, entries: [entry], kind: 'reparse' });
      } else {
        entry = newEntry(node, FILE_ATTRIBUTE_NORMAL);
        const shared = node.fileKey === undefined ? undefined : byFileKey.get(node.fileKey);
        if (shared) {
          shared.entries.push(entry);
        } else if (node.size > 0 || node.fileKey !== undefined) {
          const item: CapturedData = { path: childPath, size: node.size, entries: [entry], kind: 'data' };
          if (node.fileKey !== undefined) byFileKey.set(node.fileKey, item);
          if (node.size > 0) data.push(item);
        }
      }
      dir.children!.push(entry);
    }
  }
  // Hard links: names of one file share a non-zero group id (only when more than one name was captured).
  for (const item of byFileKey.values()) {
    if (item.entries.length > 1) {
      const id = nextGroupId++;
      for (const e of item.entries) e.hardLinkGroupId = id;
    }
  }
  return { root, data, excluded };
}
