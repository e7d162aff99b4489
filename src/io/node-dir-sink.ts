/**
 * TreeSink over a folder on disk (CLI, tests, benchmarks). Files are written as "<name>.iw-partial-<random>"
 * beside their final place and renamed on commit, so an interrupted extraction never leaves a file that looks
 * complete. Every path is checked to stay inside the root after resolving symlinks already on disk.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { link, lstat, lutimes, mkdir, realpath, rm, symlink } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { ErrorCode, ImagewrightError } from '../shared/errors';
import type { FileTimes, FileWriter, PathProfile, TreeSink } from './byte-sink';

export class NodeDirSink implements TreeSink {
  readonly profile: PathProfile = process.platform === 'win32' ? 'windows' : 'posix';

  /**
   * Parent folders already resolved, by path. Only this sink's symlinks could change what a path resolves to while
   * it writes (an extraction creates its links after its files), so creating one forgets them all.
   */
  private readonly resolvedParents = new Map<string, string>();

  private constructor(private readonly root: string, readonly caseInsensitive: boolean) {}

  /** The target folder, absolute with symlinks resolved (what RP_FIX link targets are re-rooted at). */
  get rootPath(): string {
    return this.root;
  }

  static async open(root: string): Promise<NodeDirSink> {
    await mkdir(root, { recursive: true });
    const real = await realpath(root);
    return new NodeDirSink(real, await foldsCase(real));
  }

  private async resolveInside(path: readonly string[]): Promise<string> {
    for (const part of path) {
      if (!part || part === '.' || part === '..' || /[/\u0000]/.test(part) || (this.profile === 'windows' && part.includes('\\'))) {
        throw new ImagewrightError(ErrorCode.UNSAFE_PATH, { path: path.join('/'), detail: `component "${part}"` });
      }
    }
    if (path.length === 0) return this.root;
    const full = resolve(this.root, ...path);
    // The parent may contain symlinks extracted earlier: resolve it and check it is still under the root.
    const unresolved = dirname(full);
    let parent = this.resolvedParents.get(unresolved);
    if (parent === undefined) {
      parent = await realpath(unresolved).catch(() => undefined);
      if (parent !== undefined) this.resolvedParents.set(unresolved, parent);
      else parent = unresolved;
    }
    if (parent !== this.root && !parent.startsWith(this.root + sep)) {
      throw new ImagewrightError(ErrorCode.UNSAFE_PATH, { path: path.join('/'), detail: 'resolves outside the target folder' });
    }
    return join(parent, basename(full));
  }

  async createDirectory(path: readonly string[]): Promise<void> {
    if (path.length === 0) return;
    const full = await this.resolveInside(path);
    await mkdir(full, { recursive: true });
    const stat = await lstat(full);
    if (!stat.isDirectory()) throw new ImagewrightError(ErrorCode.UNSAFE_PATH, { path: path.join('/'), detail: 'exists and is not a directory' });
  }

  async createFile(path: readonly string[], options: { size: number; overwrite: boolean }): Promise<FileWriter> {
    const full = await this.resolveInside(path);
    if (!options.overwrite && (await lstat(full).then(() => true, () => false))) {
      throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { path: full, detail: 'the file already exists' });
    }
    const partial = `${full}.iw-partial-${randomBytes(4).toString('hex')}`;
    // Created and later closed and renamed synchronously: through promises each cost this thread more than the
    // call itself (FileHandle bookkeeping, a thread-pool round trip), and the decode workers wait on this thread
    // for their next batch (A/B: +2–5 % apply, less CPU).
    const fd = openSync(partial, 'wx');
    let position = 0;
    let settled = false;
    return {
      descriptor: fd,
      // Calls may overlap (the contract allows a few writes in flight): each takes its file range when called.
      // The write itself is synchronous: the extraction hands over 256 KiB slices it has just hashed, so the
      // kernel copies them from the CPU cache, without a hop to libuv's thread pool and back per slice
      // (profiles: cold 4 MiB async writes cost about twice the kernel time, see bench/NOTES.md).
      write: async (bytes) => {
        const at = position;
        position += bytes.length;
        for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
      },
      commit: async () => {
        if (settled) return;
        settled = true;
        closeSync(fd);
        renameSync(partial, full);
      },
      abort: async () => {
        if (settled) return;
        settled = true;
        try {
          closeSync(fd);
        } catch {
          // already closed: nothing more to release
        }
        await rm(partial, { force: true });
      },
    };
  }

  async setTimes(path: readonly string[], times: FileTimes): Promise<void> {
    if (times.lastWrite === undefined) return;
    const full = await this.resolveInside(path);
    const seconds = (ms: number): number => ms / 1000;
    // lutimes: a symlink gets its own times, and a link planted in the tree can never redirect the change.
    await lutimes(full, seconds(times.lastAccess ?? times.lastWrite), seconds(times.lastWrite));
  }

  async createSymlink(path: readonly string[], target: string, isDirectory: boolean): Promise<void> {
    const full = await this.resolveInside(path);
    await rm(full, { force: true });
    this.resolvedParents.clear();
    await symlink(target, full, isDirectory ? 'dir' : 'file');
  }

  async createHardLink(existing: readonly string[], path: readonly string[]): Promise<void> {
    const from = await this.resolveInside(existing);
    const to = await this.resolveInside(path);
    await rm(to, { force: true });
    await link(from, to);
  }
}

/** Probes whether the folder's file system treats names case-insensitively (macOS, Windows, some mounts). */
async function foldsCase(dir: string): Promise<boolean> {
  const probe = join(dir, `.iw-case-probe-${randomBytes(4).toString('hex')}`);
  await mkdir(probe);
  try {
    return await lstat(probe.toUpperCase().replace(dir.toUpperCase(), dir)).then(() => true, () => false);
  } finally {
    await rm(probe, { recursive: true, force: true });
  }
}
