/**
 * mapOrdered: runs an async function over a sequence with at most `concurrency` calls in flight and yields
 * the results in input order. This is how chunk decoding is spread over the pool while the sink still
 * receives bytes strictly in order, with memory bounded by `concurrency` chunks.
 */
import { throwIfAborted } from '../shared/errors';

export async function* mapOrdered<I, O>(
  items: Iterable<I> | AsyncIterable<I>,
  concurrency: number,
  fn: (item: I, index: number) => Promise<O>,
  signal?: AbortSignal,
): AsyncGenerator<O> {
  const inFlight: Promise<O>[] = [];
  let index = 0;
  try {
    for await (const item of items) {
      throwIfAborted(signal);
      const promise = fn(item, index++);
      promise.catch(() => undefined); // observed below, in order; avoid an unhandled rejection meanwhile
      inFlight.push(promise);
      if (inFlight.length >= concurrency) yield await inFlight.shift()!;
    }
    while (inFlight.length) {
      throwIfAborted(signal);
      yield await inFlight.shift()!;
    }
  } finally {
    // On early exit (error, cancel, consumer stopped) let stragglers settle silently.
    for (const p of inFlight) p.catch(() => undefined);
  }
}
