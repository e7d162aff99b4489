/**
 * BlobInputs over blobs that already live in a WIM set: their uncompressed bytes come from the blob reader
 * (SHA-1 checked), and, when the blob is a plain or non-solid compressed resource, its stored bytes can be
 * copied verbatim into a resource that uses the same codec and chunk size (export and optimize without
 * recompression, as wimlib does). Solid blobs and pipable resources are always decoded.
 */
import { readBlobAt } from '../../formats/wim/blob-reader';
import type { BlobReadContext } from '../../formats/wim/chunk-decoder';
import { PWM_MAGIC } from '../../formats/wim/header';
import { RESHDR_FLAG_COMPRESSED } from '../../formats/wim/reshdr';
import type { BlobHome, WimSet } from '../../formats/wim/wim-set';
import type { BlobInput, StoredCopy } from '../../formats/wim/write/blob-input';

/** Bytes per read when copying stored bytes. */
const COPY_PIECE_BYTES = 8 * 1024 * 1024;

function storedCopyOf(home: BlobHome): StoredCopy | undefined {
  const { blob, part } = home;
  if (part.header.magic === PWM_MAGIC) return undefined;
  const loc = blob.location;
  if (loc.kind === 'solid') return undefined;
  const offset = loc.offset;
  const sizeInWim = loc.kind === 'compressed' ? loc.sizeInWim : blob.size;
  return {
    compression: loc.kind === 'compressed' ? part.header.compression : 'none',
    chunkSize: part.header.chunkSize,
    sizeInWim,
    flags: loc.kind === 'compressed' ? RESHDR_FLAG_COMPRESSED : 0,
    async *pieces(signal?: AbortSignal) {
      for (let done = 0; done < sizeInWim; done += COPY_PIECE_BYTES) {
        yield await part.source.read(offset + done, Math.min(COPY_PIECE_BYTES, sizeInWim - done), signal);
      }
    },
  };
}

export function blobInputOf(set: WimSet, home: BlobHome, readCtx: BlobReadContext, allowCopy = true): BlobInput {
  const stored = allowCopy ? storedCopyOf(home) : undefined;
  return {
    size: home.blob.size,
    hash: home.blob.hash,
    path: `${home.part.source.name} blob ${home.blob.hash}`,
    read: (signal) => readBlobAt(set, home, readCtx, signal),
    ...(stored ? { stored } : {}),
  };
}

/** Sort key putting blobs in storage order (file, solid resource, offset): solid chunks are then decoded once. */
export function storageOrder(home: BlobHome): [number, number, number] {
  const loc = home.blob.location;
  return loc.kind === 'solid' ? [home.part.fileIndex, loc.resource, loc.offsetInResource] : [home.part.fileIndex, -1, loc.offset];
}
