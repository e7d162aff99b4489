/**
 * THE CONTRACT WITH THE UI (issue 4, Explorer). The UI codes against these types through
 * src/client/engine-client.ts; keep every name and shape stable. Changes after the first commit are listed here:
 *   - runDoctor gained an optional third argument { jobId } so that cancelJob stops it (additive).
 *   - createFileStream added: one file's bytes as a stream, for a direct download without a folder picker.
 *   - Aborting a non-job call through EngineClient (listDirectory, properties, preview, bytes, PE, openImage) only
 *     rejects it; the worker and the sessions stay (the engine work is bounded; a late session is closed).
 *
 * Conventions
 * - Paths inside an image are "/"-separated and start at the image root: "/" is the root,
 *   "/Windows/System32/drivers". "\\" is accepted as a separator too. Lookup is exact-case first, then
 *   case-insensitive (Windows names are case-insensitive; an exact match wins when two names differ only by case).
 * - `image` is the 1-based image index.
 * - Times are ISO 8601 UTC strings with 7 fractional digits (100 ns FILETIME precision, e.g.
 *   "2024-05-01T10:20:30.1234567Z"); `undefined` when the stored FILETIME is 0. Summaries use milliseconds since
 *   the Unix epoch (numbers, cheap to sort).
 * - Everything returned is structured-cloneable plain data; byte arrays are transferred, not copied.
 * - Errors are ImagewrightError (code + params + path/offset); cancellation is a DOMException named AbortError.
 *
 * Limits (MAX_READ_BYTES, SEARCH_BATCH_SIZE…) live in src/shared/explorer-limits.ts, importable by the UI.
 *
 * Cancellation of long jobs (extractEntries, searchEntries, runDoctor, createZipStream, createFileStream) without
 * losing the open session:
 * the client gives each such call a `jobId` (any unique string). `cancelJob(jobId)` aborts the job's
 * AbortController inside the engine worker; the job checks it between chunks and between files, removes the
 * half-written file (FileSystemWritableFileStream.abort()) and rejects with AbortError — the session stays open.
 * Decoding runs on nested decode workers, so the engine worker's event loop stays free to receive cancelJob.
 * EngineClient does this for you when its `signal` aborts: on abort it calls cancelJob and rejects at once; only if the job
 * has not settled within CANCEL_GRACE_MS does it terminate the engine worker (all sessions are then lost, and the
 * next call starts a new worker — openImage must be called again: calls naming a session of the old worker fail
 * with ImagewrightError SESSION_NOT_FOUND).
 */
import type { WimInfo } from '../../formats/wim/wim-info';
import type { WimOpenStep } from '../../formats/wim/wim-set';
import type { DoctorReport } from '../doctor/doctor-types';
import type { EngineFile } from '../api';
import type { PeVersionInfo } from '../../formats/pe/version-resource';
import type { SecurityDescriptorInfo } from '../../formats/security/sddl';

/** SidInfo, AceInfo, SecurityDescriptorInfo: see formats/security/sddl.ts; PeVersionInfo: formats/pe/version-resource.ts. */
export type { AceInfo, SecurityDescriptorInfo, SidInfo } from '../../formats/security/sddl';
export type { PeVersionInfo } from '../../formats/pe/version-resource';

export type { DoctorReport };

export {
  CANCEL_GRACE_MS,
  DEFAULT_SEARCH_LIMIT,
  MAX_PREVIEW_IMAGE_BYTES,
  MAX_PREVIEW_TEXT_BYTES,
  MAX_READ_BYTES,
  SEARCH_BATCH_SIZE,
} from '../../shared/explorer-limits';

/**
 * What openImage is doing, for the busy screen: a structure of one file (see WimOpenStep; `part`/`parts` name
 * the part of a split set), then 'metadata' while the first image's directory tree is decoded.
 */
export type OpenImageProgress = Omit<WimOpenStep, 'stage'> & { stage: WimOpenStep['stage'] | 'metadata'; image?: number };

/** What openImage answers. */
export interface OpenedImage {
  /** Pass to every other call; valid until closeImage (or until the engine worker is restarted). */
  sessionId: string;
  /** Same as inspect(): header facts, parts, every image's XML properties. */
  info: WimInfo;
}

/**
 * What an entry is. 'junction' = mount point reparse (0xA0000003), 'symlink' = 0xA000000C, 'other-reparse' =
 * any other reparse tag (dedup, WOF/compressed, OneDrive placeholders…).
 */
export type EntryKind = 'file' | 'dir' | 'symlink' | 'junction' | 'other-reparse';

/** One row of a listing or of search results. */
export interface EntrySummary {
  name: string;
  /** Full image path, "/Windows/notepad.exe". */
  path: string;
  kind: EntryKind;
  /** Size of the unnamed data stream in bytes (0 for directories and links). */
  size: number;
  /** FILE_ATTRIBUTE_* bits (0x1 READONLY, 0x2 HIDDEN, 0x4 SYSTEM, 0x10 DIRECTORY, 0x400 REPARSE_POINT…; the names
   * are in EntryProperties.attributeNames). */
  attributes: number;
  /** Milliseconds since the Unix epoch; 0 when the stored FILETIME is 0. */
  lastWriteTime: number;
  creationTime: number;
  hasNamedStreams: boolean;
  /** Number of names of this file (hard links); 1 for most files, always 1 for directories. */
  linkCount: number;
  /** Directories only: number of children. */
  childCount?: number;
}

export interface DirectoryListing {
  /** Normalized path of the directory ("/" or "/Windows"). */
  path: string;
  /** Children in Windows collation order (case-insensitive, as Explorer and wimlib sort them). */
  entries: EntrySummary[];
}

export interface SearchOptions {
  /** Stop after this many matches (default and ceiling DEFAULT_SEARCH_LIMIT). */
  limit?: number;
  /** Search only below this directory (default "/"). */
  under?: string;
  /** Match against the full path instead of the name only (default false). */
  matchPath?: boolean;
  jobId?: string;
}

export interface SearchResult {
  /** Matches delivered through onBatch. */
  total: number;
  /** True when `limit` stopped the search before the whole image was scanned. */
  truncated: boolean;
}

export interface StreamInfo {
  /** '' for the unnamed data stream. */
  name: string;
  size: number;
  /** SHA-1, 40 lowercase hex digits; undefined for an empty stream. */
  sha1?: string;
  /** The blob is in none of the opened files (e.g. a missing SWM part). */
  missing: boolean;
}

export interface ReparseInfo {
  tag: number;
  /** "SYMLINK", "MOUNT_POINT", "DEDUP", "WOF", "APPEXECLINK", … or "0x…". */
  tagName: string;
  /** Symlinks and junctions: the substitute name as stored ("\\??\\C:\\Users"), and the print name. */
  substituteName?: string;
  printName?: string;
  /** Symlink with SYMLINK_FLAG_RELATIVE. */
  relative?: boolean;
  /**
   * The link's target as it reads inside the image: for absolute links that RP_FIX rewrote at capture
   * (`fixed` true) the drive prefix is dropped and the path is image-rooted ("/Users/Public").
   */
  target?: string;
  /** Capture fixed this absolute link (WIM flag RP_FIX set and the dentry's NOT_FIXED flag clear). */
  fixed: boolean;
}

/** Everything item 3 of the issue asks for about one entry. */
export interface EntryProperties extends EntrySummary {
  shortName: string;
  /** Names of the set FILE_ATTRIBUTE_* bits ("READONLY", "HIDDEN", "SYSTEM", "DIRECTORY", "ARCHIVE", …). */
  attributeNames: string[];
  creationTimeIso?: string;
  lastWriteTimeIso?: string;
  lastAccessTimeIso?: string;
  /** SHA-1 of the unnamed data stream. */
  sha1?: string;
  /** The unnamed stream first (when non-empty), then named streams. */
  streams: StreamInfo[];
  securityId: number;
  /** Decoded security descriptor; undefined when the entry has none. */
  security?: SecurityDescriptorInfo;
  /** When the descriptor could not be decoded: why (the rest of the properties are still returned). */
  securityError?: string;
  /** Every path of this inode, this one included, in image order (just [path] when not hard-linked). */
  hardLinks: string[];
  reparse?: ReparseInfo;
}

export interface TextPreview {
  kind: 'text';
  size: number;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  /** How the encoding was decided. */
  encodingSource: 'bom' | 'sniffed';
  /** 'ini' (.ini/.inf/State.ini), 'xml', 'log' (Panther/CBS/DISM logs), 'plain'. */
  format: 'ini' | 'xml' | 'log' | 'plain';
  text: string;
  /** Byte offset in the file where the text was cut (MAX_PREVIEW_TEXT_BYTES), undefined when complete. */
  truncatedAt?: number;
  /** 1-based line numbers of setup error / warning lines (log files only). */
  markedLines: { line: number; severity: 'error' | 'warning' }[];
}

export interface ImagePreview {
  kind: 'image';
  size: number;
  mime: 'image/png' | 'image/jpeg' | 'image/bmp' | 'image/x-icon' | 'image/gif';
  /** The whole file (transferred). */
  bytes: Uint8Array;
}

export interface BinaryPreview {
  kind: 'binary';
  size: number;
  /** What the first bytes say ("PE executable", "CAB archive", "ZIP archive", …), when known. */
  detected?: string;
  /** For PE files: the version resource (same as readPeVersion). */
  pe?: PeVersionInfo | null;
  /** First bytes of the file (≤ 4 KiB) for the first hex page. */
  head: Uint8Array;
}

export type Preview = TextPreview | ImagePreview | BinaryPreview;

export type { ConflictPolicy } from '../../io/fs-access-sink';
import type { ConflictPolicy } from '../../io/fs-access-sink';

export interface ExtractEntriesOptions {
  /** What to do when a file of that name already exists in the target (default 'keep-both'). */
  conflict?: ConflictPolicy;
  jobId?: string;
}

/** Progress of extraction / zip: bytes of file data done of total; the UI derives MB/s and ETA. */
export interface ExplorerProgress {
  done: number;
  total: number;
  /** Image path of the file being written. */
  item?: string;
  files: number;
}

export interface ExtractSummary {
  files: number;
  directories: number;
  bytes: number;
  /** Names the target could not hold, with what they became (path-policy.ts). */
  renamed: { from: string; to: string }[];
  /** Existing files left alone (conflict 'skip'). */
  skipped: string[];
  /** Files written under another name (conflict 'keep-both'): image path → target name. */
  keptBoth: { from: string; to: string }[];
  /** Not written: symlinks and junctions (image paths; a browser folder cannot hold links), then files whose name
   * the browser refused (target paths, e.g. Chromium's blocked names in picked folders). */
  notWritten: string[];
}

export interface ZipOptions {
  jobId?: string;
}

export interface ExplorerApi {
  /**
   * Opens one WIM / ESD, or a split set (.swm: every part picked at once, any order). Missing parts:
   * ImagewrightError SWM_PARTS_MISSING with params { missing: "2, 3", names: "install2.swm, install3.swm",
   * total: 3 } — names follow DISM's naming (install.swm, install2.swm, …).
   * With `onProgress`, each step is reported and the call also waits for the first image's tree (stage
   * 'metadata'), so one busy screen covers everything before the first listing; a failure there is not the
   * open's failure (the listing that needs the tree reports it). Without it, the tree is read in the background.
   */
  openImage(files: EngineFile[], onProgress?: (progress: OpenImageProgress) => void): Promise<OpenedImage>;
  closeImage(sessionId: string): Promise<void>;
  /** Children of one directory. The image tree is read once per image (first call), then this is O(children). */
  listDirectory(sessionId: string, image: number, path: string): Promise<DirectoryListing>;
  /**
   * Case-insensitive name search over the whole image: a plain substring, or a wildcard pattern with * and ?
   * matching the whole name. Matches stream to `onBatch` (a Comlink proxy) in batches of ≤ SEARCH_BATCH_SIZE.
   */
  searchEntries(
    sessionId: string,
    image: number,
    pattern: string,
    onBatch: (batch: EntrySummary[]) => void,
    options?: SearchOptions,
  ): Promise<SearchResult>;
  getEntryProperties(sessionId: string, image: number, path: string): Promise<EntryProperties>;
  /** Preview of the unnamed stream, or of the named stream `stream`. Directories: ENTRY_NOT_A_FILE. */
  readPreview(sessionId: string, image: number, path: string, stream?: string): Promise<Preview>;
  /** Bytes [offset, offset+length) of a stream, length ≤ MAX_READ_BYTES, clipped at the end (transferred). */
  readBytes(sessionId: string, image: number, path: string, offset: number, length: number, stream?: string): Promise<Uint8Array>;
  /** Version resource of a PE file; null when the file is not PE. */
  readPeVersion(sessionId: string, image: number, path: string): Promise<PeVersionInfo | null>;
  /** Cancellable through options.jobId (a Panther log can be tens of MB). */
  runDoctor(sessionId: string, image: number, options?: { jobId?: string }): Promise<DoctorReport>;
  /**
   * Extracts entries (files or folders, each under its own name; ["/"] = the whole image) into a picked folder
   * or an OPFS directory. Each file goes through createWritable() and is committed on close, aborted on error or
   * cancel (no half file). Progress at most every 200 ms and at the end.
   */
  extractEntries(
    sessionId: string,
    image: number,
    paths: string[],
    target: FileSystemDirectoryHandle,
    options: ExtractEntriesOptions,
    onProgress?: (progress: ExplorerProgress) => void,
  ): Promise<ExtractSummary>;
  /**
   * A ZIP (streamed, ZIP64 when needed, stored/deflated by fflate) of the given entries; the stream is
   * transferred to the caller. Data is produced as the consumer pulls: memory stays bounded. Cancelling the
   * stream (reader.cancel()) or cancelJob stops the job.
   */
  createZipStream(
    sessionId: string,
    image: number,
    paths: string[],
    options?: ZipOptions,
    onProgress?: (progress: ExplorerProgress) => void,
  ): Promise<ReadableStream<Uint8Array>>;
  /**
   * The bytes of one file (or of its named stream `stream`) as a transferred stream, pulled as the consumer reads:
   * for a direct download (client/stream-download.ts) where there is no folder picker. The stream errors
   * (HASH_MISMATCH, CODEC_CORRUPT_DATA…) instead of ending when the data is bad, so a download never looks
   * complete; its last piece is held back until the SHA-1 is checked.
   */
  createFileStream(sessionId: string, image: number, path: string, options?: ZipOptions & { stream?: string }): Promise<ReadableStream<Uint8Array>>;
  /** Aborts the job started with this jobId (no-op when it already ended). */
  cancelJob(jobId: string): Promise<void>;
}
