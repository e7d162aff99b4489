/**
 * `imagewright verify FILE [--ref GLOB]… [--json]`: like wimlib-imagex verify — integrity table (when present),
 * every image's metadata, every blob decompressed and checked against its SHA-1 — but every problem is reported,
 * each bad or missing blob with the paths that use it. Exit code 0 when clean, 1 otherwise.
 */
import { closeWimSet } from '../../formats/wim/wim-set';
import { verifyWim } from '../../engine/verify';
import { ErrorCode, ImagewrightError } from '../../shared/errors';
import { parseArgs } from '../args';
import { nodeBlobReadContext, openSetFromArgs, printWarnings, threadsFromArgs } from '../open-set';
import { terminalProgress } from '../progress-line';
import type { Verb, VerbContext } from '../verb';

const USAGE = 'verify FILE [--json] [--ref "dir/part*.swm"] [--threads N]';

async function run(argv: readonly string[], ctx: VerbContext): Promise<number> {
  const args = parseArgs(argv, { flags: ['json'], values: ['ref', 'threads'] });
  if (args.positionals.length !== 1) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `usage: imagewright ${USAGE}` });
  const file = args.positionals[0]!;
  const set = await openSetFromArgs(file, args.values.get('ref') ?? [], ctx.signal);
  try {
    printWarnings(set.warnings, ctx);
    const onProgress = args.flags.has('json') ? undefined : terminalProgress(ctx);
    const reading = await nodeBlobReadContext(threadsFromArgs(args.values.get('threads')));
    const report = await verifyWim(set, reading.context, { signal: ctx.signal, ...(onProgress ? { onProgress } : {}) }).finally(() => reading.close());
    if (args.flags.has('json')) {
      ctx.stdout(`${JSON.stringify(report, null, 2)}\n`);
      return report.ok ? 0 : 1;
    }
    let out = '';
    if (report.integrity === 'absent') {
      ctx.stderr(`imagewright: warning: "${file}" does not contain integrity information; integrity check skipped\n`);
    } else if (report.integrity === 'ok') {
      out += 'Integrity table: ok\n';
    } else if ('error' in report.integrity) {
      out += `Integrity table: invalid: ${report.integrity.error}\n`;
    } else {
      for (const m of report.integrity.mismatches) out += `Integrity table: chunk ${m.chunk} [${m.start}, ${m.end}) does not match its SHA-1\n`;
    }
    for (const image of report.images) {
      out += `Verifying metadata for image ${image.index} of ${report.images.length}${image.ok ? '' : `: FAILED: ${image.error}`}\n`;
    }
    out += `Verifying file data: ${report.blobCount} blobs, ${report.blobBytes} bytes\n`;
    for (const p of report.problems) {
      out += `Bad blob ${p.hash} (${p.size} bytes): ${p.code}: ${p.message}\n`;
      for (const user of p.users) out += `    used by image ${user.image}: ${user.path}\n`;
      if (p.users.length === 0) out += '    used by no file of any image\n';
    }
    if (report.ok) {
      out += `\n"${file}" was successfully verified.\n`;
      ctx.stdout(out);
      return 0;
    }
    ctx.stdout(out);
    const count = report.problems.length;
    ctx.stderr(`imagewright: "${file}" failed verification${count ? ` (${count} bad blob${count === 1 ? '' : 's'})` : ''}\n`);
    return 1;
  } finally {
    await closeWimSet(set);
  }
}

export const verifyVerb: Verb = {
  name: 'verify',
  summary: 'Check the integrity table, every image and every blob; report each bad blob and the files using it',
  usage: USAGE,
  run,
};
