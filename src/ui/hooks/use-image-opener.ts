/**
 * Opening an image: picked files become an explorer session through the engine (openImage). Keeps one job at a
 * time — opening something new cancels the previous one and closes its session — and remembers the files of a
 * failed open so that the missing parts of a split set can be added to them.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { EngineClient } from '../../client/engine-client';
import type { OpenedImage, OpenImageProgress } from '../../engine/explorer/explorer-api';
import { isAbortError } from '../../shared/errors';

export type OpenerState =
  | { kind: 'idle' }
  | { kind: 'busy'; label: string; step?: OpenImageProgress }
  | { kind: 'done'; opened: OpenedImage; files: File[] }
  | { kind: 'failed'; error: unknown; files: File[] };

export interface ImageOpener {
  state: OpenerState;
  /** Opens files already in hand (picker, drop, launch queue, test hook). */
  openFiles(files: File[]): Promise<void>;
  /** Loads files first (e.g. the bundled sample), then opens them; `label` names the job while it runs. */
  openFrom(label: string, load: (signal: AbortSignal) => Promise<File[]>): Promise<void>;
  cancel(): void;
  reset(): void;
}

export function useImageOpener(client: EngineClient): ImageOpener {
  const [state, setState] = useState<OpenerState>({ kind: 'idle' });
  const job = useRef<AbortController | null>(null);
  const session = useRef<string | null>(null);

  const closeSession = useCallback(() => {
    const id = session.current;
    session.current = null;
    if (id) client.closeImage(id).catch(() => undefined); // the worker may be gone already; nothing to free then
  }, [client]);

  const openFrom = useCallback(
    async (label: string, load: (signal: AbortSignal) => Promise<File[]>) => {
      job.current?.abort();
      closeSession();
      const controller = new AbortController();
      job.current = controller;
      setState({ kind: 'busy', label });
      let files: File[] = [];
      try {
        files = await load(controller.signal);
        // Steps arrive over their own port: one that lands after the answer, or after a newer job began, is dropped.
        const onStep = (step: OpenImageProgress): void => {
          if (job.current === controller && !controller.signal.aborted) setState({ kind: 'busy', label, step });
        };
        const opened = await client.openImage(files, controller.signal, onStep);
        if (job.current !== controller) {
          client.closeImage(opened.sessionId).catch(() => undefined);
          return;
        }
        session.current = opened.sessionId;
        setState({ kind: 'done', opened, files });
      } catch (error) {
        if (job.current !== controller) return; // superseded by a newer job, which owns the state now
        setState(isAbortError(error) ? { kind: 'idle' } : { kind: 'failed', error, files });
      } finally {
        if (job.current === controller) job.current = null;
      }
    },
    [client, closeSession],
  );

  const openFiles = useCallback(
    (files: File[]) => {
      if (files.length === 0) return Promise.resolve();
      const label = files.length === 1 ? files[0]!.name : files.map((file) => file.name).join(', ');
      return openFrom(label, async () => files);
    },
    [openFrom],
  );

  const cancel = useCallback(() => job.current?.abort(), []);
  const reset = useCallback(() => {
    job.current?.abort();
    closeSession();
    setState({ kind: 'idle' });
  }, [closeSession]);

  useEffect(() => () => job.current?.abort(), []);

  return { state, openFiles, openFrom, cancel, reset };
}
