/**
 * XML data writer, the mirror of ../xml.ts (docs/wim-format.md §7): UTF-16LE with a BOM (FF FE), no declaration,
 *
 *   <WIM><TOTALBYTES>n</TOTALBYTES><IMAGE INDEX="1">…</IMAGE>…</WIM>
 *
 * Each image is given as the flattened property list the reader produces ("WINDOWS/VERSION/BUILD" → "19045",
 * "…/LANGUAGE[2]", "…/@ATTR"), so export and image edits carry unknown elements through unchanged, in their
 * order. New images get DISM's element order (newImageProperties).
 */
import { utf16leOf } from './fields';

export interface ImageXml {
  /** Flattened properties in document order (see ../xml.ts flatten). */
  properties: Record<string, string>;
}

interface XmlNode {
  tag: string;
  attrs: [string, string][];
  text: string | undefined;
  children: Map<string, XmlNode>;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function nodeOf(tag: string): XmlNode {
  return { tag, attrs: [], text: undefined, children: new Map() };
}

function treeOf(properties: Record<string, string>): XmlNode {
  const root = nodeOf('IMAGE');
  for (const [key, value] of Object.entries(properties)) {
    const parts = key.split('/');
    let node = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.startsWith('@')) {
        node.attrs.push([part.slice(1), value]);
        break;
      }
      let child = node.children.get(part);
      if (!child) {
        child = nodeOf(part.replace(/\[\d+\]$/, ''));
        node.children.set(part, child);
      }
      node = child;
      if (i === parts.length - 1) node.text = value;
    }
  }
  return root;
}

function render(node: XmlNode): string {
  const attrs = node.attrs.map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  const inner = (node.text === undefined ? '' : escapeXml(node.text)) + [...node.children.values()].map(render).join('');
  return `<${node.tag}${attrs}>${inner}</${node.tag}>`;
}

/** The document text (without BOM). */
export function wimXmlText(totalBytes: number, images: readonly ImageXml[]): string {
  let out = `<WIM><TOTALBYTES>${totalBytes}</TOTALBYTES>`;
  images.forEach((image, i) => {
    const tree = treeOf(image.properties);
    tree.attrs = [['INDEX', String(i + 1)]];
    out += render(tree);
  });
  return `${out}</WIM>`;
}

/** The stored bytes: BOM + UTF-16LE. */
export function writeWimXml(totalBytes: number, images: readonly ImageXml[]): Uint8Array {
  const body = utf16leOf(wimXmlText(totalBytes, images));
  const out = new Uint8Array(body.length + 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  out.set(body, 2);
  return out;
}

function filetimeHex(value: bigint): [string, string] {
  const hex = (n: bigint): string => `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;
  return [hex(value >> 32n), hex(value & 0xffffffffn)];
}

export interface ImageStats {
  dirCount: number;
  fileCount: number;
  totalBytes: number;
  hardLinkBytes: number;
}

export interface NewImageFields {
  name?: string;
  description?: string;
  flags?: string;
  displayName?: string;
  displayDescription?: string;
}

/** Sets a FILETIME property pair (HIGHPART/LOWPART) in place. */
export function setTimeProperty(properties: Record<string, string>, name: string, filetime: bigint): void {
  const [high, low] = filetimeHex(filetime);
  properties[`${name}/HIGHPART`] = high;
  properties[`${name}/LOWPART`] = low;
}

/** Properties of a freshly captured image, in the order DISM writes them. */
export function newImageProperties(stats: ImageStats, now: bigint, fields: NewImageFields): Record<string, string> {
  const p: Record<string, string> = {
    DIRCOUNT: String(stats.dirCount),
    FILECOUNT: String(stats.fileCount),
    TOTALBYTES: String(stats.totalBytes),
    HARDLINKBYTES: String(stats.hardLinkBytes),
  };
  setTimeProperty(p, 'CREATIONTIME', now);
  setTimeProperty(p, 'LASTMODIFICATIONTIME', now);
  p['WIMBOOT'] = '0';
  if (fields.name !== undefined) p['NAME'] = fields.name;
  if (fields.description !== undefined) p['DESCRIPTION'] = fields.description;
  if (fields.flags !== undefined) p['FLAGS'] = fields.flags;
  if (fields.displayName !== undefined) p['DISPLAYNAME'] = fields.displayName;
  if (fields.displayDescription !== undefined) p['DISPLAYDESCRIPTION'] = fields.displayDescription;
  return p;
}

/** The current time as a FILETIME. */
export function filetimeNow(): bigint {
  return 116444736000000000n + BigInt(Date.now()) * 10000n;
}
