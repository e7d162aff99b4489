/**
 * getEntryProperties: everything the Properties panel shows about one entry — attributes by name, the three
 * FILETIMEs at full precision, every stream with size and SHA-1, the security descriptor as SDDL and as named
 * owner / group / ACEs, every path of a hard-linked file, and a link's target (RP_FIX-aware).
 */
import { readBlobBytes } from '../../formats/wim/blob-reader';
import type { BlobReadContext } from '../../formats/wim/chunk-decoder';
import { WIM_HDR_FLAG_RP_FIX } from '../../formats/wim/header';
import type { WimEntry } from '../../formats/wim/metadata';
import { isLinkReparseTag, parseLinkReparseData, posixLinkTarget } from '../../formats/wim/reparse';
import type { WimSet } from '../../formats/wim/wim-set';
import { readSecurityDescriptor } from '../../formats/security/sddl';
import { ImagewrightError } from '../../shared/errors';
import { attributeNames, blobSize, filetimeToIso, reparseTagName, summarizeEntry } from './entry-facts';
import type { EntryProperties, ReparseInfo, StreamInfo } from './explorer-api';
import { linkPathsOf, type ExplorerImage } from './session';

function streamInfo(set: WimSet, name: string, hash: string | undefined): StreamInfo {
  const info: StreamInfo = { name, size: blobSize(set, hash), missing: hash !== undefined && !set.blobs.has(hash) };
  if (hash !== undefined) info.sha1 = hash;
  return info;
}

async function reparseInfo(set: WimSet, entry: WimEntry, path: string, ctx: BlobReadContext, signal?: AbortSignal): Promise<ReparseInfo> {
  const rpFix = (set.main.header.flags & WIM_HDR_FLAG_RP_FIX) !== 0;
  const info: ReparseInfo = { tag: entry.reparseTag >>> 0, tagName: reparseTagName(entry.reparseTag), fixed: false };
  if (!isLinkReparseTag(entry.reparseTag) || entry.reparseHash === undefined) return info;
  const home = set.blobs.get(entry.reparseHash);
  if (!home) return info;
  const link = parseLinkReparseData(entry.reparseTag, await readBlobBytes(set, home, ctx, signal), path);
  info.substituteName = link.substituteName;
  info.printName = link.printName;
  info.relative = link.relative;
  info.fixed = rpFix && !link.relative && !entry.rpNotFixed;
  info.target = link.relative ? link.substituteName.replace(/\\/g, '/') : posixLinkTarget(link, entry.rpNotFixed || !rpFix);
  return info;
}

export async function entryProperties(
  set: WimSet,
  image: ExplorerImage,
  entry: WimEntry,
  path: string,
  ctx: BlobReadContext,
  signal?: AbortSignal,
): Promise<EntryProperties> {
  const summary = summarizeEntry(set, entry, path, image.linkCounts);
  const streams: StreamInfo[] = [];
  if (!entry.children && entry.dataHash !== undefined) streams.push(streamInfo(set, '', entry.dataHash));
  for (const s of entry.namedStreams) streams.push(streamInfo(set, s.name, s.hash));
  const props: EntryProperties = {
    ...summary,
    shortName: entry.shortName,
    attributeNames: attributeNames(entry.attributes),
    streams,
    securityId: entry.securityId,
    hardLinks: summary.linkCount > 1 ? (linkPathsOf(image).get(entry.hardLinkGroupId) ?? [path]) : [path],
  };
  const times: [keyof EntryProperties, bigint][] = [
    ['creationTimeIso', entry.creationTime],
    ['lastWriteTimeIso', entry.lastWriteTime],
    ['lastAccessTimeIso', entry.lastAccessTime],
  ];
  for (const [key, value] of times) {
    const iso = filetimeToIso(value);
    if (iso !== undefined) (props as unknown as Record<string, string>)[key] = iso;
  }
  if (entry.dataHash !== undefined && !entry.children) props.sha1 = entry.dataHash;
  const descriptor = image.image.metadata.securityDescriptors[entry.securityId];
  if (descriptor) {
    try {
      props.security = readSecurityDescriptor(descriptor);
    } catch (error) {
      if (!(error instanceof ImagewrightError)) throw error;
      props.securityError = `${error.message}${error.detail ? `: ${error.detail}` : ''} (descriptor ${entry.securityId}, offset ${String(error.offset)})`;
    }
  }
  if (summary.kind === 'symlink' || summary.kind === 'junction' || summary.kind === 'other-reparse') {
    props.reparse = await reparseInfo(set, entry, path, ctx, signal);
  }
  return props;
}
