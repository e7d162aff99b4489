/**
 * `imagewright info FILE [--json] [--xml] [--header] [--blobs] [--ref GLOB]…`: what wimlib-imagex info shows,
 * read with ranged reads only. With --ref, the other parts of a split set are opened too and checked to be
 * complete; --blobs then lists the blobs of every part, part by part (wimlib shows part 1 only).
 * With IMAGE and NEW_NAME/NEW_DESC, --boot or --image-property NAME=VALUE it first changes that image (edit.ts).
 */
import { listBlobs, type WimBlobList } from '../../formats/wim/blob-list';
import { readBlobTable } from '../../formats/wim/blob-table';
import { readWimHeader } from '../../formats/wim/header';
import { readWimXml } from '../../formats/wim/xml';
import { inspectWim } from '../../engine/inspect';
import type { ByteSource } from '../../io/byte-source';
import { NodeFileSource } from '../../io/node-file-source';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { parseArgs } from '../args';
import { formatBlobs, formatHeaderDump, formatInfoText } from '../format-info';
import { editImageInfo } from './edit';
import { expandGlob } from '../glob';
import type { Verb, VerbContext } from '../verb';
import { resolve } from 'node:path';

const INFO_USAGE = 'info FILE [IMAGE [NEW_NAME [NEW_DESC]]] [--boot] [--image-property NAME=VALUE]… [--check|--nocheck] [--rebuild] [--json] [--xml] [--header] [--blobs] [--ref "dir/part*.swm"]';

async function openAll(paths: string[]): Promise<NodeFileSource[]> {
  const sources: NodeFileSource[] = [];
  try {
    for (const path of paths) sources.push(await NodeFileSource.open(path));
  } catch (error) {
    await Promise.all(sources.map((s) => s.close()));
    throw error;
  }
  return sources;
}

/** The blob table of every source, in part order. */
async function readBlobLists(sources: readonly ByteSource[], signal: AbortSignal | undefined): Promise<WimBlobList[]> {
  const lists: WimBlobList[] = [];
  for (const source of sources) {
    const header = await readWimHeader(source, signal);
    lists.push(listBlobs(await readBlobTable(source, header, signal), header.partNumber));
  }
  return lists.sort((a, b) => a.partNumber - b.partNumber);
}

async function run(argv: readonly string[], ctx: VerbContext): Promise<number> {
  const args = parseArgs(argv, { flags: ['json', 'xml', 'header', 'blobs', 'boot', 'check', 'nocheck', 'rebuild'], values: ['ref', 'image-property', 'threads'] });
  if (args.positionals.length < 1 || args.positionals.length > 4) {
    throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `usage: imagewright ${INFO_USAGE}` });
  }
  await editImageInfo(args, ctx);
  const file = args.positionals[0]!;
  const paths = [file];
  const seen = new Set([resolve(file)]);
  for (const pattern of args.values.get('ref') ?? []) {
    for (const path of await expandGlob(pattern)) {
      if (!seen.has(resolve(path))) {
        seen.add(resolve(path));
        paths.push(path);
      }
    }
  }
  const sources = await openAll(paths);
  try {
    const main = sources[0]!;
    const printXml = async (): Promise<void> => {
      const header = await readWimHeader(main, ctx.signal);
      const xml = await readWimXml(main, header, ctx.signal);
      ctx.stdout(xml.text.endsWith('\n') ? xml.text : `${xml.text}\n`);
    };
    // --xml alone reads the header and the XML only, so it works even when the blob table is damaged.
    if (args.flags.has('xml') && !args.flags.has('header') && !args.flags.has('blobs')) {
      await printXml();
      return 0;
    }
    const info = await inspectWim(sources as ByteSource[], ctx.signal);
    for (const warning of info.warnings) ctx.stderr(`imagewright: warning: ${warning}\n`);
    const blobs = args.flags.has('blobs') ? await readBlobLists(sources, ctx.signal) : undefined;
    if (args.flags.has('json')) {
      const json = blobs ? { ...info, blobs: blobs.flatMap((list) => list.blobs) } : info;
      ctx.stdout(`${JSON.stringify(json, null, 2)}\n`);
      return 0;
    }
    // As wimlib: the summary only when no particular section was asked for; else the header, the blobs, the XML.
    if (!args.flags.has('header') && !blobs) ctx.stdout(formatInfoText(info, file));
    if (args.flags.has('header')) ctx.stdout(formatHeaderDump(info));
    if (blobs) ctx.stdout(formatBlobs(blobs));
    if (args.flags.has('xml')) await printXml();
    return 0;
  } finally {
    await Promise.all(sources.map((s) => s.close()));
  }
}

export const infoVerb: Verb = {
  name: 'info',
  summary: 'Show the header, parts and images of a WIM, ESD or split SWM set',
  usage: INFO_USAGE,
  run,
};
