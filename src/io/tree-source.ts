/**
 * TreeSource: a folder being captured — a Node fs directory (CLI, tests) now, a FileSystemDirectoryHandle in the
 * browser later. Paths are arrays of names below the root. Only what a WIM can hold from such a source is asked:
 * kind, size, times, link target, and which names share one file (hard links; a browser source has none).
 */
export type TreeNodeKind = 'file' | 'directory' | 'symlink';

export interface TreeNode {
  name: string;
  kind: TreeNodeKind;
  /** Bytes of file contents (0 for directories and links). */
  size: number;
  /** FILETIME (100 ns since 1601-01-01 UTC). */
  creationTime: bigint;
  lastWriteTime: bigint;
  lastAccessTime: bigint;
  /** Symlinks: the target exactly as stored by the file system. */
  linkTarget?: string;
  /** Symlinks: whether the target is a directory (Windows makes directory links then). */
  linkToDirectory?: boolean;
  /** Same non-empty key ⇔ same file (hard links); undefined when the file has one name. */
  fileKey?: string;
}

export interface TreeSource {
  /** The root folder, absolute, as symlink targets name it (absolute links under it are made image-rooted). */
  readonly rootPath: string | undefined;
  /** The root itself (name ''). */
  stat(path: readonly string[]): Promise<TreeNode>;
  /** Entries of a directory, in any order. */
  list(path: readonly string[], signal?: AbortSignal): Promise<TreeNode[]>;
  /** Contents of a file in pieces, in order; each piece is a fresh buffer the caller may transfer. */
  readFile(path: readonly string[], signal?: AbortSignal): AsyncIterable<Uint8Array>;
}
