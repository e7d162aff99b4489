/**
 * Extraction as the user sees it: pick a folder (or, without a folder picker, download — one file as itself,
 * anything else as a ZIP), then follow the engine's progress with speed and time left, with cancel.
 * The engine writes each file through a temporary writable that it aborts on cancel, so nothing half-written
 * stays behind. Downloads stream through the service worker (client/stream-download.ts), so the browser's
 * download manager pulls the bytes as it writes them; a cancelled job errors the stream, and the browser drops
 * the partial download. Without a controlling service worker only a small single file may go through a Blob
 * (platform/download.ts); a folder then fails with DOWNLOAD_UNAVAILABLE rather than being buffered.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ConflictPolicy, EntrySummary, ExplorerProgress, ExtractSummary } from '../../engine/explorer/explorer-api';
import { downloadStream, hasStreamDownloadRoute } from '../../client/stream-download';
import { BLOB_DOWNLOAD_LIMIT, downloadSmallFile } from '../../platform/download';
import { hasFolderPicker, pickTargetFolder } from '../../platform/folder-picker';
import { ErrorCode, ImagewrightError, isAbortError } from '../../shared/errors';
import { addRateSample, estimateTransfer, type RateSample, type TransferEstimate } from '../transfer-rate';
import type { ImageSession } from './image-session';

export type ExtractionState =
  | { kind: 'idle' }
  | { kind: 'running'; mode: 'folder' | 'zip' | 'file'; item?: string; done: number; total: number; estimate: TransferEstimate }
  | { kind: 'done'; summary?: ExtractSummary; download?: string }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: unknown };

export interface Extraction {
  state: ExtractionState;
  /** Extracts `entries` (["/"]: whole image, given as the root entry) to a picked folder or a download. */
  start(entries: { path: string; name: string; kind: EntrySummary['kind']; size: number }[], conflict: ConflictPolicy): Promise<void>;
  cancel(): void;
  dismiss(): void;
}

export function useExtraction(session: ImageSession): Extraction {
  const [state, setState] = useState<ExtractionState>({ kind: 'idle' });
  const job = useRef<AbortController | null>(null);

  const start = useCallback<Extraction['start']>(
    async (entries, conflict) => {
      if (job.current) return;
      setState({ kind: 'idle' }); // the previous outcome goes away as soon as a new extraction is asked for
      const paths = entries.map((entry) => entry.path);
      const controller = new AbortController();
      // Progress comes over its own message port, so an event can arrive after the job's answer: once the job
      // has ended, late events must not turn the outcome back into "running".
      let ended = false;
      let samples: RateSample[] = [];
      const onProgress = (mode: 'folder' | 'zip' | 'file') => (progress: ExplorerProgress) => {
        if (ended || controller.signal.aborted) return;
        samples = addRateSample(samples, { at: performance.now(), done: progress.done });
        setState({ kind: 'running', mode, item: progress.item, done: progress.done, total: progress.total, estimate: estimateTransfer(samples, progress.total) });
      };
      const begin = (mode: 'folder' | 'zip' | 'file', total: number): void => {
        job.current = controller;
        samples = [{ at: performance.now(), done: 0 }];
        setState({ kind: 'running', mode, done: 0, total, estimate: { bytesPerSecond: 0, secondsLeft: undefined } });
      };
      try {
        if (hasFolderPicker()) {
          const target = await pickTargetFolder();
          if (!target) return; // the user closed the dialog
          begin('folder', 0);
          const summary = await session.extract(paths, target, { conflict }, onProgress('folder'), controller.signal);
          ended = true;
          setState({ kind: 'done', summary });
        } else if (entries.length === 1 && entries[0]!.kind === 'file') {
          const file = entries[0]!;
          const streamed = hasStreamDownloadRoute();
          if (!streamed && file.size > BLOB_DOWNLOAD_LIMIT) throw new ImagewrightError(ErrorCode.DOWNLOAD_UNAVAILABLE, { path: file.name });
          begin('file', file.size);
          const stream = await session.fileStream(file.path, controller.signal);
          let done = 0;
          const report = onProgress('file');
          const counted = stream.pipeThrough(
            new TransformStream<Uint8Array, Uint8Array>({
              transform(chunk, output) {
                done += chunk.byteLength;
                report({ done, total: file.size, files: 0, item: file.path });
                output.enqueue(chunk);
              },
            }),
          );
          if (streamed) await downloadStream(counted, file.name, { size: file.size, signal: controller.signal });
          else await downloadSmallFile(file.name, counted, file.size, controller.signal);
          ended = true;
          setState({ kind: 'done', download: file.name });
        } else {
          const name = entries.length === 1 && entries[0]!.path !== '/' ? entries[0]!.name : `image-${session.image}`;
          if (!hasStreamDownloadRoute()) throw new ImagewrightError(ErrorCode.DOWNLOAD_UNAVAILABLE, { path: `${name}.zip` });
          begin('zip', 0);
          const stream = await session.zip(paths, onProgress('zip'), controller.signal);
          await downloadStream(stream, `${name}.zip`, { mime: 'application/zip', signal: controller.signal });
          ended = true;
          setState({ kind: 'done', download: `${name}.zip` });
        }
      } catch (error) {
        ended = true;
        setState(isAbortError(error) || controller.signal.aborted ? { kind: 'cancelled' } : { kind: 'failed', error });
      } finally {
        if (job.current === controller) job.current = null;
      }
    },
    [session],
  );

  const cancel = useCallback(() => job.current?.abort(), []);
  const dismiss = useCallback(() => setState({ kind: 'idle' }), []);
  useEffect(() => () => job.current?.abort(), []);

  return { state, start, cancel, dismiss };
}
