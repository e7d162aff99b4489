/**
 * One opened image index, bound to the engine client: the explorer's components call these instead of passing
 * sessionId and image around. Every method is a direct call of the ExplorerApi contract
 * (src/engine/explorer/explorer-api.ts) through EngineClient; nothing here touches bytes.
 */
import type { EngineClient } from '../../client/engine-client';
import type {
  DirectoryListing,
  DoctorReport,
  EntryProperties,
  EntrySummary,
  ExplorerProgress,
  ExtractEntriesOptions,
  ExtractSummary,
  OpenedImage,
  PeVersionInfo,
  Preview,
  SearchResult,
} from '../../engine/explorer/explorer-api';

export interface ImageSession {
  readonly sessionId: string;
  /** 1-based image index. */
  readonly image: number;
  list(path: string): Promise<DirectoryListing>;
  search(pattern: string, onBatch: (batch: EntrySummary[]) => void, signal: AbortSignal): Promise<SearchResult>;
  properties(path: string): Promise<EntryProperties>;
  preview(path: string, stream?: string): Promise<Preview>;
  bytes(path: string, offset: number, length: number, stream?: string): Promise<Uint8Array>;
  peVersion(path: string): Promise<PeVersionInfo | null>;
  doctor(signal?: AbortSignal): Promise<DoctorReport>;
  extract(
    paths: string[],
    target: FileSystemDirectoryHandle,
    options: ExtractEntriesOptions,
    onProgress: (progress: ExplorerProgress) => void,
    signal: AbortSignal,
  ): Promise<ExtractSummary>;
  zip(paths: string[], onProgress: (progress: ExplorerProgress) => void, signal: AbortSignal): Promise<ReadableStream<Uint8Array>>;
  /** One file's bytes as a stream (SHA-1 checked before it ends), for a direct download. */
  fileStream(path: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>>;
}

export function bindImageSession(client: EngineClient, opened: OpenedImage, image: number): ImageSession {
  const id = opened.sessionId;
  return {
    sessionId: id,
    image,
    list: (path) => client.listDirectory(id, image, path),
    search: (pattern, onBatch, signal) => client.searchEntries(id, image, pattern, onBatch, {}, signal),
    properties: (path) => client.getEntryProperties(id, image, path),
    preview: (path, stream) => client.readPreview(id, image, path, stream),
    bytes: (path, offset, length, stream) => client.readBytes(id, image, path, offset, length, stream),
    peVersion: (path) => client.readPeVersion(id, image, path),
    doctor: (signal) => client.runDoctor(id, image, signal),
    extract: (paths, target, options, onProgress, signal) =>
      client.extractEntries(id, image, paths, target, options, onProgress, signal),
    zip: (paths, onProgress, signal) => client.createZipStream(id, image, paths, {}, onProgress, signal),
    fileStream: (path, signal) => client.createFileStream(id, image, path, undefined, signal),
  };
}
