/**
 * Speed and time left for a long job, from the progress events the engine sends (bytes done of total). The rate
 * is measured over a sliding window of recent samples, so a slow start or a burst of small files does not skew
 * the ETA for long. Pure: time comes in as an argument.
 */

export interface RateSample {
  at: number;
  done: number;
}

export interface TransferEstimate {
  /** Bytes per second over the window; 0 until two samples span some time. */
  bytesPerSecond: number;
  /** Seconds left at that rate; undefined while the rate is unknown. */
  secondsLeft: number | undefined;
}

export const RATE_WINDOW_MS = 3000;

/** Adds a sample and drops those older than the window (keeping one older sample as the window's start). */
export function addRateSample(samples: readonly RateSample[], sample: RateSample, windowMs = RATE_WINDOW_MS): RateSample[] {
  const next = [...samples, sample];
  while (next.length > 2 && next[1]!.at <= sample.at - windowMs) next.shift();
  return next;
}

export function estimateTransfer(samples: readonly RateSample[], total: number): TransferEstimate {
  if (samples.length < 2) return { bytesPerSecond: 0, secondsLeft: undefined };
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const seconds = (last.at - first.at) / 1000;
  if (seconds <= 0) return { bytesPerSecond: 0, secondsLeft: undefined };
  const bytesPerSecond = Math.max(0, (last.done - first.done) / seconds);
  const secondsLeft = bytesPerSecond > 0 ? Math.max(0, total - last.done) / bytesPerSecond : undefined;
  return { bytesPerSecond, secondsLeft };
}

/** "42 s", "3 min 05 s", "1 h 02 min": short enough for a progress line, same in French and English. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}\u00a0s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes}\u00a0min\u00a0${String(s % 60).padStart(2, '0')}\u00a0s`;
  return `${Math.floor(minutes / 60)}\u00a0h\u00a0${String(minutes % 60).padStart(2, '0')}\u00a0min`;
}
