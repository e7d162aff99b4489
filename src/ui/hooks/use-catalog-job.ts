/**
 * One catalog job at a time (add, verify, relink, distribute): its progress with speed and time left, a cancel
 * that aborts it (the client then terminates the engine worker), and its error. A cancelled job is not an error.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { CatalogProgress } from '../../engine/catalog/catalog-api';
import { isAbortError } from '../../shared/errors';

export interface JobState {
  label: string;
  progress?: CatalogProgress;
  /** When the current phase started (ms, performance.now): speed and ETA are per phase. */
  phaseStartedAt: number;
  now: number;
}

export interface CatalogJob {
  state: JobState | null;
  error: unknown;
  clearError(): void;
  /** Runs `work`; resolves to its result, or undefined when it was cancelled or failed (see `error`). */
  run<T>(
    label: string,
    work: (onProgress: (p: CatalogProgress) => void, signal: AbortSignal) => Promise<T>,
    onCancelled?: () => Promise<void>,
  ): Promise<T | undefined>;
  cancel(): void;
}

export function useCatalogJob(): CatalogJob {
  const [state, setState] = useState<JobState | null>(null);
  const [error, setError] = useState<unknown>(null);
  const controller = useRef<AbortController | null>(null);

  const run = useCallback(async <T,>(
    label: string,
    work: (onProgress: (p: CatalogProgress) => void, signal: AbortSignal) => Promise<T>,
    onCancelled?: () => Promise<void>,
  ) => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setError(null);
    const started = performance.now();
    setState({ label, phaseStartedAt: started, now: started });
    const onProgress = (progress: CatalogProgress): void => {
      // Progress comes over its own MessagePort (a Comlink proxy), so a report may arrive after the job settled.
      if (controller.current !== current) return;
      setState((previous) => {
        const now = performance.now();
        const samePhase = previous?.progress?.phase === progress.phase;
        return { label, progress, phaseStartedAt: samePhase ? previous!.phaseStartedAt : now, now };
      });
    };
    try {
      return await work(onProgress, current.signal);
    } catch (failure) {
      if (isAbortError(failure)) await onCancelled?.().catch(() => undefined); // e.g. remove a partial copy
      else setError(failure);
      return undefined;
    } finally {
      if (controller.current === current) {
        controller.current = null;
        setState(null);
      }
    }
  }, []);

  const cancel = useCallback(() => controller.current?.abort(), []);
  const clearError = useCallback(() => setError(null), []);
  useEffect(() => () => controller.current?.abort(), []);
  return { state, error, clearError, run, cancel };
}

/** Bytes per second and seconds left for one phase, or undefined before there is anything to measure. */
export function jobFigures(state: JobState): { speed: number; etaSeconds: number } | undefined {
  const progress = state.progress;
  const elapsed = (state.now - state.phaseStartedAt) / 1000;
  if (!progress || progress.done <= 0 || elapsed <= 0) return undefined;
  const speed = progress.done / elapsed;
  return { speed, etaSeconds: Math.max(0, (progress.total - progress.done) / speed) };
}
