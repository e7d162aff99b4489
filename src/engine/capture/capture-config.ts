/**
 * Capture configuration: which paths a capture leaves out, from a wimscript.ini-style file (the format DISM's
 * /ConfigFile and wimlib-imagex --config read):
 *
 *   [ExclusionList]          one pattern per line; "\" or "/" separators; * and ? wildcards; quotes optional
 *   \pagefile.sys            a pattern starting with a separator is anchored at the captured folder's root
 *   *.tmp                    a pattern without one matches the last name of any path
 *   [ExclusionException]     patterns kept even when an exclusion matches
 *   [CompressionExclusionList]   accepted and ignored (every blob is compressed alike)
 *
 * Lines starting with ";" or "#" are comments. Matching is case-insensitive (Windows names). Without a file the
 * default list applies (DISM's and wimlib's Windows defaults).
 */
import { ErrorCode, ImagewrightError } from '../../shared/errors';

export const DEFAULT_EXCLUSIONS: readonly string[] = [
  '\\$ntfs.log',
  '\\hiberfil.sys',
  '\\pagefile.sys',
  '\\swapfile.sys',
  '\\System Volume Information',
  '\\RECYCLER',
  '\\$Recycle.Bin',
  '\\Windows\\CSC',
];

export interface CaptureConfig {
  exclusions: string[];
  exceptions: string[];
}

export function defaultCaptureConfig(): CaptureConfig {
  return { exclusions: [...DEFAULT_EXCLUSIONS], exceptions: [] };
}

const SECTIONS = new Map<string, keyof CaptureConfig | undefined>([
  ['exclusionlist', 'exclusions'],
  ['exclusionexception', 'exceptions'],
  ['compressionexclusionlist', undefined],
  ['alignmentlist', undefined],
  ['primeprefetchlist', undefined],
]);

export function parseCaptureConfig(text: string, path?: string): CaptureConfig {
  const config: CaptureConfig = { exclusions: [], exceptions: [] };
  let section: keyof CaptureConfig | undefined | null = null;
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) return;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      const name = header[1]!.trim().toLowerCase();
      if (!SECTIONS.has(name)) {
        throw new ImagewrightError(ErrorCode.BAD_CAPTURE_CONFIG, { ...(path ? { path } : {}), detail: `line ${i + 1}: unknown section [${header[1]}]` });
      }
      section = SECTIONS.get(name);
      return;
    }
    if (section === null) {
      throw new ImagewrightError(ErrorCode.BAD_CAPTURE_CONFIG, { ...(path ? { path } : {}), detail: `line ${i + 1}: a pattern before any [section]` });
    }
    if (section) config[section].push(line.replace(/^"(.*)"$/, '$1'));
  });
  return config;
}

function patternToRegExp(pattern: string): RegExp {
  const p = pattern.replace(/\//g, '\\').replace(/\\+$/, '');
  const anchored = p.startsWith('\\');
  const body = p
    .replace(/^\\+/, '')
    .split('')
    .map((c) => (c === '*' ? '[^\\\\]*' : c === '?' ? '[^\\\\]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(anchored ? `^\\\\${body}$` : `(^|\\\\)${body}$`, 'i');
}

/** Decides, for an image path like "\\Windows\\CSC", whether capture leaves it (and everything below) out. */
export function exclusionMatcher(config: CaptureConfig): (imagePath: string) => boolean {
  const exclusions = config.exclusions.map(patternToRegExp);
  const exceptions = config.exceptions.map(patternToRegExp);
  return (imagePath) => exclusions.some((r) => r.test(imagePath)) && !exceptions.some((r) => r.test(imagePath));
}
