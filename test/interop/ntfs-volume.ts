/**
 * NTFS volume images for the NTFS interop leg: `mkntfs` on a sparse file, mounted with ntfs-3g in
 * streams_interface=xattr mode (named streams are `user.<name>` xattrs; security descriptors, DOS names, reparse
 * data, attributes and times are the `system.ntfs_*` xattrs of NTFS-3G), populated through python3's os.setxattr
 * (Node has no xattr API; Linux caps one xattr value, so one stream, at 64 KiB). Also builds binary self-relative security descriptors (MS-DTYP 2.4.6) from small specs,
 * and symlink / junction reparse buffers (MS-FSCC 2.1.2.4, 2.1.2.5).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

const SBIN = ['/usr/sbin', '/sbin'];
const ENV = { ...process.env, PATH: `${SBIN.join(':')}:${process.env['PATH'] ?? ''}` };

// ---- Security descriptors -------------------------------------------------------------------------------------

/** "S-1-5-32-544" → binary SID: revision, sub-authority count, 48-bit big-endian authority, LE sub-authorities. */
export function sidBytes(text: string): Uint8Array {
  const parts = text.split('-');
  if (parts[0] !== 'S' || parts[1] !== '1') throw new Error(`bad SID ${text}`);
  const authority = Number(parts[2]);
  const subs = parts.slice(3).map(Number);
  const out = new Uint8Array(8 + 4 * subs.length);
  const view = new DataView(out.buffer);
  out[0] = 1;
  out[1] = subs.length;
  view.setUint16(2, Math.floor(authority / 2 ** 32));
  view.setUint32(4, authority % 2 ** 32);
  subs.forEach((sub, i) => view.setUint32(8 + 4 * i, sub >>> 0, true));
  return out;
}

export interface AceSpec {
  type: 'allow' | 'deny';
  /** OBJECT_INHERIT 0x1, CONTAINER_INHERIT 0x2, NO_PROPAGATE 0x4, INHERIT_ONLY 0x8, INHERITED 0x10. */
  flags: number;
  mask: number;
  sid: string;
}

export interface SecuritySpec {
  owner: string;
  group: string;
  dacl: AceSpec[];
  /** Extra control bits (SE_DACL_PROTECTED 0x1000, SE_DACL_AUTO_INHERITED 0x0400); SELF_RELATIVE and DACL_PRESENT are always set. */
  control?: number;
}

/** Layout: 20-byte header, owner SID, group SID, DACL (ACL header + ACEs), as Windows commonly lays them out. */
export function securityDescriptorBytes(spec: SecuritySpec): Uint8Array {
  const owner = sidBytes(spec.owner);
  const group = sidBytes(spec.group);
  const aces = spec.dacl.map((ace) => {
    const sid = sidBytes(ace.sid);
    const bytes = new Uint8Array(8 + sid.length);
    const view = new DataView(bytes.buffer);
    bytes[0] = ace.type === 'allow' ? 0 : 1;
    bytes[1] = ace.flags;
    view.setUint16(2, bytes.length, true);
    view.setUint32(4, ace.mask >>> 0, true);
    bytes.set(sid, 8);
    return bytes;
  });
  const aclSize = 8 + aces.reduce((n, a) => n + a.length, 0);
  const out = new Uint8Array(20 + owner.length + group.length + aclSize);
  const view = new DataView(out.buffer);
  out[0] = 1;
  view.setUint16(2, 0x8000 | 0x0004 | (spec.control ?? 0), true);
  const ownerAt = 20;
  const groupAt = ownerAt + owner.length;
  const daclAt = groupAt + group.length;
  view.setUint32(4, ownerAt, true);
  view.setUint32(8, groupAt, true);
  view.setUint32(12, 0, true);
  view.setUint32(16, daclAt, true);
  out.set(owner, ownerAt);
  out.set(group, groupAt);
  out[daclAt] = 2;
  view.setUint16(daclAt + 2, aclSize, true);
  view.setUint16(daclAt + 4, aces.length, true);
  let at = daclAt + 8;
  for (const ace of aces) {
    out.set(ace, at);
    at += ace.length;
  }
  return out;
}

// ---- Reparse buffers ------------------------------------------------------------------------------------------

function utf16(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf16le'));
}

/** A full reparse buffer (8-byte header included) with substitute and print names, as NTFS stores it. */
function nameReparse(tag: number, substitute: string, print: string, flags: number | undefined): Uint8Array {
  const sub = utf16(substitute);
  const prn = utf16(print);
  const head = flags === undefined ? 8 : 12;
  // Junctions terminate each name with a UTF-16 NUL (Windows writes them so); symlinks do not.
  const nul = flags === undefined ? 2 : 0;
  const data = new Uint8Array(head + sub.length + nul + prn.length + nul);
  const view = new DataView(data.buffer);
  view.setUint16(0, 0, true);
  view.setUint16(2, sub.length, true);
  view.setUint16(4, sub.length + nul, true);
  view.setUint16(6, prn.length, true);
  if (flags !== undefined) view.setUint32(8, flags, true);
  data.set(sub, head);
  data.set(prn, head + sub.length + nul);
  const out = new Uint8Array(8 + data.length);
  const outView = new DataView(out.buffer);
  outView.setUint32(0, tag, true);
  outView.setUint16(4, data.length, true);
  out.set(data, 8);
  return out;
}

/** IO_REPARSE_TAG_SYMLINK; flags 1 = SYMLINK_FLAG_RELATIVE. */
export const symlinkReparse = (target: string, relative: boolean): Uint8Array =>
  nameReparse(0xa000000c, relative ? target : `\\??\\${target}`, target, relative ? 1 : 0);

/** IO_REPARSE_TAG_MOUNT_POINT (junction) to an absolute Windows path. */
export const junctionReparse = (target: string): Uint8Array => nameReparse(0xa0000003, `\\??\\${target}`, target, undefined);

// ---- The volume -----------------------------------------------------------------------------------------------

/** Creates an empty NTFS volume image of `megabytes` MB at `image`. */
export function makeNtfsImage(image: string, megabytes = 64): void {
  execFileSync('truncate', ['-s', `${megabytes}M`, image]);
  execFileSync('mkntfs', ['-F', '-f', '-Q', '-L', 'IWTEST', image], { env: ENV, stdio: 'ignore' });
}

function isMounted(mountpoint: string): boolean {
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[1] === mountpoint);
}

async function settle(check: () => boolean, what: string): Promise<void> {
  // Bounded by a number of polls (not a clock), so a stuck mount fails the test instead of hanging it.
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`ntfs-3g: ${what} did not happen`);
}

export interface Mounted {
  mountpoint: string;
  unmount(): Promise<void>;
}

/**
 * Mounts `image` at `mountpoint` with ntfs-3g (no_detach, so its exit — after it has written everything back — is
 * what unmount waits for). streams_interface=xattr exposes named streams as user.* xattrs.
 */
export async function mountNtfs(image: string, mountpoint: string): Promise<Mounted> {
  const child: ChildProcess = spawn('ntfs-3g', ['-o', 'streams_interface=xattr,no_detach', image, mountpoint], { env: ENV, stdio: 'ignore' });
  let exited = false;
  child.on('exit', () => (exited = true));
  await settle(() => exited || isMounted(mountpoint), 'mount');
  if (!isMounted(mountpoint)) throw new Error(`ntfs-3g could not mount ${image}`);
  return {
    mountpoint,
    async unmount(): Promise<void> {
      execFileSync('umount', [mountpoint], { env: ENV });
      await settle(() => exited, 'exit after unmount');
    },
  };
}

/** One operation on the mounted volume, done by python3 (see applyOps). */
export type VolumeOp =
  | { op: 'mkdir'; path: string }
  | { op: 'write'; path: string; hex: string }
  /** `hex` written after a hole of `hole` bytes: ntfs-3g stores the hole sparse. */
  | { op: 'sparse'; path: string; hole: number; hex: string }
  | { op: 'link'; path: string; target: string }
  | { op: 'setxattr'; path: string; name: string; hex: string };

const PYTHON_OPS = `
import json, os, sys
root = sys.argv[1]
for o in json.load(sys.stdin):
    p = os.path.join(root, o['path'])
    if o['op'] == 'mkdir': os.makedirs(p)
    elif o['op'] == 'write':
        with open(p, 'wb') as f: f.write(bytes.fromhex(o['hex']))
    elif o['op'] == 'sparse':
        with open(p, 'wb') as f:
            f.seek(o['hole'])
            f.write(bytes.fromhex(o['hex']))
    elif o['op'] == 'link': os.link(os.path.join(root, o['target']), p)
    elif o['op'] == 'setxattr': os.setxattr(p, o['name'], bytes.fromhex(o['hex']))
`;

/** Applies `ops` in order under `root` (python3: Node cannot set xattrs). */
export function applyOps(root: string, ops: VolumeOp[]): void {
  execFileSync('python3', ['-c', PYTHON_OPS, root], { input: JSON.stringify(ops), stdio: ['pipe', 'ignore', 'pipe'] });
}

// Values are read by asking libc for the size first: os.getxattr starts with a 128-byte buffer, and ntfs-3g
// answers a too-small buffer for system.ntfs_acl with EIO instead of ERANGE (seen with ntfs-3g 2022.10.3).
const PYTHON_DUMP = `
import ctypes, json, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.lgetxattr.restype = ctypes.c_ssize_t
libc.lgetxattr.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_size_t]
def getx(p, a):
    n = libc.lgetxattr(p.encode(), a.encode(), None, 0)
    if n < 0: return None
    buf = ctypes.create_string_buffer(max(n, 1))
    m = libc.lgetxattr(p.encode(), a.encode(), buf, n)
    if m < 0: raise OSError(ctypes.get_errno(), p + ' ' + a)
    return buf.raw[:m].hex()
root = sys.argv[1]
out = {}
for d, dirs, files in os.walk(root):
    for n in dirs + files:
        p = os.path.join(d, n)
        x = {}
        for a in os.listxattr(p, follow_symlinks=False) + ['system.ntfs_acl', 'system.ntfs_dos_name', 'system.ntfs_attrib', 'system.ntfs_reparse_data']:
            v = getx(p, a)
            if v is not None: x[a] = v
        out['/' + os.path.relpath(p, root)] = x
json.dump(out, sys.stdout)
`;

/** Every path under `root` ("/a/b") → its xattrs (user.* streams and the system.ntfs_* ones) as hex. */
export function dumpXattrs(root: string): Record<string, Record<string, string>> {
  return JSON.parse(execFileSync('python3', ['-c', PYTHON_DUMP, root], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<string, Record<string, string>>;
}

export const hex = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('hex');
