/**
 * The statistics DISM puts in each image's XML (DIRCOUNT, FILECOUNT, TOTALBYTES, HARDLINKBYTES), computed from
 * the image tree as wimlib does: directories include the root; every hard-link name counts as a file; total bytes
 * sum every stream of every name (reparse data and named streams included); hard-link bytes are those of the
 * names after the first of each group.
 */
import { FILE_ATTRIBUTE_REPARSE_POINT } from '../../formats/wim/dentry';
import { walkEntries, isDirectory, type WimEntry } from '../../formats/wim/metadata';
import type { ImageStats } from '../../formats/wim/write/xml';

export function imageStatsOf(root: WimEntry, sizeOf: (hash: string) => number): ImageStats {
  const stats: ImageStats = { dirCount: 0, fileCount: 0, totalBytes: 0, hardLinkBytes: 0 };
  const seenGroups = new Set<bigint>();
  for (const { entry } of walkEntries(root)) {
    // A directory symlink or junction counts as a file, as wimlib counts it.
    if (isDirectory(entry) && !(entry.attributes & FILE_ATTRIBUTE_REPARSE_POINT)) stats.dirCount++;
    else stats.fileCount++;
    let bytes = 0;
    for (const hash of [entry.dataHash, entry.reparseHash, ...entry.namedStreams.map((s) => s.hash)]) if (hash) bytes += sizeOf(hash);
    stats.totalBytes += bytes;
    if (entry.hardLinkGroupId !== 0n && !(entry.attributes & FILE_ATTRIBUTE_REPARSE_POINT)) {
      if (seenGroups.has(entry.hardLinkGroupId)) stats.hardLinkBytes += bytes;
      else seenGroups.add(entry.hardLinkGroupId);
    }
  }
  return stats;
}

/** Every stream hash an image references, once per name (the blob table's reference counts). */
export function* streamReferences(root: WimEntry): Generator<string> {
  for (const { entry } of walkEntries(root)) {
    if (entry.dataHash) yield entry.dataHash;
    if (entry.reparseHash) yield entry.reparseHash;
    for (const s of entry.namedStreams) if (s.hash) yield s.hash;
  }
}
