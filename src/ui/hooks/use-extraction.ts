/**
 * Extraction as the user sees it: pick a folder (or, without a folder picker, download — one file as itself,
 * anything else as a streamed ZIP), then follow the engine's progress with speed and time left, with cancel.
 * The engine writes each file through a temporary writable that it aborts on cancel, so nothing half-written
 * stays behind.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ConflictPolicy, EntrySummary, ExplorerProgress, ExtractSummary } from '../../engine/explorer/explorer-api';
import { downloadStream } from '../../platform/download';
import { hasFolderPicker, pickTargetFolder } from '../../platform/folder-picker';
import { isAbortError } from '../../shared/errors';
import { addRateSample, estimateTransfer, type RateSample, type TransferEstimate } from '../transfer-rate';
import type { ImageSession } from './image-session';

export type ExtractionState =
  | { kind: 'idle' }
  | { kind: 'running'; mode: 'folder' | 'zip' | 'file'; item?: string; done: number; total: number; estimate: TransferEstimate }
  | { kind: 'done'; summary?: ExtractSummary }
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
          await downloadStream(file.name, counted, 'application/octet-stream');
          ended = true;
          setState({ kind: 'done' });
        } else {
          begin('zip', 0);
          const stream = await session.zip(paths, onProgress('zip'), controller.signal);
          const name = entries.length === 1 && entries[0]!.path !== '/' ? entries[0]!.name : `image-${session.image}`;
          await downloadStream(`${name}.zip`, stream);
          ended = true;
          setState({ kind: 'done' });
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
