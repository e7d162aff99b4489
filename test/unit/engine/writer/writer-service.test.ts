/**
 * The browser writer's jobs over in-memory File System Access handles, checked by wimlib-imagex: a captured
 * folder verifies and applies to the same bytes, an export to a solid ESD verifies, split parts apply with
 * --ref; the catalog gets 'exported' / 'split' events; a cancelled job leaves the destination as it was.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeWasmLoader } from '../../../../src/codecs/node-wasm-loader';
import { CodecRegistry } from '../../../../src/codecs/registry';
import type { HistoryEvent } from '../../../../src/catalog/schema';
import { toSources } from '../../../../src/engine/api';
import { createBlobReadContext, inProcessDecoder } from '../../../../src/engine/chunk-decoding';
import { createBlobWriteContext, inProcessEncoder } from '../../../../src/engine/chunk-encoding';
import { createWriterApi } from '../../../../src/engine/writer/writer-service';
import { ErrorCode } from '../../../../src/shared/errors';
import { MemDirHandle, MemFileHandle } from '../../io/fs-access-fakes';

let dir: string;
const events: { id: string; event: Omit<HistoryEvent, 'seq' | 'imageId'> }[] = [];
const registry = new CodecRegistry(nodeWasmLoader);
const writer = createWriterApi({
  readContext: () => createBlobReadContext(inProcessDecoder(registry), nodeWasmLoader),
  writeContext: () => createBlobWriteContext(inProcessEncoder(registry), nodeWasmLoader),
  toSources,
  catalog: {
    async catalogAppendEvent(id, event) {
      events.push({ id, event });
      return { ...event, imageId: id };
    },
  },
});

/** Pseudo-random bytes (compressible enough to exercise the codecs, not so much that they vanish). */
function data(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = i % 3 === 0 ? 65 + (i % 23) : x >>> 24;
  }
  return out;
}

const TREE: Record<string, Uint8Array> = {
  'Été/naïve résumé.txt': new TextEncoder().encode('déjà vu — 日本語\n'),
  'Windows/System32/big.bin': data(200_000, 1),
  'Windows/System32/copy.bin': data(200_000, 1),
  'data/other.bin': data(150_000, 2),
  'data/more/one.bin': data(120_000, 3),
  'data/more/two.bin': data(130_000, 4),
  'empty.txt': new Uint8Array(0),
};

function wimlib(...args: string[]): string {
  return execFileSync('wimlib-imagex', args, { cwd: dir, encoding: 'utf8' });
}

function expectTree(applied: string): void {
  for (const [path, bytes] of Object.entries(TREE)) expect(Buffer.compare(readFileSync(join(dir, applied, path)), Buffer.from(bytes)), path).toBe(0);
}

const fileOf = (name: string, handle: MemFileHandle) => ({ name, blob: new Blob([handle.bytes.slice()]) });

let captured: MemFileHandle;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iw-writer-'));
  const root = new MemDirHandle('Tree');
  for (const [path, bytes] of Object.entries(TREE)) root.put(path, bytes);
  captured = new MemFileHandle('tree.wim');
  const result = await writer.captureFolder(root as never, captured as never, { name: 'Arbre', description: 'capturé', compression: 'XPRESS', solid: false });
  expect(result).toMatchObject({ files: ['tree.wim'], images: 1, bytes: captured.bytes.length });
  writeFileSync(join(dir, 'tree.wim'), captured.bytes);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('writer jobs over File System Access handles', () => {
  it('captures a folder into a WIM that wimlib verifies and applies byte-identical', () => {
    wimlib('verify', 'tree.wim');
    expect(wimlib('info', 'tree.wim', '1')).toMatch(/Name:\s+Arbre[\s\S]*Description:\s+capturé/);
    wimlib('apply', 'tree.wim', '1', 'applied');
    expectTree('applied');
  });

  it('exports to a solid LZMS ESD that wimlib verifies, and records the export on the catalog entry', async () => {
    const out = new MemFileHandle('tree.esd');
    const progress: number[] = [];
    await writer.exportImage([fileOf('tree.wim', captured)], 1, out as never, { compression: 'LZMS', solid: true, catalogId: 'entry-1' }, (p) => progress.push(p.done));
    writeFileSync(join(dir, 'tree.esd'), out.bytes);
    wimlib('verify', 'tree.esd');
    expect(wimlib('info', 'tree.esd')).toMatch(/Compression:\s+LZMS/);
    wimlib('apply', 'tree.esd', '1', 'applied-esd');
    expectTree('applied-esd');
    expect(progress.length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ id: 'entry-1', event: { kind: 'exported', result: 'ok', target: 'tree.esd' } });
  }, 60_000);

  it('splits into parts no larger than asked that wimlib applies with --ref, and records the split', async () => {
    const folder = new MemDirHandle('USB');
    // Larger than any one file's resource, so no part has to exceed it (wimlib's rule too).
    const partSize = 300_000;
    const result = await writer.splitImage([fileOf('tree.wim', captured)], folder as never, 'tree.swm', partSize, { catalogId: 'entry-1' });
    expect(result.files.length).toBeGreaterThan(1);
    expect(result.oversized).toBe(0);
    expect(result.files.slice(0, 2)).toEqual(['tree.swm', 'tree2.swm']);
    for (const name of result.files) {
      const part = (await folder.getFileHandle(name)).bytes;
      expect(part.length).toBeLessThanOrEqual(partSize);
      writeFileSync(join(dir, name), part);
    }
    wimlib('apply', 'tree.swm', '1', 'applied-swm', '--ref=tree*.swm');
    expectTree('applied-swm');
    expect(events.at(-1)).toMatchObject({ id: 'entry-1', event: { kind: 'split', result: 'ok', target: 'tree.swm', figures: { files: result.files.length } } });
  }, 60_000);

  it('leaves the destination untouched when the job is cancelled, and records the cancel', async () => {
    const out = new MemFileHandle('kept.wim', new Uint8Array([1, 2, 3]));
    const job = writer.exportImage([fileOf('tree.wim', captured)], 0, out as never, { compression: 'LZX', solid: false, jobId: 'j1', catalogId: 'entry-2' }, () => void writer.cancelJob('j1'));
    await expect(job).rejects.toMatchObject({ name: 'AbortError' });
    expect(out.bytes).toEqual(new Uint8Array([1, 2, 3]));
    expect(out.writables).toBe(0);
    expect(events.at(-1)).toMatchObject({ id: 'entry-2', event: { kind: 'exported', result: 'cancelled' } });
  }, 60_000);

  it('refuses solid without a codec and a chunk size the codec cannot use', async () => {
    const root = new MemDirHandle();
    root.put('a.txt', 'a');
    await expect(writer.captureFolder(root as never, new MemFileHandle('x.wim') as never, { name: 'x', compression: 'none', solid: true })).rejects.toMatchObject({ code: ErrorCode.BAD_WRITE_OPTIONS });
    await expect(writer.captureFolder(root as never, new MemFileHandle('x.wim') as never, { name: 'x', compression: 'XPRESS', solid: false, chunkSize: 3000 })).rejects.toMatchObject({ code: ErrorCode.BAD_CHUNK_SIZE });
  });
});
