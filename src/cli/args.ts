/**
 * A small, strict argv parser for the CLI verbs: declared flags and string options only, GNU-style
 * (`--ref GLOB`, `--ref=GLOB`, repeated options collect into a list, `--` ends options). Unknown options throw
 * INVALID_ARGUMENT so typos never pass silently.
 */
import { ErrorCode, ImagewrightError } from '../shared/errors';

export interface OptionSpec {
  /** Boolean switches, without the leading dashes. */
  flags?: readonly string[];
  /** Options taking one value; may be repeated. */
  values?: readonly string[];
}

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string[]>;
}

export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: new Set(), values: new Map() };
  const flags = new Set(spec.flags ?? []);
  const values = new Set(spec.values ?? []);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') {
        throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `unknown option ${arg}` });
      }
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (flags.has(name)) {
      if (eq >= 0) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `--${name} takes no value` });
      out.flags.add(name);
    } else if (values.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `--${name} needs a value` });
      out.values.set(name, [...(out.values.get(name) ?? []), value]);
    } else {
      throw new ImagewrightError(ErrorCode.INVALID_ARGUMENT, { detail: `unknown option --${name}` });
    }
  }
  return out;
}
