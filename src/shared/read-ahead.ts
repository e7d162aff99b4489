/**
 * readAhead: pulls descriptions of work from an async sequence ahead of the consumer, starts each one, and yields
 * the started results in order. What may run ahead is bounded by a weight budget (bytes the started work will
 * hold in memory), checked BEFORE starting an item, so a heavy item waits until the consumer has taken enough
 * of what came before. An item always starts when nothing weighty is queued: one item heavier than the whole
 * budget (a 64 MiB solid chunk) still starts as soon as the consumer took the previous heavy one, and the
 * light items after it (more slices of the same chunk, weight 0) do not hold it back.
 *
 * Why descriptions and a separate `start`: starting is the side effect (a read, a decode on a worker) the budget
 * must gate; pulling the next description only costs small reads (a chunk table). The source may rely on item
 * n being started before item n + 1 is pulled (the solid chunk cache does).
 *
 * Errors of the source surface at their place in the order. When the consumer stops early (error, cancel), the
 * pump stops and started results are left to settle silently.
 */
export interface ReadAheadOptions<T, R> {
  /** Memory the started item will pin until the consumer takes it. */
  weight(item: T): number;
  start(item: T): R;
  budget: number;
  /**
   * When the started work is done (a decode finished). Its weight is given back only once the consumer took the
   * item AND it is ready: a decode the consumer is already waiting for still counts, so the next heavy item
   * (a solid chunk) starts when the worker that decoded the previous one is free again, not on a second worker
   * with a second 64 MiB of wasm memory.
   */
  ready?(result: R): Promise<unknown> | undefined;
  /** Called for every started result the consumer never took (it stopped early): release what it holds. */
  dispose?(result: R): Promise<unknown> | void;
}

export async function* readAhead<T, R>(source: AsyncIterable<T>, options: ReadAheadOptions<T, R>): AsyncGenerator<R> {
  const iterator = source[Symbol.asyncIterator]();
  const queue: { result: R; weight: number }[] = [];
  let queued = 0;
  let finished = false;
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let wakeConsumer: (() => void) | undefined;
  let wakePump: (() => void) | undefined;
  const signalConsumer = (): void => {
    const wake = wakeConsumer;
    wakeConsumer = undefined;
    wake?.();
  };

  const pump = async (): Promise<void> => {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done || stopped) break;
        const weight = options.weight(next.value);
        while (queued > 0 && queued + weight > options.budget && !stopped) {
          await new Promise<void>((resolve) => (wakePump = resolve));
        }
        if (stopped) break;
        queue.push({ result: options.start(next.value), weight });
        queued += weight;
        signalConsumer();
      }
    } catch (error) {
      failure = { error };
    } finally {
      finished = true;
      signalConsumer();
    }
  };
  const pumping = pump();

  try {
    for (;;) {
      while (queue.length === 0 && !finished) await new Promise<void>((resolve) => (wakeConsumer = resolve));
      const head = queue.shift();
      if (!head) {
        if (failure) throw failure.error;
        return;
      }
      // Gives the taken item's weight back to the pump.
      const release = (): void => {
        queued -= head.weight;
        const wake = wakePump;
        wakePump = undefined;
        wake?.();
      };
      const ready = head.weight > 0 ? options.ready?.(head.result) : undefined;
      if (ready) await ready.then(release, release);
      else release();
      yield head.result;
    }
  } finally {
    stopped = true;
    const wake = wakePump;
    wakePump = undefined;
    wake?.();
    await pumping;
    const disposing: unknown[] = [];
    for (const { result } of queue.splice(0)) {
      if (result instanceof Promise) result.catch(() => undefined);
      disposing.push(options.dispose?.(result));
    }
    await Promise.allSettled(disposing);
    await iterator.return?.(undefined);
  }
}
