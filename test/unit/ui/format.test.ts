import { describe, expect, it } from 'vitest';
import { formatBytes, formatBytesExact, formatDateTime, formatHex } from '../../../src/ui/format';

const NBSP = '\u00a0';

describe('UI formatting', () => {
  it('prints sizes with binary units, in octets for French', () => {
    expect(formatBytes(512, 'en')).toBe(`512${NBSP}B`);
    expect(formatBytes(32768, 'en')).toBe(`32${NBSP}KiB`);
    expect(formatBytes(1.5 * 1024 ** 3, 'en')).toBe(`1.5${NBSP}GiB`);
    expect(formatBytes(1.5 * 1024 ** 3, 'fr')).toBe(`1,5${NBSP}Gio`);
    expect(formatBytes(150 * 1024 ** 2, 'fr')).toBe(`150${NBSP}Mio`);
  });

  it('adds the exact byte count to large sizes so two images can be compared', () => {
    expect(formatBytesExact(4_509_715_660, 'en')).toBe(`4.2${NBSP}GiB (4,509,715,660${NBSP}bytes)`);
    expect(formatBytesExact(4_509_715_660, 'fr')).toMatch(/^4,2\u00a0Gio \(4\s509\s715\s660\u00a0octets\)$/u);
    expect(formatBytesExact(100, 'en')).toBe(`100${NBSP}B`);
  });

  it('shows WIM timestamps in the reader’s language and leaves unparsable text as is', () => {
    expect(formatDateTime('2024-03-05T14:07:09Z', 'en', 'UTC')).toBe('March 5, 2024 at 2:07:09 PM');
    expect(formatDateTime('2024-03-05T14:07:09Z', 'fr', 'UTC')).toBe('5 mars 2024 à 14:07:09');
    expect(formatDateTime('not a date', 'fr')).toBe('not a date');
  });

  it('prints header numbers as upper-case hex', () => {
    expect(formatHex(0x10d00)).toBe('0x10D00');
    expect(formatHex(0x82, 8)).toBe('0x00000082');
  });
});
