/**
 * Symbolic-link and junction reparse data, and how their targets become POSIX link targets.
 * Source: docs/wim-format.md §8.6; [MS-FSCC] 2.1.2.4 (symlink) and 2.1.2.5 (mount point); wimlib src/reparse.c
 * (`parse_link_reparse_point`, `wim_inode_readlink`) for the Linux translation.
 *
 * A WIM stores the reparse buffer WITHOUT its 8-byte header (tag, data length, reserved): the tag is in the dentry.
 *   +0x00  u16  substitute name offset (in the path buffer)    +0x02  u16  substitute name length (bytes)
 *   +0x04  u16  print name offset                               +0x06  u16  print name length
 *   symlink (0xA000000C):   +0x08 u32 flags (1 = SYMLINK_FLAG_RELATIVE), path buffer at +0x0C
 *   junction (0xA0000003):  path buffer at +0x08
 * Names are UTF-16LE, offsets and lengths even.
 *
 * POSIX target (what wimlib does on Linux): take the substitute name; unless it is a relative symlink, strip an
 * NT device prefix ("\??\C:", "\DosDevices\X:", "\Device\HarddiskVolume1") and, when the capture fixed the link
 * (RP_FIX, dentry flag NOT_FIXED clear) and a target root is given, prefix that root; then swap "\" and "/"
 * (so a "\" inside a UNIX name survives the round trip). An empty absolute target becomes "/".
 */
import { ErrorCode, ImagewrightError } from '../../shared/errors';

export const IO_REPARSE_TAG_MOUNT_POINT = 0xa0000003;
export const IO_REPARSE_TAG_SYMLINK = 0xa000000c;
export const SYMLINK_FLAG_RELATIVE = 0x1;

export interface LinkReparseData {
  tag: number;
  substituteName: string;
  printName: string;
  /** Symlink with SYMLINK_FLAG_RELATIVE: resolved from the link's own directory. */
  relative: boolean;
}

const utf16 = new TextDecoder('utf-16le');

/** True for the reparse tags that are links (extracted as symlinks on POSIX). */
export function isLinkReparseTag(tag: number): boolean {
  return tag === IO_REPARSE_TAG_SYMLINK || tag === IO_REPARSE_TAG_MOUNT_POINT;
}

/** Parses the stored reparse data of a symlink or junction; BAD_REPARSE_DATA names `path`. */
export function parseLinkReparseData(tag: number, data: Uint8Array, path?: string): LinkReparseData {
  const bad = (detail: string): ImagewrightError =>
    new ImagewrightError(ErrorCode.BAD_REPARSE_DATA, { ...(path === undefined ? {} : { path }), detail });
  if (!isLinkReparseTag(tag)) throw bad(`tag 0x${tag.toString(16)} is not a symlink or junction`);
  const bufferAt = tag === IO_REPARSE_TAG_SYMLINK ? 12 : 8;
  if (data.length < bufferAt) throw bad(`${data.length} bytes is too short`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const substOffset = view.getUint16(0, true);
  const substLength = view.getUint16(2, true);
  const printOffset = view.getUint16(4, true);
  const printLength = view.getUint16(6, true);
  if ((substOffset | substLength | printOffset | printLength) & 1) throw bad('odd name offset or length');
  if (bufferAt + substOffset + substLength > data.length || bufferAt + printOffset + printLength > data.length) {
    throw bad('a name runs past the end of the data');
  }
  const flags = tag === IO_REPARSE_TAG_SYMLINK ? view.getUint32(8, true) : 0;
  return {
    tag,
    substituteName: utf16.decode(data.subarray(bufferAt + substOffset, bufferAt + substOffset + substLength)),
    printName: utf16.decode(data.subarray(bufferAt + printOffset, bufferAt + printOffset + printLength)),
    relative: tag === IO_REPARSE_TAG_SYMLINK && (flags & SYMLINK_FLAG_RELATIVE) !== 0,
  };
}

const NT_ROOTS = ['\\??\\', '\\DosDevices\\', '\\Device\\'];

/**
 * The POSIX link target, as wimlib's readlink makes it. `fixedRoot`: absolute path of the extraction root, used
 * for links that RP_FIX stored relative to the image root (`notFixed` false); omit it to keep them image-rooted.
 */
export function posixLinkTarget(link: LinkReparseData, notFixed: boolean, fixedRoot?: string): string {
  let target = link.substituteName;
  let prefix = '';
  if (!link.relative) {
    for (const root of NT_ROOTS) {
      if (target.startsWith(root)) {
        let p = root.length;
        while (target[p] === '\\') p++;
        while (p < target.length && target[p] !== '\\') p++;
        target = target.slice(p);
        break;
      }
    }
    if (!notFixed && fixedRoot) prefix = fixedRoot;
  }
  let out = '';
  for (const c of target) out += c === '\\' ? '/' : c === '/' ? '\\' : c;
  if (prefix) return prefix + out;
  return out === '' ? '/' : out;
}
