/**
 * SHA256SUMS: the manifest `sha256sum` writes and `sha256sum -c` checks — one line per file, "<64 hex>  <name>"
 * (two spaces: text mode; "<hex> *<name>" is binary mode, read but never written). Updating keeps every other
 * file's line, replaces the line of the file we wrote, sorts entries by name (byte order, as `sort` in the C
 * locale would) and keeps lines it does not understand (comments, other tools' notes) at the top, in order.
 */
import { ErrorCode, ImagewrightError } from '../../shared/errors';

export const SHA256SUMS_NAME = 'SHA256SUMS';

const LINE = /^([0-9a-fA-F]{64}) [ *](.+)$/;

export interface Sha256SumsEntry {
  sha256: string;
  name: string;
}

export function parseSha256Sums(text: string): { entries: Sha256SumsEntry[]; other: string[] } {
  const entries: Sha256SumsEntry[] = [];
  const other: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    const match = LINE.exec(line);
    if (match) entries.push({ sha256: match[1]!.toLowerCase(), name: match[2]! });
    else other.push(line);
  }
  return { entries, other };
}

/** Returns the manifest text with `name` → `sha256` set (added or replaced). */
export function updateSha256Sums(text: string, name: string, sha256: string): string {
  if (/[\r\n\\]/.test(name)) {
    throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { path: name, detail: 'a SHA256SUMS name cannot hold a line break or backslash' });
  }
  const { entries, other } = parseSha256Sums(text);
  const kept = entries.filter((entry) => entry.name !== name);
  kept.push({ sha256: sha256.toLowerCase(), name });
  kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [...other, ...kept.map((entry) => `${entry.sha256}  ${entry.name}`)].join('\n') + '\n';
}
