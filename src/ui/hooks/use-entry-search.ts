/**
 * Search across the whole image as the user types: a short pause after the last key starts one engine search;
 * matches stream in batches and show at once; a new pattern (or clearing it) cancels the running search.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EntrySummary } from '../../engine/explorer/explorer-api';
import { isAbortError } from '../../shared/errors';
import type { ImageSession } from './image-session';

/** Pause after the last keystroke before searching: avoids one search per letter. */
const TYPING_PAUSE_MS = 250;

export interface EntrySearch {
  pattern: string;
  setPattern(pattern: string): void;
  /** Pattern of the results shown (may lag `pattern` while typing). */
  searched: string;
  results: EntrySummary[];
  running: boolean;
  truncated: boolean;
  error: unknown;
}

export function useEntrySearch(session: ImageSession): EntrySearch {
  const [pattern, setPattern] = useState('');
  const [searched, setSearched] = useState('');
  const [results, setResults] = useState<EntrySummary[]>([]);
  const [running, setRunning] = useState(false);
  const [truncated, setTruncated] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const job = useRef<AbortController | null>(null);

  useEffect(() => {
    job.current?.abort();
    job.current = null;
    const wanted = pattern.trim();
    if (wanted === '') {
      setSearched('');
      setResults([]);
      setRunning(false);
      setTruncated(false);
      setError(undefined);
      return;
    }
    const timer = setTimeout(() => {
      const controller = new AbortController();
      job.current = controller;
      setSearched(wanted);
      setResults([]);
      setTruncated(false);
      setError(undefined);
      setRunning(true);
      session
        .search(wanted, (batch) => !controller.signal.aborted && setResults((shown) => shown.concat(batch)), controller.signal)
        .then(
          (result) => !controller.signal.aborted && setTruncated(result.truncated),
          (failure: unknown) => !controller.signal.aborted && !isAbortError(failure) && setError(failure),
        )
        .finally(() => {
          if (job.current === controller) {
            job.current = null;
            setRunning(false);
          }
        });
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [pattern, session]);

  useEffect(() => () => job.current?.abort(), []);

  return { pattern, setPattern, searched, results, running, truncated, error };
}
