/**
 * Progress of a long job, as plain data the UI turns into a bar, MB/s and an ETA: `done` of `total` units (bytes
 * for data phases, images for metadata), plus the item being worked on. Reports are throttled by the job
 * (at most every PROGRESS_INTERVAL_MS, and always at the end of a phase).
 */
export type ProgressPhase = 'integrity' | 'metadata' | 'data' | 'links';

export interface ProgressReport {
  phase: ProgressPhase;
  done: number;
  total: number;
  /** What is being processed (a path or an image index), when it helps the user. */
  item?: string;
}

export type ProgressCallback = (report: ProgressReport) => void;

export const PROGRESS_INTERVAL_MS = 200;

/** Wraps a callback so that intermediate reports come at most every PROGRESS_INTERVAL_MS; final ones always pass. */
export function throttleProgress(callback: ProgressCallback | undefined, now: () => number = Date.now): ProgressCallback {
  let last = -Infinity;
  return (report) => {
    if (!callback) return;
    const t = now();
    if (report.done >= report.total || t - last >= PROGRESS_INTERVAL_MS) {
      last = t;
      callback(report);
    }
  };
}
