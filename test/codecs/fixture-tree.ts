/**
 * The source tree the XPRESS and LZX suites capture with wimlib-imagex: one file per kind of data a decoder must
 * get right — English-like text (long Huffman codes, many matches), random bytes (stored chunks, literal runs),
 * runs and short-period repeats (overlapping matches, long-length escapes), x86-like data full of E8 call
 * operands (LZX E8 translation, including negative and out-of-range targets), real binaries from the system, a
 * file of chunk size + 1 bytes (a 1-byte last chunk), tiny and empty files. Deterministic (fixed-seed PRNG).
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: small fixed-seed PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(rand: () => number, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => Math.floor(rand() * 256));
}

/** Call-heavy pseudo machine code: E8 + 32-bit operand, small or far, positive or negative, between filler. */
function e8Heavy(rand: () => number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  let at = 0;
  while (at + 5 <= length) {
    out[at] = 0xe8;
    const kind = rand();
    const target = kind < 0.6 ? Math.floor(rand() * 200_000) - 100_000 : kind < 0.8 ? Math.floor(rand() * 24_000_000) - 12_000_000 : Math.floor(rand() * 2 ** 32) - 2 ** 31;
    view.setInt32(at + 1, target, true);
    at += 5;
    const filler = Math.floor(rand() * 9);
    for (let i = 0; i < filler && at < length; i++) out[at++] = rand() < 0.2 ? 0xe8 : 0x48 + Math.floor(rand() * 8);
  }
  return out;
}

const SYSTEM_BINARIES = ['/usr/bin/bash', '/usr/bin/wimlib-imagex', '/usr/lib/x86_64-linux-gnu/libc.so.6'];

export function writeCodecTree(root: string, seed = 20250101): void {
  const rand = seededRandom(seed);
  const words = ['windows', 'image', 'chunk', 'offset', 'huffman', 'the', 'of', 'a', 'resource', 'blob', 'table', 'E8'];
  const text: string[] = [];
  for (let i = 0; i < 90_000; i++) text.push(words[Math.floor(rand() * words.length)] ?? '');
  writeFileSync(join(root, 'text.txt'), text.join(rand() < 0.5 ? ' ' : '\n'));
  writeFileSync(join(root, 'random.bin'), randomBytes(rand, 150_000));
  writeFileSync(join(root, 'zeros.bin'), new Uint8Array(300_000));
  writeFileSync(join(root, 'period3.bin'), Buffer.from('abcabcabd'.repeat(25_000)));
  writeFileSync(join(root, 'e8.bin'), e8Heavy(rand, 400_000));
  writeFileSync(join(root, 'chunk-plus-one.bin'), Buffer.from('0123456789abcdef'.repeat(2048) + '!'));
  // Random bytes with repeats at growing distances: every offset slot, up to beyond 1 MiB.
  const far = randomBytes(rand, 2_300_000);
  for (let distance = 4; distance < 2_200_000; distance *= 2) {
    const from = Math.floor(rand() * (far.length - distance - 3000));
    far.copyWithin(from + distance, from, from + 3000);
  }
  writeFileSync(join(root, 'far-repeats.bin'), far);
  writeFileSync(join(root, 'tiny.txt'), 'x');
  writeFileSync(join(root, 'empty'), '');
  mkdirSync(join(root, 'bin'));
  for (const path of SYSTEM_BINARIES) if (existsSync(path)) copyFileSync(path, join(root, 'bin', path.replace(/\//g, '_')));
}
