/**
 * Reading 7-Zip's technical listing (`7zz l -slt`, optionally `-sns` for alternate streams as "path:name"
 * records) and rendering our facts the way 7-Zip prints them: attribute letters (7-Zip
 * CPP/7zip/UI/Common/PropIDUtils.cpp g_WinAttribChars) and FILETIMEs to 100 ns in UTC.
 */
import { execFileSync } from 'node:child_process';

export type Record7z = Record<string, string>;

/** Parses `7zz l -slt [-sns] FILE` run in `cwd`: the records after the "----------" line, split on blank lines. */
export function list7z(cwd: string, file: string, streams = false): Record7z[] {
  const args = ['l', '-slt', '-sccUTF-8', ...(streams ? ['-sns'] : []), file];
  const out = execFileSync('7zz', args, { cwd, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, maxBuffer: 64 << 20 });
  const body = out.split(/^-{10}$/m)[1] ?? '';
  return body
    .split(/\n\s*\n/)
    .map((block) => {
      const rec: Record7z = {};
      for (const m of block.matchAll(/^([^=\n]+?) = ?(.*)$/gm)) rec[m[1]!] = m[2]!;
      return rec;
    })
    .filter((rec) => rec['Path'] !== undefined);
}

const ATTRIBUTE_LETTERS = 'RHS8DAdNTsLCOIEVvX.PU.M......B';

/** 7-Zip's rendering of Windows attributes (letters for known bits, then any rest in hex). */
export function attributeLetters(attributes: number): string {
  let rest = attributes >>> 0;
  let s = '';
  for (let i = 0; i < ATTRIBUTE_LETTERS.length; i++) {
    const c = ATTRIBUTE_LETTERS[i]!;
    if (rest & (1 << i) && c !== '.') {
      s += c;
      rest = (rest & ~(1 << i)) >>> 0;
    }
  }
  return rest ? `${s} ${rest.toString(16).toUpperCase().padStart(8, '0')}` : s;
}

/** FILETIME (decimal string) → "2026-11-21 03:07:01.7706052", as 7-Zip prints it in UTC. */
export function filetimeText(filetime: string): string {
  const ft = BigInt(filetime);
  const seconds = ft / 10_000_000n - 11_644_473_600n;
  const iso = new Date(Number(seconds) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(ft % 10_000_000n).padStart(7, '0')}`;
}
