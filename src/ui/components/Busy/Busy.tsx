/**
 * Shown while the engine reads a file; the job can be cancelled, which also stops the worker. Opening a big
 * image can take a while (a large blob table, a deep folder tree), so the structure being read is named, with
 * the part of a split set, so that a slow open does not look like a hang.
 */
import type { OpenImageProgress } from '../../../engine/explorer/explorer-api';
import { useI18n } from '../../i18n/I18nContext';
import { describeOpenStep } from '../../open-step';

export function Busy({ label, step, onCancel }: { label: string; step?: OpenImageProgress | undefined; onCancel(): void }) {
  const { t } = useI18n();
  return (
    <section class="card busy" aria-busy="true" data-testid="busy">
      <div class="spinner" aria-hidden="true" />
      <p class="busy__label">{t('busy.reading', { name: label })}</p>
      {step && (
        <p class="busy__step muted" role="status" data-testid="busy-step" data-stage={step.stage} data-part={step.part}>
          {describeOpenStep(step, t)}
        </p>
      )}
      <button type="button" class="button button--ghost" onClick={onCancel}>
        {t('busy.cancel')}
      </button>
    </section>
  );
}
