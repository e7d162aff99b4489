/**
 * writeWimJob: the one job behind capture, append, export, delete, optimize, join and image edits — build the
 * content (wim-content.ts), write a complete WIM through a ByteWriter (formats/wim/write/wim-writer.ts), commit.
 * Realm-agnostic: the writer is a temp file renamed on commit (Node) or a FileSystemWritableFileStream (browser);
 * any error or cancel aborts it, so the destination is left exactly as it was.
 */
import type { BlobReadContext } from '../../formats/wim/chunk-decoder';
import type { BlobWriteContext } from '../../formats/wim/write/chunk-encoder';
import { writeWim, type WimWriteOptions, type WrittenWim } from '../../formats/wim/write/wim-writer';
import type { ByteWriter } from '../../io/byte-writer';
import { throttleProgress, type ProgressCallback } from '../progress';
import { buildWimContent, type ContentOptions, type ImageSource } from './wim-content';

export interface WriteJobOptions extends ContentOptions {
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
}

export async function writeWimJob(
  writer: ByteWriter,
  images: readonly ImageSource[],
  options: WimWriteOptions,
  readCtx: BlobReadContext,
  writeCtx: BlobWriteContext,
  job: WriteJobOptions = {},
): Promise<WrittenWim> {
  const progress = throttleProgress(job.onProgress);
  try {
    const content = await buildWimContent(images, readCtx, writeCtx, job.signal, {
      recompress: job.recompress ?? false,
      ...(options.solid ? { solidCompression: options.solid.compression } : {}),
    });
    const written = await writeWim(writer, content, options, writeCtx, job.signal, (done, total) => progress({ phase: 'data', done, total }));
    await writer.commit();
    return written;
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
