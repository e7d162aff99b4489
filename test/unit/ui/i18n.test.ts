import { describe, expect, it } from 'vitest';
import { en } from '../../../src/ui/i18n/en';
import { fr } from '../../../src/ui/i18n/fr';
import { pickLocale, translate } from '../../../src/ui/i18n/translate';
import { describeOpenStep } from '../../../src/ui/open-step';

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

describe('the busy screen while an image opens', () => {
  const t = (locale: 'en' | 'fr') => (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(locale, key, params);

  it('names the structure being read and the part of a split set, in English and French', () => {
    const step = { stage: 'blob-table', name: 'install2.swm', file: 2, files: 3, part: 2, parts: 3 } as const;
    expect(describeOpenStep(step, t('en'))).toBe('Reading the blob table of install2.swm (where every file’s data lies) — part 2 of 3');
    expect(describeOpenStep(step, t('fr'))).toBe('Lecture de la table des blobs de install2.swm (où se trouvent les données de chaque fichier) — partie 2 sur 3');
  });

  it('names the image whose tree is read, and the file among several plain WIMs', () => {
    expect(describeOpenStep({ stage: 'metadata', name: 'install.wim', file: 1, files: 1, image: 3 }, t('en'))).toBe('Reading the folder tree of image 3');
    expect(describeOpenStep({ stage: 'header', name: 'ref.wim', file: 2, files: 2 }, t('en'))).toBe('Reading the header of ref.wim — file 2 of 2');
  });
});
