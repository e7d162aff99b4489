/**
 * Bounded fuzz (fixed seed): mutates the header, blob table, XML and integrity table of real wimlib-made files
 * and checks that readWimInfo only ever resolves or throws ImagewrightError — never another error, never a hang.
 * FUZZ_ITERATIONS (default 2000) sets the number of mutated files per base file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWimInfo } from '../../../../src/formats/wim/read-info';
import { MemorySource } from '../../../../src/io/memory-source';
import { ImagewrightError } from '../../../../src/shared/errors';
import { seededRandom } from '../../../codecs/fixture-tree';

const ITERATIONS = Number(process.env['FUZZ_ITERATIONS'] ?? 2000);

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 208, 50, 0x100000000];

let dir: string;
const bases: { name: string; bytes: Uint8Array }[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iw-fuzz-'));
  const src = join(dir, 'src');
  mkdirSync(join(src, 'sub'), { recursive: true });
  writeFileSync(join(src, 'a.txt'), 'hello world\n'.repeat(50));
  writeFileSync(join(src, 'sub', 'b.txt'), Array.from({ length: 3000 }, (_, i) => `line ${i}`).join('\n'));
  writeFileSync(join(src, 'sub', 'c.bin'), new Uint8Array(5000).map((_, i) => (i * 7919) & 0xff));
  const make = (name: string, ...args: string[]): void => {
    execFileSync('wimlib-imagex', ['capture', src, join(dir, name), 'fuzz', ...args], { stdio: 'ignore' });
    bases.push({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) });
  };
  make('lzx.wim', '--compress=lzx', '--check');
  make('solid.esd', '--solid');
  make('pipable.wim', '--pipable', '--compress=xpress');
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Ranges worth mutating: header, blob table, XML, integrity table (as the clean header says). */
function regionsOf(bytes: Uint8Array): [number, number][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const pipable = bytes[0] === 0x57; // 'W' of WLPWM: the real header is at the end
  const at = pipable ? bytes.length - 208 : 0;
  const reshdr = (pos: number): [number, number] => {
    const size = view.getUint32(at + pos, true);
    const offset = Number(view.getBigUint64(at + pos + 8, true));
    return [offset, Math.min(offset + size, bytes.length)];
  };
  const regions: [number, number][] = [[at, at + 208], reshdr(0x30), reshdr(0x48), reshdr(0x7c)];
  return regions.filter(([start, end]) => end > start);
}

describe('fuzzing the container reader', () => {
  it('only ever throws ImagewrightError on mutated wimlib files (fixed seed)', async () => {
    const random = seededRandom(0x1a6e5717);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    let failures = 0;
    let successes = 0;
    for (const base of bases) {
      expect((await readWimInfo(new MemorySource(base.bytes, base.name))).images).toHaveLength(1);
      const regions = regionsOf(base.bytes);
      for (let i = 0; i < ITERATIONS; i++) {
        // Let the event loop run now and then: long runs must not starve Vitest's worker RPC.
        if (i % 256 === 255) await new Promise((resolve) => setImmediate(resolve));
        const bytes = base.bytes.slice();
        const view = new DataView(bytes.buffer);
        const mutations = 1 + Math.floor(random() * 4);
        for (let m = 0; m < mutations; m++) {
          const [start, end] = pick(regions);
          const pos = start + Math.floor(random() * (end - start));
          const kind = random();
          if (kind < 0.4) bytes[pos] = Math.floor(random() * 256);
          else if (kind < 0.6) bytes[pos]! ^= 1 << Math.floor(random() * 8);
          else if (kind < 0.8 && pos + 4 <= bytes.length) view.setUint32(pos, pick(INTERESTING) >>> 0, true);
          else if (pos + 8 <= bytes.length) view.setBigUint64(pos, BigInt(pick(INTERESTING)) * BigInt(1 + Math.floor(random() * 3)), true);
        }
        // Sometimes also cut the file short.
        const file = random() < 0.05 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
        try {
          await readWimInfo(new MemorySource(file, base.name));
          successes++;
        } catch (error) {
          if (!(error instanceof ImagewrightError)) {
            throw new Error(`${base.name} iteration ${i}: non-ImagewrightError ${String(error)}`, { cause: error });
          }
          failures++;
        }
      }
    }
    expect(failures).toBeGreaterThan(0);
    expect(successes + failures).toBe(bases.length * ITERATIONS);
  }, 120_000);
});
