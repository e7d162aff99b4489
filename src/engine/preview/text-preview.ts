/**
 * Text previews: encoding by BOM or by sniffing, a format guess by name and content, and the setup log lines a
 * technician looks for.
 *
 * Panther / Sysprep logs (setupact.log, setuperr.log; CBS.log and DISM.log share the shape) write one record per
 * line as "YYYY-MM-DD HH:MM:SS, <Level> <padding> [<id>] <COMPONENT> <message>", Level being Info, Warning,
 * Error or Fatal (e.g. "2024-05-02 10:11:12, Error [0x0f0082] SYSPRP ActionList: Error in executing action; dwRet
 * = 0x2"). Error/Fatal lines are errors and Warning lines warnings; an Info line that reports a failure with an
 * HRESULT ("... failed ... 0x80070002") is an error too, since setup often logs real failures at Info level.
 */
import type { TextPreview } from '../explorer/explorer-api';

export type TextEncodingName = TextPreview['encoding'];

/** Decides the encoding from a BOM, else by sniffing zero bytes (UTF-16) and UTF-8 validity. */
export function detectEncoding(bytes: Uint8Array): { encoding: TextEncodingName; source: 'bom' | 'sniffed'; bomLength: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', source: 'bom', bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', source: 'bom', bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', source: 'bom', bomLength: 2 };
  const n = Math.min(bytes.length, 4096) & ~1;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  // ASCII-range text in UTF-16 has a zero in every other byte.
  if (n >= 4 && zeroOdd > n / 2 / 3 && zeroEven < zeroOdd / 8) return { encoding: 'utf-16le', source: 'sniffed', bomLength: 0 };
  if (n >= 4 && zeroEven > n / 2 / 3 && zeroOdd < zeroEven / 8) return { encoding: 'utf-16be', source: 'sniffed', bomLength: 0 };
  try {
    // Cut a possibly split last character before validating: only the sample's validity matters.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, trimUtf8Tail(bytes, Math.min(bytes.length, 65536))));
    return { encoding: 'utf-8', source: 'sniffed', bomLength: 0 };
  } catch {
    return { encoding: 'windows-1252', source: 'sniffed', bomLength: 0 };
  }
}

/** Length of `bytes[0..end)` without a trailing incomplete UTF-8 sequence. */
function trimUtf8Tail(bytes: Uint8Array, end: number): number {
  let i = end;
  let back = 0;
  while (i > 0 && back < 4 && (bytes[i - 1]! & 0xc0) === 0x80) i--, back++;
  if (i > 0 && bytes[i - 1]! >= 0xc0) {
    const lead = bytes[i - 1]!;
    const need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : 1;
    if (back < need) return i - 1;
  }
  return end;
}

/** True when the bytes look like text: no NUL (outside UTF-16) and few control characters. */
export function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return true;
  const { encoding, source } = detectEncoding(bytes);
  if (encoding === 'utf-16le' || encoding === 'utf-16be' || source === 'bom') return true;
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return false;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) control++;
  }
  return control <= n / 100;
}

export function guessFormat(name: string, text: string): TextPreview['format'] {
  const lower = name.toLowerCase();
  if (/\.(ini|inf|cfg)$/.test(lower)) return 'ini';
  if (/\.(xml|xaml|mum|manifest|xrm-ms|config|admx|adml|cat\.xml)$/.test(lower) || /^\s*<\?xml/.test(text.slice(0, 100))) return 'xml';
  if (/\.log$/.test(lower) || /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d, \w+/.test(text.slice(0, 200))) return 'log';
  return 'plain';
}

const LOG_LEVEL = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\s*(Info|Warning|Error|Fatal|Critical|Verbose)\b/;
const FAILURE = /\bfail(?:ed|ure|s)?\b/i;
const HRESULT_ERROR = /0x8[0-9a-f]{7}\b/i;

/** Severity of one log line, or undefined when it is not worth marking. */
export function classifyLogLine(line: string): 'error' | 'warning' | undefined {
  const level = LOG_LEVEL.exec(line)?.[1];
  if (level === 'Error' || level === 'Fatal' || level === 'Critical') return 'error';
  if (level === 'Warning') return 'warning';
  if (FAILURE.test(line)) return HRESULT_ERROR.test(line) ? 'error' : 'warning';
  return undefined;
}

/** 1-based line numbers of error / warning lines. */
export function markLogLines(text: string): TextPreview['markedLines'] {
  const marked: TextPreview['markedLines'] = [];
  let line = 1;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const severity = classifyLogLine(text.slice(start, end));
    if (severity) marked.push({ line, severity });
    start = end + 1;
    line++;
  }
  return marked;
}

/** Decodes a text file's first bytes (`bytes` may be a prefix of a file of `size` bytes). */
export function buildTextPreview(name: string, bytes: Uint8Array, size: number): TextPreview {
  const { encoding, source, bomLength } = detectEncoding(bytes);
  let end = bytes.length;
  if (end < size) end = encoding === 'utf-8' ? trimUtf8Tail(bytes, end) : encoding === 'windows-1252' ? end : end & ~1;
  const text = new TextDecoder(encoding).decode(bytes.subarray(bomLength, end));
  const format = guessFormat(name, text);
  const preview: TextPreview = {
    kind: 'text',
    size,
    encoding,
    encodingSource: source,
    format,
    text,
    markedLines: format === 'log' ? markLogLines(text) : [],
  };
  if (end < size) preview.truncatedAt = end;
  return preview;
}
