/**
 * `imagewright split WIM SWM [PART_SIZE_MB]` and `imagewright join OUT SWM...`, like wimlib-imagex: cut a WIM
 * or ESD into parts of at most PART_SIZE_MB MiB (default 4095, what fits FAT32) named SWM, SWM2, SWM3…; solid
 * WIMs split too (formats/wim/write/split.ts explains the layout). join rebuilds one WIM from all the parts.
 */
import { splitWimJob } from '../../engine/split/split-job';
import { writeWimJob } from '../../engine/write/write-job';
import type { ImageSource } from '../../engine/write/wim-content';
import { closeWimSet, openWimSet, type WimSet } from '../../formats/wim/wim-set';
import { readWimHeader } from '../../formats/wim/header';
import { partFileName } from '../../formats/wim/write/split';
import { NodeFileSource } from '../../io/node-file-source';
import { NodeFileWriter } from '../../io/node-file-writer';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { parseArgs } from '../args';
import { expandGlob } from '../glob';
import { nodeBlobReadContext, openSetFromArgs, printWarnings, threadsFromArgs } from '../open-set';
import { terminalProgress } from '../progress-line';
import type { Verb } from '../verb';
import { nodeBlobWriteContext } from '../write-context';
import { existingWriteOptions } from './write-args';

const MIB = 1024 * 1024;
/** The largest part that fits a FAT32 file (4 GiB − 1) with room to spare, as DISM's default. */
export const DEFAULT_PART_SIZE_MB = 4095;

const SPLIT_USAGE = 'split WIM SWM [PART_SIZE_MB] [--check] [--threads N]';

export const splitVerb: Verb = {
  name: 'split',
  summary: 'Split a WIM or ESD into parts of at most PART_SIZE_MB MiB (default 4095), solid ones included',
  usage: SPLIT_USAGE,
  async run(argv, ctx) {
    const args = parseArgs(argv, { flags: ['check'], values: ['threads'] });
    if (args.positionals.length < 2 || args.positionals.length > 3) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `usage: imagewright ${SPLIT_USAGE}` });
    const [wim, swm, sizeText] = args.positionals as [string, string, string?];
    const mb = sizeText === undefined ? DEFAULT_PART_SIZE_MB : Number(sizeText);
    if (!Number.isFinite(mb) || mb <= 0) throw new ImagewrightError(ErrorCode.BAD_SPLIT_SIZE, { params: { size: sizeText ?? '' } });
    const set = await openSetFromArgs(wim, [], ctx.signal);
    const threads = threadsFromArgs(args.values.get('threads'));
    const reading = await nodeBlobReadContext(threads);
    const writing = await nodeBlobWriteContext(threads);
    try {
      printWarnings(set.warnings, ctx);
      if (set.main.header.totalParts > 1) throw new ImagewrightError(ErrorCode.BAD_WRITE_OPTIONS, { path: wim, detail: 'this file is already a split part; join the set first' });
      const onProgress = terminalProgress(ctx);
      const report = await splitWimJob(set, (n) => NodeFileWriter.create(partFileName(swm, n)), reading.context, writing.context, {
        partSize: Math.floor(mb * MIB),
        integrity: args.flags.has('check'),
        signal: ctx.signal,
        ...(onProgress ? { onProgress } : {}),
      });
      for (const o of report.oversized) ctx.stderr(`imagewright: warning: ${o.what} is ${o.size} bytes, more than the part size: its part is larger than ${mb} MiB\n`);
      if (report.reencoded) ctx.stderr(`imagewright: note: ${report.reencoded} blob(s) cut by a solid-resource boundary were stored again as their own resources\n`);
      ctx.stdout(`Wrote ${report.parts} part${report.parts === 1 ? '' : 's'}\n`);
      return 0;
    } finally {
      writing.close();
      reading.close();
      await closeWimSet(set);
    }
  },
};

const JOIN_USAGE = 'join OUT SWM... [--check] [--threads N]';

/** Orders the given parts so that part 1 comes first (join accepts them in any order, like wimlib). */
async function openParts(patterns: readonly string[], signal: AbortSignal): Promise<WimSet> {
  const paths: string[] = [];
  for (const p of patterns) for (const path of await expandGlob(p)) if (!paths.includes(path)) paths.push(path);
  const sources: NodeFileSource[] = [];
  try {
    for (const path of paths) sources.push(await NodeFileSource.open(path));
    const numbers = await Promise.all(sources.map(async (s) => (await readWimHeader(s, signal)).partNumber));
    const order = sources.map((s, i) => ({ s, n: numbers[i]! })).sort((a, b) => a.n - b.n).map((x) => x.s);
    return await openWimSet(order, signal);
  } catch (error) {
    await Promise.all(sources.map((s) => s.close()));
    throw error;
  }
}

export const joinVerb: Verb = {
  name: 'join',
  summary: 'Join the parts of a split WIM into one WIM',
  usage: JOIN_USAGE,
  async run(argv, ctx) {
    const args = parseArgs(argv, { flags: ['check'], values: ['threads'] });
    if (args.positionals.length < 2) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `usage: imagewright ${JOIN_USAGE}` });
    const [out, ...parts] = args.positionals as [string, ...string[]];
    const set = await openParts(parts, ctx.signal);
    const threads = threadsFromArgs(args.values.get('threads'));
    const reading = await nodeBlobReadContext(threads);
    const writing = await nodeBlobWriteContext(threads);
    try {
      printWarnings(set.warnings, ctx);
      const opts = existingWriteOptions(set);
      const images: ImageSource[] = [];
      for (let i = 1; i <= set.main.header.imageCount; i++) images.push({ kind: 'wim', set, index: i });
      const onProgress = terminalProgress(ctx);
      await writeWimJob(
        await NodeFileWriter.create(out),
        images,
        { compression: opts.compression, chunkSize: opts.chunkSize, ...(opts.solid ? { solid: opts.solid } : {}), integrity: args.flags.has('check'), bootIndex: set.main.header.bootIndex },
        reading.context,
        writing.context,
        { signal: ctx.signal, ...(onProgress ? { onProgress } : {}) },
      );
      return 0;
    } finally {
      writing.close();
      reading.close();
      await closeWimSet(set);
    }
  },
};
