/**
 * Path policy for extraction: turns names stored in an image into names a target folder can hold, so that
 * extraction never escapes its target and never lets two entries overwrite each other.
 *
 * Rules (the same for the CLI and the browser; the "windows" profile is used for picked folders and OPFS,
 * because the user may be on Windows and Chromium applies Windows rules there):
 *   1. Characters the target cannot hold are percent-encoded as UTF-8 bytes: NUL, "/" and "\" everywhere;
 *      also control characters 1–31 and : * ? " < > | in the windows profile. In a name that needs any
 *      encoding, "%" itself becomes %25, so decoding %XX restores the original exactly (reversible).
 *   2. Whole names that are not files: "." and ".." become %2E and %2E%2E. In the windows profile, DOS device
 *      names (CON, PRN, AUX, NUL, COM0–9, LPT0–9, also with an extension or superscript digit) get their first
 *      letter encoded (CON → %43ON), and a trailing dot or space is encoded (%2E, %20).
 *   3. A name over 255 bytes (UTF-8, posix) or 255 UTF-16 units (windows) is cut and given "~" plus 8 hex
 *      digits of a hash of the full name, keeping its extension.
 *   4. Two names in one directory that collide after 1–3 — exactly, or ignoring case where the target folds
 *      case — keep the first (names written as-is go before changed ones); the next ones get " (2)", " (3)"…
 *      before the extension.
 * Every rename is reported (original path → written path) so the user can reverse rules 3 and 4 too.
 */

import type { PathProfile } from '../../io/byte-sink';

export type { PathProfile };

export interface SafeName {
  name: string;
  /** Why the name was changed; undefined when written as-is. */
  reason?: 'encoded' | 'reserved' | 'too-long' | 'collision';
}

const MAX_COMPONENT = 255;
const WINDOWS_FORBIDDEN = /[\u0000-\u001f:*?"<>|/\\]/;
const POSIX_FORBIDDEN = /[\u0000/\\]/;
const DOS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const utf8 = new TextEncoder();

function percentEncodeChar(char: string): string {
  return [...utf8.encode(char)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** Rules 1–2: returns the encoded name and whether anything changed. */
function encodeName(name: string, profile: PathProfile): SafeName {
  const forbidden = profile === 'windows' ? WINDOWS_FORBIDDEN : POSIX_FORBIDDEN;
  if (name === '.' || name === '..') return { name: name.replace(/\./g, '%2E'), reason: 'reserved' };
  let needsEncoding = [...name].some((c) => forbidden.test(c));
  const reserved = profile === 'windows' && (DOS_DEVICE.test(name) || /[. ]$/.test(name));
  if (!needsEncoding && !reserved) return { name };
  needsEncoding = true;
  let out = '';
  for (const c of name) out += c === '%' || forbidden.test(c) ? percentEncodeChar(c) : c;
  if (profile === 'windows') {
    if (DOS_DEVICE.test(name)) out = percentEncodeChar(out[0]!) + out.slice(1);
    const last = out.at(-1);
    if (last === '.' || last === ' ') out = out.slice(0, -1) + percentEncodeChar(last);
  }
  return { name: out, reason: reserved ? 'reserved' : 'encoded' };
}

function lengthOf(name: string, profile: PathProfile): number {
  return profile === 'windows' ? name.length : utf8.encode(name).length;
}

/** FNV-1a over UTF-16 units: short, stable, good enough to tell two long names apart. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  return dot > 0 && name.length - dot <= 16 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
}

/** Rule 3. */
function shorten(name: string, original: string, profile: PathProfile): string {
  const [stem, extension] = splitExtension(name);
  const tag = `~${shortHash(original)}`;
  let cut = stem;
  while (cut && lengthOf(cut + tag + extension, profile) > MAX_COMPONENT) cut = [...cut].slice(0, -1).join('');
  return cut + tag + extension;
}

/** Applies rules 1–3 to one stored name. */
export function safeComponent(original: string, profile: PathProfile): SafeName {
  const encoded = encodeName(original, profile);
  if (lengthOf(encoded.name, profile) <= MAX_COMPONENT) return encoded;
  return { name: shorten(encoded.name, original, profile), reason: 'too-long' };
}

/** Decodes rules 1–2 (for reports and round-trip tests). */
export function decodeComponent(name: string): string {
  const bytes: number[] = [];
  let out = '';
  const flush = (): void => {
    if (bytes.length) out += new TextDecoder().decode(Uint8Array.from(bytes.splice(0)));
  };
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '%' && /^[0-9A-F]{2}$/.test(name.slice(i + 1, i + 3))) {
      bytes.push(parseInt(name.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      flush();
      out += name[i];
    }
  }
  flush();
  return out;
}

/**
 * Names one directory's children: rules 1–4. `caseInsensitive` is true for Windows targets and for any
 * target found to fold case. Returns the written names in the input order.
 */
export function nameChildren(originals: readonly string[], profile: PathProfile, caseInsensitive: boolean): SafeName[] {
  const taken = new Set<string>();
  const key = (n: string): string => (caseInsensitive ? n.toLowerCase() : n);
  const safe = originals.map((original) => safeComponent(original, profile));
  const result: (SafeName | undefined)[] = new Array(safe.length);
  // Names written as-is are placed first, so a real "a%2Fb" keeps its name and an encoded "a/b" yields.
  const order = [...safe.keys()].sort((a, b) => Number(safe[a]!.reason !== undefined) - Number(safe[b]!.reason !== undefined) || a - b);
  for (const i of order) {
    const candidate = safe[i]!;
    if (!taken.has(key(candidate.name))) {
      taken.add(key(candidate.name));
      result[i] = candidate;
      continue;
    }
    const [stem, extension] = splitExtension(candidate.name);
    for (let n = 2; ; n++) {
      const numbered = `${stem} (${n})${extension}`;
      if (!taken.has(key(numbered))) {
        taken.add(key(numbered));
        result[i] = { name: numbered, reason: 'collision' };
        break;
      }
    }
  }
  return result as SafeName[];
}
