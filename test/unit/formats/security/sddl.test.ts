// Security descriptors built field by field ([MS-DTYP] 2.4.6) and the SDDL Windows prints for them (icacls /
// Get-Acl on a Windows 11 System32 file: owner TrustedInstaller, read+execute for the usual groups).
import { describe, expect, it } from 'vitest';
import { describeSid, maskNames, readSecurityDescriptor, sddlRights } from '../../../../src/formats/security/sddl';
import { ErrorCode } from '../../../../src/shared/errors';

function sid(text: string): number[] {
  const [, , authority, ...subs] = text.split('-').map(Number);
  const out = [1, subs.length, 0, 0, 0, 0, 0, authority!];
  for (const s of subs) out.push(s & 0xff, (s >>> 8) & 0xff, (s >>> 16) & 0xff, (s >>> 24) & 0xff);
  return out;
}
const u16 = (n: number): number[] => [n & 0xff, n >>> 8];
const u32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

function ace(type: number, flags: number, mask: number, trustee: string): number[] {
  const body = [...u32(mask), ...sid(trustee)];
  return [type, flags, ...u16(4 + body.length), ...body];
}

function acl(aces: number[][]): number[] {
  const body = aces.flat();
  return [2, 0, ...u16(8 + body.length), ...u16(aces.length), 0, 0, ...body];
}

function descriptor(control: number, owner: string, group: string, dacl: number[][] | null): Uint8Array {
  const o = sid(owner);
  const g = sid(group);
  const d = dacl ? acl(dacl) : [];
  const head = [1, 0, ...u16(control), ...u32(20), ...u32(20 + o.length), ...u32(0), ...u32(dacl ? 20 + o.length + g.length : 0)];
  return Uint8Array.from([...head, ...o, ...g, ...d]);
}

const TI = 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464';

describe('readSecurityDescriptor', () => {
  it('prints a System32 file descriptor as Windows does, with names for the well-known SIDs', () => {
    const sd = descriptor(0x8000 | 0x1000 | 0x400 | 0x4, TI, TI, [
      ace(0, 0, 0x1f01ff, TI),
      ace(0, 0, 0x1200a9, 'S-1-5-32-544'),
      ace(0, 0, 0x1200a9, 'S-1-5-18'),
      ace(0, 0, 0x1200a9, 'S-1-5-32-545'),
      ace(0, 0, 0x1200a9, 'S-1-15-2-1'),
      ace(0, 0, 0x1200a9, 'S-1-15-2-2'),
    ]);
    const info = readSecurityDescriptor(sd);
    expect(info.sddl).toBe(
      `O:${TI}G:${TI}D:PAI(A;;FA;;;${TI})(A;;0x1200a9;;;BA)(A;;0x1200a9;;;SY)(A;;0x1200a9;;;BU)(A;;0x1200a9;;;AC)(A;;0x1200a9;;;S-1-15-2-2)`,
    );
    expect(info.owner).toEqual({ sid: TI, name: 'NT SERVICE\\TrustedInstaller' });
    expect(info.controlNames).toEqual(['SE_DACL_PRESENT', 'SE_DACL_AUTO_INHERITED', 'SE_DACL_PROTECTED', 'SE_SELF_RELATIVE']);
    expect(info.dacl![1]).toMatchObject({ type: 'allow', trustee: { alias: 'BA', name: 'BUILTIN\\Administrators' }, maskNames: ['FR', 'FX'] });
  });

  it('writes inheritance flags and generic rights, and tells a missing DACL from an empty one', () => {
    const sd = descriptor(0x8004, 'S-1-5-32-544', 'S-1-5-18', [ace(0, 0x0b, 0x10000000, 'S-1-3-0'), ace(1, 0x13, 0x80000000 | 0x20000000, 'S-1-1-0')]);
    expect(readSecurityDescriptor(sd).sddl).toBe('O:BAG:SYD:(A;OICIIO;GA;;;CO)(D;OICIID;GXGR;;;WD)');
    expect(readSecurityDescriptor(descriptor(0x8004, 'S-1-5-18', 'S-1-5-18', null)).sddl).toBe('O:SYG:SYD:NO_ACCESS_CONTROL');
    expect(readSecurityDescriptor(descriptor(0x8004, 'S-1-5-18', 'S-1-5-18', [])).dacl).toEqual([]);
  });

  it('names rights: whole-mask aliases, letters, else hex', () => {
    expect(sddlRights(0x1f01ff)).toBe('FA');
    expect(sddlRights(0x120089)).toBe('FR');
    expect(sddlRights(0x30000)).toBe('SDRC');
    expect(sddlRights(0x1301bf)).toBe('0x1301bf');
    expect(maskNames(0x1301bf)).toEqual(['FR', 'FW', 'FX', 'SD']);
    expect(describeSid('S-1-3-0')).toEqual({ sid: 'S-1-3-0', alias: 'CO', name: 'CREATOR OWNER' });
  });

  it('rejects descriptors whose offsets or sizes run past the end, with the offset', () => {
    const sd = descriptor(0x8004, 'S-1-5-18', 'S-1-5-18', [ace(0, 0, 1, 'S-1-1-0')]);
    expect(() => readSecurityDescriptor(sd.subarray(0, sd.length - 4))).toThrow(expect.objectContaining({ code: ErrorCode.BAD_SECURITY_DESCRIPTOR }));
    const badOwner = sd.slice();
    badOwner[4] = 250;
    expect(() => readSecurityDescriptor(badOwner)).toThrow(expect.objectContaining({ code: ErrorCode.BAD_SECURITY_DESCRIPTOR, offset: 250 }));
  });
});
