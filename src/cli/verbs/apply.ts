/**
 * `imagewright apply FILE IMAGE DIR [--ref GLOB]…` (IMAGE "all": every image into DIR/<image name>) and `imagewright extract FILE IMAGE PATH… --dest-dir D`:
 * write an image (or some of its files and folders) to a folder, like wimlib-imagex apply / extract on Linux:
 * file contents, directories, hard links, symlinks (RP_FIX links re-rooted at DIR), times. Names the folder cannot
 * hold are changed by the path policy and listed; named data streams are skipped and counted.
 */
import { join, resolve } from 'node:path';
import { extractImage, type ExtractReport } from '../../engine/extract/extract-image';
import { readImage } from '../../formats/wim/image';
import { closeWimSet } from '../../formats/wim/wim-set';
import { NodeDirSink } from '../../io/node-dir-sink';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { parseArgs } from '../args';
import { nodeBlobReadContext, openSetFromArgs, printWarnings, threadsFromArgs } from '../open-set';
import { terminalProgress } from '../progress-line';
import type { Verb, VerbContext } from '../verb';

/** "all" or "*" (any case) names every image, as wimlib_resolve_image reads it. */
function isAllImages(spec: string): boolean {
  return /^(all|\*)$/i.test(spec);
}

/** The folder an image goes to under `apply FILE all DIR`: its name when usable as one, else its index (as wimlib). */
function imageFolder(name: string | undefined, index: number): string {
  return name && !name.includes('/') && name !== '.' && name !== '..' ? name : String(index);
}

async function runExtraction(file: string, imageSpec: string, dir: string, paths: string[] | undefined, refs: string[], threads: number, ctx: VerbContext): Promise<number> {
  // The decode workers boot (≈ 50–100 ms each: a Node isolate, the bundle, the codec) while this thread opens the
  // set; the first task, the image's metadata, then finds one ready.
  const [opened, started] = await Promise.allSettled([openSetFromArgs(file, refs, ctx.signal), nodeBlobReadContext(threads, { oneWorker: true })]);
  if (opened.status === 'rejected' || started.status === 'rejected') {
    if (started.status === 'fulfilled') started.value.close();
    if (opened.status === 'fulfilled') await closeWimSet(opened.value);
    throw opened.status === 'rejected' ? opened.reason : (started as PromiseRejectedResult).reason;
  }
  const [set, reading] = [opened.value, started.value];
  try {
    printWarnings(set.warnings, ctx);
    const readCtx = reading.context;
    const targets =
      !paths && isAllImages(imageSpec)
        ? Array.from({ length: set.main.header.imageCount }, (_, i) => ({
            spec: i + 1,
            dir: join(dir, imageFolder(set.xml.images.find((image) => image.index === i + 1)?.name, i + 1)),
          }))
        : [{ spec: imageSpec, dir }];
    for (const target of targets) {
      const image = await readImage(set, target.spec, readCtx, ctx.signal);
      printWarnings(image.metadata.warnings, ctx);
      const sink = await NodeDirSink.open(target.dir);
      const onProgress = terminalProgress(ctx);
      const report = await extractImage(set, image, sink, readCtx, {
        signal: ctx.signal,
        targetRoot: sink.rootPath,
        ...(paths ? { paths } : {}),
        ...(onProgress ? { onProgress } : {}),
      });
      printReport(report, ctx);
    }
    return 0;
  } finally {
    reading.close();
    await closeWimSet(set);
  }
}

function printReport(report: ExtractReport, ctx: VerbContext): void {
  for (const r of report.renamed) ctx.stderr(`imagewright: warning: "${r.imagePath}" was written as "${r.written}" (${r.reason})\n`);
  // Counted per file, as wimlib-imagex words it, so the two tools' warnings can be compared line for line.
  if (report.filesWithNamedStreams) {
    ctx.stderr(
      `imagewright: warning: ignoring named data streams of ${report.filesWithNamedStreams} files (${report.skippedNamedStreams} streams; the target has no place for them)\n`,
    );
  }
  if (report.filesWithSecurityDescriptors) {
    ctx.stderr(`imagewright: warning: ignoring Windows NT security descriptors of ${report.filesWithSecurityDescriptors} files (the target has no place for them)\n`);
  }
  for (const path of report.otherReparsePoints) ctx.stderr(`imagewright: warning: "${path}" is a reparse point other than a link; extracted as a plain entry\n`);
  ctx.stdout(
    `Extracted ${report.files} files (${report.bytes} bytes), ${report.directories} directories, ${report.hardLinks} hard links, ${report.links} symbolic links\n`,
  );
}

const APPLY_USAGE = 'apply FILE IMAGE|all DIR [--ref "dir/part*.swm"] [--threads N]';

export const applyVerb: Verb = {
  name: 'apply',
  summary: 'Write a whole image to a folder (contents, directories, hard links, symlinks, times)',
  usage: APPLY_USAGE,
  async run(argv, ctx) {
    const args = parseArgs(argv, { values: ['ref', 'threads'] });
    if (args.positionals.length !== 3) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `usage: imagewright ${APPLY_USAGE}` });
    const [file, image, dir] = args.positionals as [string, string, string];
    return runExtraction(file, image, dir, undefined, args.values.get('ref') ?? [], threadsFromArgs(args.values.get('threads')), ctx);
  },
};

const EXTRACT_USAGE = 'extract FILE IMAGE PATH... --dest-dir D [--ref "dir/part*.swm"] [--threads N]';

export const extractVerb: Verb = {
  name: 'extract',
  summary: 'Write some files or folders of an image to a folder, each under its own name',
  usage: EXTRACT_USAGE,
  async run(argv, ctx) {
    const args = parseArgs(argv, { values: ['ref', 'dest-dir', 'threads'] });
    if (args.positionals.length < 3) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `usage: imagewright ${EXTRACT_USAGE}` });
    const [file, image, ...paths] = args.positionals as [string, string, ...string[]];
    const dest = args.values.get('dest-dir')?.at(-1) ?? '.';
    return runExtraction(file, image, resolve(dest), paths, args.values.get('ref') ?? [], threadsFromArgs(args.values.get('threads')), ctx);
  },
};
