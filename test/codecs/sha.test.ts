/**
 * Streaming SHA-1 and SHA-256 (wasm/sha1 via src/codecs/sha.ts), debug and release builds: the FIPS 180
 * example vectors (NIST CAVS short messages included), node:crypto on random data fed in awkward and random slice
 * sizes, updates that start inside a buffered partial block, interleaved streams, and misuse.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeWasmLoader } from '../../src/codecs/node-wasm-loader';
import { HASH_SLICE, loadHashModule, Sha1, Sha256, toHex, type HashModule } from '../../src/codecs/sha';
import type { WasmFlavor } from '../../src/codecs/wasm-module';
import { ErrorCode } from '../../src/shared/errors';
import { seededRandom } from './fixture-tree';

const FLAVORS: WasmFlavor[] = ['debug', 'release'];

// FIPS 180-2 appendix examples (also in RFC 3174 / RFC 6234).
const MILLION_A = new Uint8Array(1_000_000).fill(0x61);
const KNOWN: { name: string; data: Uint8Array; sha1: string; sha256: string }[] = [
  { name: 'empty', data: new Uint8Array(0), sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
  { name: '"abc"', data: new TextEncoder().encode('abc'), sha1: 'a9993e364706816aba3e25717850c26c9cd0d89d', sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
  {
    name: 'the 448-bit message',
    data: new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
    sha1: '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    sha256: '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  },
  {
    name: 'the 896-bit message',
    data: new TextEncoder().encode(
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
    ),
    sha1: 'a49b2446a02c645bf419f995b67091253a04a259',
    sha256: 'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
  },
  { name: 'one million "a"', data: MILLION_A, sha1: '34aa973cd4c4daa4f61eeb2bdbad27316534016f', sha256: 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0' },
];

function randomData(rand: () => number, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => Math.floor(rand() * 256));
}

function nodeHash(algorithm: 'sha1' | 'sha256', data: Uint8Array): string {
  return createHash(algorithm).update(data).digest('hex');
}

/** Feeds `data` in slices whose sizes cycle through `sizes`. */
function feed<T extends Sha1 | Sha256>(hash: T, data: Uint8Array, sizes: number[]): T {
  for (let at = 0, i = 0; at < data.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    hash.update(data.subarray(at, at + size));
    at += size;
  }
  return hash;
}

describe.each(FLAVORS)('SHA-1 and SHA-256 (%s build)', (flavor) => {
  let module: HashModule;
  beforeAll(async () => {
    module = await loadHashModule(nodeWasmLoader, flavor);
  });

  it.each(KNOWN)('gives the FIPS 180 digests of $name', ({ data, sha1, sha256 }) => {
    expect(new Sha1(module).update(data).hexDigest()).toBe(sha1);
    expect(new Sha256(module).update(data).hexDigest()).toBe(sha256);
  });

  it('gives the one-million-"a" digests when fed 1000 bytes at a time', () => {
    expect(feed(new Sha1(module), MILLION_A, [1000]).hexDigest()).toBe('34aa973cd4c4daa4f61eeb2bdbad27316534016f');
    expect(feed(new Sha256(module), MILLION_A, [1000]).hexDigest()).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });

  it('equals node:crypto on random lengths up to 10,000 bytes split at random points', () => {
    const rand = seededRandom(4);
    for (let round = 0; round < 200; round++) {
      const data = randomData(rand, Math.floor(rand() * 10_001));
      const cuts = Array.from({ length: Math.floor(rand() * 6) }, () => Math.floor(rand() * (data.length + 1)));
      cuts.sort((x, y) => x - y);
      const sha1 = new Sha1(module);
      const sha256 = new Sha256(module);
      let from = 0;
      for (const to of [...cuts, data.length]) {
        sha1.update(data.subarray(from, to));
        sha256.update(data.subarray(from, to));
        from = to;
      }
      const what = `length ${data.length}, cuts ${cuts.join(',')}`;
      expect(sha1.hexDigest(), what).toBe(nodeHash('sha1', data));
      expect(sha256.hexDigest(), what).toBe(nodeHash('sha256', data));
    }
  });

  it('hashes an update that starts inside a buffered partial block and spans many blocks', () => {
    const rand = seededRandom(5);
    const data = randomData(rand, 2 * HASH_SLICE + 300);
    for (const head of [1, 31, 63, 64, 65, 127]) {
      for (const tail of [0, 1, 63, 64]) {
        const end = data.length - tail;
        const part = data.subarray(0, end);
        const sha1 = new Sha1(module).update(part.subarray(0, head)).update(part.subarray(head));
        const sha256 = new Sha256(module).update(part.subarray(0, head)).update(part.subarray(head));
        expect(sha1.hexDigest(), `head ${head}, tail ${tail}`).toBe(nodeHash('sha1', part));
        expect(sha256.hexDigest(), `head ${head}, tail ${tail}`).toBe(nodeHash('sha256', part));
      }
    }
  });

  it('equals node:crypto on random data around every padding boundary', () => {
    const rand = seededRandom(1);
    for (const length of [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000]) {
      const data = randomData(rand, length);
      expect(new Sha1(module).update(data).hexDigest(), `length ${length}`).toBe(nodeHash('sha1', data));
      expect(new Sha256(module).update(data).hexDigest(), `length ${length}`).toBe(nodeHash('sha256', data));
    }
  });

  it('gives the same digest whatever slice sizes the data arrives in', () => {
    const rand = seededRandom(2);
    const data = randomData(rand, 3 * HASH_SLICE + 12_345);
    const expected1 = nodeHash('sha1', data);
    const expected256 = nodeHash('sha256', data);
    for (const sizes of [[1, 2, 3, 5, 7, 11, 13, 4093], [63, 65, 64, 127], [HASH_SLICE + 1, 17], [data.length]]) {
      expect(feed(new Sha1(module), data, sizes).hexDigest(), sizes.join(',')).toBe(expected1);
      expect(feed(new Sha256(module), data, sizes).hexDigest(), sizes.join(',')).toBe(expected256);
    }
  });

  it('keeps interleaved streams on one module apart', () => {
    const rand = seededRandom(3);
    const inputs = [randomData(rand, 70_000), randomData(rand, 5_000), randomData(rand, 131)];
    const hashes = inputs.map(() => ({ sha1: new Sha1(module), sha256: new Sha256(module) }));
    for (let at = 0; at < 70_000; at += 97) {
      inputs.forEach((data, i) => {
        hashes[i]?.sha1.update(data.subarray(at, at + 97));
        hashes[i]?.sha256.update(data.subarray(at, at + 97));
      });
    }
    inputs.forEach((data, i) => {
      expect(hashes[i]?.sha1.hexDigest()).toBe(nodeHash('sha1', data));
      expect(hashes[i]?.sha256.hexDigest()).toBe(nodeHash('sha256', data));
    });
  });

  it('returns digests as bytes of the right length whose hex is toHex', () => {
    const digest = new Sha1(module).update(MILLION_A.subarray(0, 10)).digest();
    expect(digest.length).toBe(20);
    expect(toHex(digest)).toBe(nodeHash('sha1', MILLION_A.subarray(0, 10)));
    expect(new Sha256(module).digest().length).toBe(32);
  });

  it('refuses to update a finished hash', () => {
    const hash = new Sha1(module);
    hash.digest();
    const misuse = expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT });
    expect(() => hash.update(new Uint8Array(1))).toThrow(misuse);
    expect(() => hash.digest()).toThrow(misuse);
  });
});
