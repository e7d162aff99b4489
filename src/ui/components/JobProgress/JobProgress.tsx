/** A running catalog job: what it does, a bar, bytes done of total, MB/s, time left, and Cancel. */
import { formatBytes } from '../../format';
import { jobFigures, type JobState } from '../../hooks/use-catalog-job';
import { useI18n } from '../../i18n/I18nContext';
import type { MessageKey } from '../../i18n/translate';

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export function JobProgress({ state, onCancel }: { state: JobState; onCancel(): void }) {
  const { t, locale } = useI18n();
  const progress = state.progress;
  const figures = jobFigures(state);
  const phase = progress ? t(`job.${progress.phase}` as MessageKey) : '';
  return (
    <section class="card job-progress" aria-busy="true" data-testid="job-progress" data-phase={progress?.phase}>
      <p class="job-progress__label">
        <strong>{state.label}</strong> {phase && <span> — {phase}</span>}
      </p>
      <progress max={progress?.total || 1} value={progress?.done ?? 0} />
      {progress && figures && (
        <p class="job-progress__figures" data-testid="job-figures">
          {t('job.figures', {
            done: formatBytes(progress.done, locale),
            total: formatBytes(progress.total, locale),
            speed: formatBytes(figures.speed, locale),
            eta: formatDuration(figures.etaSeconds),
          })}
        </p>
      )}
      <button type="button" class="button button--ghost" onClick={onCancel} data-testid="job-cancel">
        {t('job.cancel')}
      </button>
    </section>
  );
}
