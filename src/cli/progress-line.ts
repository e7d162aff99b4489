/**
 * Progress for the terminal: one line rewritten in place on stderr ("file data: 120 MiB of 800 MiB (15%),
 * 95.2 MB/s, 7 s left"), only when stderr is a TTY so that scripts and tests see clean output.
 */
import type { ProgressCallback, ProgressReport } from '../engine/progress';
import type { VerbContext } from './verb';

const LABEL: Record<ProgressReport['phase'], string> = {
  integrity: 'Checking integrity',
  metadata: 'Reading metadata',
  data: 'File data',
  links: 'Links and times',
};

function mib(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}

export function terminalProgress(ctx: VerbContext): ProgressCallback | undefined {
  if (!process.stderr.isTTY) return undefined;
  const started = Date.now();
  return (r) => {
    const seconds = (Date.now() - started) / 1000;
    let line = `${LABEL[r.phase]}: `;
    if (r.phase === 'metadata') line += `image ${Math.min(r.done + 1, r.total)} of ${r.total}`;
    else {
      const rate = seconds > 0 ? r.done / seconds : 0;
      line += `${mib(r.done)} of ${mib(r.total)} (${r.total ? Math.floor((100 * r.done) / r.total) : 100}%)`;
      if (rate > 0) line += `, ${(rate / 1e6).toFixed(1)} MB/s, ${Math.ceil((r.total - r.done) / rate)} s left`;
    }
    ctx.stderr(`\r${line.padEnd(78)}${r.done >= r.total ? '\n' : ''}`);
  };
}
