import { describe, expect, it } from 'vitest';
import { eachLimited } from '../../../src/shared/each-limited';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('eachLimited', () => {
  it('runs every item with never more than the limit in flight', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await eachLimited([...Array(40).keys()], 5, async (n) => {
      running++;
      most = Math.max(most, running);
      await tick(n % 3);
      done.push(n);
      running--;
    });
    expect(most).toBe(5);
    expect(done.sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
  });

  it('rethrows the first failure only after the tasks already started settled, and starts no new one', async () => {
    const started: number[] = [];
    let settled = 0;
    const error = await eachLimited([...Array(20).keys()], 3, async (n) => {
      started.push(n);
      await tick(n === 2 ? 1 : 5);
      settled++;
      if (n === 2) throw new Error('boom');
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: 'boom' });
    expect(settled).toBe(started.length);
    expect(started.length).toBeLessThan(20);
  });

  it('does nothing for no items', async () => {
    await expect(eachLimited([], 4, async () => Promise.reject(new Error('never')))).resolves.toBeUndefined();
  });
});
