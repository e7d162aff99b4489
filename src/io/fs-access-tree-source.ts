/**
 * TreeSource over a FileSystemDirectoryHandle (a folder picked with showDirectoryPicker, or an OPFS directory in
 * tests): the browser side of capture. The File System Access API shows only files and directories — no hard
 * links, no symlinks, no creation or access times — so every file stands alone and its one known time
 * (File.lastModified, in milliseconds) is used for creation, write and access alike, as wimlib does on Linux.
 * Files are read in slices of at most FS_ACCESS_PIECE_BYTES, never whole.
 */
import { ErrorCode, ImagewrightError, throwIfAborted } from '../shared/errors';
import type { TreeNode, TreeSource } from './tree-source';

/** Bytes per slice of a file being captured (bounded memory: a few slices are in flight at most). */
export const FS_ACCESS_PIECE_BYTES = 8 * 1024 * 1024;
const FILETIME_UNIX_EPOCH = 116444736000000000n;

/** The parts of the handle interfaces this source uses (fakes in unit tests implement just these). */
export interface TreeFileHandle {
  readonly kind: 'file';
  readonly name: string;
  getFile(): Promise<Blob & { lastModified: number }>;
}
export interface TreeDirectoryHandle {
  readonly kind: 'directory';
  readonly name: string;
  getDirectoryHandle(name: string): Promise<TreeDirectoryHandle>;
  getFileHandle(name: string): Promise<TreeFileHandle>;
  values(): AsyncIterable<TreeFileHandle | TreeDirectoryHandle>;
}

export function filetimeOfMs(ms: number): bigint {
  return FILETIME_UNIX_EPOCH + BigInt(Math.round(ms)) * 10000n;
}

function readFailed(path: readonly string[], cause: unknown): ImagewrightError {
  return new ImagewrightError(ErrorCode.IO_READ_FAILED, { path: path.join('/') || '.', detail: String((cause as Error)?.message ?? cause), cause });
}

export class FsAccessTreeSource implements TreeSource {
  /** Absolute symlink targets cannot occur: this API has no links. */
  readonly rootPath = undefined;
  /** Time of the root, which has no File to ask: when the capture started. */
  private readonly rootTime = filetimeOfMs(Date.now());

  constructor(private readonly root: TreeDirectoryHandle) {}

  private async directory(path: readonly string[]): Promise<TreeDirectoryHandle> {
    let dir = this.root;
    try {
      for (const name of path) dir = await dir.getDirectoryHandle(name);
    } catch (cause) {
      throw readFailed(path, cause);
    }
    return dir;
  }

  private async fileOf(path: readonly string[]): Promise<Blob & { lastModified: number }> {
    const dir = await this.directory(path.slice(0, -1));
    try {
      return await (await dir.getFileHandle(path.at(-1)!)).getFile();
    } catch (cause) {
      throw readFailed(path, cause);
    }
  }

  private async node(handle: TreeFileHandle | TreeDirectoryHandle, path: readonly string[]): Promise<TreeNode> {
    if (handle.kind === 'directory') {
      return { name: handle.name, kind: 'directory', size: 0, creationTime: this.rootTime, lastWriteTime: this.rootTime, lastAccessTime: this.rootTime };
    }
    let file: Blob & { lastModified: number };
    try {
      file = await handle.getFile();
    } catch (cause) {
      throw readFailed(path, cause);
    }
    const time = filetimeOfMs(file.lastModified);
    return { name: handle.name, kind: 'file', size: file.size, creationTime: time, lastWriteTime: time, lastAccessTime: time };
  }

  async stat(path: readonly string[]): Promise<TreeNode> {
    if (path.length === 0) return { ...(await this.node(this.root, path)), name: '' };
    const parent = await this.directory(path.slice(0, -1));
    const name = path.at(-1)!;
    const handle = await parent.getDirectoryHandle(name).catch(() => parent.getFileHandle(name)).catch((cause: unknown) => {
      throw readFailed(path, cause);
    });
    return this.node(handle, path);
  }

  async list(path: readonly string[], signal?: AbortSignal): Promise<TreeNode[]> {
    const dir = await this.directory(path);
    const out: TreeNode[] = [];
    try {
      for await (const handle of dir.values()) {
        throwIfAborted(signal);
        out.push(await this.node(handle, [...path, handle.name]));
      }
    } catch (error) {
      if (error instanceof ImagewrightError || (error as Error)?.name === 'AbortError') throw error;
      throw readFailed(path, error);
    }
    return out;
  }

  async *readFile(path: readonly string[], signal?: AbortSignal): AsyncIterable<Uint8Array> {
    const file = await this.fileOf(path);
    for (let at = 0; at < file.size; at += FS_ACCESS_PIECE_BYTES) {
      throwIfAborted(signal);
      let piece: ArrayBuffer;
      try {
        piece = await file.slice(at, Math.min(file.size, at + FS_ACCESS_PIECE_BYTES)).arrayBuffer();
      } catch (cause) {
        // A File read after the file changed on disk fails with NotReadableError: name the file.
        throw readFailed(path, cause);
      }
      yield new Uint8Array(piece);
    }
  }
}
