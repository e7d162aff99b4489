/**
 * The split planner: parts stay under the limit unless one unit alone is larger (then reported), metadata stays
 * in part 1, every blob lands in exactly one place, solid resources are cut at chunk boundaries with the one blob
 * straddling a cut re-encoded, and chunks holding only re-encoded data are not copied at all.
 */
import { describe, expect, it } from 'vitest';
import type { BlobDescriptor } from '../../../../../src/formats/wim/blob-table';
import type { ChunkLayout } from '../../../../../src/formats/wim/resource';
import type { BlobHome, WimPart } from '../../../../../src/formats/wim/wim-set';
import { entriesOf, partFileName, planSplit, type SplitUnit } from '../../../../../src/formats/wim/write/split';

const part = { fileIndex: 0 } as unknown as WimPart;
let n = 0;

function blob(size: number, location: BlobDescriptor['location'], isMetadata = false): BlobHome {
  n++;
  return { part, blob: { hash: n.toString(16).padStart(40, '0'), size, refCount: 1, partNumber: 1, flags: 0, isMetadata, entryIndex: n, location } };
}

function layout(chunkSize: number, sizes: number[], uncompressedSize: number): ChunkLayout {
  const offsets = new Float64Array(sizes.length + 1);
  offsets[0] = 1000;
  sizes.forEach((s, i) => (offsets[i + 1] = offsets[i]! + s));
  return { compression: 'LZMS', chunkSize, uncompressedSize, chunkCount: sizes.length, tableSize: 16 + 4 * sizes.length, entrySize: 4, offsets };
}

const cost = (units: SplitUnit[]): number => 208 + 100 + units.reduce((s, u) => s + u.storedSize + 50 * entriesOf(u), 0);

describe('planSplit', () => {
  it('fills parts in order under the limit, metadata in part 1, a larger blob alone and reported', () => {
    const meta = blob(300, { kind: 'compressed', offset: 0, sizeInWim: 200 }, true);
    const stored = [500, 600, 5000, 400, 700].map((s) => blob(s, { kind: 'plain', offset: 0 }));
    const plan = planSplit([meta], stored, [], 1600, 100);
    expect(plan.parts[0]![0]).toMatchObject({ kind: 'stored', home: meta });
    expect(plan.oversized.map((u) => u.storedSize)).toEqual([5000]);
    for (const p of plan.parts) if (!p.some((u) => u.storedSize === 5000)) expect(cost(p)).toBeLessThanOrEqual(1600);
    expect(plan.parts.flat().length).toBe(6);
  });

  it('cuts a solid resource at chunk boundaries, re-encodes the straddler and skips chunks only it covered', () => {
    // 10 chunks of 100 bytes; blobs: [0,150) [150,230) [230,260) [260,900) [900,1000)
    const l = layout(100, [60, 60, 60, 60, 60, 60, 60, 60, 60, 60], 1000);
    const spans = [[0, 150], [150, 80], [230, 30], [260, 640], [900, 100]] as const;
    const homes = spans.map(([o, s]) => blob(s, { kind: 'solid', resource: 0, offsetInResource: o }));
    const plan = planSplit([], [], [{ part, layout: l, blobs: homes }], 208 + 100 + 16 + 3 * 64 + 5 * 50 + 50, 100);
    const solid = plan.parts.flat().filter((u) => u.kind === 'solid');
    const reencoded = plan.parts.flat().filter((u) => u.kind === 'reencode');
    expect(reencoded.map((u) => u.kind === 'reencode' && u.home.blob.size)).toEqual([640]);
    const placed = solid.flatMap((u) => (u.kind === 'solid' ? u.blobs : []));
    expect(new Set([...placed, ...reencoded.map((u) => (u.kind === 'reencode' ? u.home : undefined))]).size).toBe(5);
    // Chunks 3..8 hold only the 640-byte blob (plus the head of chunk 2's neighbours): none of 3–8 is copied.
    for (const u of solid) if (u.kind === 'solid') for (let c = u.first; c < u.end; c++) expect(c < 3 || c > 8, `chunk ${c}`).toBe(true);
    for (const u of solid) if (u.kind === 'solid') expect(u.blobs.length).toBeGreaterThan(0);
  });
});

describe('partFileName', () => {
  it('names parts like wimlib and DISM', () => {
    expect(partFileName('out/install.swm', 1)).toBe('out/install.swm');
    expect(partFileName('out/install.swm', 12)).toBe('out/install12.swm');
    expect(partFileName('dir.v2/part', 3)).toBe('dir.v2/part3');
  });
});
