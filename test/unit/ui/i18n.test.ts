import { describe, expect, it } from 'vitest';
import { en } from '../../../src/ui/i18n/en';
import { fr } from '../../../src/ui/i18n/fr';
import { pickLocale, translate } from '../../../src/ui/i18n/translate';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI translations', () => {
  it('French has exactly the English keys, each with the same placeholders', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
      expect(fr[key].trim(), key).not.toBe('');
    }
  });

  it('fills placeholders and keeps unknown ones visible', () => {
    expect(translate('fr', 'facts.partsValue', { part: 2, total: 3 })).toBe('2 sur 3');
    expect(translate('en', 'busy.reading', {})).toBe('Reading {name}…');
  });

  it('follows the stored choice first, then the first supported browser language, then English', () => {
    expect(pickLocale('fr', ['en-US'])).toBe('fr');
    expect(pickLocale(null, ['de-DE', 'fr-CA', 'en'])).toBe('fr');
    expect(pickLocale('xx', ['EN-gb'])).toBe('en');
    expect(pickLocale(null, ['de', 'es'])).toBe('en');
  });
});
