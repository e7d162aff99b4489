/**
 * listImage: the `dir` job. Walks an image (or the subtree at a path) in wimlib's order — an entry, then its
 * children in collation order, depth first — and describes each entry as plain data: what wimlib-imagex dir
 * --detailed prints (attributes, security descriptor, times, reparse tag, hard-link group and count, UNIX data,
 * object ID, and every stream with where its blob is stored). Streams follow wimlib's iterate_dir_tree: the
 * unnamed stream of the default type first (raw EFS data for encrypted files, the reparse data for reparse points,
 * else the data), then the named data streams.
 */
import { findEntry, sortedChildren } from '../formats/wim/collation';
import { TAG_OBJECT_ID, TAG_WIMLIB_UNIX_DATA, FILE_ATTRIBUTE_ENCRYPTED, FILE_ATTRIBUTE_REPARSE_POINT } from '../formats/wim/dentry';
import { hexOf } from '../formats/wim/fields';
import type { WimImage } from '../formats/wim/image';
import { isDirectory, type WimEntry } from '../formats/wim/metadata';
import type { WimSet } from '../formats/wim/wim-set';

export interface StreamResourceFacts {
  partNumber: number;
  refCount: number;
  /** RESHDR_FLAG_* of the blob's entry. */
  flags: number;
  /** Non-solid: stored size and file offset of the resource. */
  compressedSize?: number;
  offset?: number;
  /** Solid: the resource holding the blob and where the blob starts in its uncompressed stream. */
  solid?: { uncompressedSize: number; storedSize: number; offset: number; offsetInResource: number };
}

export interface StreamFacts {
  kind: 'data' | 'reparse' | 'encrypted' | 'named';
  /** Named streams only. */
  name?: string;
  /** SHA-1, undefined for an empty stream. */
  hash?: string;
  size: number;
  /** The hash is not in any file of the set. */
  missing: boolean;
  resource?: StreamResourceFacts;
}

export interface DirEntryFacts {
  /** "/" for the root, else "/dir/name" (wimlib's Linux spelling). */
  path: string;
  name: string;
  shortName: string;
  attributes: number;
  securityId: number;
  /** Hex of the self-relative descriptor, when the entry has one. */
  securityDescriptor?: string;
  /** FILETIMEs as decimal strings (100 ns since 1601), lossless in JSON. */
  creationTime: string;
  lastWriteTime: string;
  lastAccessTime: string;
  reparseTag?: number;
  /** 16 hex digits. */
  linkGroupId: string;
  linkCount: number;
  unix?: { uid: number; gid: number; mode: number; rdev: number };
  /** Object ID, birth volume ID, birth object ID, domain ID as 32 hex digits each (missing bytes zero). */
  objectId?: [string, string, string, string];
  streams: StreamFacts[];
}

/** Counts the names of each hard-link group (non-directories with a non-zero group id). */
export function linkCountsOf(root: WimEntry): Map<bigint, number> {
  const counts = new Map<bigint, number>();
  const stack = [root];
  while (stack.length) {
    const entry = stack.pop()!;
    // A loop, not push(...children): a folder of 100k entries would overflow the call stack as arguments.
    if (entry.children) for (const child of entry.children) stack.push(child);
    else if (entry.hardLinkGroupId !== 0n) counts.set(entry.hardLinkGroupId, (counts.get(entry.hardLinkGroupId) ?? 0) + 1);
  }
  return counts;
}

function streamFacts(set: WimSet, kind: StreamFacts['kind'], hash: string | undefined, name?: string): StreamFacts {
  const facts: StreamFacts = { kind, size: 0, missing: false };
  if (name !== undefined) facts.name = name;
  if (hash === undefined) return facts;
  facts.hash = hash;
  const home = set.blobs.get(hash);
  if (!home) {
    facts.missing = true;
    return facts;
  }
  const { blob, part } = home;
  facts.size = blob.size;
  const resource: StreamResourceFacts = { partNumber: part.header.partNumber, refCount: blob.refCount, flags: blob.flags };
  if (blob.location.kind === 'solid') {
    const r = part.table.solidResources[blob.location.resource]!;
    resource.solid = { uncompressedSize: r.uncompressedSize, storedSize: r.sizeInWim, offset: r.offset, offsetInResource: blob.location.offsetInResource };
  } else {
    resource.compressedSize = blob.location.kind === 'compressed' ? blob.location.sizeInWim : blob.size;
    resource.offset = blob.location.offset;
  }
  facts.resource = resource;
  return facts;
}

function u32(data: Uint8Array, pos: number): number {
  return (data[pos]! | (data[pos + 1]! << 8) | (data[pos + 2]! << 16) | (data[pos + 3]! << 24)) >>> 0;
}

function describe(set: WimSet, image: WimImage, entry: WimEntry, path: string, links: Map<bigint, number>): DirEntryFacts {
  const facts: DirEntryFacts = {
    path,
    name: entry.name,
    shortName: entry.shortName,
    attributes: entry.attributes,
    securityId: entry.securityId,
    creationTime: entry.creationTime.toString(),
    lastWriteTime: entry.lastWriteTime.toString(),
    lastAccessTime: entry.lastAccessTime.toString(),
    linkGroupId: entry.hardLinkGroupId.toString(16).padStart(16, '0'),
    linkCount: !isDirectory(entry) && entry.hardLinkGroupId !== 0n ? (links.get(entry.hardLinkGroupId) ?? 1) : 1,
    streams: [],
  };
  const descriptor = image.metadata.securityDescriptors[entry.securityId];
  if (descriptor) facts.securityDescriptor = hexOf(descriptor);
  if (entry.attributes & FILE_ATTRIBUTE_REPARSE_POINT) facts.reparseTag = entry.reparseTag;
  for (const item of entry.taggedItems) {
    if (item.tag === TAG_WIMLIB_UNIX_DATA && item.data.length >= 16 && !facts.unix) {
      facts.unix = { uid: u32(item.data, 0), gid: u32(item.data, 4), mode: u32(item.data, 8), rdev: u32(item.data, 12) };
    } else if (item.tag === TAG_OBJECT_ID && !facts.objectId) {
      const padded = new Uint8Array(64);
      padded.set(item.data.subarray(0, 64));
      facts.objectId = [hexOf(padded, 0, 16), hexOf(padded, 16, 32), hexOf(padded, 32, 48), hexOf(padded, 48, 64)];
    }
  }
  if (entry.attributes & FILE_ATTRIBUTE_ENCRYPTED) facts.streams.push(streamFacts(set, 'encrypted', entry.dataHash));
  else if (entry.attributes & FILE_ATTRIBUTE_REPARSE_POINT) facts.streams.push(streamFacts(set, 'reparse', entry.reparseHash));
  else facts.streams.push(streamFacts(set, 'data', entry.dataHash));
  for (const stream of entry.namedStreams) facts.streams.push(streamFacts(set, 'named', stream.hash, stream.name));
  return facts;
}

/**
 * Describes the entry at `path` (default: the root) and, when `recursive`, everything below it, in wimlib's
 * order. Throws PATH_NOT_FOUND for a path the image does not have.
 */
export function* listImage(set: WimSet, image: WimImage, path = '/', recursive = true): Generator<DirEntryFacts> {
  const start = findEntry(image.metadata.root, path);
  const links = linkCountsOf(image.metadata.root);
  const startPath = '/' + path.split(/[\\/]+/).filter(Boolean).join('/');
  const stack: { entry: WimEntry; path: string }[] = [{ entry: start, path: startPath }];
  while (stack.length) {
    const { entry, path: at } = stack.pop()!;
    yield describe(set, image, entry, at, links);
    if (!recursive) continue;
    const children = sortedChildren(entry);
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i]!;
      stack.push({ entry: child, path: at === '/' ? `/${child.name}` : `${at}/${child.name}` });
    }
  }
}
