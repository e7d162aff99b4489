/**
 * readBlobRange: bytes [offset, offset + length) of one blob without decoding what comes before them — the hex
 * view pages through any file, and the PE reader seeks to a version resource near the end of a 50 MB DLL.
 * Source: docs/wim-format.md §3–§5 (the same layouts blob-reader.ts streams): chunks are compressed
 * independently, so only the chunks covering the range are read and decoded:
 *   plain       file bytes at location.offset + offset
 *   compressed  chunk table (resource.ts; pipable: readPipableChunkTable), chunks ⌊offset / chunkSize⌋ …
 *   solid       the solid chunk table (solid.ts), same, from offsetInResource + offset
 * A range is not checked against the blob's SHA-1 (that needs every byte); full reads go through readBlobAt.
 * The length is bounded by the caller (the Explorer asks for ≤ 1 MiB), so the result is one allocation.
 */
import { ErrorCode, ImagewrightError, throwIfAborted } from '../../shared/errors';
import type { BlobReadContext } from './chunk-decoder';
import { PWM_MAGIC } from './header';
import { chunkAt, readChunkTable, readPipableChunkTable, type ChunkLayout } from './resource';
import { readSolidChunkTable } from './solid';
import type { BlobHome, WimSet } from './wim-set';

async function layoutOf(set: WimSet, home: BlobHome, signal?: AbortSignal): Promise<{ layout: ChunkLayout; base: number } | undefined> {
  const { blob, part } = home;
  const location = blob.location;
  if (location.kind === 'compressed') {
    const reshdr = { offset: location.offset, sizeInWim: location.sizeInWim, uncompressedSize: blob.size, flags: blob.flags };
    const read = part.header.magic === PWM_MAGIC ? readPipableChunkTable : readChunkTable;
    return { layout: await read(part.source, reshdr, part.header.compression, part.header.chunkSize, signal), base: 0 };
  }
  if (location.kind === 'solid') {
    // Same cache key as the blob reader, so a layout read by either is shared.
    const key = `${part.fileIndex}/${location.resource}`;
    let layout = set.cache.solidLayouts.get(key);
    if (!layout) {
      const r = part.table.solidResources[location.resource]!;
      layout = readSolidChunkTable(part.source, { offset: r.offset, sizeInWim: r.sizeInWim, uncompressedSize: r.uncompressedSize, flags: blob.flags }, signal);
      set.cache.solidLayouts.set(key, layout);
      layout.catch(() => set.cache.solidLayouts.delete(key));
    }
    return { layout: await layout, base: location.offsetInResource };
  }
  return undefined;
}

/** Bytes [offset, offset + length) of the blob at `home`, clipped to its size. */
export async function readBlobRange(
  set: WimSet,
  home: BlobHome,
  ctx: BlobReadContext,
  offset: number,
  length: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const { blob, part } = home;
  const start = Math.min(Math.max(0, offset), blob.size);
  const end = Math.min(blob.size, start + Math.max(0, length));
  if (end <= start) return new Uint8Array(0);
  if (blob.location.kind === 'plain') return part.source.read(blob.location.offset + start, end - start, signal);
  const found = await layoutOf(set, home, signal);
  if (!found) throw new ImagewrightError(ErrorCode.BAD_RESOURCE_HEADER, { path: part.source.name, params: { what: `blob ${blob.hash}` } });
  const { layout, base } = found;
  if (base + blob.size > layout.uncompressedSize) {
    throw new ImagewrightError(ErrorCode.BAD_SOLID_RESOURCE, {
      path: part.source.name,
      detail: `blob ${blob.hash} ends at ${base + blob.size}, past the resource's ${layout.uncompressedSize} bytes`,
    });
  }
  const out = new Uint8Array(end - start);
  const first = Math.floor((base + start) / layout.chunkSize);
  const last = Math.floor((base + end - 1) / layout.chunkSize);
  for (let i = first; i <= last; i++) {
    throwIfAborted(signal);
    const chunk = chunkAt(layout, i);
    const stored = await part.source.read(chunk.offset, chunk.storedSize, signal);
    const decoded = chunk.raw
      ? stored
      : await ctx.decoder.decode({ compression: layout.compression, input: stored, uncompressedSize: chunk.uncompressedSize, chunkSize: layout.chunkSize }, signal);
    if (decoded.length !== chunk.uncompressedSize) {
      throw new ImagewrightError(ErrorCode.CODEC_CORRUPT_DATA, {
        offset: chunk.offset,
        path: part.source.name,
        detail: `chunk ${i} of blob ${blob.hash} decoded to ${decoded.length} bytes, not ${chunk.uncompressedSize}`,
      });
    }
    // Chunk i covers resource bytes [i × chunkSize, …); the blob's byte b is resource byte base + b.
    const chunkStart = i * layout.chunkSize - base;
    const from = Math.max(start, chunkStart);
    const to = Math.min(end, chunkStart + decoded.length);
    out.set(decoded.subarray(from - chunkStart, to - chunkStart), from - start);
  }
  return out;
}
