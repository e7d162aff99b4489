/** Locale-aware display of sizes, dates and numbers; pure so the rules are tested in Node. */
import type { Locale } from '../shared/messages';

// French writes octets: Kio, Mio, Gio (binary prefixes, as Windows tools measure image sizes).
const BYTE_UNITS: Record<Locale, readonly string[]> = {
  en: ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'],
  fr: ['o', 'Kio', 'Mio', 'Gio', 'Tio', 'Pio'],
};

// Intl formatters are costly to build and the tree formats every visible row on each scroll frame: keep them.
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, digits: number): Intl.NumberFormat {
  const key = `${locale}:${digits}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
  return format;
}

export function formatInteger(value: number, locale: Locale): string {
  return numberFormat(locale, 0).format(value);
}

/** "1.5 GiB" / "1,5 Gio": three significant digits at most, exact below 1 KiB. */
export function formatBytes(bytes: number, locale: Locale): string {
  const units = BYTE_UNITS[locale];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  const number = numberFormat(locale, digits).format(value);
  return `${number}\u00a0${units[unit]}`;
}

/** "4.2 GiB (4,509,715,660 bytes)": the human size plus the exact count, which is what people compare. */
export function formatBytesExact(bytes: number, locale: Locale): string {
  if (Math.abs(bytes) < 1024) return formatBytes(bytes, locale);
  const exact = formatInteger(bytes, locale);
  return `${formatBytes(bytes, locale)} (${exact}\u00a0${locale === 'fr' ? 'octets' : 'bytes'})`;
}

/** ISO 8601 timestamp in the user's language and time zone; the raw text when it does not parse. */
export function formatDateTime(iso: string, locale: Locale, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'long', timeStyle: 'medium' };
  if (timeZone) options.timeZone = timeZone;
  return new Intl.DateTimeFormat(locale, options).format(date);
}

export function formatHex(value: number, minDigits = 0): string {
  return `0x${value.toString(16).toUpperCase().padStart(minDigits, '0')}`;
}

/** Compact date and time for list columns, from milliseconds since the epoch; '' for 0 (no time stored). */
const shortDateFormats = new Map<Locale, Intl.DateTimeFormat>();
export function formatDateShort(ms: number, locale: Locale): string {
  if (!ms) return '';
  let format = shortDateFormats.get(locale);
  if (!format) shortDateFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' })));
  return format.format(new Date(ms));
}
