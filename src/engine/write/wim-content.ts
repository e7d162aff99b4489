/**
 * buildWimContent: turns the images a job writes — images of existing WIM sets (export, append, delete,
 * optimize, join) and freshly scanned folders (capture, append) — into what formats/wim/write/wim-writer.ts
 * stores: unique blobs with reference counts, and per image a metadata resource and its XML properties.
 *
 * Single-instance storage: blobs are keyed by SHA-1. A captured file is only hashed ahead of writing when its
 * size equals another candidate's (size first, as wimlib does); a file of unique size cannot be a duplicate and
 * is hashed while it is compressed. Blobs from WIM sets keep their stored form when the target can copy it; a
 * solid resource is copied whole into a solid target when every blob in it is wanted and its codec is the target's.
 */
import { blobMissingError } from '../../formats/wim/blob-reader';
import type { BlobReadContext } from '../../formats/wim/chunk-decoder';
import { readImage, type WimImage } from '../../formats/wim/image';
import type { WimEntry } from '../../formats/wim/metadata';
import { findBlob, type BlobHome, type WimSet } from '../../formats/wim/wim-set';
import type { BlobInput } from '../../formats/wim/write/blob-input';
import type { BlobWriteContext } from '../../formats/wim/write/chunk-encoder';
import { writeImageMetadata } from '../../formats/wim/write/metadata';
import type { BlobToWrite, ImageToWrite, SolidCopy, WimContent } from '../../formats/wim/write/wim-writer';
import type { CompressionName } from '../../formats/wim/wim-info';
import { newImageProperties, filetimeNow, type NewImageFields } from '../../formats/wim/write/xml';
import type { TreeSource } from '../../io/tree-source';
import { throwIfAborted } from '../../shared/errors';
import type { CapturedData, ScannedTree } from '../capture/scan-tree';
import { blobInputOf, storageOrder } from './blob-inputs';
import { imageStatsOf, streamReferences } from './image-stats';

export type ImageSource =
  /** Image `index` of an open set; `properties` replaces its XML properties when given. */
  | { kind: 'wim'; set: WimSet; index: number; properties?: Record<string, string> }
  /** A scanned folder; `fields` are the name, description… of the new image. */
  | { kind: 'tree'; source: TreeSource; scanned: ScannedTree; fields: NewImageFields };

interface PlannedBlob extends BlobToWrite {
  order: [number, number, number];
}

function memoryInput(bytes: Uint8Array, hash?: string): BlobInput {
  return {
    size: bytes.length,
    ...(hash ? { hash } : {}),
    async *read() {
      yield bytes;
    },
  };
}

/** A metadata resource built when the writer reaches it (after file data: captured hashes are known by then). */
function lazyMetadataInput(root: WimEntry): BlobInput {
  // The layout does not depend on hash values, only on which streams exist: the size is known now.
  const size = writeImageMetadata(root, []).length;
  return {
    size,
    async *read() {
      yield writeImageMetadata(root, []);
    },
  };
}

async function hashAhead(item: CapturedData, source: TreeSource, ctx: BlobWriteContext, signal?: AbortSignal): Promise<string> {
  const hasher = ctx.newSha1();
  if (item.bytes) hasher.update(item.bytes);
  else for await (const piece of source.readFile(item.path, signal)) hasher.update(piece);
  return hasher.hexDigest();
}

function setHash(item: CapturedData, hash: string): void {
  for (const e of item.entries) {
    if (item.kind === 'reparse') e.reparseHash = hash;
    else e.dataHash = hash;
  }
}

export interface ContentOptions {
  /** Decode and compress every blob again instead of copying stored resources (optimize --recompress). */
  recompress?: boolean;
  /** The target's solid codec: a source solid resource with that codec whose blobs are ALL needed is copied whole. */
  solidCompression?: CompressionName;
  /** Sizes of blobs stored in the file being updated in place, referenced or not: captured files of those sizes are hashed ahead, so they can reuse the stored bytes. */
  storedSizes?: readonly number[];
}

/** Source solid resources every blob of which is wanted (and uses the target's solid codec) become SolidCopies. */
function takeWholeSolidResources(blobs: Map<string, PlannedBlob>, homes: Map<string, BlobHome>, codec: CompressionName): SolidCopy[] {
  // Keyed by the part object (two sets may both have a file 0 with the same name) and the resource index.
  const groups = new Map<BlobHome['part'], Map<number, string[]>>();
  for (const [hash, home] of homes) {
    const loc = home.blob.location;
    if (loc.kind !== 'solid') continue;
    let byResource = groups.get(home.part);
    if (!byResource) groups.set(home.part, (byResource = new Map()));
    byResource.set(loc.resource, [...(byResource.get(loc.resource) ?? []), hash]);
  }
  const copies: SolidCopy[] = [];
  const list = [...groups].flatMap(([part, byResource]) => [...byResource].map(([resource, hashes]) => ({ part, resource, hashes })));
  for (const { part, resource, hashes } of list) {
    const r = part.table.solidResources[resource]!;
    const inResource = part.table.blobs.filter((b) => b.location.kind === 'solid' && b.location.resource === resource).length;
    if (r.compression !== codec || hashes.length !== inResource) continue;
    copies.push({
      sizeInWim: r.sizeInWim,
      uncompressedSize: r.uncompressedSize,
      async *pieces(signal?: AbortSignal) {
        const step = 8 * 1024 * 1024;
        for (let done = 0; done < r.sizeInWim; done += step) yield await part.source.read(r.offset + done, Math.min(step, r.sizeInWim - done), signal);
      },
      blobs: hashes.map((hash) => {
        const home = homes.get(hash)!;
        const loc = home.blob.location as { offsetInResource: number };
        return { hash, size: home.blob.size, offsetInResource: loc.offsetInResource, refCount: blobs.get(hash)!.refCount };
      }),
    });
    for (const hash of hashes) blobs.delete(hash);
  }
  return copies;
}

export async function buildWimContent(
  images: readonly ImageSource[],
  readCtx: BlobReadContext,
  writeCtx: BlobWriteContext,
  signal?: AbortSignal,
  options: ContentOptions = {},
): Promise<WimContent> {
  const allowCopy = !options.recompress;
  const homes = new Map<string, BlobHome>();
  const blobs = new Map<string, PlannedBlob>();
  const unhashed: PlannedBlob[] = [];
  const out: ImageToWrite[] = [];
  const sizes = new Map<string, number>();
  // Existing images first: their blobs are known by hash, and captured files must be checked against them.
  const loadedImages = new Map<ImageSource, WimImage>();
  for (const image of images) {
    throwIfAborted(signal);
    if (image.kind !== 'wim') continue;
    const { set, index } = image;
    const loaded = await readImage(set, index, readCtx, signal);
    loadedImages.set(image, loaded);
    for (const hash of streamReferences(loaded.metadata.root)) {
      const planned = blobs.get(hash);
      if (planned) {
        planned.refCount++;
        continue;
      }
      const home = findBlob(set, hash);
      if (!home) throw blobMissingError(hash);
      blobs.set(hash, { input: blobInputOf(set, home, readCtx, allowCopy), refCount: 1, order: storageOrder(home) });
      homes.set(hash, home);
      sizes.set(hash, home.blob.size);
    }
  }
  const sorted = [...blobs.values()].sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.order[2] - b.order[2]);
  blobs.clear();
  for (const b of sorted) blobs.set(b.input.hash!, b);

  for (const image of images) {
    throwIfAborted(signal);
    if (image.kind === 'wim') {
      const { set, index } = image;
      const blob = set.main.table.metadata[index - 1]!;
      const home: BlobHome = { part: set.main, blob };
      // Recompressing rewrites the metadata through our own writer too; otherwise it is carried as stored.
      const loaded = loadedImages.get(image)!.metadata;
      const metadata = allowCopy ? blobInputOf(set, home, readCtx) : memoryInput(writeImageMetadata(loaded.root, loaded.securityDescriptors));
      out.push({ metadata, properties: { ...(image.properties ?? set.xml.images[index - 1]!.properties) } });
      continue;
    }
    const { scanned, source } = image;
    // Size first: only items whose size is shared (with another item or an existing blob) are hashed ahead.
    const bySize = new Map<number, number>();
    for (const size of sizes.values()) bySize.set(size, (bySize.get(size) ?? 0) + 1);
    for (const size of options.storedSizes ?? []) bySize.set(size, (bySize.get(size) ?? 0) + 1);
    for (const item of scanned.data) bySize.set(item.size, (bySize.get(item.size) ?? 0) + 1);
    for (const item of scanned.data) {
      if (item.bytes || bySize.get(item.size)! > 1) {
        const hash = await hashAhead(item, source, writeCtx, signal);
        setHash(item, hash);
        sizes.set(hash, item.size);
        const planned = blobs.get(hash);
        if (planned) planned.refCount += item.entries.length;
        else {
          const input: BlobInput = item.bytes ? memoryInput(item.bytes, hash) : { size: item.size, hash, path: item.path.join('/'), read: (s) => source.readFile(item.path, s) };
          blobs.set(hash, { input, refCount: item.entries.length, order: [0, 0, 0] });
        }
      } else {
        const input: BlobInput = {
          size: item.size,
          path: item.path.join('/'),
          read: (s) => source.readFile(item.path, s),
          onHashed: (hash) => {
            setHash(item, hash);
            sizes.set(hash, item.size);
          },
        };
        unhashed.push({ input, refCount: item.entries.length, order: [0, 0, 0] });
      }
    }
    const stats = () => imageStatsOf(scanned.root, (hash) => sizes.get(hash) ?? 0);
    const properties = newImageProperties({ dirCount: 0, fileCount: 0, totalBytes: 0, hardLinkBytes: 0 }, filetimeNow(), image.fields);
    const metadata = lazyMetadataInput(scanned.root);
    const read = metadata.read;
    // Statistics need every blob size, known once the file data is written: fill them in with the metadata.
    metadata.read = (s) => {
      const st = stats();
      Object.assign(properties, { DIRCOUNT: String(st.dirCount), FILECOUNT: String(st.fileCount), TOTALBYTES: String(st.totalBytes), HARDLINKBYTES: String(st.hardLinkBytes) });
      return read(s);
    };
    out.push({ metadata, properties });
  }
  // Reference counts are final only now (captured files may share blobs with existing images).
  const solidCopies = allowCopy && options.solidCompression ? takeWholeSolidResources(blobs, homes, options.solidCompression) : [];
  return {
    images: out,
    blobs: [...blobs.values(), ...unhashed].map(({ input, refCount }) => ({ input, refCount })),
    ...(solidCopies.length ? { solidCopies } : {}),
  };
}
