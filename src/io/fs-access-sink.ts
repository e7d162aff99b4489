/**
 * TreeSink over a FileSystemDirectoryHandle: a folder the user picked (showDirectoryPicker, readwrite) or an OPFS
 * directory (navigator.storage.getDirectory()). Names have already gone through the extraction path policy with
 * the 'windows' profile (Chromium applies Windows naming rules to picked folders), and the sink refuses any
 * component that could name something else ("", ".", "..", "/", "\\") as a second line of defence.
 *
 * Nothing is lost: a file is written through createWritable(), which writes to a swap file that replaces the
 * target only on close(); abort() throws the swap away, so a cancelled or failed file never appears half written
 * (and a file it would have replaced is left as it was). getFileHandle({ create: true }) itself creates an empty
 * file, so a new file is also removed on abort: a cancelled extraction leaves nothing behind.
 *
 * Conflicts with files that were in the folder BEFORE this extraction follow the policy: 'overwrite' replaces
 * them, 'skip' leaves them (the data is not written), 'keep-both' writes "name (2).ext", "name (3).ext"… Files this
 * sink created itself are never treated as conflicts. The browser cannot make links or set file times, so those
 * optional capabilities are absent (extraction then writes hard links as copies and lists symlinks as not written).
 */
import { ErrorCode, ImagewrightError } from '../shared/errors';
import type { FileWriter, PathProfile, TreeSink } from './byte-sink';

export type ConflictPolicy = 'overwrite' | 'skip' | 'keep-both';

export interface FsAccessSinkReport {
  skipped: string[];
  /** Files the browser refused to create by name (Chromium blocks some names in picked folders, e.g. *.lnk). */
  refused: string[];
  keptBoth: { from: string; to: string }[];
  filesWritten: number;
}

function checkComponent(name: string): void {
  if (!name || name === '.' || name === '..' || /[/\\\u0000]/.test(name)) {
    throw new ImagewrightError(ErrorCode.UNSAFE_PATH, { path: name, detail: 'a path component the target folder cannot hold safely' });
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'NotFoundError' || error.name === 'TypeMismatchError');
}

function writeFailed(name: string, error: unknown): ImagewrightError {
  if (error instanceof ImagewrightError) return error;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (error instanceof DOMException && error.name === 'NotAllowedError') {
    return new ImagewrightError(ErrorCode.PERMISSION_DENIED, { path: name, detail });
  }
  return new ImagewrightError(ErrorCode.TARGET_WRITE_FAILED, { params: { name }, path: name, detail, cause: error });
}

/** "name.ext" → "name (n).ext" ("name (n)" without an extension; dot-files keep their leading dot). */
export function keepBothName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

export class FsAccessSink implements TreeSink {
  readonly profile: PathProfile = 'windows';
  readonly caseInsensitive = true;
  readonly report: FsAccessSinkReport = { skipped: [], refused: [], keptBoth: [], filesWritten: 0 };
  private readonly dirs = new Map<string, Promise<FileSystemDirectoryHandle>>();
  /** Lower-cased paths this sink created: never conflicts. */
  private readonly created = new Set<string>();

  constructor(
    private readonly root: FileSystemDirectoryHandle,
    private readonly conflict: ConflictPolicy = 'keep-both',
  ) {}

  private dir(path: readonly string[]): Promise<FileSystemDirectoryHandle> {
    if (path.length === 0) return Promise.resolve(this.root);
    const key = path.join('/').toLowerCase();
    let handle = this.dirs.get(key);
    if (!handle) {
      const name = path.at(-1)!;
      checkComponent(name);
      handle = this.dir(path.slice(0, -1)).then(async (parent) => {
        try {
          return await parent.getDirectoryHandle(name, { create: true });
        } catch (error) {
          if (error instanceof DOMException && error.name === 'TypeMismatchError') {
            throw new ImagewrightError(ErrorCode.TARGET_EXISTS, { params: { name }, path: path.join('/'), detail: 'a file has the name of a folder to create' });
          }
          throw writeFailed(path.join('/'), error);
        }
      });
      handle.catch(() => this.dirs.delete(key));
      this.dirs.set(key, handle);
    }
    return handle;
  }

  async createDirectory(path: readonly string[]): Promise<void> {
    await this.dir(path);
  }

  private async exists(parent: FileSystemDirectoryHandle, name: string): Promise<boolean> {
    try {
      await parent.getFileHandle(name);
      return true;
    } catch (error) {
      // A refused name cannot exist there; createFile reports it.
      if (error instanceof TypeError) return false;
      if (isNotFound(error)) {
        // A folder of that name: a conflict the file cannot overwrite.
        if (error instanceof DOMException && error.name === 'TypeMismatchError') return true;
        return false;
      }
      throw error;
    }
  }

  async createFile(path: readonly string[], _options: { size: number; overwrite: boolean }): Promise<FileWriter> {
    const display = path.join('/');
    for (const part of path) checkComponent(part);
    const parent = await this.dir(path.slice(0, -1));
    let name = path.at(-1)!;
    const key = display.toLowerCase();
    // getFileHandle({ create: true }) makes an empty file at once, and abort() only drops the swap file: a file
    // that was not there before must be removed on abort, or a cancelled extraction leaves an empty file behind.
    let existedBefore = false;
    if (!this.created.has(key) && (await this.exists(parent, name))) {
      if (this.conflict === 'skip') {
        this.report.skipped.push(display);
        return { write: async () => undefined, commit: async () => undefined, abort: async () => undefined };
      }
      if (this.conflict === 'keep-both') {
        let n = 2;
        while (await this.exists(parent, keepBothName(name, n))) n++;
        const renamed = keepBothName(name, n);
        this.report.keptBoth.push({ from: display, to: [...path.slice(0, -1), renamed].join('/') });
        name = renamed;
      } else existedBefore = true;
    }
    this.created.add([...path.slice(0, -1), name].join('/').toLowerCase());
    let stream: FileSystemWritableFileStream;
    try {
      let handle: FileSystemFileHandle;
      try {
        handle = await parent.getFileHandle(name, { create: true });
      } catch (error) {
        // "Name is not allowed": the path policy made the name valid for Windows, but Chromium also blocks some
        // names in picked folders (shortcut-like extensions…). Leave that file out and say so; go on with the rest.
        if (error instanceof TypeError) {
          this.report.refused.push(display);
          return { write: async () => undefined, commit: async () => undefined, abort: async () => undefined };
        }
        throw error;
      }
      stream = await handle.createWritable({ keepExistingData: false });
    } catch (error) {
      throw writeFailed(display, error);
    }
    let closed = false;
    return {
      write: async (bytes) => {
        try {
          await stream.write(bytes as Uint8Array<ArrayBuffer>);
        } catch (error) {
          throw writeFailed(display, error);
        }
      },
      commit: async () => {
        closed = true;
        try {
          await stream.close();
        } catch (error) {
          throw writeFailed(display, error);
        }
        this.report.filesWritten++;
      },
      abort: async () => {
        if (closed) return;
        closed = true;
        await stream.abort();
        if (!existedBefore) await parent.removeEntry(name).catch(() => undefined);
      },
    };
  }
}
