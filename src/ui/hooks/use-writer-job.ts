/**
 * One writer job at a time (capture, export, split): the catalog job hook (progress with MB/s and ETA, cancel,
 * error) fed with the writer's progress reports. Cancel aborts the signal; the client then cancels the job
 * gently in the engine, which abort()s the output so the destination stays as it was.
 */
import { useCallback } from 'preact/hooks';
import type { CatalogProgress } from '../../engine/catalog/catalog-api';
import type { WriterProgress } from '../../engine/writer/writer-api';
import { useCatalogJob, type CatalogJob } from './use-catalog-job';

export interface WriterJob extends Omit<CatalogJob, 'run'> {
  run<T>(label: string, work: (onProgress: (p: WriterProgress) => void, signal: AbortSignal) => Promise<T>): Promise<T | undefined>;
}

export function useWriterJob(): WriterJob {
  const job = useCatalogJob();
  const { run: runCatalog } = job;
  // JobProgress shows any phase that has a `job.<phase>` string; the writer's phases have theirs (writer-en.ts).
  const run = useCallback(
    <T,>(label: string, work: (onProgress: (p: WriterProgress) => void, signal: AbortSignal) => Promise<T>) =>
      runCatalog(label, (onProgress, signal) => work((p) => onProgress(p as unknown as CatalogProgress), signal)),
    [runCatalog],
  );
  return { ...job, run };
}
