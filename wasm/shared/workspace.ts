// Compressor work memory (match-finder tables, parse arrays) placed after a module's I/O buffers.
//
// Decoders never pay for it: the area is only claimed by a compress call, sized from the chunk size it was given,
// and laid out again on every call because JS may have moved the buffers with a larger reserve(). Growing memory
// happens at most a few times per worker (the first chunk of each size); within a chunk nothing allocates.

/** Returns a 64-byte aligned pointer to `bytes` of memory starting at or after `after`, or 0 if memory cannot grow. */
export function reserveWorkspace(after: usize, bytes: usize): usize {
  const start = (after + 63) & ~(<usize>63);
  const end = <u64>start + <u64>bytes;
  if (end > 0xFFFF0000) return 0;
  const pagesNeeded = <i32>((end + 0xFFFF) >> 16);
  const pagesNow = memory.size();
  if (pagesNeeded > pagesNow && memory.grow(pagesNeeded - pagesNow) < 0) return 0;
  return start;
}
