/**
 * What the user sees when a file cannot be opened: the message in their language, the stable code name to
 * search for or report, and where in the file it happened. Unexpected errors show their message but never a
 * stack trace.
 */
import { ImagewrightError } from '../../../shared/errors';
import { formatHex, formatInteger } from '../../format';
import { useI18n } from '../../i18n/I18nContext';
import { Facts, type FactRow } from '../Facts/Facts';

export interface ErrorPanelProps {
  error: unknown;
  onBack?: () => void;
  /** What failed, when it is not opening a file (reading an entry, extracting…). */
  title?: string;
}

export function ErrorPanel({ error, onBack, title }: ErrorPanelProps) {
  const { locale, t } = useI18n();
  const known = error instanceof ImagewrightError ? error : undefined;
  const rows: FactRow[] = [];
  if (known) {
    rows.push([t('error.code'), <code>{`${known.codeName} (${known.code})`}</code>, 'code']);
    if (known.offset !== undefined) {
      const offset = Number(known.offset);
      rows.push([t('error.offset'), <code>{`${formatHex(offset)} (${formatInteger(offset, locale)})`}</code>, 'offset']);
    }
    if (known.path !== undefined) rows.push([t('error.path'), <code>{known.path}</code>, 'path']);
  }
  const message = known ? known.localized(locale) : describeUnexpected(error);

  return (
    <section class="card error-panel" role="alert" data-testid="error-panel" data-code={known?.codeName}>
      <h2 class="error-panel__title">{title ?? (known ? t('error.title') : t('error.unexpected'))}</h2>
      <p class="error-panel__message" data-testid="error-message">
        {message}
      </p>
      {rows.length > 0 && <Facts rows={rows} />}
      <div class="actions">
        {onBack ? (
          <button type="button" class="button button--primary" onClick={onBack}>
            {t('error.back')}
          </button>
        ) : (
          <button type="button" class="button button--primary" onClick={() => window.location.reload()}>
            {t('error.reload')}
          </button>
        )}
      </div>
    </section>
  );
}

function describeUnexpected(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
