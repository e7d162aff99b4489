/**
 * Symlink reparse data writer, the mirror of ../reparse.ts (stored without the 8-byte reparse header):
 *
 *   +0x00 u16 substitute name offset  +0x02 u16 its length  +0x04 u16 print name offset  +0x06 u16 its length
 *   +0x08 u32 flags (1 = SYMLINK_FLAG_RELATIVE)   +0x0C path buffer: substitute name + NUL, print name + NUL
 *
 * How a POSIX link becomes one (what wimlib does on Linux): "/" and "\" swap places; a relative target is stored
 * relative (flag 1) with the same substitute and print names; an absolute target becomes "\??\C:<path>" (print
 * name "C:<path>"). With RP_FIX, an absolute target inside the captured folder is first made image-rooted and
 * the dentry's NOT_FIXED flag is clear; every other link keeps NOT_FIXED.
 */
import { IO_REPARSE_TAG_SYMLINK, SYMLINK_FLAG_RELATIVE } from '../reparse';
import { putU16, putU32, utf16leOf } from './fields';

export interface CapturedLink {
  data: Uint8Array;
  tag: number;
  /** The dentry's NOT_FIXED flag. */
  notFixed: boolean;
}

function swapSlashes(path: string): string {
  let out = '';
  for (const c of path) out += c === '/' ? '\\' : c === '\\' ? '/' : c;
  return out;
}

export function writeSymlinkReparseData(substituteName: string, printName: string, relative: boolean): Uint8Array {
  const sub = utf16leOf(substituteName);
  const print = utf16leOf(printName);
  const out = new Uint8Array(12 + sub.length + 2 + print.length + 2);
  putU16(out, 0, 0);
  putU16(out, 2, sub.length);
  putU16(out, 4, sub.length + 2);
  putU16(out, 6, print.length);
  putU32(out, 8, relative ? SYMLINK_FLAG_RELATIVE : 0);
  out.set(sub, 12);
  out.set(print, 12 + sub.length + 2);
  return out;
}

/** The reparse data of a POSIX symlink; `fixRoot`: the captured folder's absolute path when RP_FIX applies. */
export function captureSymlink(target: string, fixRoot: string | undefined): CapturedLink {
  if (!target.startsWith('/')) {
    const name = swapSlashes(target);
    return { data: writeSymlinkReparseData(name, name, true), tag: IO_REPARSE_TAG_SYMLINK, notFixed: true };
  }
  let path = target;
  let notFixed = true;
  if (fixRoot !== undefined) {
    const root = fixRoot.replace(/\/+$/, '');
    if (path === root || path.startsWith(`${root}/`)) {
      path = path.slice(root.length) || '/';
      notFixed = false;
    }
  }
  const name = swapSlashes(path);
  return { data: writeSymlinkReparseData(`\\??\\C:${name}`, `C:${name}`, false), tag: IO_REPARSE_TAG_SYMLINK, notFixed };
}
