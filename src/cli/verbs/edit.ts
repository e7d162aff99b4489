/**
 * The verbs that rebuild a WIM from images of existing ones, like wimlib-imagex:
 *   export SRC IMAGE|all DEST [NAME [DESC]]   copy images into a new or existing WIM (only missing blobs are added;
 *                                             stored resources are copied when the codec matches, else recompressed:
 *                                             ESD → WIM with --compress=LZX, WIM → ESD with --solid)
 *   delete WIM IMAGE|all [--soft]             drop images and rebuild without the blobs only they used; --soft
 *                                             updates in place (new blob table/XML after the end, header last):
 *                                             their data stays as holes, as wimlib and DISM leave it
 *   optimize WIM [--recompress]               rebuild without holes
 * and the editing form of `info` (--image-property / --boot / a new name), in place unless --rebuild. Every
 * rebuild writes a temporary file and renames it over the destination only when complete; in-place updates are
 * undone byte for byte on error or cancel (in-place.ts).
 */
import { existsSync } from 'node:fs';
import type { ImageSource } from '../../engine/write/wim-content';
import { writeWimJob } from '../../engine/write/write-job';
import { resolveImage } from '../../formats/wim/image';
import { closeWimSet, type WimSet } from '../../formats/wim/wim-set';
import { NodeFileWriter } from '../../io/node-file-writer';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { parseArgs, type ParsedArgs } from '../args';
import { nodeBlobReadContext, openSetFromArgs, printWarnings, threadsFromArgs } from '../open-set';
import { terminalProgress } from '../progress-line';
import type { Verb, VerbContext } from '../verb';
import { nodeBlobWriteContext, writeOptionsFromArgs, type CliWriteOptions } from '../write-context';
import { noteRebuild, rebuildReason, updateInPlace } from './in-place';
import { existingWriteOptions, imagePropertiesFromArgs } from './write-args';

/** Image indices named by `spec` ("all", "*", an index or a name). */
export function imagesOf(set: WimSet, spec: string): number[] {
  if (spec === 'all' || spec === '*') return Array.from({ length: set.main.header.imageCount }, (_, i) => i + 1);
  return [resolveImage(set, spec)];
}

export interface RewriteRequest {
  images: ImageSource[];
  options: CliWriteOptions;
  bootIndex: number;
  integrity: boolean;
  recompress?: boolean;
}

/** Writes `request` to `path` through a temp file renamed on success; the read/encode pools live for the call. */
export async function rewriteWim(path: string, request: RewriteRequest, threads: number, ctx: VerbContext): Promise<void> {
  const reading = await nodeBlobReadContext(threads);
  const writing = await nodeBlobWriteContext(threads, request.options.level);
  try {
    const { options } = request;
    const onProgress = terminalProgress(ctx);
    await writeWimJob(
      await NodeFileWriter.create(path),
      request.images,
      { compression: options.compression, chunkSize: options.chunkSize, ...(options.solid ? { solid: options.solid } : {}), integrity: request.integrity, bootIndex: request.bootIndex },
      reading.context,
      writing.context,
      { signal: ctx.signal, recompress: request.recompress ?? false, ...(onProgress ? { onProgress } : {}) },
    );
  } finally {
    writing.close();
    reading.close();
  }
}

/** Sets NAME=VALUE pairs in a flattened property list, keeping existing keys in place. */
export function withProperties(properties: Record<string, string>, pairs: readonly [string, string][]): Record<string, string> {
  const out = { ...properties };
  for (const [key, value] of pairs) out[key] = value;
  return out;
}

function checkUniqueNames(images: ImageSource[]): void {
  const seen = new Set<string>();
  for (const image of images) {
    const name = image.kind === 'wim' ? (image.properties ?? image.set.xml.images[image.index - 1]!.properties)['NAME'] : image.fields.name;
    if (name === undefined || name === '') continue;
    if (seen.has(name)) throw new ImagewrightError(ErrorCode.IMAGE_NAME_TAKEN, { params: { name } });
    seen.add(name);
  }
}

const EXPORT_USAGE = 'export SRC IMAGE|all DEST [NAME [DESC]] [--compress C[:LEVEL]] [--chunk-size N] [--solid] [--solid-compress C] [--solid-chunk-size N] [--ref GLOB] [--boot] [--check] [--recompress] [--threads N]';

export const exportVerb: Verb = {
  name: 'export',
  summary: 'Copy images into a new or existing WIM (ESD → WIM with --compress=LZX, WIM → ESD with --solid)',
  usage: EXPORT_USAGE,
  async run(argv, ctx) {
    const args = parseArgs(argv, { flags: ['solid', 'boot', 'check', 'recompress'], values: ['compress', 'chunk-size', 'solid-compress', 'solid-chunk-size', 'ref', 'threads'] });
    if (args.positionals.length < 3 || args.positionals.length > 5) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `usage: imagewright ${EXPORT_USAGE}` });
    const [src, spec, dest, name, description] = args.positionals as [string, string, string, string?, string?];
    const source = await openSetFromArgs(src, args.values.get('ref') ?? [], ctx.signal);
    let target: WimSet | undefined;
    try {
      printWarnings(source.warnings, ctx);
      const indices = imagesOf(source, spec);
      if (name !== undefined && indices.length > 1) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: 'NAME and DESC apply to one exported image, not "all"' });
      const images: ImageSource[] = [];
      let inherit = existingWriteOptions(source);
      let bootIndex = 0;
      if (existsSync(dest)) {
        target = await openSetFromArgs(dest, [], ctx.signal);
        inherit = existingWriteOptions(target);
        bootIndex = target.main.header.bootIndex;
        for (let i = 1; i <= target.main.header.imageCount; i++) images.push({ kind: 'wim', set: target, index: i });
      }
      for (const index of indices) {
        const pairs: [string, string][] = [];
        if (name !== undefined) pairs.push(['NAME', name]);
        if (description !== undefined) pairs.push(['DESCRIPTION', description]);
        images.push({ kind: 'wim', set: source, index, properties: withProperties(source.xml.images[index - 1]!.properties, pairs) });
        if (args.flags.has('boot') || (indices.length > 1 && index === source.main.header.bootIndex)) bootIndex = images.length;
      }
      checkUniqueNames(images);
      const options = writeOptionsFromArgs(args, ctx, inherit);
      await rewriteWim(dest, { images, options, bootIndex, integrity: args.flags.has('check'), recompress: args.flags.has('recompress') }, threadsFromArgs(args.values.get('threads')), ctx);
      return 0;
    } finally {
      await closeWimSet(source);
      if (target) await closeWimSet(target);
    }
  },
};

/**
 * Applies `edit` (which reorders/drops the set's images, sets their properties, returns the boot index) and writes
 * the result: in place when `inPlace` and the file allows it, else as a rebuild.
 */
async function editWim(path: string, args: ParsedArgs, ctx: VerbContext, inPlace: boolean, edit: (set: WimSet, images: ImageSource[]) => number): Promise<void> {
  const set = await openSetFromArgs(path, [], ctx.signal);
  try {
    printWarnings(set.warnings, ctx);
    if (set.main.header.totalParts > 1) throw new ImagewrightError(ErrorCode.BAD_WRITE_OPTIONS, { path, detail: 'a split part cannot be modified; join the set first' });
    const images: ImageSource[] = [];
    for (let i = 1; i <= set.main.header.imageCount; i++) images.push({ kind: 'wim', set, index: i });
    const bootIndex = edit(set, images);
    checkUniqueNames(images);
    const options = writeOptionsFromArgs(args, ctx, existingWriteOptions(set));
    const integrity = args.flags.has('check') || (!args.flags.has('nocheck') && set.main.header.integrityTable.sizeInWim > 0);
    const threads = threadsFromArgs(args.values.get('threads'));
    const reason = inPlace ? rebuildReason(set, options, false) : undefined;
    if (inPlace && reason === undefined) {
      const keep = images.flatMap((i) => (i.kind === 'wim' ? [{ index: i.index, ...(i.properties ? { properties: i.properties } : {}) }] : []));
      await updateInPlace(set, path, { keep, add: [], bootIndex, integrity, ...(options.solid ? { solid: options.solid } : {}) }, options, threads, ctx);
      return;
    }
    if (reason) noteRebuild(reason, ctx);
    await rewriteWim(path, { images, options, bootIndex, integrity, recompress: args.flags.has('recompress') }, threads, ctx);
  } finally {
    await closeWimSet(set);
  }
}

const DELETE_USAGE = 'delete WIM IMAGE|all [--soft] [--check] [--nocheck] [--threads N]';

export const deleteVerb: Verb = {
  name: 'delete',
  summary: 'Delete images from a WIM (rebuilt without their data; --soft: in place, their data left as holes)',
  usage: DELETE_USAGE,
  async run(argv, ctx) {
    const args = parseArgs(argv, { flags: ['soft', 'check', 'nocheck'], values: ['threads'] });
    if (args.positionals.length !== 2) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `usage: imagewright ${DELETE_USAGE}` });
    const [wim, spec] = args.positionals as [string, string];
    await editWim(wim, args, ctx, args.flags.has('soft'), (set, images) => {
      const drop = new Set(imagesOf(set, spec));
      const boot = set.main.header.bootIndex;
      const kept = images.filter((i) => i.kind === 'wim' && !drop.has(i.index));
      images.splice(0, images.length, ...kept);
      // The boot image keeps its flag if it survives, under its new index.
      return boot && !drop.has(boot) ? kept.findIndex((i) => i.kind === 'wim' && i.index === boot) + 1 : 0;
    });
    return 0;
  },
};

const OPTIMIZE_USAGE = 'optimize WIM [--recompress] [--compress C[:LEVEL]] [--chunk-size N] [--solid] [--check] [--threads N]';

export const optimizeVerb: Verb = {
  name: 'optimize',
  summary: 'Rebuild a WIM without holes (optionally recompressing every blob)',
  usage: OPTIMIZE_USAGE,
  async run(argv, ctx) {
    const args = parseArgs(argv, { flags: ['recompress', 'solid', 'check', 'nocheck'], values: ['compress', 'chunk-size', 'solid-compress', 'solid-chunk-size', 'threads'] });
    if (args.positionals.length !== 1) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `usage: imagewright ${OPTIMIZE_USAGE}` });
    await editWim(args.positionals[0]!, args, ctx, false, (set) => set.main.header.bootIndex);
    return 0;
  },
};

/**
 * info's editing form: `info WIM IMAGE [NEW_NAME [NEW_DESC]] [--boot] [--image-property NAME=VALUE]… [--rebuild]`,
 * in place (only the XML and header change) unless --rebuild. Returns false when there is nothing to change.
 */
export async function editImageInfo(args: ParsedArgs, ctx: VerbContext): Promise<boolean> {
  const [wim, spec, newName, newDescription] = args.positionals as [string, string?, string?, string?];
  const pairs = imagePropertiesFromArgs(args.values.get('image-property'));
  if (newName !== undefined) pairs.push(['NAME', newName]);
  if (newDescription !== undefined) pairs.push(['DESCRIPTION', newDescription]);
  if (spec === undefined || (pairs.length === 0 && !args.flags.has('boot'))) return false;
  await editWim(wim, args, ctx, !args.flags.has('rebuild'), (set, images) => {
    const index = resolveImage(set, spec);
    const image = images[index - 1]!;
    if (image.kind === 'wim') image.properties = withProperties(set.xml.images[index - 1]!.properties, pairs);
    return args.flags.has('boot') ? index : set.main.header.bootIndex;
  });
  return true;
}
