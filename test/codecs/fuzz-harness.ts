/**
 * Shared pieces of the fuzz targets. Each target runs a bounded, fixed-seed number of cases in `npm test` and a
 * long run under `npm run fuzz`: FUZZ_ITERATIONS multiplies the case count (the default is 1 = the bounded run),
 * FUZZ_SECONDS keeps generating cases until that much time has passed. Time only bounds the loop, never an
 * assertion. An outcome must be a valid result or an ImagewrightError with a code from the table; anything else
 * fails with the target, seed and case number so the case can be replayed.
 */
import { ErrorCode, ImagewrightError } from '../../src/shared/errors';
import { seededRandom } from './fixture-tree';

const CODE_NAMES = new Map<number, string>(Object.entries(ErrorCode).map(([name, code]) => [code, name]));

/** The case-count multiplier (FUZZ_ITERATIONS / 1000, at least 1). */
export const FUZZ_SCALE = Math.max(1, Math.floor(Number(process.env['FUZZ_ITERATIONS'] ?? 0) / 1000));
const SECONDS = Number(process.env['FUZZ_SECONDS'] ?? 0);

/**
 * Case numbers: `base × FUZZ_SCALE` of them, or as many as fit in FUZZ_SECONDS when set. Every 64 cases it lets
 * the event loop run (a macrotask), so long synchronous targets do not starve Vitest's worker RPC.
 */
export async function* fuzzCases(base: number): AsyncGenerator<number> {
  const stopAt = SECONDS > 0 ? Date.now() + SECONDS * 1000 : 0;
  for (let i = 0; stopAt ? Date.now() < stopAt : i < base * FUZZ_SCALE; i++) {
    if (i % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
    yield i;
  }
}

export interface FuzzTally {
  ok: number;
  errors: Map<string, number>;
}

export const newTally = (): FuzzTally => ({ ok: 0, errors: new Map() });

/** Runs one case; records the outcome, or throws a replayable description of an unexpected one. */
export async function fuzzOne(tally: FuzzTally, label: string, run: () => unknown): Promise<void> {
  try {
    await run();
    tally.ok++;
  } catch (error) {
    const name = error instanceof ImagewrightError ? CODE_NAMES.get(error.code) : undefined;
    if (name !== undefined) {
      tally.errors.set(name, (tally.errors.get(name) ?? 0) + 1);
      return;
    }
    throw new Error(`${label}: not an ImagewrightError with a known code: ${String(error)}`, { cause: error });
  }
}

export const errorCount = (tally: FuzzTally): number => [...tally.errors.values()].reduce((a, b) => a + b, 0);

/** In long runs (npm run fuzz), one line per target: how many outcomes of each kind. Quiet in npm test. */
export function logTally(target: string, tally: FuzzTally): void {
  if (FUZZ_SCALE === 1 && SECONDS === 0) return;
  const errors = [...tally.errors].map(([code, n]) => `${code} ${n}`).join(', ');
  console.info(`fuzz ${target}: ${tally.ok} valid, ${errorCount(tally)} refused (${errors})`);
}

export interface Mutator {
  random: () => number;
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** A copy of `bytes` with 1–8 mutations inside [start, end): bit flips, random bytes, interesting 16/32/64-bit values. */
  mutate(bytes: Uint8Array, start?: number, end?: number): Uint8Array;
}

const INTERESTING = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];

export function mutator(seed: number): Mutator {
  const random = seededRandom(seed);
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return {
    random,
    int,
    pick,
    mutate(bytes, start = 0, end = bytes.length) {
      const out = bytes.slice();
      const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
      if (end <= start) return out;
      for (let m = 1 + int(8); m > 0; m--) {
        const at = start + int(end - start);
        const kind = random();
        if (kind < 0.45) out[at]! ^= 1 << int(8);
        else if (kind < 0.65) out[at] = int(256);
        else if (kind < 0.8 && at + 2 <= out.length) view.setUint16(at, pick(INTERESTING) & 0xffff, true);
        else if (kind < 0.95 && at + 4 <= out.length) view.setUint32(at, pick(INTERESTING) >>> 0, true);
        else if (at + 8 <= out.length) view.setBigUint64(at, BigInt(pick(INTERESTING)) << BigInt(int(3) * 16), true);
      }
      return out;
    },
  };
}
