/**
 * ByteWriter: the output file of a writing job (a WIM, an ESD, one SWM part). Writes are positioned, because a
 * WIM writer reserves room (the header, a chunk table) and fills it in later; most writes simply append.
 *
 * Nothing is lost: bytes go to a temporary place and become visible under the final name only on commit()
 * (Node: a temp file beside the destination, renamed over it; browser: a FileSystemWritableFileStream, whose
 * contents replace the file only on close). abort() drops everything and leaves the destination as it was.
 *
 * readBack() re-reads bytes already written (the integrity table hashes the file region it covers). A target
 * that cannot read back leaves it out, and the job then refuses --check.
 */
export interface ByteWriter {
  /** Final file name, for messages. */
  readonly name: string;
  /** Writes `bytes` at `position`; positions beyond the current end leave a gap to be filled later. */
  write(position: number, bytes: Uint8Array, signal?: AbortSignal): Promise<void>;
  readBack?(position: number, length: number): Promise<Uint8Array>;
  /** Cuts the file at `length` bytes (a rewritten resource may leave stale bytes past the new end). */
  truncate(length: number): Promise<void>;
  /** Makes the file visible under its final name. */
  commit(): Promise<void>;
  /** Drops everything written; the final name is left as it was. Idempotent. */
  abort(): Promise<void>;
}

/**
 * InPlaceWriter: a ByteWriter opened on an EXISTING file, for updates that only add bytes after its old end and
 * rewrite its header last (wimlib's in-place append). Writes go straight to the file, so it is the caller's
 * sequence (a WRITE_IN_PROGRESS header first, the final header last) that keeps the file readable throughout.
 *
 * abort() puts the file back byte for byte: it cuts it to `originalSize` and writes back the old bytes of every
 * region written below that size (only the header, in practice). Writes below `originalSize` are refused beyond
 * a small budget, so a bug cannot overwrite the data the old header points to. commit() flushes and closes.
 * In the browser, a FileSystemWritableFileStream opened with keepExistingData: true gives the same guarantees by
 * itself (its swap file replaces the original only on close; abort() drops it).
 */
export interface InPlaceWriter extends ByteWriter {
  /** Size of the file when it was opened: everything the old header points to lies below it. */
  readonly originalSize: number;
  readBack(position: number, length: number): Promise<Uint8Array>;
  /** Flushes what was written so far to stable storage (fsync). */
  sync(): Promise<void>;
}
