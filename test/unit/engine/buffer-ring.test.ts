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

  it('keeps at most its byte cap of free buffers, plus one buffer larger than the cap', () => {
    const ring = new BufferRing(64 * MiB, 8 * MiB);
    const smalls = Array.from({ length: 4 }, () => ring.take(4 * MiB)!);
    for (const b of smalls) ring.give(b);
    expect(ring.freeSize).toBe(8 * MiB);
    const big = [ring.take(64 * MiB)!, ring.take(64 * MiB)!];
    for (const b of big) ring.give(b);
    // One 64 MiB buffer (a solid chunk's) is kept although it exceeds the cap; the second is dropped.
    expect(ring.freeSize).toBe(72 * MiB);
    expect(ring.take(64 * MiB)).toBe(big[0]);
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
