/**
 * PE headers and the version resource (RT_VERSION) of .exe / .dll / .sys / .mui files.
 * Sources: Microsoft "PE Format" (learn.microsoft.com/windows/win32/debug/pe-format) and the VERSIONINFO structures
 * (VS_VERSIONINFO, VS_FIXEDFILEINFO, StringFileInfo, StringTable, String) in the Win32 docs.
 *
 *   DOS header: +0x00 "MZ", +0x3C u32 e_lfanew → "PE\0\0"
 *   COFF header (after the signature): +0 u16 Machine, +2 u16 NumberOfSections, +16 u16 SizeOfOptionalHeader
 *   Optional header: +0 u16 Magic (0x10B PE32, 0x20B PE32+), +68 u16 Subsystem,
 *     NumberOfRvaAndSizes at +92 (PE32) / +108 (PE32+), data directories (u32 RVA, u32 size) from +96 / +112;
 *     directory 2 is the resource table.
 *   Section header (40 bytes): +8 VirtualSize, +12 VirtualAddress, +16 SizeOfRawData, +20 PointerToRawData.
 *   Resource directory: +12 u16 named entries, +14 u16 id entries, then 8-byte entries (u32 name/id, u32 offset;
 *     high bit of the offset = subdirectory), offsets relative to the resource table; leaf data entry:
 *     +0 u32 data RVA, +4 u32 size. Path: type 16 (RT_VERSION) → first name → first language.
 *   Version block: u16 wLength, u16 wValueLength, u16 wType, UTF-16 key + NUL, pad to 4, value, pad to 4, children.
 *     VS_FIXEDFILEINFO: +0 u32 0xFEEF04BD, +8 FileVersionMS, +12 FileVersionLS, +16 ProductVersionMS, +20 …LS.
 *
 * The parser reads through an async range reader so that the engine can serve it from a stream; it reads the
 * headers and the version block only, never the whole file.
 */
import { ErrorCode, ImagewrightError } from '../../shared/errors';

/** Version resource and header facts of a PE file (.exe, .dll, .sys, .mui…). */
export interface PeVersionInfo {
  /** IMAGE_FILE_HEADER.Machine and its name ("x86", "x64", "ARM64", "ARM", "IA64"…). */
  machine: { code: number; name: string };
  format: 'PE32' | 'PE32+';
  /** IMAGE_OPTIONAL_HEADER.Subsystem (1 native/driver, 2 GUI, 3 console, 10 EFI application…). */
  subsystem?: number;
  /** From VS_FIXEDFILEINFO ("10.0.19041.3636"); undefined without a version resource. */
  fileVersion?: string;
  productVersion?: string;
  /** StringFileInfo of the US English table (else the first): FileVersion (as text), ProductName, CompanyName,
   * FileDescription, OriginalFilename, InternalName, LegalCopyright… as stored. */
  strings: Record<string, string>;
  /** Language and code page of that table, e.g. "040904B0". */
  stringTable?: string;
}

export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

const MACHINES: Record<number, string> = {
  0x14c: 'x86',
  0x8664: 'x64',
  0xaa64: 'ARM64',
  0x1c0: 'ARM',
  0x1c4: 'ARMv7 (Thumb-2)',
  0x200: 'IA64',
  0xa641: 'ARM64EC',
  0xa64e: 'ARM64X',
  0x0: 'unknown',
};

const RT_VERSION = 16;
/** Version blocks are small (a few KiB); a bigger one is hostile. */
const MAX_VERSION_BLOCK = 1024 * 1024;
const utf16 = new TextDecoder('utf-16le');

function bad(offset: number, detail: string): never {
  throw new ImagewrightError(ErrorCode.BAD_PE_FILE, { offset, detail });
}

/** True when the first bytes are an MZ header whose e_lfanew points at a PE signature (checked by readPeVersion). */
export function looksLikeMz(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x4d && head[1] === 0x5a;
}

interface Section {
  virtualAddress: number;
  virtualSize: number;
  rawSize: number;
  rawPointer: number;
}

function rvaToOffset(sections: Section[], rva: number): number | undefined {
  for (const s of sections) {
    const span = Math.max(s.virtualSize, s.rawSize);
    if (rva >= s.virtualAddress && rva < s.virtualAddress + span) {
      const delta = rva - s.virtualAddress;
      return delta < s.rawSize ? s.rawPointer + delta : undefined;
    }
  }
  return undefined;
}

/**
 * Reads machine, format and the version resource. Returns null when the file is not a PE image (no MZ / PE
 * signature); throws BAD_PE_FILE (with the offset) when a PE file's structures point outside the file.
 */
export async function readPeVersion(read: RangeReader, size: number): Promise<PeVersionInfo | null> {
  if (size < 0x40) return null;
  const dos = await read(0, 0x40);
  if (!looksLikeMz(dos)) return null;
  const dv = new DataView(dos.buffer, dos.byteOffset, dos.byteLength);
  const peAt = dv.getUint32(0x3c, true);
  if (peAt + 24 > size) return null;
  const coff = await read(peAt, 24);
  if (coff[0] !== 0x50 || coff[1] !== 0x45 || coff[2] !== 0 || coff[3] !== 0) return null;
  const cv = new DataView(coff.buffer, coff.byteOffset, coff.byteLength);
  const machineCode = cv.getUint16(4, true);
  const sectionCount = cv.getUint16(6, true);
  const optSize = cv.getUint16(20, true);
  const optAt = peAt + 24;
  if (optAt + optSize + sectionCount * 40 > size || optSize < 2) bad(optAt, 'optional header or section table runs past the end of the file');
  const opt = await read(optAt, optSize);
  const ov = new DataView(opt.buffer, opt.byteOffset, opt.byteLength);
  const magic = ov.getUint16(0, true);
  if (magic !== 0x10b && magic !== 0x20b) bad(optAt, `optional header magic 0x${magic.toString(16)}`);
  const format = magic === 0x20b ? 'PE32+' : 'PE32';
  const info: PeVersionInfo = {
    machine: { code: machineCode, name: MACHINES[machineCode] ?? `0x${machineCode.toString(16)}` },
    format,
    strings: {},
  };
  if (optSize >= 70) info.subsystem = ov.getUint16(68, true);
  const countAt = format === 'PE32+' ? 108 : 92;
  const dirsAt = countAt + 4;
  if (optSize < dirsAt + 24 || ov.getUint32(countAt, true) < 3) return info;
  const rsrcRva = ov.getUint32(dirsAt + 16, true);
  const rsrcSize = ov.getUint32(dirsAt + 20, true);
  if (rsrcRva === 0 || rsrcSize === 0) return info;

  const table = await read(optAt + optSize, sectionCount * 40);
  const tv = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const sections: Section[] = [];
  for (let i = 0; i < sectionCount; i++) {
    sections.push({
      virtualSize: tv.getUint32(i * 40 + 8, true),
      virtualAddress: tv.getUint32(i * 40 + 12, true),
      rawSize: tv.getUint32(i * 40 + 16, true),
      rawPointer: tv.getUint32(i * 40 + 20, true),
    });
  }
  const rsrcAt = rvaToOffset(sections, rsrcRva);
  if (rsrcAt === undefined) return info;
  const rsrcLength = Math.min(rsrcSize, size - rsrcAt);

  // Walks one directory level: the entry with `id` (or the first entry when id is undefined).
  const entryOf = async (dirOffset: number, id: number | undefined): Promise<number | undefined> => {
    if (dirOffset + 16 > rsrcLength) bad(rsrcAt + dirOffset, 'resource directory runs past the resource table');
    const head = await read(rsrcAt + dirOffset, 16);
    const hv = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const count = hv.getUint16(12, true) + hv.getUint16(14, true);
    if (dirOffset + 16 + count * 8 > rsrcLength) bad(rsrcAt + dirOffset, 'resource directory entries run past the resource table');
    const entries = await read(rsrcAt + dirOffset + 16, count * 8);
    const ev = new DataView(entries.buffer, entries.byteOffset, entries.byteLength);
    for (let i = 0; i < count; i++) {
      const name = ev.getUint32(i * 8, true);
      if (id === undefined || name === id) return ev.getUint32(i * 8 + 4, true);
    }
    return undefined;
  };
  const typeEntry = await entryOf(0, RT_VERSION);
  if (typeEntry === undefined || !(typeEntry & 0x80000000)) return info;
  const nameEntry = await entryOf(typeEntry & 0x7fffffff, undefined);
  if (nameEntry === undefined || !(nameEntry & 0x80000000)) return info;
  const langEntry = await entryOf(nameEntry & 0x7fffffff, undefined);
  if (langEntry === undefined || langEntry & 0x80000000) return info;
  if (langEntry + 16 > rsrcLength) bad(rsrcAt + langEntry, 'resource data entry runs past the resource table');
  const leaf = await read(rsrcAt + langEntry, 16);
  const lv = new DataView(leaf.buffer, leaf.byteOffset, leaf.byteLength);
  const dataRva = lv.getUint32(0, true);
  const dataSize = lv.getUint32(4, true);
  const dataAt = rvaToOffset(sections, dataRva);
  if (dataAt === undefined || dataSize > MAX_VERSION_BLOCK || dataAt + dataSize > size) bad(rsrcAt + langEntry, 'version resource lies outside the file');
  parseVersionBlock(await read(dataAt, dataSize), info, dataAt);
  return info;
}

interface Block {
  key: string;
  valueLength: number;
  type: number;
  valueAt: number;
  childrenAt: number;
  end: number;
}

function readBlock(bytes: Uint8Array, at: number, limit: number, fileOffset: number): Block {
  if (at + 6 > limit) bad(fileOffset + at, 'version block header runs past its parent');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint16(at, true);
  const valueLength = view.getUint16(at + 2, true);
  const type = view.getUint16(at + 4, true);
  const end = at + length;
  if (length < 6 || end > limit) bad(fileOffset + at, `version block of ${length} bytes runs past its parent`);
  let k = at + 6;
  while (k + 1 < end && (bytes[k] !== 0 || bytes[k + 1] !== 0)) k += 2;
  const key = utf16.decode(bytes.subarray(at + 6, k));
  const valueAt = Math.ceil((k + 2 - at) / 4) * 4 + at;
  const valueBytes = type === 1 ? valueLength * 2 : valueLength;
  const childrenAt = Math.ceil((valueAt + valueBytes - at) / 4) * 4 + at;
  return { key, valueLength, type, valueAt, childrenAt: Math.min(childrenAt, end), end };
}

function children(bytes: Uint8Array, parent: Block, fileOffset: number): Block[] {
  const out: Block[] = [];
  for (let at = parent.childrenAt; at + 6 <= parent.end; ) {
    const child = readBlock(bytes, at, parent.end, fileOffset);
    out.push(child);
    at = Math.ceil((child.end - at) / 4) * 4 + at;
  }
  return out;
}

const version = (ms: number, ls: number): string => `${ms >>> 16}.${ms & 0xffff}.${ls >>> 16}.${ls & 0xffff}`;

function parseVersionBlock(bytes: Uint8Array, info: PeVersionInfo, fileOffset: number): void {
  const root = readBlock(bytes, 0, bytes.length, fileOffset);
  if (root.key !== 'VS_VERSION_INFO') bad(fileOffset, `version block key "${root.key}"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (root.valueLength >= 52 && root.valueAt + 52 <= root.end && view.getUint32(root.valueAt, true) === 0xfeef04bd) {
    const v = root.valueAt;
    info.fileVersion = version(view.getUint32(v + 8, true), view.getUint32(v + 12, true));
    info.productVersion = version(view.getUint32(v + 16, true), view.getUint32(v + 20, true));
  }
  for (const child of children(bytes, root, fileOffset)) {
    if (child.key !== 'StringFileInfo') continue;
    const tables = children(bytes, child, fileOffset);
    // Prefer US English when present (what Explorer's Details tab shows on an English system), else the first.
    const table = tables.find((t) => t.key.toUpperCase().startsWith('0409')) ?? tables[0];
    if (!table) continue;
    info.stringTable = table.key;
    for (const str of children(bytes, table, fileOffset)) {
      const chars = Math.min(str.valueLength, Math.floor((str.end - str.valueAt) / 2));
      const value = utf16.decode(bytes.subarray(str.valueAt, str.valueAt + chars * 2)).replace(/\0+$/, '');
      info.strings[str.key] = value;
    }
    break;
  }
}
