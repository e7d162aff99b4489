/**
 * Fuzz targets over real wimlib-imagex output (fixed seeds; fuzz-harness.ts scales them for `npm run fuzz`):
 * - the XPRESS, LZX and LZMS decoders: bit-flipped, truncated and random chunks;
 * - the blob reader: resources and chunk tables mutated in place, in plain, compressed, solid and pipable files
 *   (every blob read back; a blob that reads must still hash to its SHA-1);
 * - the image metadata parser (security data, dentries, streams, tree): mutated and truncated metadata resources;
 * - the split-set opener: parts missing, repeated, reordered, foreign, truncated or with damaged headers.
 * Every outcome is a valid result or an ImagewrightError with a known code (the header / blob table / XML
 * readers have their own target in test/unit/formats/wim/fuzz.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeWasmLoader } from '../../src/codecs/node-wasm-loader';
import { CodecRegistry } from '../../src/codecs/registry';
import { createBlobReadContext, inProcessDecoder } from '../../src/engine/chunk-decoding';
import { readBlob, readBlobBytes } from '../../src/formats/wim/blob-reader';
import type { BlobReadContext } from '../../src/formats/wim/chunk-decoder';
import { readWimHeader } from '../../src/formats/wim/header';
import { readImage } from '../../src/formats/wim/image';
import { readImageMetadata, walkEntries } from '../../src/formats/wim/metadata';
import { closeWimSet, openWimSet, type WimSet } from '../../src/formats/wim/wim-set';
import { MemorySource } from '../../src/io/memory-source';
import { seededRandom } from './fixture-tree';
import { errorCount, fuzzCases, fuzzOne, logTally, mutator, newTally, type FuzzTally } from './fuzz-harness';
import { decodeHostile } from './hostile-outcome';
import { collectWimChunks, type CompressedChunk } from './wim-chunks';

let dir: string;
let ctx: BlobReadContext;
const files = new Map<string, Uint8Array>();
const chunksByCodec = new Map<string, CompressedChunk[]>();

function words(length: number, seed: number): string {
  const rand = seededRandom(seed);
  const vocabulary = ['image', 'blob', 'chunk', 'window', 'offset', 'the', 'a', 'resource', 'Windows', 'dentry'];
  let out = '';
  while (out.length < length) out += vocabulary[Math.floor(rand() * vocabulary.length)] + (rand() < 0.1 ? '\n' : ' ');
  return out.slice(0, length);
}

function makeTree(root: string): void {
  const rand = seededRandom(99);
  mkdirSync(join(root, 'a', 'b', 'c'), { recursive: true });
  mkdirSync(join(root, 'Ünïcødé'));
  writeFileSync(join(root, 'text.txt'), words(120_000, 1));
  writeFileSync(join(root, 'a', 'noise.bin'), Uint8Array.from({ length: 40_000 }, () => Math.floor(rand() * 256)));
  writeFileSync(join(root, 'a', 'b', 'zeros'), new Uint8Array(70_000));
  writeFileSync(join(root, 'a', 'b', 'c', 'small.txt'), 'small\n');
  writeFileSync(join(root, 'Ünïcødé', 'mixed.bin'), Buffer.concat([Buffer.from(words(30_000, 2)), Buffer.alloc(5000, 7)]));
  writeFileSync(join(root, 'empty'), '');
  linkSync(join(root, 'text.txt'), join(root, 'a', 'hard.txt'));
  symlinkSync('text.txt', join(root, 'link'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iw-fuzz-codecs-'));
  makeTree(join(dir, 'tree'));
  const capture = (name: string, ...args: string[]): void => {
    execFileSync('wimlib-imagex', ['capture', 'tree', name, 'Fuzz', '--threads=1', ...args], { cwd: dir, stdio: 'ignore' });
    files.set(name, new Uint8Array(readFileSync(join(dir, name))));
  };
  capture('xpress.wim', '--compress=xpress', '--chunk-size=4096');
  capture('lzx.wim', '--compress=lzx');
  capture('lzms.wim', '--compress=lzms');
  capture('solid.esd', '--solid');
  capture('pipable.wim', '--pipable', '--compress=xpress');
  capture('none.wim', '--compress=none');
  capture('none-other.wim', '--compress=none');
  // Uncompressed, so that 60 kB parts make a set of several parts; the other capture has another GUID.
  execFileSync('wimlib-imagex', ['split', 'none.wim', 'set.swm', '0.06'], { cwd: dir, stdio: 'ignore' });
  execFileSync('wimlib-imagex', ['split', 'none-other.wim', 'other.swm', '0.06'], { cwd: dir, stdio: 'ignore' });
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.swm'))) files.set(name, new Uint8Array(readFileSync(join(dir, name))));
  for (const [name, codec] of [['xpress.wim', 'XPRESS'], ['lzx.wim', 'LZX'], ['lzms.wim', 'LZMS']] as const) {
    chunksByCodec.set(codec, (await collectWimChunks(join(dir, name))).chunks.filter((c) => !c.stored));
  }
  ctx = await createBlobReadContext(inProcessDecoder(new CodecRegistry(nodeWasmLoader)), nodeWasmLoader);
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function report(tally: FuzzTally, target = (expect.getState().currentTestName ?? 'target').replace(/^fuzz: /, '')): void {
  logTally(target, tally);
  // Both kinds of outcome must occur, or the target is not reaching the code it claims to fuzz.
  expect(tally.ok, JSON.stringify([...tally.errors])).toBeGreaterThan(0);
  expect(errorCount(tally)).toBeGreaterThan(0);
}

describe('fuzz: chunk decoders on mutated wimlib chunks', () => {
  const registry = new CodecRegistry(nodeWasmLoader, 'release');
  it.each(['XPRESS', 'LZX', 'LZMS'])('%s: bit flips, truncations and random bytes end in output of the asked size or CODEC_CORRUPT_DATA', async (codec) => {
    const decoder = await registry.decompressor(codec);
    const chunks = chunksByCodec.get(codec)!;
    expect(chunks.length).toBeGreaterThan(3);
    const m = mutator(codec.length * 7919);
    const outcomes = { output: 0, error: 0 };
    for await (const i of fuzzCases(120)) {
      const chunk = m.pick(chunks);
      let input: Uint8Array;
      const kind = i % 3;
      if (kind === 0) input = m.mutate(chunk.input);
      else if (kind === 1) input = chunk.input.subarray(0, m.int(chunk.input.length));
      else input = Uint8Array.from({ length: 1 + m.int(chunk.input.length) }, () => m.int(256));
      const size = kind === 2 && m.random() < 0.5 ? 1 + m.int(chunk.outputSize) : chunk.outputSize;
      outcomes[decodeHostile(decoder, input, size, chunk.chunkSize)]++;
    }
    // Truncation always loses needed bits, so some cases must be refused; output is allowed, not required.
    expect(outcomes.error).toBeGreaterThan(0);
    logTally(codec, { ok: outcomes.output, errors: new Map([['CODEC_CORRUPT_DATA', outcomes.error]]) });
  });
});

/** Reads image 1 and every blob of `set`; a blob that reads must hash to its name. Each read is its own outcome. */
async function readEverything(set: WimSet, tally: FuzzTally, label: string): Promise<void> {
  await fuzzOne(tally, `${label} image`, async () => {
    const image = await readImage(set, 1, ctx);
    for (const entry of walkEntries(image.metadata.root)) void entry.path;
  });
  for (const hash of set.blobs.keys()) {
    await fuzzOne(tally, `${label} blob ${hash}`, async () => {
      const sha1 = createHash('sha1');
      for await (const piece of readBlob(set, hash, ctx)) sha1.update(piece);
      expect(sha1.digest('hex'), `${label}: blob read without error but with other content`).toBe(hash);
    });
  }
}

async function openMemory(named: [string, Uint8Array][]): Promise<WimSet> {
  return openWimSet(named.map(([name, bytes]) => new MemorySource(bytes, name)));
}

describe('fuzz: blob reader on mutated resources and chunk tables', () => {
  it.each(['none.wim', 'xpress.wim', 'lzx.wim', 'lzms.wim', 'solid.esd', 'pipable.wim'])('%s', async (name) => {
    const clean = files.get(name)!;
    const header = await readWimHeader(new MemorySource(clean, name));
    // Resource data lies between the header and the blob table (pipable: from the stream header to the table).
    const start = name === 'pipable.wim' ? 0 : 208;
    const end = header.blobTable.offset;
    expect(end).toBeGreaterThan(start);
    const m = mutator(name.length * 31 + clean.length);
    const tally = newTally();
    for await (const i of fuzzCases(12)) {
      const bytes = m.mutate(clean, start, end);
      let set: WimSet;
      try {
        set = await openMemory([[name, bytes]]);
      } catch (error) {
        await fuzzOne(tally, `${name} case ${i} open`, () => Promise.reject(error));
        continue;
      }
      try {
        await readEverything(set, tally, `${name} case ${i}`);
      } finally {
        await closeWimSet(set);
      }
    }
    report(tally);
  });
});

describe('fuzz: image metadata parser on mutated metadata resources', () => {
  it.each(['lzx.wim', 'solid.esd'])('metadata of %s', async (name) => {
    const set = await openMemory([[name, files.get(name)!]]);
    let clean: Uint8Array;
    try {
      clean = await readBlobBytes(set, { part: set.main, blob: set.main.table.metadata[0]! }, ctx);
    } finally {
      await closeWimSet(set);
    }
    const securityLength = new DataView(clean.buffer, clean.byteOffset).getUint32(0, true);
    const m = mutator(clean.length);
    const tally = newTally();
    for await (const i of fuzzCases(400)) {
      const kind = i % 4;
      // Security data, dentries, anywhere, or a cut: each part of the resource gets its share.
      const bytes =
        kind === 0 ? m.mutate(clean, 0, securityLength) : kind === 1 ? m.mutate(clean, securityLength) : kind === 2 ? m.mutate(clean) : clean.slice(0, m.int(clean.length));
      await fuzzOne(tally, `${name} metadata case ${i}`, () => {
        const metadata = readImageMetadata(bytes);
        let count = 0;
        for (const entry of walkEntries(metadata.root)) count += entry.path.length > 0 ? 1 : 0;
        return count;
      });
    }
    report(tally);
  });
});

describe('fuzz: split-set opener', () => {
  it('missing, repeated, reordered, foreign, truncated and damaged parts', async () => {
    const ours = [...files.keys()].filter((f) => /^set\d*\.swm$/.test(f)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const foreign = [...files.keys()].filter((f) => /^other\d*\.swm$/.test(f));
    expect(ours.length).toBeGreaterThanOrEqual(3);
    expect(foreign.length).toBeGreaterThanOrEqual(2);
    const m = mutator(0x5e7);
    const tally = newTally();
    for await (const i of fuzzCases(30)) {
      let parts: [string, Uint8Array][] = ours.map((name) => [name, files.get(name)!]);
      const edits = 1 + m.int(3);
      for (let e = 0; e < edits; e++) {
        const at = m.int(parts.length);
        const kind = m.int(6);
        if (kind === 0 && parts.length > 1) parts.splice(at, 1);
        else if (kind === 1) parts.push(parts[at]!);
        else if (kind === 2) parts = parts.sort(() => m.random() - 0.5);
        else if (kind === 3) parts[at] = [`foreign-${at}`, files.get(m.pick(foreign))!];
        else if (kind === 4) parts[at] = [parts[at]![0], parts[at]![1].slice(0, m.int(parts[at]![1].length))];
        else parts[at] = [parts[at]![0], m.mutate(parts[at]![1], 0, 208)];
      }
      let set: WimSet;
      try {
        set = await openMemory(parts);
      } catch (error) {
        await fuzzOne(tally, `split case ${i} open`, () => Promise.reject(error));
        continue;
      }
      try {
        await readEverything(set, tally, `split case ${i}`);
      } finally {
        await closeWimSet(set);
      }
    }
    report(tally);
  });
});
