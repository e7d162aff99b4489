/**
 * inspectWim: the `info` job. One file, or every part of a split set (.swm) picked together: the parts must share
 * the GUID and part count, and their part numbers must be exactly 1..N. Returns part 1's description with `parts`
 * listing every part and `blobCount` summed over the parts (each part's blob table lists only its own blobs).
 */
import { readWimInfo } from '../formats/wim/read-info';
import type { WimInfo } from '../formats/wim/wim-info';
import type { ByteSource } from '../io/byte-source';
import { ErrorCode, ImagewrightError, throwIfAborted } from '../shared/errors';

export async function inspectWim(sources: ByteSource[], signal?: AbortSignal): Promise<WimInfo> {
  if (sources.length === 0) {
    throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: 'inspectWim needs at least one file' });
  }
  const infos: WimInfo[] = [];
  for (const source of sources) {
    throwIfAborted(signal);
    infos.push(await readWimInfo(source, signal));
  }
  if (infos.length === 1) {
    const only = infos[0]!;
    if (only.header.totalParts > 1) {
      only.warnings.push(
        `This is part ${only.header.partNumber} of a ${only.header.totalParts}-part split image; open every part to see all of its data`,
      );
    }
    return only;
  }
  return mergeSplitParts(infos);
}

/** Checks that `infos` are the complete set of parts of one split WIM and merges them. */
export function mergeSplitParts(infos: WimInfo[]): WimInfo {
  const first = infos.find((i) => i.header.partNumber === 1) ?? infos[0]!;
  const { guid, totalParts } = first.header;
  const byPart = new Map<number, WimInfo>();
  for (const info of infos) {
    const h = info.header;
    if (h.guid !== guid) {
      throw new ImagewrightError(ErrorCode.SPLIT_PART_MISMATCH, {
        path: info.fileName,
        params: { part: h.partNumber },
        detail: `GUID ${h.guid} differs from ${guid} (${first.fileName})`,
      });
    }
    if (h.totalParts !== totalParts) {
      throw new ImagewrightError(ErrorCode.SPLIT_PART_MISMATCH, {
        path: info.fileName,
        params: { part: h.partNumber },
        detail: `it says the set has ${h.totalParts} parts, ${first.fileName} says ${totalParts}`,
      });
    }
    const twin = byPart.get(h.partNumber);
    if (twin) {
      throw new ImagewrightError(ErrorCode.SPLIT_PART_MISMATCH, {
        path: info.fileName,
        params: { part: h.partNumber },
        detail: `part ${h.partNumber} was given twice (also ${twin.fileName})`,
      });
    }
    byPart.set(h.partNumber, info);
  }
  for (let part = 1; part <= totalParts; part++) {
    if (!byPart.has(part)) {
      throw new ImagewrightError(ErrorCode.SPLIT_PART_MISSING, {
        params: { part },
        path: first.fileName,
        detail: `${infos.length} of ${totalParts} parts were given`,
      });
    }
  }
  const ordered = [...byPart.entries()].sort((a, b) => a[0] - b[0]).map(([, info]) => info);
  const part1 = ordered[0]!;
  const warnings = [...part1.warnings];
  for (const info of ordered.slice(1)) {
    for (const w of info.warnings) warnings.push(`${info.fileName}: ${w}`);
  }
  return {
    ...part1,
    parts: ordered.map((info) => ({ partNumber: info.header.partNumber, name: info.fileName, size: info.fileSize })),
    blobCount: ordered.reduce((sum, info) => sum + info.blobCount, 0),
    warnings,
  };
}
