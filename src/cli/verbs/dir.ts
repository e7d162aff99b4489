/**
 * `imagewright dir FILE [IMAGE] [--path P] [--detailed] [--one-file-only] [--json] [--ref GLOB]…`: lists an image
 * like wimlib-imagex dir — full paths, or a detailed block per entry — from the metadata resource alone (no file
 * data is read). IMAGE may be left out when the file holds exactly one image.
 */
import { readImage } from '../../formats/wim/image';
import { closeWimSet } from '../../formats/wim/wim-set';
import { listImage } from '../../engine/list';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { parseArgs } from '../args';
import { formatDirDetailed } from '../format-dir';
import { nodeBlobReadContext, openSetFromArgs, printWarnings } from '../open-set';
import type { Verb, VerbContext } from '../verb';

const USAGE = 'dir FILE [IMAGE] [--path P] [--detailed] [--one-file-only] [--json] [--ref "dir/part*.swm"]';

async function run(argv: readonly string[], ctx: VerbContext): Promise<number> {
  const args = parseArgs(argv, { flags: ['detailed', 'json', 'one-file-only'], values: ['ref', 'path'] });
  if (args.positionals.length < 1 || args.positionals.length > 2) {
    throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `usage: imagewright ${USAGE}` });
  }
  const [file, imageSpec] = args.positionals as [string, string | undefined];
  // Listing needs part 1 only; like wimlib, streams in absent parts show as missing.
  const set = await openSetFromArgs(file, args.values.get('ref') ?? [], ctx.signal, { requireComplete: false });
  try {
    if (imageSpec === undefined && set.main.header.imageCount !== 1) {
      throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, {
        path: file,
        detail: `the file contains ${set.main.header.imageCount} images; select one`,
      });
    }
    printWarnings(set.warnings, ctx);
    const image = await readImage(set, imageSpec ?? 1, (await nodeBlobReadContext(1)).context, ctx.signal);
    printWarnings(image.metadata.warnings, ctx);
    const entries = listImage(set, image, args.values.get('path')?.at(-1) ?? '/', !args.flags.has('one-file-only'));
    if (args.flags.has('json')) {
      ctx.stdout(`${JSON.stringify([...entries], null, 2)}\n`);
      return 0;
    }
    // Batch output: one write per few hundred entries instead of one per line.
    let buffer = '';
    for (const entry of entries) {
      buffer += args.flags.has('detailed') ? formatDirDetailed(entry) : `${entry.path}\n`;
      if (buffer.length > 1 << 16) {
        ctx.stdout(buffer);
        buffer = '';
      }
    }
    if (buffer) ctx.stdout(buffer);
    return 0;
  } finally {
    await closeWimSet(set);
  }
}

export const dirVerb: Verb = {
  name: 'dir',
  summary: 'List the files of an image (paths, or everything wimlib shows with --detailed)',
  usage: USAGE,
  run,
};
