// PE version resources read by our parser against what 7-Zip (7zz) extracts as .rsrc/version.txt.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPeVersion } from '../../../../src/formats/pe/version-resource';
import { ErrorCode } from '../../../../src/shared/errors';
// @ts-expect-error: plain ESM script without types
import { buildPeFile } from '../../../../scripts/sample/pe-file.mjs';

const dir = mkdtempSync(join(tmpdir(), 'iw-pe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reader = (bytes: Uint8Array) => async (offset: number, length: number) => bytes.subarray(offset, offset + length);

/** VALUE "Key", "Value" lines and FILEVERSION of 7-Zip's version.txt. */
function sevenZipVersion(file: string): { fileVersion: string; strings: Record<string, string> } {
  const out = join(dir, 'x');
  rmSync(out, { recursive: true, force: true });
  execFileSync('7zz', ['x', '-y', `-o${out}`, file], { stdio: 'ignore' });
  const raw = readFileSync(join(out, '.rsrc', 'version.txt'));
  // 7-Zip writes version.txt in UTF-16 LE without a BOM.
  const text = raw.toString('utf16le').replace(/^\uFEFF/, '');
  const strings: Record<string, string> = {};
  for (const m of text.matchAll(/VALUE "(\w+)",\s+"(.*)"/g)) strings[m[1]!] = m[2]!;
  return { fileVersion: /FILEVERSION\s+([\d,]+)/.exec(text)![1]!.replace(/,/g, '.'), strings };
}

describe('readPeVersion', () => {
  const cases = [
    { kind: 'exe', description: 'Notepad', company: 'Microsoft Corporation', product: 'Microsoft® Windows® Operating System', copyright: '© Microsoft', fileVersion: '10.0.19041.3636', name: 'notepad.exe' },
    { kind: 'sys', description: 'NVM Express Storport Miniport', company: 'Contoso Ltd.', product: 'Contoso Drivers', copyright: '© Contoso', fileVersion: '4.2.0.17', name: 'contoso.sys' },
  ];
  for (const info of cases) {
    it(`reads ${info.name} as 7-Zip does`, async () => {
      const bytes: Uint8Array = buildPeFile(info);
      const file = join(dir, info.name);
      writeFileSync(file, bytes);
      const oracle = sevenZipVersion(file);
      const ours = await readPeVersion(reader(bytes), bytes.length);
      expect(ours).toMatchObject({ machine: { code: 0x8664, name: 'x64' }, format: 'PE32+', fileVersion: oracle.fileVersion, stringTable: '040904B0' });
      expect(ours!.strings).toEqual(oracle.strings);
    });
  }

  it('answers null for non-PE data and BAD_PE_FILE (with an offset) for a PE whose tables run past the end', async () => {
    expect(await readPeVersion(reader(new TextEncoder().encode('MZ but nothing else'.padEnd(100))), 100)).toBeNull();
    const bytes: Uint8Array = buildPeFile(cases[0]);
    const cut = bytes.subarray(0, 0x400 + 0x8);
    await expect(readPeVersion(reader(cut), cut.length)).rejects.toMatchObject({ code: ErrorCode.BAD_PE_FILE, offset: 0x400 });
    const truncated = bytes.subarray(0, 0x100);
    await expect(readPeVersion(reader(truncated), truncated.length)).rejects.toMatchObject({ code: ErrorCode.BAD_PE_FILE });
  });
});
