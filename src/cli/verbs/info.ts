/**
 * `imagewright info FILE [--json] [--xml] [--header] [--ref GLOB]…`: what wimlib-imagex info shows, read with
 * ranged reads only. With --ref, the other parts of a split set are opened too and checked to be complete.
 * With IMAGE and NEW_NAME/NEW_DESC, --boot or --image-property NAME=VALUE it first changes that image (edit.ts).
 */
import { readWimHeader } from '../../formats/wim/header';
import { readWimXml } from '../../formats/wim/xml';
import { inspectWim } from '../../engine/inspect';
import type { ByteSource } from '../../io/byte-source';
import { NodeFileSource } from '../../io/node-file-source';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { parseArgs } from '../args';
import { formatHeaderDump, formatInfoText } from '../format-info';
import { editImageInfo } from './edit';
import { expandGlob } from '../glob';
import type { Verb, VerbContext } from '../verb';
import { resolve } from 'node:path';

const INFO_USAGE = 'info FILE [IMAGE [NEW_NAME [NEW_DESC]]] [--boot] [--image-property NAME=VALUE]… [--json] [--xml] [--header] [--ref "dir/part*.swm"]';

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

async function run(argv: readonly string[], ctx: VerbContext): Promise<number> {
  const args = parseArgs(argv, { flags: ['json', 'xml', 'header', 'boot', 'check', 'nocheck'], values: ['ref', 'image-property', 'threads'] });
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
    if (args.flags.has('xml')) {
      const header = await readWimHeader(main, ctx.signal);
      const xml = await readWimXml(main, header, ctx.signal);
      ctx.stdout(xml.text.endsWith('\n') ? xml.text : `${xml.text}\n`);
      return 0;
    }
    const info = await inspectWim(sources as ByteSource[], ctx.signal);
    for (const warning of info.warnings) ctx.stderr(`imagewright: warning: ${warning}\n`);
    if (args.flags.has('json')) {
      ctx.stdout(`${JSON.stringify(info, null, 2)}\n`);
    } else if (args.flags.has('header')) {
      ctx.stdout(formatHeaderDump(info));
    } else {
      ctx.stdout(formatInfoText(info, file));
    }
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
