/** The visible FR/EN switch. Shows the language you would switch to, in that language. */
import { useI18n } from '../../i18n/I18nContext';

export function LocaleToggle() {
  const { locale, t, setLocale } = useI18n();
  const next = locale === 'fr' ? 'en' : 'fr';
  return (
    <div class="locale-toggle" role="group" aria-label="Language / Langue">
      {(['en', 'fr'] as const).map((code) => (
        <button
          key={code}
          type="button"
          class={code === locale ? 'locale-toggle__option is-active' : 'locale-toggle__option'}
          aria-pressed={code === locale}
          lang={code}
          title={code === next ? t('locale.toggleLabel') : undefined}
          onClick={() => setLocale(code)}
          data-testid={`locale-${code}`}
        >
          {code.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
