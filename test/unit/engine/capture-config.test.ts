/** wimscript.ini-style exclusion lists: sections, quotes, comments, anchored and unanchored patterns, exceptions. */
import { describe, expect, it } from 'vitest';
import { defaultCaptureConfig, exclusionMatcher, parseCaptureConfig } from '../../../src/engine/capture/capture-config';

describe('capture configuration', () => {
  it('excludes the Windows defaults case-insensitively, at the root only', () => {
    const excluded = exclusionMatcher(defaultCaptureConfig());
    expect(excluded('\\pagefile.sys')).toBe(true);
    expect(excluded('\\PAGEFILE.SYS')).toBe(true);
    expect(excluded('\\System Volume Information')).toBe(true);
    expect(excluded('\\$Recycle.Bin')).toBe(true);
    expect(excluded('\\Windows\\CSC')).toBe(true);
    expect(excluded('\\Users\\pagefile.sys')).toBe(false);
    expect(excluded('\\Windows')).toBe(false);
  });

  it('parses sections, quotes and comments; wildcards match one name; exceptions win', () => {
    const config = parseCaptureConfig('\uFEFF; comment\r\n[ExclusionList]\r\n*.tmp\r\n"\\Program Files\\Cache"\r\n/logs/*\r\n[ExclusionException]\r\n\\keep.tmp\r\n[CompressionExclusionList]\r\n*.zip\r\n');
    expect(config).toEqual({ exclusions: ['*.tmp', '\\Program Files\\Cache', '/logs/*'], exceptions: ['\\keep.tmp'] });
    const excluded = exclusionMatcher(config);
    expect(excluded('\\a\\b\\x.tmp')).toBe(true);
    expect(excluded('\\keep.tmp')).toBe(false);
    expect(excluded('\\Program Files\\Cache')).toBe(true);
    expect(excluded('\\logs\\today.txt')).toBe(true);
    expect(excluded('\\logs\\sub\\deeper.txt')).toBe(false);
    expect(excluded('\\x.zip')).toBe(false);
  });

  it('refuses unknown sections and patterns outside a section, naming the line', () => {
    expect(() => parseCaptureConfig('[Nope]\n')).toThrow(expect.objectContaining({ code: 7003, detail: 'line 1: unknown section [Nope]' }));
    expect(() => parseCaptureConfig('*.tmp\n', 'x.ini')).toThrow(expect.objectContaining({ code: 7003, path: 'x.ini' }));
  });
});
