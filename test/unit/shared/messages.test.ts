import { describe, expect, it } from 'vitest';
import { ErrorCode, type ErrorCodeName } from '../../../src/shared/error-codes';
import { ImagewrightError } from '../../../src/shared/errors';
import { MESSAGES } from '../../../src/shared/messages';

describe('error message table', () => {
  it('has an English and a French message for every code, with the same placeholders', () => {
    for (const name of Object.keys(ErrorCode) as ErrorCodeName[]) {
      const en = MESSAGES.en[name];
      const fr = MESSAGES.fr[name];
      expect(en, name).toBeTruthy();
      expect(fr, name).toBeTruthy();
      const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(holes(fr), name).toEqual(holes(en));
    }
  });

  it('gives every code a distinct number', () => {
    const values = Object.values(ErrorCode);
    expect(new Set(values).size).toBe(values.length);
  });

  it('renders the container limits with their parameters in both languages', () => {
    const error = new ImagewrightError(ErrorCode.TOO_MANY_IMAGES, { params: { count: 70000, limit: 65535 }, offset: 0x2c });
    expect(error.message).toBe('The header announces 70000 images; at most 65535 are supported at byte offset 0x2c (44)');
    expect(error.codeName).toBe('TOO_MANY_IMAGES');
    expect(new ImagewrightError(ErrorCode.XML_TOO_LARGE, { params: { size: 1, limit: 2 } }).localized('fr')).toContain('1 octets');
  });
});
