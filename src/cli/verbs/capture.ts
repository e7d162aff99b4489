/**
 * `imagewright capture SRC WIM [NAME [DESC]]` and `imagewright append SRC WIM [NAME [DESC]]`, like
 * wimlib-imagex: capture a folder as a new WIM (LZX 32K by default; --solid makes an LZMS ESD), or add it as one
 * more image of an existing WIM (which keeps its codec unless told otherwise). capture writes a temporary file
 * renamed over WIM only when complete; append, like wimlib, adds the new data and tables after the end of WIM
 * and rewrites its header last (in-place.ts), unless --rebuild (or another codec) asks for the whole rewrite.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { defaultCaptureConfig, exclusionMatcher, parseCaptureConfig } from '../../engine/capture/capture-config';
import { scanTree } from '../../engine/capture/scan-tree';
import type { ImageSource } from '../../engine/write/wim-content';
import { writeWimJob } from '../../engine/write/write-job';
import { closeWimSet, type WimSet } from '../../formats/wim/wim-set';
import { NodeFileWriter } from '../../io/node-file-writer';
import { NodeTreeSource } from '../../io/node-tree-source';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { parseArgs } from '../args';
import { nodeBlobReadContext, openSetFromArgs, printWarnings, threadsFromArgs } from '../open-set';
import { terminalProgress } from '../progress-line';
import type { Verb, VerbContext } from '../verb';
import { nodeBlobWriteContext, writeOptionsFromArgs, type CliWriteOptions } from '../write-context';
import { noteRebuild, rebuildReason, updateInPlace } from './in-place';
import { bootIndexFromArgs, existingWriteOptions, imageFieldsFromArgs } from './write-args';

const SPEC = {
  flags: ['solid', 'check', 'nocheck', 'boot', 'no-rpfix', 'rpfix', 'rebuild'],
  values: ['compress', 'chunk-size', 'solid-compress', 'solid-chunk-size', 'config', 'threads', 'flags', 'image-property'],
};

async function run(append: boolean, argv: readonly string[], ctx: VerbContext): Promise<number> {
  const args = parseArgs(argv, SPEC);
  const usage = append ? APPEND_USAGE : CAPTURE_USAGE;
  if (args.positionals.length < 2 || args.positionals.length > 4) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `usage: imagewright ${usage}` });
  const [src, wim, name = basename(resolve(args.positionals[0]!)), description] = args.positionals as [string, string, string?, string?];
  const configPath = args.values.get('config')?.at(-1);
  const config = configPath ? parseCaptureConfig(await readFile(configPath, 'utf8'), configPath) : defaultCaptureConfig();
  const threads = threadsFromArgs(args.values.get('threads'));
  const source = await NodeTreeSource.open(src);
  let set: WimSet | undefined;
  const reading = await nodeBlobReadContext(1);
  let writing: Awaited<ReturnType<typeof nodeBlobWriteContext>> | undefined;
  try {
    let options: CliWriteOptions;
    const images: ImageSource[] = [];
    if (append) {
      // A split part is refused whole (as wimlib does), before anything looks for its other parts.
      set = await openSetFromArgs(wim, [], ctx.signal, { requireComplete: false });
      if (set.main.header.totalParts > 1) throw new ImagewrightError(ErrorCode.INPLACE_SPLIT_PART, { path: wim });
      printWarnings(set.warnings, ctx);
      if (set.xml.images.some((i) => i.name === name)) throw new ImagewrightError(ErrorCode.IMAGE_NAME_TAKEN, { params: { name }, path: wim });
      options = writeOptionsFromArgs(args, ctx, existingWriteOptions(set));
      for (let i = 1; i <= set.main.header.imageCount; i++) images.push({ kind: 'wim', set, index: i });
    } else {
      options = writeOptionsFromArgs(args, ctx);
    }
    const rpFix = !args.flags.has('no-rpfix');
    const scanned = await scanTree(source, { isExcluded: exclusionMatcher(config), rpFix, signal: ctx.signal });
    for (const path of scanned.excluded) ctx.stderr(`imagewright: note: excluded "${path}"\n`);
    images.push({ kind: 'tree', source, scanned, fields: { name, ...(description === undefined ? {} : { description }), ...imageFieldsFromArgs(args) } });
    const bootIndex = bootIndexFromArgs(args, set, images.length);
    // Like wimlib: an existing integrity table is kept up to date unless --nocheck.
    const integrity = args.flags.has('check') || (set !== undefined && set.main.header.integrityTable.sizeInWim > 0 && !args.flags.has('nocheck'));
    const reason = set ? rebuildReason(set, options, args.flags.has('rebuild')) : 'new file';
    if (set && reason === undefined) {
      const add = images.filter((i): i is Extract<ImageSource, { kind: 'tree' }> => i.kind === 'tree');
      const keep = images.flatMap((i) => (i.kind === 'wim' ? [{ index: i.index }] : []));
      await updateInPlace(set, wim, { keep, add, bootIndex, integrity, ...(options.solid ? { solid: options.solid } : {}) }, options, threads, ctx);
      return 0;
    }
    if (set && reason) noteRebuild(reason, ctx);
    writing = await nodeBlobWriteContext(threads, options.level);
    const writer = await NodeFileWriter.create(wim);
    const onProgress = terminalProgress(ctx);
    await writeWimJob(
      writer,
      images,
      { compression: options.compression, chunkSize: options.chunkSize, ...(options.solid ? { solid: options.solid } : {}), integrity, bootIndex, rpFix },
      reading.context,
      writing.context,
      { signal: ctx.signal, ...(onProgress ? { onProgress } : {}) },
    );
    return 0;
  } finally {
    writing?.close();
    reading.close();
    if (set) await closeWimSet(set);
  }
}

const CAPTURE_USAGE =
  'capture SRC WIM [NAME [DESC]] [--compress=none|XPRESS|LZX|LZMS[:LEVEL]] [--chunk-size N] [--solid] [--solid-compress C] [--solid-chunk-size N] [--boot] [--check] [--config FILE] [--flags EDITIONID] [--threads N]';
const APPEND_USAGE = `${CAPTURE_USAGE.replace(/^capture/, 'append')} [--rebuild]`;

export const captureVerb: Verb = {
  name: 'capture',
  summary: 'Capture a folder as a new WIM (LZX by default; --solid for an LZMS ESD)',
  usage: CAPTURE_USAGE,
  run: (argv, ctx) => run(false, argv, ctx),
};

export const appendVerb: Verb = {
  name: 'append',
  summary: 'Capture a folder as one more image of an existing WIM (in place; --rebuild rewrites it whole)',
  usage: APPEND_USAGE,
  run: (argv, ctx) => run(true, argv, ctx),
};
