/**
 * TreeSink: where extracted files go — a folder on disk (Node), a picked folder or OPFS (browser), later a
 * zip stream. Paths are arrays of components that already went through the extraction path policy
 * (engine/extract/path-policy.ts); a sink still refuses anything that would leave its root (defense in depth).
 *
 * Nothing is lost: each file is written to a temporary name and renamed into place on commit (Node), or through
 * a FileSystemWritableFileStream that only replaces the file on close (browser); abort leaves no half file.
 */
/** Naming rules of a target: 'windows' forbids more characters and names than 'posix'. */
export type PathProfile = 'posix' | 'windows';

export interface FileTimes {
  /** Milliseconds since the Unix epoch; fractions carry sub-millisecond precision where the target keeps it. */
  creation?: number;
  lastAccess?: number;
  lastWrite?: number;
}

export interface FileWriter {
  /**
   * Appends `bytes`. A caller may call again before the previous write settled: bytes land in call order. The
   * caller leaves `bytes` untouched until the promise settles, and awaits every write before commit.
   */
  write(bytes: Uint8Array): Promise<void>;
  /** Makes the file visible under its final name. */
  commit(): Promise<void>;
  /** Drops everything written; the final name is left as it was. */
  abort(): Promise<void>;
  /**
   * An OS descriptor of the file being written that worker threads of this process may write to at explicit
   * positions (Node folders), so decoded bytes go to the file from the thread that decoded them. Whoever writes
   * that way must have finished before calling commit or abort, which close it.
   */
  readonly descriptor?: number;
}

export interface TreeSink {
  /** Naming rules the target needs ('windows' for browser folders). */
  readonly profile: PathProfile;
  /** Whether "A" and "a" name the same file in this target. */
  readonly caseInsensitive: boolean;
  createDirectory(path: readonly string[]): Promise<void>;
  /** Fails with an error if the file exists and `overwrite` is false. */
  createFile(path: readonly string[], options: { size: number; overwrite: boolean }): Promise<FileWriter>;
  /** Optional capabilities: a sink that cannot do these leaves them out. setTimes never follows a symlink. */
  setTimes?(path: readonly string[], times: FileTimes): Promise<void>;
  createSymlink?(path: readonly string[], target: string, isDirectory: boolean): Promise<void>;
  createHardLink?(existing: readonly string[], path: readonly string[]): Promise<void>;
}
