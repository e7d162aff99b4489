import { expect } from 'vitest';
import type { ChunkDecompressor } from '../../src/codecs/chunk-decompressor';
import { ErrorCode, ImagewrightError } from '../../src/shared/errors';

/** The only outcomes allowed for hostile input: CODEC_CORRUPT_DATA, or exactly `size` bytes of (any) output. */
export function decodeHostile(decoder: ChunkDecompressor, input: Uint8Array, size: number, chunkSize?: number): 'error' | 'output' {
  try {
    const out = decoder.decompress(input, size, undefined, chunkSize);
    expect(out.length).toBe(size);
    return 'output';
  } catch (error) {
    expect(error).toBeInstanceOf(ImagewrightError);
    expect((error as ImagewrightError).code).toBe(ErrorCode.CODEC_CORRUPT_DATA);
    return 'error';
  }
}
