/**
 * Progress of a long job: a real <progress> for assistive tech, bytes done of total, speed and time left, and a
 * cancel button. The numbers come from the engine; rate and ETA are smoothed in transfer-rate.ts.
 */
import { formatBytes } from '../../format';
import { useI18n } from '../../i18n/I18nContext';
import { formatDuration, type TransferEstimate } from '../../transfer-rate';

export interface ProgressBarProps {
  label: string;
  done: number;
  total: number;
  estimate: TransferEstimate;
  onCancel(): void;
}

export function ProgressBar({ label, done, total, estimate, onCancel }: ProgressBarProps) {
  const { locale, t } = useI18n();
  return (
    <div class="progress" role="group" aria-label={label} data-testid="progress">
      <div class="progress__top">
        <span class="progress__label break">{label}</span>
        <button type="button" class="button button--small button--ghost" onClick={onCancel} data-testid="progress-cancel">
          {t('extract.cancel')}
        </button>
      </div>
      <progress max={Math.max(total, 1)} value={Math.min(done, total)} aria-label={label} />
      <span class="progress__numbers" data-testid="progress-numbers">
        {t('extract.progress', {
          done: formatBytes(done, locale),
          total: formatBytes(total, locale),
          rate: formatBytes(Math.round(estimate.bytesPerSecond), locale),
          eta: formatDuration(estimate.secondsLeft),
        })}
      </span>
    </div>
  );
}
