/**
 * Small builders for hand-made WIM bytes: a header, reshdrs, blob-table entries, UTF-16 XML, and a whole minimal
 * file laid out as header | payload | blob table | XML | [integrity]. Tests use them to craft hostile values.
 */
export interface ReshdrSpec {
  sizeInWim: number | bigint;
  flags?: number;
  offset: number | bigint;
  uncompressedSize: number | bigint;
}

export const ZERO_RESHDR: ReshdrSpec = { sizeInWim: 0, offset: 0, uncompressedSize: 0 };

export function putU16(b: Uint8Array, pos: number, v: number): void {
  new DataView(b.buffer, b.byteOffset).setUint16(pos, v, true);
}
export function putU32(b: Uint8Array, pos: number, v: number): void {
  new DataView(b.buffer, b.byteOffset).setUint32(pos, v >>> 0, true);
}
export function putU64(b: Uint8Array, pos: number, v: number | bigint): void {
  new DataView(b.buffer, b.byteOffset).setBigUint64(pos, BigInt(v), true);
}

export function putReshdr(b: Uint8Array, pos: number, r: ReshdrSpec): void {
  const size = BigInt(r.sizeInWim);
  for (let i = 0; i < 7; i++) b[pos + i] = Number((size >> BigInt(8 * i)) & 0xffn);
  b[pos + 7] = r.flags ?? 0;
  putU64(b, pos + 8, r.offset);
  putU64(b, pos + 16, r.uncompressedSize);
}

export interface HeaderSpec {
  magic?: string;
  headerSize?: number;
  version?: number;
  flags?: number;
  chunkSize?: number;
  guid?: Uint8Array;
  partNumber?: number;
  totalParts?: number;
  imageCount?: number;
  bootIndex?: number;
  blobTable?: ReshdrSpec;
  xmlData?: ReshdrSpec;
  bootMetadata?: ReshdrSpec;
  integrityTable?: ReshdrSpec;
}

export const GUID = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);

export function buildHeader(spec: HeaderSpec = {}): Uint8Array {
  const b = new Uint8Array(208);
  const magic = spec.magic ?? 'MSWIM';
  for (let i = 0; i < magic.length && i < 8; i++) b[i] = magic.charCodeAt(i);
  putU32(b, 0x08, spec.headerSize ?? 208);
  putU32(b, 0x0c, spec.version ?? 0x10d00);
  putU32(b, 0x10, spec.flags ?? 0);
  putU32(b, 0x14, spec.chunkSize ?? 0);
  b.set(spec.guid ?? GUID, 0x18);
  putU16(b, 0x28, spec.partNumber ?? 1);
  putU16(b, 0x2a, spec.totalParts ?? 1);
  putU32(b, 0x2c, spec.imageCount ?? 0);
  putReshdr(b, 0x30, spec.blobTable ?? ZERO_RESHDR);
  putReshdr(b, 0x48, spec.xmlData ?? ZERO_RESHDR);
  putReshdr(b, 0x60, spec.bootMetadata ?? ZERO_RESHDR);
  putU32(b, 0x78, spec.bootIndex ?? 0);
  putReshdr(b, 0x7c, spec.integrityTable ?? ZERO_RESHDR);
  return b;
}

export interface EntrySpec extends ReshdrSpec {
  partNumber?: number;
  refCount?: number;
  /** 20 bytes; default derived from `seed`. */
  hash?: Uint8Array;
  seed?: number;
}

export function hashOf(seed: number): Uint8Array {
  return Uint8Array.from({ length: 20 }, (_, i) => (seed * 31 + i * 7 + 1) & 0xff);
}

export function hexOfBytes(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

export function buildBlobTable(entries: EntrySpec[]): Uint8Array {
  const b = new Uint8Array(entries.length * 50);
  entries.forEach((e, i) => {
    const pos = i * 50;
    putReshdr(b, pos, e);
    putU16(b, pos + 24, e.partNumber ?? 1);
    putU32(b, pos + 26, e.refCount ?? 1);
    b.set(e.hash ?? hashOf(e.seed ?? i + 1), pos + 30);
  });
  return b;
}

export function utf16(text: string, bom = true): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  if (bom) out.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) putU16(out, (bom ? 2 : 0) + i * 2, text.charCodeAt(i));
  return out;
}

export function imagesXml(count: number, extra = ''): string {
  let s = '<WIM><TOTALBYTES>1000</TOTALBYTES>';
  for (let i = 1; i <= count; i++) s += `<IMAGE INDEX="${i}"><NAME>img${i}</NAME><DIRCOUNT>${i}</DIRCOUNT></IMAGE>`;
  return `${s}${extra}</WIM>`;
}

export interface WimSpec extends Omit<HeaderSpec, 'blobTable' | 'xmlData'> {
  /** Bytes placed right after the header (resources); entries' offsets are up to the caller. */
  payload?: Uint8Array;
  /** Called with the payload start (208) to build entries that point into the payload. */
  entries?: EntrySpec[];
  xml?: string | Uint8Array;
}

/** header | payload | blob table | XML. Returns the file and where each part went. */
export function buildWim(spec: WimSpec = {}): { bytes: Uint8Array; tableOffset: number; xmlOffset: number } {
  const payload = spec.payload ?? new Uint8Array(0);
  const table = buildBlobTable(spec.entries ?? []);
  const xml = typeof spec.xml === 'string' || spec.xml === undefined ? utf16(spec.xml ?? imagesXml(spec.imageCount ?? 0)) : spec.xml;
  const tableOffset = 208 + payload.length;
  const xmlOffset = tableOffset + table.length;
  const bytes = new Uint8Array(xmlOffset + xml.length);
  bytes.set(payload, 208);
  bytes.set(table, tableOffset);
  bytes.set(xml, xmlOffset);
  bytes.set(
    buildHeader({
      ...spec,
      blobTable: { sizeInWim: table.length, offset: tableOffset, uncompressedSize: table.length, flags: 2 },
      xmlData: { sizeInWim: xml.length, offset: xmlOffset, uncompressedSize: xml.length, flags: 2 },
    }),
    0,
  );
  return { bytes, tableOffset, xmlOffset };
}

/** Runs `fn` and returns the thrown error (fails the test when nothing is thrown). */
export async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, none was thrown');
}
