/**
 * readBlob: the uncompressed bytes of one blob, as an async stream of pieces in order, checked against its SHA-1.
 * Source: docs/wim-format.md §3–§5 and §10 (wimlib src/resource.c `read_compressed_wim_resource`).
 *
 * The blob is cut into units (blob-units.ts: plain reads, batches of compressed chunks, slices of decoded solid
 * chunks); up to the decoder's `concurrency` units are read and decoded ahead (shared/read-ahead.ts), and pieces
 * come out in order. The last piece is held back until size and SHA-1 are checked, so a consumer never sees a
 * complete stream of bad data. When the decoder already hashed a whole-blob batch (off this thread), its digest
 * is used instead of hashing again.
 */
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { readAhead } from '../../shared/read-ahead';
import { blobUnits, type BlobUnit } from './blob-units';
import type { BlobReadContext, DecodedBatch, Sha1Hasher } from './chunk-decoder';
import { findBlob, type BlobHome, type WimSet } from './wim-set';

export { BATCH_INPUT_BYTES, BATCH_OUTPUT_BYTES, PLAIN_PIECE_BYTES } from './blob-units';

/** Units of one blob, started up to `concurrency` ahead of the consumer. */
function startedUnits(set: WimSet, home: BlobHome, ctx: BlobReadContext, signal?: AbortSignal): AsyncGenerator<Promise<DecodedBatch>> {
  return readAhead<BlobUnit, Promise<DecodedBatch>>(blobUnits(set, home, ctx, signal), { weight: () => 1, start: (unit) => unit.start(), budget: Math.max(0, ctx.decoder.concurrency - 1) });
}

/**
 * Checks a blob's SHA-1 piece by piece. `add` takes each decoded piece with the decoder's digest of it (when
 * the piece is the whole blob and the decoder computed one); `check` throws BAD_RESOURCE_HEADER for a wrong
 * size and HASH_MISMATCH for a wrong digest. Shared by readBlobAt and the extraction pipeline.
 */
export class BlobCheck {
  private sha1: Sha1Hasher | undefined;
  private digest: string | undefined;
  private done = 0;

  constructor(
    private readonly home: BlobHome,
    private readonly ctx: BlobReadContext,
  ) {}

  add(piece: DecodedBatch): void {
    const { bytes } = piece;
    if (bytes.length === 0) return;
    if (this.done === 0 && piece.sha1 !== undefined && bytes.length === this.home.blob.size) this.digest = piece.sha1;
    else (this.sha1 ??= this.ctx.newSha1()).update(bytes);
    this.done += bytes.length;
  }

  check(): void {
    const { blob, part } = this.home;
    if (this.done !== blob.size) {
      throw new ImagewrightError(ErrorCode.BAD_RESOURCE_HEADER, {
        path: part.source.name,
        params: { what: `blob ${blob.hash}` },
        detail: `it produced ${this.done} bytes, not ${blob.size}`,
      });
    }
    const actual = this.digest ?? (this.sha1 ?? this.ctx.newSha1()).hexDigest();
    if (actual !== blob.hash) {
      throw new ImagewrightError(ErrorCode.HASH_MISMATCH, {
        path: part.source.name,
        params: { hash: blob.hash },
        detail: `blob ${blob.hash} hashes to ${actual}`,
      });
    }
  }
}

/**
 * Streams the uncompressed bytes of the blob at `home`, checking size and SHA-1. Throws HASH_MISMATCH naming the
 * blob, CODEC_CORRUPT_DATA / BAD_* with the file offset, TRUNCATED for short files.
 */
export async function* readBlobAt(set: WimSet, home: BlobHome, ctx: BlobReadContext, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const check = new BlobCheck(home, ctx);
  let held: Uint8Array | undefined;
  for await (const started of startedUnits(set, home, ctx, signal)) {
    const piece = await started;
    if (piece.bytes.length === 0) continue;
    check.add(piece);
    if (held) yield held;
    held = piece.bytes;
  }
  check.check();
  if (held) yield held;
}

export function blobMissingError(hash: string): ImagewrightError {
  return new ImagewrightError(ErrorCode.BLOB_MISSING, { detail: `blob ${hash} is in no file of the set (a split part or --ref missing?)` });
}

/** Streams the blob named by `hash` (40 lowercase hex digits); BLOB_MISSING when no file of the set has it. */
export async function* readBlob(set: WimSet, hash: string, ctx: BlobReadContext, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const home = findBlob(set, hash);
  if (!home) throw blobMissingError(hash);
  yield* readBlobAt(set, home, ctx, signal);
}

/** The whole blob in one array: for metadata resources and small streams (reparse data), not file contents. */
export async function readBlobBytes(set: WimSet, home: BlobHome, ctx: BlobReadContext, signal?: AbortSignal): Promise<Uint8Array> {
  const out = new Uint8Array(home.blob.size);
  let at = 0;
  for await (const piece of readBlobAt(set, home, ctx, signal)) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
