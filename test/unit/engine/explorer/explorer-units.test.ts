// Small pure pieces of the Explorer engine: name patterns, FILETIME text, attribute names, DISM part names.
import { describe, expect, it } from 'vitest';
import { decodePoolSize } from '../../../../src/engine/browser/browser-read-context';
import { attributeNames, filetimeToIso, filetimeToMs, reparseTagName } from '../../../../src/engine/explorer/entry-facts';
import { namePattern } from '../../../../src/engine/explorer/explorer-service';
import { expectedPartName } from '../../../../src/engine/explorer/session';
import { keepBothName } from '../../../../src/io/fs-access-sink';

describe('namePattern', () => {
  it('matches substrings case-insensitively, and wildcards against the whole name', () => {
    expect(namePattern('SETUP')('setupact.log')).toBe(true);
    expect(namePattern('*.log')('setupact.LOG')).toBe(true);
    expect(namePattern('*.log')('setupact.log.old')).toBe(false);
    expect(namePattern('setup???.log')('setupact.log')).toBe(true);
    expect(namePattern('a+b(1).txt')('A+B(1).TXT')).toBe(true);
    expect(namePattern('[x]*')('[x] file')).toBe(true);
  });
});

describe('entry facts', () => {
  it('writes FILETIMEs as ISO 8601 with 100 ns precision', () => {
    // 2024-05-01T10:20:30.1234567Z = (1714558830 s + 0.1234567) since 1970, in 100 ns ticks since 1601.
    const ft = 116444736000000000n + 17145588301234567n;
    expect(filetimeToIso(ft)).toBe('2024-05-01T10:20:30.1234567Z');
    expect(filetimeToMs(ft)).toBe(1714558830123);
    expect(filetimeToIso(0n)).toBeUndefined();
    expect(filetimeToIso(1n)).toBe('1601-01-01T00:00:00.0000001Z');
  });

  it('names attributes and reparse tags, unknown bits in hex', () => {
    expect(attributeNames(0x2027)).toEqual(['READONLY', 'HIDDEN', 'SYSTEM', 'ARCHIVE', 'NOT_CONTENT_INDEXED']);
    expect(attributeNames(0x80000000)).toEqual(['0x80000000']);
    expect(reparseTagName(0xa000000c)).toBe('SYMLINK');
    expect(reparseTagName(0x80000017)).toBe('WOF');
    expect(reparseTagName(0x1234)).toBe('0x00001234');
  });
});

describe('split-set part names', () => {
  it('follows DISM: install.swm, install2.swm… from any part name', () => {
    expect(expectedPartName('install.swm', 2, 1)).toBe('install2.swm');
    expect(expectedPartName('install3.swm', 1, 3)).toBe('install.swm');
    expect(expectedPartName('install3.swm', 12, 3)).toBe('install12.swm');
  });

  it('names kept-both copies like Explorer', () => {
    expect(keepBothName('win.ini', 2)).toBe('win (2).ini');
    expect(keepBothName('README', 3)).toBe('README (3)');
    expect(keepBothName('.hidden', 2)).toBe('.hidden (2)');
  });

  it('sizes the browser decode pool from the cores left beside the page', () => {
    expect(decodePoolSize(undefined)).toBe(1);
    expect(decodePoolSize(2)).toBe(1);
    expect(decodePoolSize(8)).toBe(7);
    expect(decodePoolSize(64)).toBe(8);
  });
});

describe('hostile input stays linear', () => {
  it('matches many-star patterns against long names without backtracking blow-up', async () => {
    const { wildcardMatch } = await import('../../../../src/engine/explorer/explorer-service');
    expect(wildcardMatch('*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    expect(wildcardMatch('*a*b?', 'xxaxxbz')).toBe(true);
    expect(wildcardMatch('a*', '')).toBe(false);
    expect(wildcardMatch('**', '')).toBe(true);
  });

  it('scans answer files full of unclosed tags and comments in one pass', async () => {
    const { findAnswerFilePasswords } = await import('../../../../src/engine/doctor/answer-file');
    expect(findAnswerFilePasswords('<a'.repeat(200_000))).toEqual([]);
    expect(findAnswerFilePasswords('<!--'.repeat(100_000))).toEqual([]);
    expect(findAnswerFilePasswords('<AutoLogon><Password><Value>x</Value></Password></AutoLogon><!-- open')).toEqual([{ element: 'AutoLogon/Password', plainText: true }]);
  });
});
