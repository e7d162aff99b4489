/**
 * splitWimJob: writes a WIM (or ESD) as a split set of parts no larger than a limit, in the layout described in
 * formats/wim/write/split.ts (solid resources cut at chunk boundaries, never across parts). All parts are written
 * to temporary files and committed together at the end; any error or cancel aborts every part.
 */
import { readSolidChunkTable } from '../../formats/wim/solid';
import type { BlobReadContext } from '../../formats/wim/chunk-decoder';
import { WIM_HDR_FLAG_RP_FIX, WIM_HDR_FLAG_SPANNED, WIM_HDR_FLAG_WRITE_IN_PROGRESS, WIM_HEADER_DISK_SIZE } from '../../formats/wim/header';
import { RESHDR_FLAG_METADATA, RESHDR_FLAG_SOLID, SOLID_RESOURCE_MAGIC_NUMBER } from '../../formats/wim/reshdr';
import type { BlobHome, WimSet } from '../../formats/wim/wim-set';
import { writeBlobTable, type BlobTableEntry } from '../../formats/wim/write/blob-table';
import type { BlobWriteContext } from '../../formats/wim/write/chunk-encoder';
import { putU32, putU64 } from '../../formats/wim/write/fields';
import { writeWimHeader, type WimHeaderFields } from '../../formats/wim/write/header';
import { INTEGRITY_CHUNK_SIZE, writeIntegrityTable } from '../../formats/wim/write/integrity';
import { WimOutput } from '../../formats/wim/write/output';
import { ZERO_RESHDR } from '../../formats/wim/write/reshdr';
import { writeResources } from '../../formats/wim/write/resource';
import { SOLID_CODEC_NUMBER } from '../../formats/wim/write/solid';
import { planSplit, type SolidSource, type SplitUnit } from '../../formats/wim/write/split';
import type { ByteWriter } from '../../io/byte-writer';
import { ErrorCode, ImagewrightError, throwIfAborted } from '../../shared/errors';
import { throttleProgress, type ProgressCallback } from '../progress';
import { blobInputOf, storageOrder } from '../write/blob-inputs';

export interface SplitOptions {
  /** Largest part, in bytes. */
  partSize: number;
  integrity?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
}

export interface SplitReport {
  parts: number;
  /** Resources larger than the part size: each got a part of its own, which exceeds the limit. */
  oversized: { what: string; size: number }[];
  /** Blobs re-encoded because a solid resource was cut inside them. */
  reencoded: number;
}

const COPY_PIECE = 8 * 1024 * 1024;

async function copyRange(set: WimSet, part: BlobHome['part'], offset: number, length: number, out: WimOutput, signal?: AbortSignal): Promise<void> {
  void set;
  for (let done = 0; done < length; done += COPY_PIECE) {
    await out.append(await part.source.read(offset + done, Math.min(COPY_PIECE, length - done), signal), signal);
  }
}

function unitName(unit: SplitUnit): string {
  if (unit.kind === 'solid') return `solid resource chunks ${unit.first}–${unit.end - 1}`;
  return `blob ${unit.home.blob.hash}`;
}

export async function splitWimJob(
  set: WimSet,
  createPart: (partNumber: number) => Promise<ByteWriter>,
  readCtx: BlobReadContext,
  writeCtx: BlobWriteContext,
  options: SplitOptions,
): Promise<SplitReport> {
  const { signal } = options;
  const main = set.main;
  const h = main.header;
  const xmlBytes = await main.source.read(h.xmlData.offset, h.xmlData.sizeInWim, signal);
  const integrityBytes = options.integrity ? 12 + 20 * Math.ceil(options.partSize / INTEGRITY_CHUNK_SIZE) : 0;
  if (options.partSize < WIM_HEADER_DISK_SIZE + xmlBytes.length + integrityBytes + 4096) {
    throw new ImagewrightError(ErrorCode.BAD_SPLIT_SIZE, { params: { size: options.partSize }, detail: `each part needs room for the header and ${xmlBytes.length} bytes of XML` });
  }
  const metadata: BlobHome[] = main.table.metadata.map((blob) => ({ part: main, blob }));
  const stored: BlobHome[] = [];
  const solidByResource = new Map<string, { part: BlobHome['part']; resource: number; blobs: BlobHome[] }>();
  const homes = [...set.blobs.values()].sort((a, b) => {
    const x = storageOrder(a), y = storageOrder(b);
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  for (const home of homes) {
    const loc = home.blob.location;
    if (loc.kind !== 'solid') {
      stored.push(home);
      continue;
    }
    const key = `${home.part.fileIndex}/${loc.resource}`;
    let entry = solidByResource.get(key);
    if (!entry) solidByResource.set(key, (entry = { part: home.part, resource: loc.resource, blobs: [] }));
    entry.blobs.push(home);
  }
  const solids: SolidSource[] = [];
  for (const { part, resource, blobs } of solidByResource.values()) {
    const r = part.table.solidResources[resource]!;
    const layout = await readSolidChunkTable(part.source, { offset: r.offset, sizeInWim: r.sizeInWim, uncompressedSize: r.uncompressedSize, flags: RESHDR_FLAG_SOLID }, signal);
    solids.push({ part, layout, blobs });
  }
  const plan = planSplit(metadata, stored, solids, options.partSize, xmlBytes.length + integrityBytes);
  const refCounts = new Map<string, number>();
  for (const home of set.blobs.values()) refCounts.set(home.blob.hash, home.blob.refCount);

  const total = plan.parts.flat().reduce((n, u) => n + u.storedSize, 0);
  let done = 0;
  const progress = throttleProgress(options.onProgress);
  const writers: ByteWriter[] = [];
  let reencoded = 0;
  try {
    for (let p = 0; p < plan.parts.length; p++) {
      throwIfAborted(signal);
      const writer = await createPart(p + 1);
      writers.push(writer);
      const header: WimHeaderFields = {
        version: h.version,
        flags: (h.flags & WIM_HDR_FLAG_RP_FIX) | WIM_HDR_FLAG_SPANNED,
        compression: h.compression,
        chunkSize: h.chunkSize,
        guid: hexBytes(h.guid),
        partNumber: p + 1,
        totalParts: plan.parts.length,
        imageCount: h.imageCount,
        blobTable: ZERO_RESHDR,
        xmlData: ZERO_RESHDR,
        bootMetadata: ZERO_RESHDR,
        bootIndex: h.bootIndex,
        integrityTable: ZERO_RESHDR,
      };
      await writer.write(0, writeWimHeader({ ...header, flags: header.flags | WIM_HDR_FLAG_WRITE_IN_PROGRESS }), signal);
      const out = new WimOutput(writer, WIM_HEADER_DISK_SIZE);
      const entries: BlobTableEntry[] = [];
      const partNumber = p + 1;
      // Consecutive solid entries form ONE run whose blob offsets count across its resources (WIMGAPI quirk).
      let runBase = 0;
      for (const unit of plan.parts[p]!) {
        throwIfAborted(signal);
        if (unit.kind === 'stored') {
          const loc = unit.home.blob.location;
          if (loc.kind === 'solid') continue;
          const at = out.position;
          await copyRange(set, unit.home.part, loc.offset, unit.storedSize, out, signal);
          const reshdr = { offset: at, sizeInWim: unit.storedSize, uncompressedSize: unit.home.blob.size, flags: unit.home.blob.flags };
          entries.push({ reshdr, partNumber, refCount: unit.home.blob.isMetadata ? 1 : (refCounts.get(unit.home.blob.hash) ?? 1), hash: unit.home.blob.hash });
          if (unit.home.blob.isMetadata && metadata.indexOf(unit.home) + 1 === h.bootIndex) header.bootMetadata = reshdr;
        } else if (unit.kind === 'solid') {
          const { layout, first, end } = unit;
          const at = out.position;
          const count = end - first;
          const head = new Uint8Array(16 + 4 * count);
          const startByte = first * layout.chunkSize;
          const usize = Math.min(end * layout.chunkSize, layout.uncompressedSize) - startByte;
          putU64(head, 0, usize);
          putU32(head, 8, layout.chunkSize);
          putU32(head, 12, layout.compression === 'none' ? 0 : SOLID_CODEC_NUMBER[layout.compression]);
          for (let i = 0; i < count; i++) putU32(head, 16 + 4 * i, layout.offsets[first + i + 1]! - layout.offsets[first + i]!);
          await out.append(head, signal);
          await copyRange(set, unit.part, layout.offsets[first]!, layout.offsets[end]! - layout.offsets[first]!, out, signal);
          entries.push({ reshdr: { offset: at, sizeInWim: out.position - at, uncompressedSize: SOLID_RESOURCE_MAGIC_NUMBER, flags: RESHDR_FLAG_SOLID }, partNumber, refCount: 1, hash: undefined });
          for (const b of unit.blobs) {
            const loc = b.blob.location;
            const offset = runBase + (loc.kind === 'solid' ? loc.offsetInResource : 0) - startByte;
            entries.push({ reshdr: { sizeInWim: b.blob.size, offset, uncompressedSize: 0, flags: RESHDR_FLAG_SOLID }, partNumber, refCount: b.blob.refCount, hash: b.blob.hash });
          }
          runBase += usize;
        } else {
          reencoded++;
          runBase = 0; // a non-solid entry ends the run
          const [w] = await writeResources(out, [blobInputOf(set, unit.home, readCtx, false)], { compression: h.compression, chunkSize: h.chunkSize, flags: 0 }, writeCtx, signal);
          entries.push({ reshdr: w!.reshdr, partNumber, refCount: unit.home.blob.refCount, hash: w!.hash });
        }
        done += unit.storedSize;
        progress({ phase: 'data', done, total });
      }
      // Metadata entries first, then each solid run (resource entry + its blobs) contiguous — as written above.
      const table = writeBlobTable(entries);
      const tableAt = await out.append(table, signal);
      header.blobTable = { offset: tableAt, sizeInWim: table.length, uncompressedSize: table.length, flags: RESHDR_FLAG_METADATA };
      const xmlAt = await out.append(xmlBytes, signal);
      header.xmlData = { offset: xmlAt, sizeInWim: xmlBytes.length, uncompressedSize: xmlBytes.length, flags: RESHDR_FLAG_METADATA };
      if (options.integrity) {
        if (!writer.readBack) throw new ImagewrightError(ErrorCode.INTEGRITY_NEEDS_READBACK, { path: writer.name });
        const integrity = await writeIntegrityTable(writer.readBack.bind(writer), WIM_HEADER_DISK_SIZE, tableAt + table.length, writeCtx.newSha1);
        const at = await out.append(integrity, signal);
        header.integrityTable = { offset: at, sizeInWim: integrity.length, uncompressedSize: integrity.length, flags: 0 };
      }
      if (partNumber !== 1) header.bootMetadata = ZERO_RESHDR;
      await writer.truncate(out.position);
      await writer.write(0, writeWimHeader(header), signal);
    }
    for (const w of writers) await w.commit();
  } catch (error) {
    for (const w of writers) await w.abort();
    throw error;
  }
  return {
    parts: plan.parts.length,
    oversized: plan.oversized.map((u) => ({ what: unitName(u), size: u.storedSize })),
    reencoded,
  };
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
