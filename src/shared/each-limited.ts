/**
 * eachLimited: runs `task` over `items` with at most `limit` in flight, and settles after all of them. The first
 * failure is rethrown once the tasks already started have settled (none is left running behind the caller's
 * back); no new task starts after it. Used where many small independent filesystem calls would otherwise
 * wait for each other's round trip (setting the times of every extracted file).
 */
export async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw failure.error;
}
