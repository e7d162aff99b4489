import { describe, expect, it } from 'vitest';
import { decodeComponent, nameChildren, safeComponent } from '../../../src/engine/extract/path-policy';

describe('extraction path policy', () => {
  it('keeps ordinary names, unicode included, unchanged', () => {
    for (const name of ['notepad.exe', 'Führerschein 2026.pdf', '日本語.txt', '100% done.txt', '.hidden']) {
      expect(safeComponent(name, 'windows')).toEqual({ name });
      expect(safeComponent(name, 'posix')).toEqual({ name });
    }
  });

  it('never yields a name that walks out of the target folder', () => {
    for (const hostile of ['..', '.', '../../etc/passwd', '..\\..\\Windows', 'a/b', 'c:\\x', '\u0000x']) {
      for (const profile of ['posix', 'windows'] as const) {
        const { name } = safeComponent(hostile, profile);
        expect(name).not.toMatch(/[/\\\u0000]/);
        expect(['.', '..']).not.toContain(name);
        expect(decodeComponent(name)).toBe(hostile);
      }
    }
  });

  it('encodes Windows-forbidden characters, DOS device names and trailing dots reversibly', () => {
    const cases: [string, string][] = [
      ['what?.txt', 'what%3F.txt'],
      ['a:b', 'a%3Ab'],
      ['CON', '%43ON'],
      ['nul.txt', '%6Eul.txt'],
      ['COM¹', '%43OM¹'],
      ['trailing.', 'trailing%2E'],
      ['space ', 'space%20'],
      ['50%:x', '50%25%3Ax'],
    ];
    for (const [original, written] of cases) {
      expect(safeComponent(original, 'windows').name).toBe(written);
      expect(decodeComponent(written)).toBe(original);
    }
    expect(safeComponent('CON', 'posix')).toEqual({ name: 'CON' });
  });

  it('shortens names over 255 bytes, keeping the extension and telling two long names apart', () => {
    const a = `${'é'.repeat(200)}a.dll`;
    const b = `${'é'.repeat(200)}b.dll`;
    const sa = safeComponent(a, 'posix');
    const sb = safeComponent(b, 'posix');
    expect(sa.reason).toBe('too-long');
    expect(new TextEncoder().encode(sa.name).length).toBeLessThanOrEqual(255);
    expect(sa.name.endsWith('.dll')).toBe(true);
    expect(sa.name).not.toBe(sb.name);
  });

  it('gives names that collide after folding case a numbered suffix instead of overwriting', () => {
    const named = nameChildren(['Readme.TXT', 'README.txt', 'readme.txt', 'a/b', 'a%2Fb'], 'windows', true);
    expect(named.map((n) => n.name)).toEqual(['Readme.TXT', 'README (2).txt', 'readme (3).txt', 'a%2Fb (2)', 'a%2Fb']);
    expect(new Set(named.map((n) => n.name.toLowerCase())).size).toBe(5);
    const exact = nameChildren(['Readme.TXT', 'README.txt'], 'posix', false);
    expect(exact.map((n) => n.name)).toEqual(['Readme.TXT', 'README.txt']);
  });
});
