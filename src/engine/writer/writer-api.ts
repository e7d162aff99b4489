/**
 * WriterApi: the writing jobs the browser UI offers (capture a picked folder, export an image to a new WIM/ESD,
 * split for FAT32), part of EngineApi. They follow the CLI verbs' recipe (cli/verbs/capture.ts, export, split)
 * with File System Access handles instead of paths: a TreeSource over a FileSystemDirectoryHandle, ByteWriters
 * over FileSystemFileHandles (contents replace the file only when the job completes; cancel or error leaves it
 * as it was).
 *
 * Cancellation is the gentle kind (explorer-api.ts explains it): each call carries a `jobId` and cancelJob(jobId)
 * aborts it between chunks; encoding runs on the nested codec workers, so the engine worker stays responsive.
 * No integrity table: a FileSystemWritableFileStream cannot read back before close.
 */
import type { EngineFile } from '../api';
import type { ProgressPhase } from '../progress';
import type { WriteCompression } from '../../shared/write-defaults';

export type WriterCompression = WriteCompression;

/** Progress of the data phase: bytes done of total (the folder listing before it reports nothing: its size is unknown). */
export interface WriterProgress {
  phase: ProgressPhase;
  done: number;
  total: number;
  item?: string;
}
export type WriterProgressCallback = (progress: WriterProgress) => void;

export interface WriteCodecOptions {
  compression: WriterCompression;
  /** File data in solid resources (an ESD); needs a codec. */
  solid: boolean;
  /** Chunk size of the file data (solid chunks when solid); default: Microsoft's (32 KiB, 64 MiB solid LZMS). */
  chunkSize?: number;
}

export interface CaptureFolderOptions extends WriteCodecOptions {
  name: string;
  description?: string;
  /** Marks the image bootable (WIMBoot/WinPE boot index). */
  bootable?: boolean;
  jobId?: string;
}

export interface ExportImageOptions extends WriteCodecOptions {
  jobId?: string;
  /** The catalog entry the source came from: an 'exported' event is recorded on it. */
  catalogId?: string;
}

export interface SplitImageOptions {
  jobId?: string;
  catalogId?: string;
}

export interface WriteResult {
  /** Names of the files written (one, or every part). */
  files: string[];
  /** Bytes written in all. */
  bytes: number;
  images: number;
  /** Split only: parts larger than the part size because one resource was (warnings for the UI). */
  oversized?: number;
  milliseconds: number;
}

export interface WriterApi {
  captureFolder(
    source: FileSystemDirectoryHandle,
    output: FileSystemFileHandle,
    options: CaptureFolderOptions,
    onProgress?: WriterProgressCallback,
  ): Promise<WriteResult>;
  /** Exports image `image` (1-based; 0 = all) of a WIM/ESD/SWM set into a new file. */
  exportImage(
    files: EngineFile[],
    image: number,
    output: FileSystemFileHandle,
    options: ExportImageOptions,
    onProgress?: WriterProgressCallback,
  ): Promise<WriteResult>;
  /** Writes baseName, baseName2… (e.g. install.swm, install2.swm) into `folder`, each at most partSizeBytes. */
  splitImage(
    files: EngineFile[],
    folder: FileSystemDirectoryHandle,
    baseName: string,
    partSizeBytes: number,
    options: SplitImageOptions,
    onProgress?: WriterProgressCallback,
  ): Promise<WriteResult>;
  cancelJob(jobId: string): Promise<void>;
}
