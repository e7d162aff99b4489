import { describe, expect, it } from 'vitest';
import { jobFigures } from '../../../src/ui/hooks/use-catalog-job';

describe('catalog job figures', () => {
  it('computes speed and time left for the current phase from bytes done and elapsed time', () => {
    const figures = jobFigures({ label: 'x', progress: { phase: 'copy', done: 50e6, total: 200e6 }, phaseStartedAt: 1000, now: 3000 });
    expect(figures).toEqual({ speed: 25e6, etaSeconds: 6 });
  });

  it('shows nothing before there is something to measure', () => {
    expect(jobFigures({ label: 'x', phaseStartedAt: 0, now: 10 })).toBeUndefined();
    expect(jobFigures({ label: 'x', progress: { phase: 'hash', done: 0, total: 9 }, phaseStartedAt: 0, now: 10 })).toBeUndefined();
    expect(jobFigures({ label: 'x', progress: { phase: 'hash', done: 5, total: 9 }, phaseStartedAt: 10, now: 10 })).toBeUndefined();
  });
});
