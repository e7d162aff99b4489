/**
 * writeWim into memory, read back by our reader: plain and solid file data (several solid resources in ONE run,
 * blob offsets counting across them), metadata, XML, integrity table, boot index; the placeholder header carries
 * WRITE_IN_PROGRESS until the final header is written; a chunk that does not shrink makes the resource plain;
 * solid chunks that finish out of order are still written in order, and a failed one fails the write.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readBlobBytes } from '../../../../../src/formats/wim/blob-reader';
import type { BlobReadContext } from '../../../../../src/formats/wim/chunk-decoder';
import { WIM_HDR_FLAG_WRITE_IN_PROGRESS, parseWimHeader } from '../../../../../src/formats/wim/header';
import { readImage } from '../../../../../src/formats/wim/image';
import { readIntegrityTableHeader, verifyIntegrityTable } from '../../../../../src/formats/wim/integrity';
import { findBlob, openWimSet } from '../../../../../src/formats/wim/wim-set';
import type { BlobInput } from '../../../../../src/formats/wim/write/blob-input';
import type { BlobWriteContext } from '../../../../../src/formats/wim/write/chunk-encoder';
import { writeImageMetadata } from '../../../../../src/formats/wim/write/metadata';
import { writeWim, type WimContent } from '../../../../../src/formats/wim/write/wim-writer';
import { MemorySource } from '../../../../../src/io/memory-source';
import { MemoryWriter } from '../../../../../src/io/memory-writer';
import { NO_SECURITY_ID } from '../../../../../src/formats/wim/dentry';
import type { WimEntry } from '../../../../../src/formats/wim/metadata';

const sha1 = () => {
  const h = createHash('sha1');
  return { update: (d: Uint8Array) => h.update(d), hexDigest: () => h.digest('hex') };
};
const hex = (bytes: Uint8Array): string => createHash('sha1').update(bytes).digest('hex');

/** An encoder whose chunks never shrink: every chunk is stored raw (the writer's fallback paths). */
const rawEncoder: BlobWriteContext = {
  encoder: { concurrency: 3, parallelism: 2, batchBytes: 100_000, encodeBatch: async (b) => ({ bytes: b.input, sizes: [...b.lengths] }) },
  newSha1: sha1,
};
const readCtx: BlobReadContext = {
  decoder: { concurrency: 1, decode: async () => { throw new Error('raw chunks need no decoding'); } },
  newSha1: sha1,
};

function input(bytes: Uint8Array): BlobInput {
  return { size: bytes.length, async *read() { yield bytes.subarray(0, 7); yield bytes.subarray(7); } };
}

function fileEntry(name: string, hash: string): WimEntry {
  return { name, shortName: '', attributes: 0x80, securityId: NO_SECURITY_ID, creationTime: 1n, lastAccessTime: 2n, lastWriteTime: 3n, dataHash: hash, reparseHash: undefined, reparseTag: 0, reparseReserved: 0, rpNotFixed: false, namedStreams: [], hardLinkGroupId: 0n, taggedItems: [], children: undefined, offset: 0 };
}

function content(datas: Uint8Array[]): WimContent {
  const root = { ...fileEntry('', ''), attributes: 0x10, dataHash: undefined, children: datas.map((d, i) => fileEntry(`f${i}`, hex(d))) };
  const metadata = writeImageMetadata(root, []);
  return { images: [{ metadata: input(metadata), properties: { NAME: 'img' } }], blobs: datas.map((d) => ({ input: input(d), refCount: 1 })) };
}

const datas = [1000, 70_000, 5, 40_000].map((n, k) => Uint8Array.from({ length: n }, (_, i) => (i * (k + 3)) & 0xff));

describe('writeWim', () => {
  it.each([
    ['plain resources', { compression: 'LZX' as const, chunkSize: 32768 }],
    ['solid resources in one run', { compression: 'LZMS' as const, chunkSize: 131072, solid: { compression: 'LZMS' as const, chunkSize: 32768 }, solidResourceLimit: 60_000 }],
  ])('writes %s our reader opens, with metadata, XML, integrity and boot index', async (_label, options) => {
    const writer = new MemoryWriter('out.wim');
    const written = await writeWim(writer, content(datas), { ...options, integrity: true, bootIndex: 1 }, rawEncoder);
    const bytes = writer.bytes();
    expect(written.size).toBe(bytes.length);
    const set = await openWimSet([new MemorySource(bytes, 'out.wim')]);
    expect(set.main.header.flags & WIM_HDR_FLAG_WRITE_IN_PROGRESS).toBe(0);
    expect(set.main.header.bootIndex).toBe(1);
    expect(set.main.header.bootMetadata).toEqual(written.metadata[0]!.reshdr);
    expect(set.xml.images[0]!.name).toBe('img');
    expect(set.main.table.solidResources.length).toBe('solid' in options ? 3 : 0);
    for (const data of datas) {
      const home = findBlob(set, hex(data))!;
      expect(await readBlobBytes(set, home, readCtx)).toEqual(data);
    }
    const image = await readImage(set, 1, readCtx);
    expect(image.metadata.root.children!.map((c) => c.name)).toEqual(['f0', 'f1', 'f2', 'f3']);
    const integrity = await readIntegrityTableHeader(set.main.source, set.main.header);
    expect(integrity?.entryCount).toBe(1);
    expect(await verifyIntegrityTable(set.main.source, integrity!, sha1)).toEqual([]);
  });

  it('marks the file WRITE_IN_PROGRESS until the final header, and stops on cancel', async () => {
    const writer = new MemoryWriter();
    const controller = new AbortController();
    const error = await writeWim(writer, content(datas), { compression: 'none', chunkSize: 0 }, rawEncoder, controller.signal, (done) => {
      if (done > 1000) controller.abort();
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
    const header = parseWimHeader(writer.bytes().subarray(0, 208), writer.bytes().length);
    expect(header.flags & WIM_HDR_FLAG_WRITE_IN_PROGRESS).toBe(WIM_HDR_FLAG_WRITE_IN_PROGRESS);
    expect(header.warnings.join()).toMatch(/WRITE_IN_PROGRESS/);
  });

  it('writes solid chunks in order when a later chunk finishes first, and reports a failed chunk', async () => {
    // Big chunks (above batchBytes): one per worker, the next dispatched as soon as any finishes.
    const delays = [30, 0, 10, 0, 0, 5];
    let call = 0;
    const outOfOrder = (fail: number): BlobWriteContext => ({
      encoder: {
        concurrency: 4,
        parallelism: 2,
        batchBytes: 1000,
        encodeBatch: async (b) => {
          const k = call++;
          await new Promise((resolve) => setTimeout(resolve, delays[k % delays.length]));
          if (k === fail) throw new Error('chunk failed');
          return { bytes: b.input, sizes: [...b.lengths] };
        },
      },
      newSha1: sha1,
    });
    const options = { compression: 'LZMS' as const, chunkSize: 131072, solid: { compression: 'LZMS' as const, chunkSize: 16384 }, guid: new Uint8Array(16).fill(7) };
    const inOrder = new MemoryWriter();
    await writeWim(inOrder, content(datas), options, { ...rawEncoder, encoder: { ...rawEncoder.encoder, parallelism: 1, batchBytes: 1000 } });
    const shuffled = new MemoryWriter();
    await writeWim(shuffled, content(datas), options, outOfOrder(-1));
    expect(Buffer.from(shuffled.bytes()).equals(Buffer.from(inOrder.bytes()))).toBe(true);
    call = 0;
    await expect(writeWim(new MemoryWriter(), content(datas), options, outOfOrder(2))).rejects.toThrow('chunk failed');
  });

  it('stores a blob whose chunks do not shrink as a plain resource of its own size', async () => {
    const writer = new MemoryWriter();
    await writeWim(writer, content(datas), { compression: 'XPRESS', chunkSize: 32768 }, rawEncoder);
    const set = await openWimSet([new MemorySource(writer.bytes())]);
    for (const data of datas) expect(findBlob(set, hex(data))!.blob.location.kind).toBe('plain');
  });
});
