/**
 * The blob reader against WIMs wimlib-imagex makes during the run: every blob of every variant (none, XPRESS,
 * LZX, LZMS, solid LZMS, solid LZX with small chunks, pipable, split) streams back to bytes equal to the captured
 * files, image metadata loads by index and by name, and damage is reported by name.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodecRegistry } from '../../src/codecs/registry';
import { nodeWasmLoader } from '../../src/codecs/node-wasm-loader';
import { createBlobReadContext, inProcessDecoder } from '../../src/engine/chunk-decoding';
import { readBlob, readBlobAt } from '../../src/formats/wim/blob-reader';
import type { BlobReadContext } from '../../src/formats/wim/chunk-decoder';
import { readImage } from '../../src/formats/wim/image';
import { walkEntries } from '../../src/formats/wim/metadata';
import { closeWimSet, openWimSet, type WimSet } from '../../src/formats/wim/wim-set';
import { NodeFileSource } from '../../src/io/node-file-source';
import { ImagewrightError } from '../../src/shared/errors';
import { VARIANTS, makeFixtures, type FixtureVariant, type Fixtures } from './fixtures';

let fx: Fixtures;
let ctx: BlobReadContext;

async function open(...names: string[]): Promise<WimSet> {
  const sources = [];
  for (const name of names) sources.push(await NodeFileSource.open(join(fx.dir, name)));
  return openWimSet(sources);
}

function filesOf(variant: FixtureVariant): string[] {
  return variant === 'split' ? ['set.swm', 'set2.swm', 'set3.swm'] : [fx.wims[variant]];
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for await (const piece of stream) pieces.push(piece);
  return Buffer.concat(pieces);
}

beforeAll(async () => {
  fx = makeFixtures('iw-blobs-');
  ctx = await createBlobReadContext(inProcessDecoder(new CodecRegistry(nodeWasmLoader)), nodeWasmLoader);
}, 120_000);

afterAll(() => {
  if (fx) rmSync(fx.dir, { recursive: true, force: true });
});

describe('reading blobs of wimlib-made WIMs', () => {
  it.each(VARIANTS)('streams every blob of %s back to its SHA-1', async (variant) => {
    const set = await open(...filesOf(variant));
    try {
      expect(set.blobs.size).toBeGreaterThan(20);
      for (const home of set.blobs.values()) {
        const bytes = await collect(readBlobAt(set, home, ctx));
        expect(bytes.length).toBe(home.blob.size);
        expect(createHash('sha1').update(bytes).digest('hex')).toBe(home.blob.hash);
      }
    } finally {
      await closeWimSet(set);
    }
  });

  it.each(VARIANTS)('gives back the content of every captured file of %s', async (variant) => {
    const set = await open(...filesOf(variant));
    try {
      const image = await readImage(set, 1, ctx);
      let files = 0;
      for (const { entry, path } of walkEntries(image.metadata.root)) {
        if (entry.children || entry.reparseTag) continue;
        const onDisk = readFileSync(join(fx.tree, ...path.split('\\').filter(Boolean)));
        const bytes = entry.dataHash ? await collect(readBlob(set, entry.dataHash, ctx)) : Buffer.alloc(0);
        expect(bytes.equals(onDisk), path).toBe(true);
        files++;
      }
      expect(files).toBeGreaterThan(25);
    } finally {
      await closeWimSet(set);
    }
  });
});

describe('images', () => {
  it('selects an image by index or by name and refuses others with IMAGE_NOT_FOUND', async () => {
    const set = await open('lzx.wim');
    try {
      expect((await readImage(set, 'Tricky', ctx)).index).toBe(1);
      expect((await readImage(set, '1', ctx)).metadata.root.children!.length).toBeGreaterThan(5);
      for (const bad of ['2', '0', 'Nope']) {
        await expect(readImage(set, bad, ctx)).rejects.toMatchObject({ codeName: 'IMAGE_NOT_FOUND' });
      }
    } finally {
      await closeWimSet(set);
    }
  });

  it('refuses an incomplete split set and names the missing part', async () => {
    await expect(open('set.swm', 'set3.swm')).rejects.toMatchObject({ codeName: 'SPLIT_PART_MISSING', params: { part: 2 } });
  });
});

describe('damage', () => {
  it('reports a blob that no file of the set holds as BLOB_MISSING with its hash', async () => {
    const set = await open('xpress.wim');
    try {
      const hash = 'ab'.repeat(20);
      const error = await collect(readBlob(set, hash, ctx)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImagewrightError);
      expect(error).toMatchObject({ codeName: 'BLOB_MISSING' });
      expect((error as ImagewrightError).detail).toContain(hash);
    } finally {
      await closeWimSet(set);
    }
  });

  it.each(['none', 'lzx', 'solid'] as const)('names the blob whose stored bytes were changed in %s', async (variant) => {
    const damaged = `damaged-${variant}.wim`;
    copyFileSync(join(fx.dir, fx.wims[variant]), join(fx.dir, damaged));
    const set0 = await open(damaged);
    // The biggest blob: flip a byte in the middle of its stored bytes.
    const target = [...set0.blobs.values()].sort((a, b) => b.blob.size - a.blob.size)[0]!;
    let at: number;
    if (target.blob.location.kind === 'solid') {
      const r = set0.main.table.solidResources[target.blob.location.resource]!;
      at = r.offset + Math.floor(r.sizeInWim / 2);
    } else {
      const stored = target.blob.location.kind === 'compressed' ? target.blob.location.sizeInWim : target.blob.size;
      at = target.blob.location.offset + Math.floor(stored / 2);
    }
    await closeWimSet(set0);
    const bytes = readFileSync(join(fx.dir, damaged));
    bytes[at] = bytes[at]! ^ 0x10;
    writeFileSync(join(fx.dir, damaged), bytes);
    const set = await open(damaged);
    try {
      // In a solid resource the flipped byte may belong to a neighbour of the target: read every blob.
      const failures: [string, ImagewrightError][] = [];
      for (const home of set.blobs.values()) {
        const error = await collect(readBlob(set, home.blob.hash, ctx)).then(
          () => undefined,
          (e: unknown) => e,
        );
        if (error === undefined) continue;
        expect(error).toBeInstanceOf(ImagewrightError);
        failures.push([home.blob.hash, error as ImagewrightError]);
      }
      expect(failures.length).toBeGreaterThan(0);
      if (variant !== 'solid') expect(failures.map(([hash]) => hash)).toEqual([target.blob.hash]);
      for (const [hash, e] of failures) {
        expect(['HASH_MISMATCH', 'CODEC_CORRUPT_DATA']).toContain(e.codeName);
        expect(`${e.detail}`).toContain(hash);
        expect(e.path).toBe(damaged);
      }
    } finally {
      await closeWimSet(set);
    }
  });
});
