/** The entry's append-only history, newest first, with each operation's figures and error. */
import type { HistoryEvent } from '../../../catalog/schema';
import { ImagewrightError } from '../../../shared/errors';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n/I18nContext';
import type { MessageKey } from '../../i18n/translate';

export function EntryHistory({ events }: { events: HistoryEvent[] }) {
  const { t, locale } = useI18n();
  return (
    <section class="entry-history">
      <h3>{t('detail.history')}</h3>
      <ol class="entry-history__list" data-testid="history">
        {[...events].reverse().map((event) => (
          <li key={event.seq} data-testid="history-event" data-kind={event.kind} data-result={event.result}>
            <time dateTime={event.at}>{formatDateTime(event.at, locale)}</time>{' '}
            <strong>{t(`history.${event.kind}` as MessageKey)}</strong>{' '}
            <span class={`result result--${event.result}`}>{t(`result.${event.result}` as MessageKey)}</span>
            {event.target && <span> — {event.target}</span>}
            {event.figures && (
              <span class="entry-history__figures">
                {' '}
                {Object.entries(event.figures)
                  .map(([key, value]) => `${key}=${value}`)
                  .join(' · ')}
              </span>
            )}
            {event.error && (
              <div class="entry-history__error" data-code={event.error.code}>
                {`${event.error.code}: ${ImagewrightError.fromJSON({ __imagewright: 1, ...event.error }).localized(locale)}`}
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
