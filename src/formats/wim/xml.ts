/**
 * XML data: the description of the WIM and of each image (names, statistics, Windows version…).
 * Source: docs/wim-format.md §7 (wimlib src/xml.c, src/xml_windows.c).
 *
 *   +0x00  2   BOM FF FE (wimlib and WIMGAPI write it; tolerated when missing)
 *   +0x02  …   UTF-16LE text, no <?xml?> declaration from wimlib (tolerated when present):
 *              <WIM><TOTALBYTES>n</TOTALBYTES><IMAGE INDEX="1">…</IMAGE>…[<ESD><ENCRYPTED>…</ENCRYPTED></ESD>]</WIM>
 *
 * Stored uncompressed (reshdr flags METADATA). Image indices must be exactly 1..N (any order). Numbers are decimal
 * text; times are FILETIME halves <HIGHPART>0x…</HIGHPART><LOWPART>0x…</LOWPART>. Unknown elements are kept:
 * every element under <IMAGE> is flattened into `properties` ("WINDOWS/VERSION/BUILD" → "19045"; the second
 * LANGUAGE becomes "WINDOWS/LANGUAGES/LANGUAGE[2]"; attributes become "…/FALLBACK/@LANGUAGE").
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ByteSource } from '../../io/byte-source';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import type { WimHeader } from './header';
import { RESHDR_FLAG_COMPRESSED } from './reshdr';
import type { WimImageInfo } from './wim-info';

/** Real XML is a few KiB per image; 64 MiB leaves room for 65,535 images and bounds memory. */
export const XML_MAX_SIZE = 64 * 1024 * 1024;
/** Deeper nesting than this is not a WIM description (real depth is 4). */
const XML_MAX_DEPTH = 32;

export const ARCHITECTURE_NAMES: Readonly<Record<number, string>> = { 0: 'x86', 5: 'ARM', 6: 'IA64', 9: 'x64', 12: 'ARM64' };

export interface WimXml {
  /** Decoded text, as stored (without BOM). */
  text: string;
  /** Top-level <TOTALBYTES>. */
  totalBytes?: number;
  /** Images in index order. */
  images: WimImageInfo[];
}

type XmlNode = Record<string, unknown>;

function badXml(detail: string, at?: number): ImagewrightError {
  return new ImagewrightError(ErrorCode.BAD_XML, { detail, ...(at === undefined ? {} : { offset: at }) });
}

/** Decodes the stored bytes: UTF-16LE with or without BOM; UTF-8 when it clearly is (a '<' then a non-zero). */
export function decodeWimXml(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) bytes = bytes.subarray(2);
  else if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const utf8 = bytes.length >= 2 && bytes[0] === 0x3c && bytes[1] !== 0;
  try {
    return new TextDecoder(utf8 ? 'utf-8' : 'utf-16le', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw badXml(utf8 ? 'invalid UTF-8' : 'invalid UTF-16LE text (odd length or unpaired surrogate)');
  }
}

function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text');
}

function childrenOf(node: XmlNode, tag: string): XmlNode[] {
  const value = node[tag];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function textOf(children: XmlNode[]): string {
  return children
    .filter((c) => '#text' in c)
    .map((c) => String(c['#text']))
    .join('');
}

function attributesOf(node: XmlNode): Record<string, string> {
  const attrs = node[':@'];
  return attrs && typeof attrs === 'object' ? (attrs as Record<string, string>) : {};
}

/** Flattens every element below `children` into `out`, keyed by slash paths; repeated siblings get [n]. */
function flatten(children: XmlNode[], prefix: string, out: Record<string, string>, depth: number): void {
  if (depth > XML_MAX_DEPTH) throw badXml(`elements nested deeper than ${XML_MAX_DEPTH} levels`);
  const seen = new Map<string, number>();
  for (const child of children) {
    const tag = tagOf(child);
    if (tag === undefined) continue;
    const n = (seen.get(tag) ?? 0) + 1;
    seen.set(tag, n);
    const path = `${prefix}${tag}${n > 1 ? `[${n}]` : ''}`;
    const grand = childrenOf(child, tag);
    for (const [name, value] of Object.entries(attributesOf(child))) out[`${path}/@${name}`] = String(value);
    const hasElements = grand.some((g) => tagOf(g) !== undefined);
    if (!hasElements || grand.some((g) => '#text' in g)) out[path] = textOf(grand);
    if (hasElements) flatten(grand, `${path}/`, out, depth + 1);
  }
}

/** Decimal text → number, or undefined when absent, malformed or beyond 2^53 − 1 (wimlib reads 0 then). */
export function parseDecimal(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  const n = Number(text.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}

function parseHex32(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(?:0x)?([0-9a-f]{1,8})\s*$/i.exec(text);
  return m ? parseInt(m[1]!, 16) : undefined;
}

/** FILETIME (100 ns ticks since 1601-01-01 UTC) → ISO 8601, or undefined when out of the Date range. */
export function filetimeToIso(high: number, low: number): string | undefined {
  const ticks = (BigInt(high) << 32n) | BigInt(low);
  const ms = Number(ticks / 10000n) - 11644473600000;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function timeOf(props: Record<string, string>, name: string): string | undefined {
  const high = parseHex32(props[`${name}/HIGHPART`]);
  const low = parseHex32(props[`${name}/LOWPART`]);
  return high === undefined || low === undefined ? undefined : filetimeToIso(high, low);
}

/** Builds the typed view of one image from its flattened properties. */
export function imageInfoOf(index: number, props: Record<string, string>): WimImageInfo {
  const image: WimImageInfo = { index, languages: [], properties: props };
  const text = (key: string): string | undefined => props[key];
  const set = <K extends keyof WimImageInfo>(key: K, value: WimImageInfo[K] | undefined): void => {
    if (value !== undefined) image[key] = value;
  };
  set('name', text('NAME'));
  set('description', text('DESCRIPTION'));
  set('displayName', text('DISPLAYNAME'));
  set('displayDescription', text('DISPLAYDESCRIPTION'));
  set('flags', text('FLAGS'));
  set('dirCount', parseDecimal(text('DIRCOUNT')));
  set('fileCount', parseDecimal(text('FILECOUNT')));
  set('totalBytes', parseDecimal(text('TOTALBYTES')));
  set('hardLinkBytes', parseDecimal(text('HARDLINKBYTES')));
  set('creationTime', timeOf(props, 'CREATIONTIME'));
  set('lastModificationTime', timeOf(props, 'LASTMODIFICATIONTIME'));
  if (text('WIMBOOT') !== undefined) image.wimBoot = parseDecimal(text('WIMBOOT')) === 1;
  const arch = parseDecimal(text('WINDOWS/ARCH'));
  if (arch !== undefined) image.architecture = { code: arch, name: ARCHITECTURE_NAMES[arch] ?? `unknown (${arch})` };
  set('productName', text('WINDOWS/PRODUCTNAME'));
  set('editionId', text('WINDOWS/EDITIONID'));
  set('installationType', text('WINDOWS/INSTALLATIONTYPE'));
  set('productType', text('WINDOWS/PRODUCTTYPE'));
  set('productSuite', text('WINDOWS/PRODUCTSUITE'));
  set('hal', text('WINDOWS/HAL'));
  set('systemRoot', text('WINDOWS/SYSTEMROOT'));
  for (const [key, value] of Object.entries(props)) {
    if (/^WINDOWS\/LANGUAGES\/LANGUAGE(\[\d+\])?$/.test(key)) image.languages.push(value);
  }
  set('defaultLanguage', text('WINDOWS/LANGUAGES/DEFAULT'));
  if (Object.keys(props).some((k) => k.startsWith('WINDOWS/VERSION/'))) {
    const v: NonNullable<WimImageInfo['version']> = {};
    const num = (k: string): number | undefined => parseDecimal(text(`WINDOWS/VERSION/${k}`));
    const major = num('MAJOR'), minor = num('MINOR'), build = num('BUILD'), spBuild = num('SPBUILD'), spLevel = num('SPLEVEL');
    if (major !== undefined) v.major = major;
    if (minor !== undefined) v.minor = minor;
    if (build !== undefined) v.build = build;
    if (spBuild !== undefined) v.spBuild = spBuild;
    if (spLevel !== undefined) v.spLevel = spLevel;
    const branch = text('WINDOWS/VERSION/BRANCH');
    if (branch !== undefined) v.branch = branch;
    image.version = v;
  }
  return image;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
});

/** Parses decoded XML text into images; checks indices 1..N and the encrypted-ESD marker. Pure. */
export function parseWimXml(text: string, at?: number): WimXml {
  // No WIM writer emits a DTD; refusing it rules out entity-expansion bombs.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw badXml('a document type declaration is not allowed', at);
  let root: XmlNode[];
  try {
    const valid = XMLValidator.validate(text);
    if (valid !== true) throw badXml(`${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`, at);
    root = parser.parse(text) as XmlNode[];
  } catch (error) {
    if (error instanceof ImagewrightError) throw error;
    throw badXml(error instanceof Error ? error.message : String(error), at);
  }
  const wimNode = root.find((n) => tagOf(n) === 'WIM');
  if (!wimNode) throw badXml('the root element is not <WIM>', at);
  const top = childrenOf(wimNode, 'WIM');
  const result: WimXml = { text, images: [] };
  const byIndex = new Map<number, WimImageInfo>();
  const imageNodes = top.filter((n) => tagOf(n) === 'IMAGE');
  for (const node of top) {
    const tag = tagOf(node);
    if (tag === 'TOTALBYTES') {
      const total = parseDecimal(textOf(childrenOf(node, tag)));
      if (total !== undefined) result.totalBytes = total;
    } else if (tag === 'ESD' && childrenOf(node, tag).some((c) => tagOf(c) === 'ENCRYPTED')) {
      throw new ImagewrightError(ErrorCode.ENCRYPTED_ESD, at === undefined ? {} : { offset: at });
    } else if (tag === 'IMAGE') {
      const rawIndex = attributesOf(node)['INDEX'];
      const index = parseDecimal(rawIndex);
      if (index === undefined || index < 1 || index > imageNodes.length) {
        throw badXml(`<IMAGE INDEX="${rawIndex ?? ''}"> is not in 1..${imageNodes.length}`, at);
      }
      if (byIndex.has(index)) throw badXml(`two images have INDEX="${index}"`, at);
      const props: Record<string, string> = {};
      flatten(childrenOf(node, tag), '', props, 1);
      byIndex.set(index, imageInfoOf(index, props));
    }
  }
  for (let i = 1; i <= imageNodes.length; i++) result.images.push(byIndex.get(i)!);
  return result;
}

/** Reads, decodes and parses the XML data resource named by the header. */
export async function readWimXml(source: ByteSource, header: WimHeader, signal?: AbortSignal): Promise<WimXml> {
  const r = header.xmlData;
  const at = header.headerOffset + 0x48;
  if (r.flags & RESHDR_FLAG_COMPRESSED) {
    throw new ImagewrightError(ErrorCode.BAD_XML, { offset: at, path: source.name, detail: 'compressed XML data is not supported' });
  }
  if (r.uncompressedSize > XML_MAX_SIZE) {
    throw new ImagewrightError(ErrorCode.XML_TOO_LARGE, { offset: at, path: source.name, params: { size: r.uncompressedSize, limit: XML_MAX_SIZE } });
  }
  if (r.sizeInWim === 0 || r.offset === 0) {
    throw new ImagewrightError(ErrorCode.BAD_XML, { offset: at, path: source.name, detail: 'the WIM has no XML data' });
  }
  const bytes = await source.read(r.offset, r.sizeInWim, signal);
  try {
    return parseWimXml(decodeWimXml(bytes), r.offset);
  } catch (error) {
    if (error instanceof ImagewrightError && error.path === undefined) {
      throw new ImagewrightError(error.code, {
        params: error.params,
        offset: error.offset ?? r.offset,
        path: source.name,
        ...(error.detail === undefined ? {} : { detail: error.detail }),
      });
    }
    throw error;
  }
}
