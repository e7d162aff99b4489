// LZ77 match copy shared by the decoders: copies `length` bytes from `offset` bytes back, where source and
// destination may overlap (offset < length repeats a pattern). The caller has checked that the source lies
// inside the output and that dst + length stays within the output; this copy may write up to 15 bytes beyond
// dst + length, which is why buffers.ts keeps OUTPUT_SLACK bytes after the output buffer.

// @ts-ignore: decorator
@inline export function copyMatch(dst: usize, offset: usize, length: usize): void {
  let src = dst - offset;
  const end = dst + length;
  if (offset >= 16) {
    // Non-overlapping 16-byte steps: each load reads bytes already written.
    do {
      v128.store(dst, v128.load(src));
      src += 16;
      dst += 16;
    } while (dst < end);
  } else if (offset == 1) {
    // Run of one byte: the most common short offset.
    const splat = i8x16.splat(load<u8>(src));
    do {
      v128.store(dst, splat);
      dst += 16;
    } while (dst < end);
  } else if (offset >= 8) {
    do {
      store<u64>(dst, load<u64>(src));
      src += 8;
      dst += 8;
    } while (dst < end);
  } else {
    // Offsets 2..7: byte by byte keeps the repeating pattern exact.
    do {
      store<u8>(dst, load<u8>(src));
      src++;
      dst++;
    } while (dst < end);
  }
}
