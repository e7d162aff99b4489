/** One CLI verb: the table in main.ts maps names to these, so new verbs are one import and one line. */
export interface VerbContext {
  signal: AbortSignal;
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface Verb {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code; throws ImagewrightError for anything the user can fix. */
  run(argv: readonly string[], ctx: VerbContext): Promise<number>;
}
