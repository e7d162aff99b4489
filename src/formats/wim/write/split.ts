/**
 * Split sets (.swm) — docs/wim-format.md §11. Every part is a complete WIM file:
 *
 *   [header: same GUID, part i of N, SPANNED][resources][blob table: only this part's entries][XML: all images]
 *   [integrity table?]
 *
 * Part 1 holds every metadata resource. Stored resources are copied verbatim (no recompression) and never
 * divided; a part only exceeds the size limit when one resource alone is larger (reported by the caller).
 *
 * Solid resources (our layout; wimlib refuses to split them): a solid run never crosses a part. A solid resource
 * that does not fit is cut at CHUNK boundaries into several smaller solid resources whose chunks are copied
 * verbatim (LZMS/LZX/XPRESS chunks are independent), each with a fresh 16-byte header + size table and its own
 * resource entry followed by the blobs lying wholly inside it. Consecutive solid entries are ONE run for
 * readers, so blob offsets count across the run's resources in entry order (the WIMGAPI quirk, §5). The one blob that straddles a
 * cut is re-encoded as an ordinary non-solid resource with the header codec and placed in a later part. Every
 * part is therefore an ordinary solid WIM/ESD whose blob table has one self-contained run per resource: what
 * wimlib (`apply --ref`), 7-Zip and WIMGAPI-based tools read, with no entry pointing across parts.
 */
import type { BlobDescriptor } from '../blob-table';
import type { ChunkLayout } from '../resource';
import type { BlobHome, WimPart } from '../wim-set';
import { BLOB_DESCRIPTOR_DISK_SIZE } from '../blob-table';
import { WIM_HEADER_DISK_SIZE } from '../header';

export type SplitUnit =
  /** A metadata resource or a non-solid blob, copied verbatim. */
  | { kind: 'stored'; home: BlobHome; storedSize: number }
  /** Chunks [first, end) of a solid resource, copied verbatim, with the blobs wholly inside. */
  | { kind: 'solid'; part: WimPart; layout: ChunkLayout; first: number; end: number; blobs: BlobHome[]; storedSize: number }
  /** A blob cut by a solid split: decoded and written as a non-solid resource (at most its size). */
  | { kind: 'reencode'; home: BlobHome; storedSize: number };

export interface SplitPlan {
  parts: SplitUnit[][];
  /** Units that alone exceed the part size (each got a part of its own). */
  oversized: SplitUnit[];
}

export interface SolidSource {
  part: WimPart;
  layout: ChunkLayout;
  /** Blobs in the resource, sorted by offset. */
  blobs: BlobHome[];
}

export function entriesOf(unit: SplitUnit): number {
  return unit.kind === 'solid' ? 1 + unit.blobs.length : 1;
}

function offsetIn(home: BlobHome): number {
  const loc = home.blob.location;
  return loc.kind === 'solid' ? loc.offsetInResource : 0;
}

/**
 * Plans the parts. `fixedBytes` is what every part needs besides resources and blob-table entries (header,
 * XML, integrity table).
 */
export function planSplit(
  metadata: BlobHome[],
  stored: BlobHome[],
  solids: SolidSource[],
  limit: number,
  fixedBytes: number,
): SplitPlan {
  const parts: SplitUnit[][] = [];
  const oversized: SplitUnit[] = [];
  let current: SplitUnit[] = [];
  let used = WIM_HEADER_DISK_SIZE + fixedBytes;
  let hasData = false;
  const room = (): number => limit - used;
  const cost = (size: number, entries: number): number => size + entries * BLOB_DESCRIPTOR_DISK_SIZE;
  const newPart = (): void => {
    parts.push(current);
    current = [];
    used = WIM_HEADER_DISK_SIZE + fixedBytes;
    hasData = false;
  };
  const add = (unit: SplitUnit): void => {
    const c = cost(unit.storedSize, entriesOf(unit));
    if (c > room() && hasData) newPart();
    if (c > room()) oversized.push(unit);
    current.push(unit);
    used += c;
    hasData = true;
  };
  const storedSize = (b: BlobDescriptor): number => (b.location.kind === 'compressed' ? b.location.sizeInWim : b.size);
  for (const home of metadata) {
    current.push({ kind: 'stored', home, storedSize: storedSize(home.blob) });
    used += cost(storedSize(home.blob), 1);
  }
  for (const home of stored) add({ kind: 'stored', home, storedSize: storedSize(home.blob) });

  const reencode = new Set<BlobHome>();
  for (const { part, layout, blobs } of solids) {
    const cs = layout.chunkSize;
    const chunkEnd = (i: number): number => Math.min((i + 1) * cs, layout.uncompressedSize);
    // A chunk is dead when every blob overlapping it is re-encoded anyway: it is not copied at all.
    let scan = 0;
    const dead = (i: number): boolean => {
      while (scan < blobs.length && offsetIn(blobs[scan]!) + blobs[scan]!.blob.size <= i * cs) scan++;
      for (let j = scan; j < blobs.length && offsetIn(blobs[j]!) < chunkEnd(i); j++) if (!reencode.has(blobs[j]!)) return false;
      return true;
    };
    let next = 0; // index into blobs
    let c = 0;
    while (c < layout.chunkCount) {
      if (dead(c)) {
        c++;
        continue;
      }
      // Take chunks while they fit, counting 4 bytes of size table and one entry per blob that starts in them.
      let end = c;
      let bytes = 16;
      let entries = 1;
      let b = next;
      for (;;) {
        if (end === layout.chunkCount) break;
        const chunkBytes = 4 + layout.offsets[end + 1]! - layout.offsets[end]!;
        let starting = 0;
        while (b + starting < blobs.length && offsetIn(blobs[b + starting]!) < (end + 1) * cs) starting++;
        if (end > c && cost(bytes + chunkBytes, entries + starting) > room()) break;
        bytes += chunkBytes;
        entries += starting;
        b += starting;
        end++;
      }
      if (hasData && cost(bytes, entries) > room()) {
        newPart();
        continue;
      }
      // A blob larger than a chunk that the cut would divide is re-encoded whole: cut right after the chunk where
      // it starts (that chunk still holds its neighbours) so that its other chunks are not copied for nothing
      // (they become dead and are skipped).
      const cutAt = end * cs;
      const straddler = end < layout.chunkCount ? blobs.find((h) => offsetIn(h) < cutAt && offsetIn(h) + h.blob.size > cutAt) : undefined;
      if (straddler && straddler.blob.size > cs) {
        reencode.add(straddler);
        const head = Math.ceil(offsetIn(straddler) / cs);
        if (head > c && head < end) end = head;
      }
      const startAt = c * cs;
      const stopAt = Math.min(end * cs, layout.uncompressedSize);
      const inside: BlobHome[] = [];
      for (const h of blobs.slice(next)) {
        const o = offsetIn(h);
        if (o >= stopAt) break;
        if (reencode.has(h)) continue;
        if (o >= startAt && o + h.blob.size <= stopAt) inside.push(h);
        else reencode.add(h);
      }
      while (next < blobs.length && offsetIn(blobs[next]!) < stopAt) next++;
      if (inside.length) {
        const size = 16 + 4 * (end - c) + layout.offsets[end]! - layout.offsets[c]!;
        add({ kind: 'solid', part, layout, first: c, end, blobs: inside, storedSize: size });
      }
      c = end;
    }
  }
  for (const home of reencode) add({ kind: 'reencode', home, storedSize: home.blob.size });
  parts.push(current);
  return { parts, oversized };
}

/** Part file names as wimlib and DISM make them: x.swm, x2.swm, x3.swm… */
export function partFileName(first: string, partNumber: number): string {
  if (partNumber === 1) return first;
  const dot = first.lastIndexOf('.');
  const slash = Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'));
  return dot > slash ? `${first.slice(0, dot)}${partNumber}${first.slice(dot)}` : `${first}${partNumber}`;
}
