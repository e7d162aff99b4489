/** Shown while the engine reads a file; the job can be cancelled, which also stops the worker. */
import { useI18n } from '../../i18n/I18nContext';

export function Busy({ label, onCancel }: { label: string; onCancel(): void }) {
  const { t } = useI18n();
  return (
    <section class="card busy" aria-busy="true" data-testid="busy">
      <div class="spinner" aria-hidden="true" />
      <p class="busy__label">{t('busy.reading', { name: label })}</p>
      <button type="button" class="button button--ghost" onClick={onCancel}>
        {t('busy.cancel')}
      </button>
    </section>
  );
}
