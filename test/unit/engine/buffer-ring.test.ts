import { describe, expect, it } from 'vitest';
import { BufferRing } from '../../../src/engine/buffer-ring';

const MiB = 1024 * 1024;

describe('BufferRing', () => {
  it('hands a returned buffer out again instead of allocating a new one', () => {
    const ring = new BufferRing(4 * MiB, 8 * MiB);
    const a = ring.take(3 * MiB)!;
    expect(a.byteLength).toBe(4 * MiB);
    ring.give(a);
    expect(ring.take(4 * MiB)).toBe(a);
  });

  it('sizes buffers in powers of two from 64 KiB, so a small file does not pin a 4 MiB buffer', () => {
    const ring = new BufferRing(4 * MiB, 8 * MiB);
    expect(ring.take(1000)!.byteLength).toBe(64 * 1024);
    expect(ring.take(200 * 1024)!.byteLength).toBe(256 * 1024);
    const small = ring.take(100 * 1024)!;
    ring.give(small);
    expect(ring.take(3 * MiB)).not.toBe(small);
    expect(ring.take(5 * MiB)).toBeUndefined();
  });

  it('keeps at most its byte cap of free buffers, but always one of each size', () => {
    const ring = new BufferRing(64 * MiB, 8 * MiB);
    const big = [ring.take(64 * MiB)!, ring.take(64 * MiB)!];
    for (const b of big) ring.give(b);
    expect(ring.freeSize).toBe(64 * MiB);
    const smalls = Array.from({ length: 4 }, () => ring.take(4 * MiB)!);
    for (const b of smalls) ring.give(b);
    // 64 MiB is already over the cap: only the first 4 MiB buffer (one per size) is kept.
    expect(ring.freeSize).toBe(68 * MiB);
  });

  it('drops a buffer that was transferred away (detached) and the same buffer given twice', () => {
    const ring = new BufferRing(4 * MiB, 64 * MiB);
    const a = ring.take(MiB)!;
    structuredClone(a, { transfer: [a] });
    ring.give(a);
    expect(ring.freeSize).toBe(0);
    const b = ring.take(MiB)!;
    ring.give(b);
    ring.give(b);
    expect(ring.freeSize).toBe(MiB);
  });
});
