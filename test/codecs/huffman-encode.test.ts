/**
 * The encoders' length-limited canonical Huffman codes (wasm/shared/huffman-encode.ts, through wasm/testkit), in
 * debug and release builds: on Fibonacci frequencies (whose unlimited code is 30+ bits deep) and random tables,
 * every code respects the length limit of the format (XPRESS 15, LZX main/length 16, pre-code 15, aligned 7),
 * is complete (Kraft sum exactly 1, which our decoders require), canonical and prefix-free, and gives shorter
 * codewords to more frequent symbols; one used symbol gets a partner (two 1-bit codewords), none gives an empty code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './fixture-tree';

interface TestkitExports {
  memory: WebAssembly.Memory;
  reserve(input: number, output: number): number;
  inputPointer(): number;
  outputPointer(): number;
  huffmanCode(numSymbols: number, maxLength: number): number;
}

async function loadTestkit(flavor: string): Promise<TestkitExports> {
  const bytes = readFileSync(join(__dirname, '..', '..', 'wasm', 'build', `testkit.${flavor}.wasm`));
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort: () => { throw new Error('abort'); } } });
  const e = instance.exports as unknown as TestkitExports;
  expect(e.reserve(4 * 1024, 8 * 1024)).toBe(0);
  return e;
}

function code(e: TestkitExports, freqs: number[], maxLength: number): { lengths: number[]; codes: number[] } {
  new Uint32Array(e.memory.buffer, e.inputPointer(), freqs.length).set(freqs);
  const codesAt = e.huffmanCode(freqs.length, maxLength);
  const lengths = [...new Uint8Array(e.memory.buffer, e.outputPointer(), freqs.length)];
  const codes = [...new Uint32Array(e.memory.buffer, e.outputPointer() + codesAt, freqs.length)];
  return { lengths, codes };
}

function expectValidCode(freqs: number[], lengths: number[], codes: number[], maxLength: number): void {
  const used = freqs.map((f, s) => (f > 0 ? s : -1)).filter((s) => s >= 0);
  for (const s of used) expect(lengths[s]).toBeGreaterThan(0);
  expect(Math.max(...lengths)).toBeLessThanOrEqual(maxLength);
  const kraft = lengths.reduce((sum, l) => (l > 0 ? sum + 2 ** (maxLength - l) : sum), 0);
  expect(kraft).toBe(2 ** maxLength);
  // Canonical: sorted by (length, symbol), codewords count up; so no codeword prefixes another.
  const order = lengths.map((l, s) => [l, s] as const).filter(([l]) => l > 0).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let next = 0;
  let previousLength = order[0]?.[0] ?? 0;
  for (const [length, symbol] of order) {
    next <<= length - previousLength;
    previousLength = length;
    expect(codes[symbol]).toBe(next);
    next++;
  }
  // More frequent never gets a longer codeword.
  for (const a of used) for (const b of used) if (freqs[a]! > freqs[b]!) expect(lengths[a]!).toBeLessThanOrEqual(lengths[b]!);
}

describe.each(['debug', 'release'])('length-limited Huffman encoder (%s build)', (flavor) => {
  it('limits Fibonacci-weighted codes to 7, 15 and 16 bits and keeps them complete and canonical', async () => {
    const e = await loadTestkit(flavor);
    const fib = [1, 1];
    while (fib.length < 30) fib.push(fib[fib.length - 1]! + fib[fib.length - 2]!);
    for (const [symbols, maxLength] of [[512, 15], [656, 16], [249, 16], [20, 15], [8, 7]] as const) {
      const freqs = Array.from({ length: symbols }, (_, s) => fib[s % fib.length]! * (s < fib.length ? 1 : 0));
      const { lengths, codes } = code(e, freqs, maxLength);
      expect(Math.max(...lengths)).toBe(Math.min(maxLength, freqs.filter((f) => f > 0).length - 1));
      expectValidCode(freqs, lengths, codes, maxLength);
    }
  });

  it('builds valid codes for random frequency tables, one used symbol and none', async () => {
    const e = await loadTestkit(flavor);
    const rand = seededRandom(99);
    for (let trial = 0; trial < 200; trial++) {
      const symbols = 2 + Math.floor(rand() * 600);
      const maxLength = [7, 15, 16][trial % 3]!;
      const sparse = rand() < 0.5;
      const freqs = Array.from({ length: symbols }, () => (sparse && rand() < 0.7 ? 0 : Math.floor(rand() ** 6 * 100_000)));
      if (freqs.filter((f) => f > 0).length < 2) freqs[0] = freqs[1] = 1;
      if (2 ** maxLength < freqs.filter((f) => f > 0).length) continue;
      const { lengths, codes } = code(e, freqs, maxLength);
      expectValidCode(freqs, lengths, codes, maxLength);
    }
    const one = code(e, [0, 0, 5, 0], 15);
    expect(one.lengths).toEqual([1, 0, 1, 0]);
    expect(code(e, [0, 0, 0], 15).lengths).toEqual([0, 0, 0]);
  });
});
