/**
 * The CLI side of in-place updates (engine/write/update-job.ts), shared by append, delete --soft and info's
 * editing form. As wimlib-imagex decides (src/write.c can_overwrite_wim_inplace): a file is updated in place
 * unless --rebuild is given, or the new data would need another codec or chunk size, or the file is pipable —
 * then it is rewritten whole, which is always possible. Split parts and files left with WRITE_IN_PROGRESS are
 * refused by the engine with named errors.
 */
import { checkInPlace, updateWimJob, type UpdateRequest } from '../../engine/write/update-job';
import { PWM_MAGIC } from '../../formats/wim/header';
import type { WimSet } from '../../formats/wim/wim-set';
import { NodeFileUpdater } from '../../io/node-file-updater';
import { nodeBlobReadContext } from '../open-set';
import { terminalProgress } from '../progress-line';
import type { VerbContext } from '../verb';
import { nodeBlobWriteContext, type CliWriteOptions } from '../write-context';
import { existingWriteOptions } from './write-args';

/** Why `set` is rewritten whole instead of updated in place with `options`; undefined = in place. */
export function rebuildReason(set: WimSet, options: CliWriteOptions, rebuild: boolean): string | undefined {
  if (rebuild) return '--rebuild';
  if (set.main.header.magic === PWM_MAGIC) return 'pipable WIM';
  const have = existingWriteOptions(set);
  if (have.compression !== options.compression || have.chunkSize !== options.chunkSize) return 'another codec or chunk size';
  if (have.solid?.compression !== options.solid?.compression || have.solid?.chunkSize !== options.solid?.chunkSize) return 'another solid codec or chunk size';
  return undefined;
}

/** Says on stderr that the file is rewritten whole, unless the user asked for it. */
export function noteRebuild(reason: string, ctx: VerbContext): void {
  if (reason !== '--rebuild') ctx.stderr(`imagewright: note: rewriting the whole file (${reason})\n`);
}

/** Updates the file `set` was read from in place; the read/encode contexts live for the call. */
export async function updateInPlace(set: WimSet, path: string, request: UpdateRequest, options: CliWriteOptions, threads: number, ctx: VerbContext): Promise<void> {
  // Refusals come before the file is even opened for writing.
  checkInPlace(set);
  const reading = await nodeBlobReadContext(1);
  const writing = await nodeBlobWriteContext(threads, options.level);
  try {
    const writer = await NodeFileUpdater.open(path);
    const onProgress = terminalProgress(ctx);
    await updateWimJob(writer, set, request, reading.context, writing.context, { signal: ctx.signal, ...(onProgress ? { onProgress } : {}) });
  } finally {
    writing.close();
    reading.close();
  }
}
