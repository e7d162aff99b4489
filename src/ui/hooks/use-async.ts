/**
 * Runs one engine call per change of its inputs and keeps only the latest answer: a slow answer for an entry the
 * user already left is dropped, never shown. Quick calls (listing, properties, preview) are not aborted in the
 * engine: cancelling there is for long jobs, and letting a short read finish keeps the session warm.
 * `run` is null when there is nothing to ask.
 */
import { useEffect, useState } from 'preact/hooks';
import { isAbortError } from '../../shared/errors';

export type AsyncState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'done'; value: T }
  | { status: 'failed'; error: unknown };

export function useAsync<T>(run: (() => Promise<T>) | null, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'idle' });
  useEffect(() => {
    if (!run) {
      setState({ status: 'idle' });
      return;
    }
    let current = true;
    setState({ status: 'loading' });
    run().then(
      (value) => current && setState({ status: 'done', value }),
      (error: unknown) => current && !isAbortError(error) && setState({ status: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, deps);
  return state;
}
