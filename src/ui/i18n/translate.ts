/** Locale choice and message lookup for the UI; pure functions so they are tested in Node. */
import type { Locale } from '../../shared/messages';
import { en, type MessageKey, type MessageTable } from './en';
import { fr } from './fr';

export type { Locale, MessageKey };
export type MessageParams = Record<string, string | number>;

export const LOCALES: readonly Locale[] = ['en', 'fr'];
export const UI_MESSAGES: Record<Locale, MessageTable> = { en, fr };
/** localStorage key holding the locale the user chose with the toggle. */
export const LOCALE_STORAGE_KEY = 'imagewright.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The user's explicit choice wins; otherwise the first browser language we speak ("fr-CA" → fr);
 * otherwise English.
 */
export function pickLocale(stored: string | null, browserLanguages: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  for (const language of browserLanguages) {
    const base = language.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

/** Looks up a key and fills its `{placeholders}`; unknown placeholders stay visible rather than vanish. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const text = UI_MESSAGES[locale][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
