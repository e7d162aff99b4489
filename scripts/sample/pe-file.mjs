// Writes small but well-formed PE32+ (x64) files with a .text stub and a .rsrc section holding a
// VS_VERSIONINFO resource (file version, product name, company…). Used to build the bundled sample image and
// test fixtures: real Windows images are full of PE files whose version resource the explorer shows.
// Layout: Microsoft PE/COFF specification ("PE Format"), and "VS_VERSIONINFO" / "String" structures on Learn.

const FILE_ALIGN = 0x200;
const SECTION_ALIGN = 0x1000;
const RT_VERSION = 16;

const align = (n, a) => Math.ceil(n / a) * a;

class Writer {
  constructor() { this.bytes = []; }
  get length() { return this.bytes.length; }
  u8(v) { this.bytes.push(v & 0xff); return this; }
  u16(v) { return this.u8(v).u8(v >>> 8); }
  u32(v) { return this.u16(v & 0xffff).u16(v >>> 16); }
  u64(v) { return this.u32(Number(BigInt(v) & 0xffffffffn)).u32(Number(BigInt(v) >> 32n)); }
  utf16z(s) { for (const c of s) this.u16(c.charCodeAt(0)); return this.u16(0); }
  ascii(s, width) { for (let i = 0; i < width; i++) this.u8(i < s.length ? s.charCodeAt(i) : 0); return this; }
  pad(a) { while (this.length % a) this.u8(0); return this; }
  at(offset, fn) { const w = new Writer(); fn(w); this.bytes.splice(offset, w.length, ...w.bytes); return this; }
  toUint8Array() { return Uint8Array.from(this.bytes); }
}

/** One version-resource node: header (wLength, wValueLength, wType), key, padding, value, padding, children. */
function versionNode(key, { value, valueLength = 0, text = false, children = [] }) {
  const w = new Writer();
  w.u16(0).u16(valueLength).u16(text ? 1 : 0).utf16z(key).pad(4);
  if (value) { for (const b of value) w.u8(b); w.pad(4); }
  for (const child of children) { for (const b of child) w.u8(b); w.pad(4); }
  const out = w.toUint8Array();
  out[0] = out.length & 0xff; out[1] = out.length >>> 8;
  return out;
}

function utf16zBytes(s) { const w = new Writer(); w.utf16z(s); return w.toUint8Array(); }

function versionParts(version) {
  const [a = 0, b = 0, c = 0, d = 0] = version.split('.').map(Number);
  return [((a << 16) | b) >>> 0, ((c << 16) | d) >>> 0];
}

function buildVersionInfo(info) {
  const [fileMS, fileLS] = versionParts(info.fileVersion);
  const [prodMS, prodLS] = versionParts(info.productVersion ?? info.fileVersion);
  const fixed = new Writer();
  fixed.u32(0xfeef04bd).u32(0x00010000).u32(fileMS).u32(fileLS).u32(prodMS).u32(prodLS)
    .u32(0x3f).u32(0).u32(0x00040004).u32(info.fileType).u32(0).u32(0).u32(0);
  const strings = Object.entries({
    CompanyName: info.company,
    FileDescription: info.description,
    FileVersion: info.fileVersion,
    InternalName: info.name,
    LegalCopyright: info.copyright,
    OriginalFilename: info.name,
    ProductName: info.product,
    ProductVersion: info.productVersion ?? info.fileVersion,
  }).map(([k, v]) => versionNode(k, { value: utf16zBytes(v), valueLength: v.length + 1, text: true }));
  const table = versionNode('040904B0', { text: true, children: strings });
  const sfi = versionNode('StringFileInfo', { text: true, children: [table] });
  const translation = versionNode('Translation', { value: Uint8Array.of(0x09, 0x04, 0xb0, 0x04), valueLength: 4 });
  const vfi = versionNode('VarFileInfo', { text: true, children: [translation] });
  return versionNode('VS_VERSION_INFO', { value: fixed.toUint8Array(), valueLength: 52, children: [sfi, vfi] });
}

/** .rsrc section: Type(16) → Name(1) → Language(0x409) → data entry → VS_VERSIONINFO. */
function buildResourceSection(versionInfo, sectionRva) {
  const w = new Writer();
  const directory = (entryOffset, isDir) => {
    w.u32(0).u32(0).u16(0).u16(0).u16(0).u16(1); // characteristics, time, major, minor, named, id entries
    return { patch: w.length, isDir, entryOffset };
  };
  const entry = (id) => { const at = w.length; w.u32(id).u32(0); return at; };
  directory(); const typeEntry = entry(RT_VERSION);
  const nameDir = w.length; directory(); const nameEntry = entry(1);
  const langDir = w.length; directory(); const langEntry = entry(0x409);
  const dataEntry = w.length; w.u32(0).u32(versionInfo.length).u32(0).u32(0);
  w.pad(8);
  const dataOffset = w.length;
  for (const b of versionInfo) w.u8(b);
  w.at(typeEntry + 4, (p) => p.u32((0x80000000 | nameDir) >>> 0));
  w.at(nameEntry + 4, (p) => p.u32((0x80000000 | langDir) >>> 0));
  w.at(langEntry + 4, (p) => p.u32(dataEntry));
  w.at(dataEntry, (p) => p.u32(sectionRva + dataOffset));
  return w.toUint8Array();
}

/**
 * @param {{ kind: 'exe'|'dll'|'sys', name: string, fileVersion: string, productVersion?: string,
 *   company: string, product: string, description: string, copyright: string, timestamp?: number }} info
 */
export function buildPeFile(info) {
  const fileType = info.kind === 'dll' ? 2 : info.kind === 'sys' ? 3 : 1;
  const text = Uint8Array.of(0x31, 0xc0, 0xc3); // xor eax, eax; ret
  const textRva = SECTION_ALIGN;
  const rsrcRva = 2 * SECTION_ALIGN;
  const rsrc = buildResourceSection(buildVersionInfo({ ...info, fileType }), rsrcRva);
  const headersSize = FILE_ALIGN;
  const textRaw = align(text.length, FILE_ALIGN);
  const rsrcRaw = align(rsrc.length, FILE_ALIGN);
  const sizeOfImage = rsrcRva + align(rsrc.length, SECTION_ALIGN);

  const w = new Writer();
  w.u16(0x5a4d); while (w.length < 0x3c) w.u8(0); w.u32(0x80);
  while (w.length < 0x80) w.u8(0);
  w.u32(0x00004550); // "PE\0\0"
  const characteristics = info.kind === 'dll' ? 0x2022 : 0x0022;
  w.u16(0x8664).u16(2).u32(info.timestamp ?? 0x5f000000).u32(0).u32(0).u16(240).u16(characteristics);
  // Optional header (PE32+)
  w.u16(0x20b).u8(14).u8(30).u32(textRaw).u32(rsrcRaw).u32(0).u32(textRva).u32(textRva);
  w.u64(info.kind === 'dll' ? 0x180000000n : info.kind === 'sys' ? 0x1c0000000n : 0x140000000n);
  w.u32(SECTION_ALIGN).u32(FILE_ALIGN).u16(10).u16(0).u16(10).u16(0).u16(10).u16(0).u32(0);
  w.u32(sizeOfImage).u32(headersSize).u32(0).u16(info.kind === 'sys' ? 1 : 2).u16(0x8160);
  w.u64(0x100000).u64(0x1000).u64(0x100000).u64(0x1000).u32(0).u32(16);
  for (let i = 0; i < 16; i++) {
    if (i === 2) w.u32(rsrcRva).u32(rsrc.length);
    else w.u32(0).u32(0);
  }
  // Section table
  w.ascii('.text', 8).u32(text.length).u32(textRva).u32(textRaw).u32(headersSize).u32(0).u32(0).u16(0).u16(0).u32(0x60000020);
  w.ascii('.rsrc', 8).u32(rsrc.length).u32(rsrcRva).u32(rsrcRaw).u32(headersSize + textRaw).u32(0).u32(0).u16(0).u16(0).u32(0x40000040);
  while (w.length < headersSize) w.u8(0);
  for (const b of text) w.u8(b);
  w.pad(FILE_ALIGN);
  for (const b of rsrc) w.u8(b);
  w.pad(FILE_ALIGN);
  return w.toUint8Array();
}
