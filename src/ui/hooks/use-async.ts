/**
 * Runs one engine call per change of its inputs and keeps only the latest answer: a slow answer for an entry the
 * user already left is dropped, never shown, and its signal is aborted — which stops long engine jobs (the doctor)
 * and only drops short calls (the client keeps the worker and its sessions for those).
 * `run` is null when there is nothing to ask.
 */
import { useEffect, useState } from 'preact/hooks';
import { isAbortError } from '../../shared/errors';

export type AsyncState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'done'; value: T }
  | { status: 'failed'; error: unknown };

export function useAsync<T>(run: ((signal: AbortSignal) => Promise<T>) | null, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'idle' });
  useEffect(() => {
    if (!run) {
      setState({ status: 'idle' });
      return;
    }
    const controller = new AbortController();
    setState({ status: 'loading' });
    run(controller.signal).then(
      (value) => !controller.signal.aborted && setState({ status: 'done', value }),
      (error: unknown) => !controller.signal.aborted && !isAbortError(error) && setState({ status: 'failed', error }),
    );
    return () => controller.abort();
  }, deps);
  return state;
}
