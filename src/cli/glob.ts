/**
 * Expands the `--ref` patterns of split-WIM verbs ("dir/install*.swm"), like wimlib-imagex's --ref: `*` and `?`
 * in the file-name part only; the directory part is taken literally. Results are sorted for a stable order.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ErrorCode, ImagewrightError } from '../shared/errors';

function patternToRegExp(pattern: string): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export async function expandGlob(pattern: string): Promise<string[]> {
  const dir = dirname(pattern);
  const name = basename(pattern);
  if (/[*?]/.test(dir)) {
    throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `wildcards are only allowed in the file name: ${pattern}` });
  }
  if (!/[*?]/.test(name)) return [pattern];
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (cause) {
    throw new ImagewrightError(ErrorCode.IO_READ_FAILED, { path: dir, detail: (cause as Error).message, cause });
  }
  const re = patternToRegExp(name);
  const matches = entries.filter((e) => re.test(e)).sort();
  if (matches.length === 0) {
    throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `--ref "${pattern}" matches no file` });
  }
  return matches.map((m) => (dir === '.' && !pattern.startsWith('./') ? m : join(dir, m)));
}
