/**
 * The current locale for the whole UI: chosen from navigator.languages on first visit, switched by the toggle,
 * remembered in localStorage, mirrored into <html lang> so screen readers and hyphenation follow it.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { LOCALE_STORAGE_KEY, pickLocale, translate, type Locale, type MessageKey, type MessageParams } from './translate';

export interface I18n {
  locale: Locale;
  t(key: MessageKey, params?: MessageParams): string;
  setLocale(locale: Locale): void;
}

const I18nContext = createContext<I18n | null>(null);

function readStoredLocale(): string | null {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null; // storage disabled (private mode, policies): fall back to the browser language
  }
}

function storeLocale(locale: Locale): void {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not remembering the choice is acceptable; the toggle still works for this visit.
  }
}

export function I18nProvider({ children }: { children: ComponentChildren }) {
  const [locale, setLocaleState] = useState<Locale>(() => pickLocale(readStoredLocale(), navigator.languages ?? []));

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    storeLocale(next);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: (key, params) => translate(locale, key, params) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n() used outside <I18nProvider>');
  return i18n;
}
