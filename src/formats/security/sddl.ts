/**
 * Self-relative SECURITY_DESCRIPTOR → SDDL and a readable form (owner, group, ACEs with named SIDs and rights).
 * Sources: [MS-DTYP] 2.4.6 (SECURITY_DESCRIPTOR), 2.4.5 (ACL), 2.4.4 (ACE types), 2.4.2 (SID), 2.4.3 (ACCESS_MASK),
 * 2.5.1 (SDDL: aliases, ACE strings, rights strings), and the well-known SIDs of [MS-DTYP] 2.4.2.4.
 *
 *   SECURITY_DESCRIPTOR (self-relative):
 *     +0x00 u8 revision (1)  +0x01 u8 Sbz1  +0x02 u16 control (SE_*)
 *     +0x04 u32 owner offset  +0x08 u32 group offset  +0x0C u32 SACL offset  +0x10 u32 DACL offset (0 = absent)
 *   SID:  +0 u8 revision (1)  +1 u8 sub-authority count (≤ 15)  +2 6-byte authority (big-endian)  +8 u32 LE × count
 *   ACL:  +0 u8 revision  +1 u8 Sbz1  +2 u16 ACL size  +4 u16 ACE count  +6 u16 Sbz2, ACEs from +8
 *   ACE:  +0 u8 type  +1 u8 flags  +2 u16 size, then (basic) +4 u32 mask, +8 SID; (object, types 5–8 and
 *         0xB–0xC, 0xF) +4 mask, +8 u32 object flags, optional 16-byte object type and inherited object type GUIDs, SID.
 *
 * Rights are printed as Windows does: an exact whole-mask alias (FA, FR, FW, FX), else letters when every bit has
 * one (CC DC LC SW RP WP DT LO CR SD RC WD WO GA GX GW GR, in that order), else 0x… in hex.
 */
import { ErrorCode, ImagewrightError } from '../../shared/errors';

/** A security identifier with its well-known name when it has one. */
export interface SidInfo {
  /** "S-1-5-32-544". */
  sid: string;
  /** SDDL alias when one exists ("BA", "SY", "WD"…). */
  alias?: string;
  /** Readable name ("BUILTIN\\Administrators", "NT AUTHORITY\\SYSTEM", "NT SERVICE\\TrustedInstaller"). */
  name?: string;
}

export interface AceInfo {
  /** 'allow' | 'deny' | 'audit' | 'alarm' | 'allow-object' | … | 'mandatory-label' | 'unknown'. */
  type: string;
  /** Raw ACE type byte. */
  typeCode: number;
  /** ACE flags byte and its SDDL names ("OI", "CI", "NP", "IO", "ID", "SA", "FA"). */
  flags: number;
  flagNames: string[];
  /** Access mask and readable names: file aliases it contains in full ("FA" alone for full control, else "FR",
   * "FW", "FX"), then single rights by SDDL letters ("GA", "GR", "RC", "SD", "WD", "WO"…), "SYNCHRONIZE", "0x…". */
  mask: number;
  maskNames: string[];
  trustee: SidInfo;
}

export interface SecurityDescriptorInfo {
  /** Full SDDL as Windows prints it, e.g. "O:S-1-5-80-…G:S-1-5-80-…D:PAI(A;;FA;;;S-1-5-80-…)(A;;0x1200a9;;;BA)". */
  sddl: string;
  /** SE_* control bits and their names ("SE_DACL_PRESENT", "SE_DACL_PROTECTED", "SE_SELF_RELATIVE"…). */
  control: number;
  controlNames: string[];
  owner?: SidInfo;
  group?: SidInfo;
  /** undefined: no DACL (everyone has full access: "D:NO_ACCESS_CONTROL"); []: an empty DACL (nobody has access). */
  dacl?: AceInfo[];
  sacl?: AceInfo[];
}

const WELL_KNOWN: Record<string, [alias: string | undefined, name: string]> = {
  'S-1-0-0': [undefined, 'NULL SID'],
  'S-1-1-0': ['WD', 'Everyone'],
  'S-1-2-0': [undefined, 'LOCAL'],
  'S-1-3-0': ['CO', 'CREATOR OWNER'],
  'S-1-3-1': ['CG', 'CREATOR GROUP'],
  'S-1-3-4': ['OW', 'OWNER RIGHTS'],
  'S-1-5-2': ['NU', 'NT AUTHORITY\\NETWORK'],
  'S-1-5-4': ['IU', 'NT AUTHORITY\\INTERACTIVE'],
  'S-1-5-6': ['SU', 'NT AUTHORITY\\SERVICE'],
  'S-1-5-7': ['AN', 'NT AUTHORITY\\ANONYMOUS LOGON'],
  'S-1-5-9': ['ED', 'NT AUTHORITY\\ENTERPRISE DOMAIN CONTROLLERS'],
  'S-1-5-10': ['PS', 'NT AUTHORITY\\SELF'],
  'S-1-5-11': ['AU', 'NT AUTHORITY\\Authenticated Users'],
  'S-1-5-12': ['RC', 'NT AUTHORITY\\RESTRICTED'],
  'S-1-5-18': ['SY', 'NT AUTHORITY\\SYSTEM'],
  'S-1-5-19': ['LS', 'NT AUTHORITY\\LOCAL SERVICE'],
  'S-1-5-20': ['NS', 'NT AUTHORITY\\NETWORK SERVICE'],
  'S-1-5-32-544': ['BA', 'BUILTIN\\Administrators'],
  'S-1-5-32-545': ['BU', 'BUILTIN\\Users'],
  'S-1-5-32-546': ['BG', 'BUILTIN\\Guests'],
  'S-1-5-32-547': ['PU', 'BUILTIN\\Power Users'],
  'S-1-5-32-548': ['AO', 'BUILTIN\\Account Operators'],
  'S-1-5-32-549': ['SO', 'BUILTIN\\Server Operators'],
  'S-1-5-32-550': ['PO', 'BUILTIN\\Print Operators'],
  'S-1-5-32-551': ['BO', 'BUILTIN\\Backup Operators'],
  'S-1-5-32-552': ['RE', 'BUILTIN\\Replicator'],
  'S-1-5-32-555': ['RD', 'BUILTIN\\Remote Desktop Users'],
  'S-1-5-32-556': ['NO', 'BUILTIN\\Network Configuration Operators'],
  'S-1-5-32-558': ['MU', 'BUILTIN\\Performance Monitor Users'],
  'S-1-5-32-559': ['LU', 'BUILTIN\\Performance Log Users'],
  'S-1-5-32-568': ['IS', 'BUILTIN\\IIS_IUSRS'],
  'S-1-5-32-569': ['CY', 'BUILTIN\\Cryptographic Operators'],
  'S-1-5-32-573': ['ER', 'BUILTIN\\Event Log Readers'],
  'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464': [undefined, 'NT SERVICE\\TrustedInstaller'],
  'S-1-5-80-0': [undefined, 'NT SERVICE\\ALL SERVICES'],
  'S-1-15-2-1': ['AC', 'APPLICATION PACKAGE AUTHORITY\\ALL APPLICATION PACKAGES'],
  'S-1-15-2-2': [undefined, 'APPLICATION PACKAGE AUTHORITY\\ALL RESTRICTED APPLICATION PACKAGES'],
  'S-1-16-4096': ['LW', 'Mandatory Label\\Low Mandatory Level'],
  'S-1-16-8192': ['ME', 'Mandatory Label\\Medium Mandatory Level'],
  'S-1-16-12288': ['HI', 'Mandatory Label\\High Mandatory Level'],
  'S-1-16-16384': ['SI', 'Mandatory Label\\System Mandatory Level'],
};

const CONTROL_NAMES: [number, string][] = [
  [0x0001, 'SE_OWNER_DEFAULTED'],
  [0x0002, 'SE_GROUP_DEFAULTED'],
  [0x0004, 'SE_DACL_PRESENT'],
  [0x0008, 'SE_DACL_DEFAULTED'],
  [0x0010, 'SE_SACL_PRESENT'],
  [0x0020, 'SE_SACL_DEFAULTED'],
  [0x0100, 'SE_DACL_AUTO_INHERIT_REQ'],
  [0x0200, 'SE_SACL_AUTO_INHERIT_REQ'],
  [0x0400, 'SE_DACL_AUTO_INHERITED'],
  [0x0800, 'SE_SACL_AUTO_INHERITED'],
  [0x1000, 'SE_DACL_PROTECTED'],
  [0x2000, 'SE_SACL_PROTECTED'],
  [0x4000, 'SE_RM_CONTROL_VALID'],
  [0x8000, 'SE_SELF_RELATIVE'],
];

const ACE_TYPES: Record<number, [sddl: string, name: string]> = {
  0x0: ['A', 'allow'],
  0x1: ['D', 'deny'],
  0x2: ['AU', 'audit'],
  0x3: ['AL', 'alarm'],
  0x5: ['OA', 'allow-object'],
  0x6: ['OD', 'deny-object'],
  0x7: ['OU', 'audit-object'],
  0x8: ['OL', 'alarm-object'],
  0x9: ['XA', 'allow-callback'],
  0xa: ['XD', 'deny-callback'],
  0xb: ['ZA', 'allow-callback-object'],
  0xd: ['XU', 'audit-callback'],
  0x11: ['ML', 'mandatory-label'],
  0x12: ['RA', 'resource-attribute'],
  0x13: ['SP', 'scoped-policy-id'],
};
const OBJECT_ACE_TYPES = new Set([0x5, 0x6, 0x7, 0x8, 0xb, 0xc, 0xf, 0x10]);

const ACE_FLAGS: [number, string][] = [
  [0x01, 'OI'],
  [0x02, 'CI'],
  [0x04, 'NP'],
  [0x08, 'IO'],
  [0x10, 'ID'],
  [0x40, 'SA'],
  [0x80, 'FA'],
];

const MASK_ALIASES: [number, string][] = [
  [0x1f01ff, 'FA'],
  [0x120089, 'FR'],
  [0x120116, 'FW'],
  [0x1200a0, 'FX'],
];
// Windows writes letters in ascending bit order: "CCDCLCSWRPWPDTLOCRSDRCWDWO" (full control in AD descriptors),
// "SDGXGWGR" (the inheritable modify right on C:\\).
const MASK_LETTERS: [number, string][] = [
  [0x00000001, 'CC'],
  [0x00000002, 'DC'],
  [0x00000004, 'LC'],
  [0x00000008, 'SW'],
  [0x00000010, 'RP'],
  [0x00000020, 'WP'],
  [0x00000040, 'DT'],
  [0x00000080, 'LO'],
  [0x00000100, 'CR'],
  [0x00010000, 'SD'],
  [0x00020000, 'RC'],
  [0x00040000, 'WD'],
  [0x00080000, 'WO'],
  [0x10000000, 'GA'],
  [0x20000000, 'GX'],
  [0x40000000, 'GW'],
  [0x80000000, 'GR'],
];

function fail(offset: number, detail: string): never {
  throw new ImagewrightError(ErrorCode.BAD_SECURITY_DESCRIPTOR, { offset, detail });
}

/** Reads a SID at `at`; returns its S-1-… string and length in bytes. */
export function readSid(bytes: Uint8Array, at: number, end = bytes.length): { sid: string; length: number } {
  if (at + 8 > end) fail(at, 'SID runs past the end');
  const count = bytes[at + 1]!;
  if (bytes[at] !== 1 || count > 15) fail(at, `SID revision ${bytes[at]} / ${count} sub-authorities`);
  const length = 8 + 4 * count;
  if (at + length > end) fail(at, 'SID runs past the end');
  let authority = 0;
  for (let i = 0; i < 6; i++) authority = authority * 256 + bytes[at + 2 + i]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let sid = `S-1-${authority >= 2 ** 32 ? `0x${authority.toString(16).padStart(12, '0').toUpperCase()}` : authority}`;
  for (let i = 0; i < count; i++) sid += `-${view.getUint32(at + 8 + 4 * i, true)}`;
  return { sid, length };
}

export function describeSid(sid: string): SidInfo {
  const known = WELL_KNOWN[sid];
  const info: SidInfo = { sid };
  if (known) {
    if (known[0]) info.alias = known[0];
    info.name = known[1];
  } else if (/^S-1-5-21-\d+-\d+-\d+-500$/.test(sid)) info.name = 'Administrator (local account)';
  else if (/^S-1-5-21-\d+-\d+-\d+-501$/.test(sid)) info.name = 'Guest (local account)';
  else if (/^S-1-15-3-/.test(sid)) info.name = 'App capability';
  return info;
}

/** Rights of an ACE the way SDDL writes them. */
export function sddlRights(mask: number): string {
  const m = mask >>> 0;
  for (const [value, alias] of MASK_ALIASES) if (m === value) return alias;
  let rest = m;
  let out = '';
  for (const [bit, letters] of MASK_LETTERS) {
    if ((rest & bit) >>> 0 === bit) {
      out += letters;
      rest = (rest & ~bit) >>> 0;
    }
  }
  return rest === 0 && out !== '' ? out : `0x${m.toString(16)}`;
}

/** Readable names of a mask: file aliases it contains in full, then single rights, then leftover bits in hex. */
export function maskNames(mask: number): string[] {
  const m = mask >>> 0;
  if (m === 0x1f01ff) return ['FA'];
  const names: string[] = [];
  let covered = 0;
  for (const [value, alias] of MASK_ALIASES.slice(1)) {
    if ((m & value) >>> 0 === value) {
      names.push(alias);
      covered = (covered | value) >>> 0;
    }
  }
  let rest = (m & ~covered) >>> 0;
  for (const [bit, letters] of MASK_LETTERS) {
    if ((rest & bit) >>> 0 === bit) {
      names.push(letters);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest & 0x100000) {
    names.push('SYNCHRONIZE');
    rest = (rest & ~0x100000) >>> 0;
  }
  if (rest) names.push(`0x${rest.toString(16)}`);
  return names;
}

function sidString(info: SidInfo): string {
  return info.alias ?? info.sid;
}

function guidAt(bytes: Uint8Array, at: number): string {
  const h = (i: number): string => bytes[at + i]!.toString(16).padStart(2, '0');
  return `${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}

function readAcl(bytes: Uint8Array, at: number): { aces: AceInfo[]; sddl: string } {
  if (at + 8 > bytes.length) fail(at, 'ACL header runs past the end');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = view.getUint16(at + 2, true);
  const count = view.getUint16(at + 4, true);
  const end = at + size;
  if (size < 8 || end > bytes.length) fail(at, `ACL size ${size} runs past the end`);
  const aces: AceInfo[] = [];
  let sddl = '';
  let pos = at + 8;
  for (let i = 0; i < count; i++) {
    if (pos + 4 > end) fail(pos, `ACE ${i} runs past its ACL`);
    const typeCode = bytes[pos]!;
    const flags = bytes[pos + 1]!;
    const aceSize = view.getUint16(pos + 2, true);
    if (aceSize < 8 || pos + aceSize > end) fail(pos, `ACE ${i} has size ${aceSize}`);
    const mask = view.getUint32(pos + 4, true);
    let sidAt = pos + 8;
    let objectGuid = '';
    let inheritedGuid = '';
    if (OBJECT_ACE_TYPES.has(typeCode)) {
      if (pos + 12 > pos + aceSize) fail(pos, `object ACE ${i} is too short`);
      const objectFlags = view.getUint32(pos + 8, true);
      sidAt = pos + 12;
      if (objectFlags & 1) (objectGuid = guidAt(bytes, sidAt)), (sidAt += 16);
      if (objectFlags & 2) (inheritedGuid = guidAt(bytes, sidAt)), (sidAt += 16);
    }
    const trustee = describeSid(readSid(bytes, sidAt, pos + aceSize).sid);
    const [typeSddl, typeName] = ACE_TYPES[typeCode] ?? [`0x${typeCode.toString(16)}`, 'unknown'];
    const flagNames = ACE_FLAGS.filter(([bit]) => flags & bit).map(([, n]) => n);
    aces.push({ type: typeName, typeCode, flags, flagNames, mask, maskNames: maskNames(mask), trustee });
    sddl += `(${typeSddl};${flagNames.join('')};${sddlRights(mask)};${objectGuid};${inheritedGuid};${sidString(trustee)})`;
    pos += aceSize;
  }
  return { aces, sddl };
}

/** Decodes a self-relative security descriptor; BAD_SECURITY_DESCRIPTOR with the offset in it otherwise. */
export function readSecurityDescriptor(bytes: Uint8Array): SecurityDescriptorInfo {
  if (bytes.length < 20) fail(0, `${bytes.length} bytes is too short for a security descriptor`);
  if (bytes[0] !== 1) fail(0, `revision ${bytes[0]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const control = view.getUint16(2, true);
  const [ownerAt, groupAt, saclAt, daclAt] = [4, 8, 12, 16].map((o) => view.getUint32(o, true)) as [number, number, number, number];
  const info: SecurityDescriptorInfo = {
    sddl: '',
    control,
    controlNames: CONTROL_NAMES.filter(([bit]) => control & bit).map(([, n]) => n),
  };
  let sddl = '';
  if (ownerAt) {
    info.owner = describeSid(readSid(bytes, ownerAt).sid);
    sddl += `O:${sidString(info.owner)}`;
  }
  if (groupAt) {
    info.group = describeSid(readSid(bytes, groupAt).sid);
    sddl += `G:${sidString(info.group)}`;
  }
  if (control & 0x4) {
    let flags = (control & 0x1000 ? 'P' : '') + (control & 0x100 ? 'AR' : '') + (control & 0x400 ? 'AI' : '');
    if (daclAt) {
      const acl = readAcl(bytes, daclAt);
      info.dacl = acl.aces;
      sddl += `D:${flags}${acl.sddl}`;
    } else {
      flags += 'NO_ACCESS_CONTROL';
      sddl += `D:${flags}`;
    }
  }
  if (control & 0x10) {
    const flags = (control & 0x2000 ? 'P' : '') + (control & 0x200 ? 'AR' : '') + (control & 0x800 ? 'AI' : '');
    if (saclAt) {
      const acl = readAcl(bytes, saclAt);
      info.sacl = acl.aces;
      sddl += `S:${flags}${acl.sddl}`;
    } else sddl += `S:${flags}NO_ACCESS_CONTROL`;
  }
  info.sddl = sddl;
  return info;
}
