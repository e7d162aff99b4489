/**
 * Runs one engine call per change of its inputs and keeps only the latest answer: a slow answer for an entry the
 * user already left is dropped, never shown, and its signal is aborted — which stops long engine jobs (the doctor)
 * and only drops short calls (the client keeps the worker and its sessions for those).
 * The state is tied to the inputs it answers: on the render where the inputs change, the hook already says
 * 'loading' instead of showing the previous answer under the new name.
 * `run` is null when there is nothing to ask.
 */
import { useEffect, useState } from 'preact/hooks';
import { isAbortError } from '../../shared/errors';

export type AsyncState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'done'; value: T }
  | { status: 'failed'; error: unknown };

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

export function useAsync<T>(run: ((signal: AbortSignal) => Promise<T>) | null, deps: readonly unknown[]): AsyncState<T> {
  const [answer, setAnswer] = useState<{ deps: readonly unknown[]; state: AsyncState<T> }>({ deps: [], state: { status: 'idle' } });
  useEffect(() => {
    if (!run) {
      setAnswer({ deps, state: { status: 'idle' } });
      return;
    }
    const controller = new AbortController();
    setAnswer({ deps, state: { status: 'loading' } });
    run(controller.signal).then(
      (value) => !controller.signal.aborted && setAnswer({ deps, state: { status: 'done', value } }),
      (error: unknown) => !controller.signal.aborted && !isAbortError(error) && setAnswer({ deps, state: { status: 'failed', error } }),
    );
    return () => controller.abort();
  }, deps);
  if (sameInputs(answer.deps, deps)) return answer.state;
  return run ? { status: 'loading' } : { status: 'idle' };
}
