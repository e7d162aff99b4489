/**
 * File type sniffing from the first bytes (magic numbers), for previews:
 *   PNG  89 50 4E 47 0D 0A 1A 0A        JPEG FF D8 FF        GIF "GIF87a" / "GIF89a"
 *   BMP  "BM" + u32 file size at +2     ICO  00 00 01 00 + u16 count ≥ 1 (CUR is 00 00 02 00)
 *   MZ   "MZ" (PE images)   CAB "MSCF"   ZIP "PK\x03\x04"   WIM "MSWIM\0\0\0"   7z "7z\xBC\xAF\x27\x1C"
 *   EVTX "ElfFile\0"   registry hive "regf"   CAT/PKCS#7 30 82 (DER sequence)
 */
import type { ImagePreview } from '../explorer/explorer-api';

const starts = (bytes: Uint8Array, magic: readonly number[]): boolean => magic.every((b, i) => bytes[i] === b);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

export function sniffImageMime(bytes: Uint8Array): ImagePreview['mime'] | undefined {
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts(bytes, ascii('GIF87a')) || starts(bytes, ascii('GIF89a'))) return 'image/gif';
  if (starts(bytes, ascii('BM')) && bytes.length >= 26) return 'image/bmp';
  if (starts(bytes, [0, 0, 1, 0]) && bytes.length >= 22 && (bytes[4]! | (bytes[5]! << 8)) >= 1) return 'image/x-icon';
  return undefined;
}

/** What kind of binary this is, in words, when the magic says so. */
export function describeBinary(bytes: Uint8Array): string | undefined {
  if (starts(bytes, ascii('MZ'))) return 'PE executable';
  if (starts(bytes, ascii('MSCF'))) return 'CAB archive';
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'ZIP archive';
  if (starts(bytes, ascii('MSWIM\0\0\0'))) return 'WIM image';
  if (starts(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z archive';
  if (starts(bytes, ascii('ElfFile\0'))) return 'Windows event log (EVTX)';
  if (starts(bytes, ascii('regf'))) return 'Registry hive';
  if (starts(bytes, [0x30, 0x82])) return 'DER / PKCS#7 data (catalog or certificate)';
  if (starts(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'ELF executable';
  return undefined;
}
