/**
 * `imagewright` for Node: dispatches to a verb from the table below. Failures print ONE line
 * `imagewright: error <CODE_NAME>: <message>` on stderr (no stack trace) and exit non-zero:
 * 2 for usage errors, 1 for everything else, 130 when interrupted.
 */
import packageJson from '../../package.json';
import { ErrorCode, ImagewrightError, isAbortError } from '../shared/errors';
import type { Verb, VerbContext } from './verb';
import { applyVerb, extractVerb } from './verbs/apply';
import { appendVerb, captureVerb } from './verbs/capture';
import { dirVerb } from './verbs/dir';
import { deleteVerb, exportVerb, optimizeVerb } from './verbs/edit';
import { infoVerb } from './verbs/info';
import { joinVerb, splitVerb } from './verbs/split';
import { verifyVerb } from './verbs/verify';

const VERBS: readonly Verb[] = [infoVerb, dirVerb, verifyVerb, applyVerb, extractVerb, captureVerb, appendVerb, exportVerb, deleteVerb, optimizeVerb, splitVerb, joinVerb];

function helpText(): string {
  const lines = [
    `imagewright ${packageJson.version} — Windows deployment images (WIM, ESD, SWM)`,
    '',
    'Usage: imagewright VERB [OPTIONS]',
    '',
    'Verbs:',
    ...VERBS.map((v) => `  ${v.name.padEnd(10)}${v.summary}\n              imagewright ${v.usage}`),
    '',
    'Options: --help, --version',
  ];
  return lines.join('\n') + '\n';
}

function errorLine(error: unknown): string {
  if (error instanceof ImagewrightError) return `imagewright: error ${error.codeName}: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `imagewright: error ENGINE_FAILED: ${message.split('\n')[0]}`;
}

export async function main(argv: readonly string[], ctx: VerbContext): Promise<number> {
  const [verbName, ...rest] = argv;
  if (verbName === undefined || verbName === '--help' || verbName === '-h' || verbName === 'help') {
    ctx.stdout(helpText());
    return verbName === undefined ? 2 : 0;
  }
  if (verbName === '--version' || verbName === '-V') {
    ctx.stdout(`imagewright ${packageJson.version}\n`);
    return 0;
  }
  try {
    const verb = VERBS.find((v) => v.name === verbName);
    if (!verb) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `unknown verb "${verbName}" (try --help)` });
    if (rest.includes('--help') || rest.includes('-h')) {
      ctx.stdout(`Usage: imagewright ${verb.usage}\n${verb.summary}\n`);
      return 0;
    }
    return await verb.run(rest, ctx);
  } catch (error) {
    if (isAbortError(error)) {
      ctx.stderr('imagewright: cancelled\n');
      return 130;
    }
    ctx.stderr(`${errorLine(error)}\n`);
    return error instanceof ImagewrightError && error.code === ErrorCode.INVALID_ARGUMENT ? 2 : 1;
  }
}

/** Entry point used by bin/imagewright. */
export async function runCli(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  // A reader that goes away (`imagewright dir … | head`) is no crash: stop writing, cancel the work.
  let stdoutClosed = false;
  const onStdoutError = (): void => {
    stdoutClosed = true;
    controller.abort();
  };
  process.stdout.on('error', onStdoutError);
  const code = await main(argv, {
    signal: controller.signal,
    stdout: (text) => void (stdoutClosed || process.stdout.write(text)),
    stderr: (text) => void process.stderr.write(text),
  });
  process.off('SIGINT', onSignal);
  process.exitCode = stdoutClosed ? 0 : code;
}
