/**
 * Write options of the browser writer from the UI's few choices, with the defaults Microsoft's tools accept
 * (shared/write-defaults.ts, the same as cli/write-context.ts).
 */
import { isChunkSizeValid } from '../../formats/wim/header';
import type { WimWriteOptions } from '../../formats/wim/write/wim-writer';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { defaultChunkSize } from '../../shared/write-defaults';
import type { WriteCodecOptions } from './writer-api';

export function writeOptionsOf(options: WriteCodecOptions): Pick<WimWriteOptions, 'compression' | 'chunkSize' | 'solid'> {
  const { compression, solid } = options;
  const chunkSize = options.chunkSize ?? defaultChunkSize(compression, solid);
  if (compression !== 'none' && !isChunkSizeValid(chunkSize, compression)) {
    throw new ImagewrightError(ErrorCode.BAD_CHUNK_SIZE, { params: { chunkSize, codec: compression } });
  }
  if (!solid) return { compression, chunkSize };
  if (compression === 'none') throw new ImagewrightError(ErrorCode.BAD_WRITE_OPTIONS, { detail: 'solid resources need a codec' });
  // The header codec covers the metadata resources beside the solid data: same codec, its usual chunk size.
  return { compression, chunkSize: defaultChunkSize(compression, false), solid: { compression, chunkSize } };
}
