/**
 * Distribution: a verified copy of a catalogued image into a picked folder (a mounted share, a USB stick, OPFS).
 *
 * 1. Refuse before writing a byte. The browser cannot ask a folder for its file system or free space, so:
 *    - the user declares the target kind; a FAT32 target cannot hold a file above 4 GiB − 1 byte;
 *    - a probe: a temporary file whose writable is truncate()d to the image size, then aborted and removed.
 *      The truncate lands in the writable's swap file, so the target itself is untouched. FAT and exFAT have
 *      no sparse files, so the file system must allocate the clusters: a full stick answers QuotaExceededError
 *      (OPFS: the origin quota) and FAT32 refuses a size above its limit. On sparse-capable file systems (NTFS,
 *      ext4, most shares) a probe can pass without the space being there; the copy then fails cleanly below.
 * 2. Copy in HASH_READ_SLICE slices into "<name>.iw-partial", hashing what is sent, then move it to "<name>"
 *    (FileSystemHandle.move, Chromium). Without move(), the copy goes to "<name>" itself: createWritable writes
 *    a swap file that only replaces the target on close(). Any failure aborts the writable and removes the
 *    partial entry, so no half file stays behind with a complete-looking name.
 * 3. Refuse the copy if the bytes sent do not hash to the catalogued SHA-256 (the source changed).
 * 4. Update SHA256SUMS in the folder (sha256sum format), atomically through createWritable.
 * 5. Read the copy back from the target and hash it: the verdict is the comparison with the catalogued SHA-256.
 *    (An OS write cache may answer the read-back for a removable drive; eject and re-verify to rule that out.)
 */
import { Sha256, type HashModule } from '../../codecs/sha';
import { ErrorCode, ImagewrightError, isAbortError, throwIfAborted } from '../../shared/errors';
import type { TargetKind } from '../../catalog/schema';
import { hashBlobSha256, HASH_READ_SLICE, readSlice } from './hash-blob';
import { SHA256SUMS_NAME, updateSha256Sums } from './sha256sums';

/** FAT32 stores a file size in 32 bits. */
export const FAT32_MAX_FILE_SIZE = 0xffff_ffff;
export const PROBE_NAME = '.imagewright-probe';
export const PARTIAL_SUFFIX = '.iw-partial';

/** The parts of FileSystemWritableFileStream this module uses. */
export interface TargetWritable {
  write(data: Uint8Array<ArrayBuffer> | string): Promise<void>;
  truncate(size: number): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
}

/** The parts of FileSystemFileHandle this module uses; `move` exists in Chromium. */
export interface TargetFile {
  readonly name: string;
  getFile(): Promise<Blob>;
  createWritable(options?: { keepExistingData?: boolean }): Promise<TargetWritable>;
  move?(newName: string): Promise<void>;
}

/** The parts of FileSystemDirectoryHandle this module uses. */
export interface TargetFolder {
  readonly name: string;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<TargetFile>;
  removeEntry(name: string): Promise<void>;
}

export type DistributionPhase = 'probe' | 'copy' | 'sums' | 'readback';

export interface DistributionResult {
  target: string;
  fileName: string;
  bytes: number;
  copyMs: number;
  readbackMs: number;
  /** Verdict of the read-back comparison. */
  verified: boolean;
  /** SHA-256 of the copy as read back from the target. */
  sha256: string;
  /** True when the copy was written to a partial name and moved into place. */
  moved: boolean;
}

export interface DistributeOptions {
  source: Blob;
  fileName: string;
  expectedSha256: string;
  folder: TargetFolder;
  targetKind: TargetKind;
  hashModule: HashModule;
  signal?: AbortSignal;
  onProgress?: (phase: DistributionPhase, done: number, total: number) => void;
  now?: () => number;
}

/** Throws the refusal a declared target kind implies for this size, or returns quietly. */
export function checkDeclaredTarget(size: number, targetKind: TargetKind): void {
  if (targetKind === 'fat32' && size > FAT32_MAX_FILE_SIZE) {
    throw new ImagewrightError(ErrorCode.TARGET_TOO_LARGE_FOR_FAT32, {
      params: { size },
      detail: `${size} − ${FAT32_MAX_FILE_SIZE} = ${size - FAT32_MAX_FILE_SIZE} bytes over the FAT32 limit`,
    });
  }
}

const errorName = (error: unknown): string => String((error as { name?: unknown }).name ?? '');

/** Maps a DOMException from the target to the refusal the user sees, with the numbers. */
function targetError(cause: unknown, size: number, path: string): ImagewrightError {
  if (cause instanceof ImagewrightError) return cause;
  const detail = `${errorName(cause) || 'Error'}: ${(cause as { message?: unknown }).message ?? String(cause)}`;
  if (errorName(cause) === 'QuotaExceededError') return new ImagewrightError(ErrorCode.TARGET_NO_SPACE, { params: { size }, path, detail, cause });
  // FAT32 answers a size above its limit with EFBIG, which Chromium surfaces as a generic error (no stable name).
  if (size > FAT32_MAX_FILE_SIZE) return new ImagewrightError(ErrorCode.TARGET_FILE_TOO_LARGE, { params: { size }, path, detail, cause });
  return new ImagewrightError(ErrorCode.DISTRIBUTION_WRITE_FAILED, { path, detail, cause });
}

async function removeQuietly(folder: TargetFolder, name: string): Promise<void> {
  try {
    await folder.removeEntry(name);
  } catch {
    // Already gone (NotFoundError) is the goal; anything else leaves a visibly named temporary file.
  }
}

/** Asks the target to reserve `size` bytes in a throw-away writable; refuses with the reason when it cannot. */
export async function probeTarget(folder: TargetFolder, size: number): Promise<void> {
  const where = `${folder.name}/${PROBE_NAME}`;
  let writable: TargetWritable | undefined;
  try {
    const probe = await folder.getFileHandle(PROBE_NAME, { create: true });
    writable = await probe.createWritable({ keepExistingData: false });
    await writable.truncate(size);
  } catch (cause) {
    throw targetError(cause, size, where);
  } finally {
    await writable?.abort().catch(() => undefined);
    await removeQuietly(folder, PROBE_NAME);
  }
}

async function readText(folder: TargetFolder, name: string): Promise<string> {
  let file: TargetFile;
  try {
    file = await folder.getFileHandle(name);
  } catch (cause) {
    if (errorName(cause) === 'NotFoundError') return '';
    throw targetError(cause, 0, `${folder.name}/${name}`);
  }
  const blob = await file.getFile();
  if (blob.size > 16 * 1024 * 1024) {
    throw new ImagewrightError(ErrorCode.DISTRIBUTION_WRITE_FAILED, { path: `${folder.name}/${name}`, detail: `${blob.size} bytes is too large for a checksum list` });
  }
  return blob.text();
}

/** Writes the whole text through one writable: readers see the old or the new file, never a mix. */
async function writeText(folder: TargetFolder, name: string, text: string): Promise<void> {
  const file = await folder.getFileHandle(name, { create: true });
  const writable = await file.createWritable({ keepExistingData: false });
  try {
    await writable.write(text);
    await writable.close();
  } catch (cause) {
    await writable.abort().catch(() => undefined);
    throw targetError(cause, text.length, `${folder.name}/${name}`);
  }
}

export async function distributeImage(options: DistributeOptions): Promise<DistributionResult> {
  const { source, fileName, folder, signal, hashModule } = options;
  const now = options.now ?? Date.now;
  const size = source.size;
  const progress = options.onProgress ?? (() => undefined);
  if (!fileName || /[\\/]/.test(fileName) || fileName === SHA256SUMS_NAME) {
    throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { path: fileName, detail: 'not a plain file name for the target' });
  }

  checkDeclaredTarget(size, options.targetKind);
  throwIfAborted(signal);
  progress('probe', 0, size);
  await probeTarget(folder, size);
  progress('probe', size, size);

  // Copy, hashing what leaves.
  const partialName = fileName + PARTIAL_SUFFIX;
  await removeQuietly(folder, partialName); // left by a cancelled run (a terminated worker cannot clean up)
  let target = await folder.getFileHandle(partialName, { create: true }).catch((cause: unknown) => {
    throw targetError(cause, size, `${folder.name}/${partialName}`);
  });
  const moved = typeof target.move === 'function';
  let writtenName = partialName;
  /** Without move(): whether "<name>" existed, so that a failed copy removes only what it created. */
  let created = true;
  if (!moved) {
    await removeQuietly(folder, partialName);
    created = !(await folder.getFileHandle(fileName).then(() => true, () => false));
    target = await folder.getFileHandle(fileName, { create: true });
    writtenName = fileName;
  }
  const started = now();
  const writable = await target.createWritable({ keepExistingData: false });
  let sent: string;
  try {
    const sha = new Sha256(hashModule);
    for (let at = 0; at < size; at += HASH_READ_SLICE) {
      throwIfAborted(signal);
      const end = Math.min(size, at + HASH_READ_SLICE);
      const bytes = await readSlice(source, at, end, fileName);
      sha.update(bytes);
      try {
        await writable.write(bytes);
      } catch (cause) {
        throw targetError(cause, size, `${folder.name}/${writtenName}`);
      }
      progress('copy', end, size);
    }
    sent = sha.hexDigest();
    if (sent !== options.expectedSha256) {
      throw new ImagewrightError(ErrorCode.CATALOG_SOURCE_CHANGED, { params: { found: sent, expected: options.expectedSha256 }, path: fileName });
    }
    try {
      await writable.close();
    } catch (cause) {
      throw targetError(cause, size, `${folder.name}/${writtenName}`);
    }
  } catch (error) {
    await writable.abort().catch(() => undefined);
    if (created) await removeQuietly(folder, writtenName);
    throw isAbortError(error) ? error : targetError(error, size, `${folder.name}/${writtenName}`);
  }
  if (moved) {
    try {
      await target.move!(fileName);
    } catch (cause) {
      await removeQuietly(folder, partialName);
      throw targetError(cause, size, `${folder.name}/${fileName}`);
    }
  }
  const copyMs = now() - started;

  progress('sums', 0, 1);
  const sums = await readText(folder, SHA256SUMS_NAME);
  await writeText(folder, SHA256SUMS_NAME, updateSha256Sums(sums, fileName, sent));
  progress('sums', 1, 1);

  const readStarted = now();
  const copy = await (await folder.getFileHandle(fileName)).getFile();
  const readBack = await hashBlobSha256(copy, hashModule, {
    name: `${folder.name}/${fileName}`,
    ...(signal ? { signal } : {}),
    onBytes: (done, total) => progress('readback', done, total),
  });
  const readbackMs = now() - readStarted;
  return {
    target: folder.name,
    fileName,
    bytes: size,
    copyMs,
    readbackMs,
    verified: readBack === options.expectedSha256 && copy.size === size,
    sha256: readBack,
    moved,
  };
}
