/**
 * BufferRing: decoded-batch buffers handed out, filled (in this thread or on a worker, to which they are
 * transferred and from which they come back), written, and handed back for the next batch. Reusing them spares
 * the allocator and the kernel a fresh, zeroed buffer per batch (page faults and clear_page showed up in
 * profiles) and keeps the memory of a long extraction flat instead of waiting for the garbage collector.
 *
 * Buffers come in power-of-two sizes from MIN_BUFFER to `maxSize` (a 40 KiB file does not pin a 4 MiB buffer);
 * at most `maxFreeBytes` wait for reuse, plus one buffer larger than that (a solid chunk's). A detached buffer (transferred away and never returned) has length 0
 * and is dropped.
 */
const MIN_BUFFER = 64 * 1024;

function sizeClass(size: number): number {
  let capacity = MIN_BUFFER;
  while (capacity < size) capacity *= 2;
  return capacity;
}

export class BufferRing {
  private readonly free = new Map<number, ArrayBuffer[]>();
  private freeBytes = 0;

  constructor(
    readonly maxSize: number,
    private readonly maxFreeBytes: number,
  ) {}

  /** A buffer of at least `size` bytes, reused when one is free; undefined when `size` exceeds maxSize. */
  take(size: number): ArrayBuffer | undefined {
    if (size > this.maxSize) return undefined;
    const capacity = sizeClass(size);
    const reused = this.free.get(capacity)?.pop();
    if (!reused) return new ArrayBuffer(capacity);
    this.freeBytes -= capacity;
    return reused;
  }

  /** Returns a buffer taken earlier; whatever it holds may be overwritten from now on. */
  give(buffer: ArrayBuffer): void {
    const capacity = buffer.byteLength;
    if (capacity < MIN_BUFFER || capacity > this.maxSize || sizeClass(capacity) !== capacity) return;
    let list = this.free.get(capacity);
    if (!list) this.free.set(capacity, (list = []));
    // Beyond the cap, one buffer larger than the whole cap is still kept: a 64 MiB solid chunk buffer alternates
    // with the one being written, and dropping it would mean a fresh 64 MiB per chunk.
    const oneHuge = capacity > this.maxFreeBytes && list.length === 0;
    if (this.freeBytes + capacity > this.maxFreeBytes && !oneHuge) return;
    if (list.includes(buffer)) return;
    list.push(buffer);
    this.freeBytes += capacity;
  }

  /** Bytes waiting for reuse. */
  get freeSize(): number {
    return this.freeBytes;
  }
}
