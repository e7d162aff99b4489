/**
 * The one job the app runs today: turn picked files into a WimInfo through the engine. Keeps one job at a
 * time — opening something new cancels the previous one — and exposes the state the screens render.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { EngineClient } from '../../client/engine-client';
import type { WimInfo } from '../../formats/wim/wim-info';
import { isAbortError } from '../../shared/errors';

export type OpenerState =
  | { kind: 'idle' }
  | { kind: 'busy'; label: string }
  | { kind: 'done'; info: WimInfo }
  | { kind: 'failed'; error: unknown };

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

  const openFrom = useCallback(
    async (label: string, load: (signal: AbortSignal) => Promise<File[]>) => {
      job.current?.abort();
      const controller = new AbortController();
      job.current = controller;
      setState({ kind: 'busy', label });
      try {
        const files = await load(controller.signal);
        const info = await client.inspect(files, controller.signal);
        if (job.current === controller) setState({ kind: 'done', info });
      } catch (error) {
        if (job.current !== controller) return; // superseded by a newer job, which owns the state now
        setState(isAbortError(error) ? { kind: 'idle' } : { kind: 'failed', error });
      } finally {
        if (job.current === controller) job.current = null;
      }
    },
    [client],
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
    setState({ kind: 'idle' });
  }, []);

  useEffect(() => () => job.current?.abort(), []);

  return { state, openFiles, openFrom, cancel, reset };
}
