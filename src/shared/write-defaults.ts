/**
 * The chunk sizes Microsoft's tools write and accept, shared by the engine (defaults) and the UI (the warning on
 * any other choice): LZX and XPRESS in 32 KiB chunks; LZMS in 128 KiB chunks outside solid resources (what
 * wimlib writes for an ESD's metadata); solid resources in 64 MiB LZMS chunks (an ESD as DISM makes it).
 */
export type WriteCompression = 'LZX' | 'XPRESS' | 'LZMS' | 'none';

export const MICROSOFT_CHUNK_SIZE = 32768;
export const LZMS_CHUNK_SIZE = 128 * 1024;
export const SOLID_CHUNK_SIZE = 64 * 1024 * 1024;
/** DISM's default split size: the largest whole MiB count under FAT32's 4 GiB − 1 byte file limit. */
export const FAT32_PART_SIZE_MIB = 4095;

export function defaultChunkSize(compression: WriteCompression, solid: boolean): number {
  if (compression === 'none') return 0;
  if (solid) return compression === 'LZMS' ? SOLID_CHUNK_SIZE : MICROSOFT_CHUNK_SIZE;
  return compression === 'LZMS' ? LZMS_CHUNK_SIZE : MICROSOFT_CHUNK_SIZE;
}

/** True when Windows Setup / DISM read what these choices produce (false: only wimlib-based tools do). */
export function isMicrosoftCompatible(compression: WriteCompression, solid: boolean, chunkSize: number): boolean {
  if (compression === 'none') return true;
  if (solid) return compression === 'LZMS' && chunkSize <= SOLID_CHUNK_SIZE;
  return compression === 'LZMS' ? true : chunkSize === MICROSOFT_CHUNK_SIZE;
}
