/**
 * Fuzz targets for the small parsers that take bytes straight from a metadata resource or a reparse blob: the
 * security data block and link reparse data (then the POSIX target made from it). Fixed seeds; `npm run fuzz`
 * scales them (test/codecs/fuzz-harness.ts). Outcome: a result or an ImagewrightError with a known code.
 */
import { describe, expect, it } from 'vitest';
import { IO_REPARSE_TAG_MOUNT_POINT, IO_REPARSE_TAG_SYMLINK, parseLinkReparseData, posixLinkTarget } from '../../../../src/formats/wim/reparse';
import { readSecurityData } from '../../../../src/formats/wim/security';
import { errorCount, fuzzCases, fuzzOne, logTally, mutator, newTally } from '../../../codecs/fuzz-harness';

function securityBlock(descriptors: Uint8Array[]): Uint8Array {
  const total = 8 + descriptors.length * 8 + descriptors.reduce((n, d) => n + d.length, 0);
  const out = new Uint8Array(Math.ceil(total / 8) * 8 + 16);
  const view = new DataView(out.buffer);
  view.setUint32(0, total, true);
  view.setUint32(4, descriptors.length, true);
  let at = 8 + descriptors.length * 8;
  descriptors.forEach((d, i) => {
    view.setBigUint64(8 + i * 8, BigInt(d.length), true);
    out.set(d, at);
    at += d.length;
  });
  return out;
}

function linkData(tag: number, substitute: string, print: string): Uint8Array {
  const enc = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf16le'));
  const [sub, pr] = [enc(substitute), enc(print)];
  const head = tag === IO_REPARSE_TAG_SYMLINK ? 12 : 8;
  const out = new Uint8Array(head + sub.length + pr.length);
  const view = new DataView(out.buffer);
  view.setUint16(2, sub.length, true);
  view.setUint16(4, sub.length, true);
  view.setUint16(6, pr.length, true);
  out.set(sub, head);
  out.set(pr, head + sub.length);
  return out;
}

describe('fuzz: metadata-level parsers', () => {
  it('security data: every mutation gives descriptors inside the block or BAD_SECURITY_DATA', async () => {
    const clean = securityBlock([new Uint8Array(76).fill(1), new Uint8Array(20).fill(2), new Uint8Array(164).fill(3)]);
    const m = mutator(0x5ec);
    const tally = newTally();
    for await (const i of fuzzCases(2000)) {
      const bytes = i % 5 === 4 ? clean.slice(0, m.int(clean.length)) : m.mutate(clean, 0, 40);
      await fuzzOne(tally, `security case ${i}`, () => {
        const { rootOffset, descriptors } = readSecurityData(bytes);
        expect(rootOffset).toBeLessThanOrEqual(bytes.length);
        for (const d of descriptors) expect(d.byteOffset + d.length).toBeLessThanOrEqual(bytes.byteOffset + rootOffset);
      });
    }
    logTally('security data', tally);
    expect(tally.ok).toBeGreaterThan(0);
    expect(errorCount(tally)).toBeGreaterThan(0);
  });

  it('link reparse data: names stay inside the data, or BAD_REPARSE_DATA', async () => {
    const cleans = [
      [IO_REPARSE_TAG_SYMLINK, linkData(IO_REPARSE_TAG_SYMLINK, '\\??\\C:\\Windows\\notepad.exe', 'C:\\Windows\\notepad.exe')],
      [IO_REPARSE_TAG_MOUNT_POINT, linkData(IO_REPARSE_TAG_MOUNT_POINT, '\\??\\C:\\Users\\Public', 'C:\\Users\\Public')],
    ] as const;
    const m = mutator(0x4e9);
    const tally = newTally();
    for await (const i of fuzzCases(2000)) {
      const [tag, clean] = m.pick(cleans);
      const bytes = i % 4 === 3 ? clean.slice(0, m.int(clean.length)) : m.mutate(clean, 0, Math.min(clean.length, 16));
      await fuzzOne(tally, `reparse case ${i}`, () => {
        const link = parseLinkReparseData(i % 7 === 6 ? 0x80000017 : tag, bytes, '/x');
        expect(link.substituteName.length * 2).toBeLessThanOrEqual(bytes.length);
        return posixLinkTarget(link, i % 2 === 0, '/extract/root');
      });
    }
    logTally('link reparse data', tally);
    expect(tally.ok).toBeGreaterThan(0);
    expect(errorCount(tally)).toBeGreaterThan(0);
  });
});
