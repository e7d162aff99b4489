/** TreeSource over a folder on disk through Node's fs (CLI, tests, benchmarks). */
import { lstat, open, opendir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readlink } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { ErrorCode, ImagewrightError, throwIfAborted } from '../shared/errors';
import type { TreeNode, TreeSource } from './tree-source';

/** Bytes per read of a file being captured. */
export const FILE_PIECE_BYTES = 1 << 20;
const FILETIME_UNIX_EPOCH = 116444736000000000n;

function filetimeOf(ns: bigint): bigint {
  return FILETIME_UNIX_EPOCH + ns / 100n;
}

export class NodeTreeSource implements TreeSource {
  private constructor(readonly root: string, readonly rootPath: string) {}

  static async open(root: string): Promise<NodeTreeSource> {
    let real: string;
    try {
      real = await realpath(root);
      if (!(await stat(real)).isDirectory()) throw new Error('not a directory');
    } catch (cause) {
      throw new ImagewrightError(ErrorCode.IO_READ_FAILED, { path: root, detail: (cause as Error).message, cause });
    }
    return new NodeTreeSource(root, real);
  }

  private full(path: readonly string[]): string {
    return join(this.root, ...path);
  }

  private async node(path: readonly string[], name: string): Promise<TreeNode> {
    const full = this.full(path);
    let st: BigIntStats;
    try {
      st = await lstat(full, { bigint: true });
    } catch (cause) {
      throw new ImagewrightError(ErrorCode.IO_READ_FAILED, { path: full, detail: (cause as Error).message, cause });
    }
    const base = {
      name,
      // Linux keeps no creation time that Node exposes reliably; wimlib stores the modification time there too.
      creationTime: filetimeOf(st.mtimeNs),
      lastWriteTime: filetimeOf(st.mtimeNs),
      lastAccessTime: filetimeOf(st.atimeNs),
    };
    if (st.isDirectory()) return { ...base, kind: 'directory', size: 0 };
    if (st.isSymbolicLink()) {
      const linkTarget = await readlink(full);
      const linkToDirectory = await stat(full).then((s) => s.isDirectory(), () => false);
      return { ...base, kind: 'symlink', size: 0, linkTarget, linkToDirectory };
    }
    if (!st.isFile()) {
      throw new ImagewrightError(ErrorCode.CAPTURE_UNSUPPORTED_FILE, { path: full, detail: 'sockets, FIFOs and device files cannot be captured' });
    }
    return { ...base, kind: 'file', size: Number(st.size), ...(st.nlink > 1n ? { fileKey: `${st.dev}:${st.ino}` } : {}) };
  }

  stat(path: readonly string[]): Promise<TreeNode> {
    return this.node(path, path.at(-1) ?? '');
  }

  async list(path: readonly string[], signal?: AbortSignal): Promise<TreeNode[]> {
    const out: TreeNode[] = [];
    const dir = await opendir(this.full(path));
    for await (const entry of dir) {
      throwIfAborted(signal);
      out.push(await this.node([...path, entry.name], entry.name));
    }
    return out;
  }

  async *readFile(path: readonly string[], signal?: AbortSignal): AsyncIterable<Uint8Array> {
    const full = this.full(path);
    const handle = await open(full, 'r').catch((cause: Error) => {
      throw new ImagewrightError(ErrorCode.IO_READ_FAILED, { path: full, detail: cause.message, cause });
    });
    try {
      for (;;) {
        throwIfAborted(signal);
        const piece = new Uint8Array(FILE_PIECE_BYTES);
        const { bytesRead } = await handle.read(piece, 0, piece.length, null);
        if (bytesRead === 0) return;
        yield bytesRead === piece.length ? piece : piece.slice(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  }
}
