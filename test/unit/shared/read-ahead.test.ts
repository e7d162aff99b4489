import { describe, expect, it } from 'vitest';
import { readAhead } from '../../../src/shared/read-ahead';

interface Item {
  id: number;
  weight: number;
}

/** Records which items were started, and when relative to what the consumer took. */
function recorder(items: Item[]) {
  const started: number[] = [];
  async function* source(): AsyncGenerator<Item> {
    for (const item of items) yield item;
  }
  return { started, source };
}

describe('readAhead', () => {
  it('yields results in source order and never starts more than the budget ahead of the consumer', async () => {
    const items = Array.from({ length: 20 }, (_, id) => ({ id, weight: 3 }));
    const { started, source } = recorder(items);
    const out: number[] = [];
    for await (const id of readAhead(source(), { weight: (i) => i.weight, start: (i) => (started.push(i.id), i.id), budget: 10 })) {
      // Let the pump run as far as it may before looking.
      await new Promise((r) => setTimeout(r, 1));
      // Queued weight ≤ 10 → at most 3 items of weight 3 started beyond the ones taken.
      expect(started.length - (out.length + 1)).toBeLessThanOrEqual(3);
      out.push(id);
    }
    expect(out).toEqual(items.map((i) => i.id));
  });

  it('starts an item heavier than the budget once nothing weighty is queued, and light items after it freely', async () => {
    // A solid chunk (weight 64) followed by slices of it (weight 0), then the next chunk.
    const items: Item[] = [{ id: 0, weight: 64 }, { id: 1, weight: 0 }, { id: 2, weight: 0 }, { id: 3, weight: 64 }, { id: 4, weight: 0 }];
    const { started, source } = recorder(items);
    const seenAtTake: number[][] = [];
    for await (const id of readAhead(source(), { weight: (i) => i.weight, start: (i) => (started.push(i.id), i.id), budget: 24 })) {
      await new Promise((r) => setTimeout(r, 1));
      seenAtTake.push([id, started.length]);
    }
    // While item 0 is queued, item 3 (64) must wait; once 0 is taken, 1–3 start (1 and 2 weigh nothing).
    expect(seenAtTake[0]).toEqual([0, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives a weight back only when its work is ready, so the next heavy item waits for the previous decode', async () => {
    let finishFirst: (() => void) | undefined;
    const first = new Promise<void>((r) => (finishFirst = r));
    const items: Item[] = [{ id: 0, weight: 64 }, { id: 1, weight: 64 }];
    const { started, source } = recorder(items);
    const iterator = readAhead(source(), {
      weight: (i) => i.weight,
      start: (i) => (started.push(i.id), i.id === 0 ? first : Promise.resolve()),
      budget: 24,
      ready: (p) => p,
    });
    const taking = iterator.next();
    await new Promise((r) => setTimeout(r, 5));
    expect(started).toEqual([0]); // item 0 taken but not ready: item 1 has not started
    finishFirst!();
    await taking;
    await new Promise((r) => setTimeout(r, 5));
    expect(started).toEqual([0, 1]);
    await iterator.return(undefined);
  });

  it('raises a source error at its place in the order, after the items before it', async () => {
    async function* source(): AsyncGenerator<Item> {
      yield { id: 0, weight: 1 };
      yield { id: 1, weight: 1 };
      throw new Error('bad chunk table');
    }
    const out: number[] = [];
    await expect(
      (async () => {
        for await (const id of readAhead(source(), { weight: (i) => i.weight, start: (i) => i.id, budget: 100 })) out.push(id);
      })(),
    ).rejects.toThrow('bad chunk table');
    expect(out).toEqual([0, 1]);
  });

  it('stops pulling from the source when the consumer stops early', async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<Item> {
      for (let id = 0; id < 1000; id++) {
        pulled++;
        yield { id, weight: 1 };
      }
    }
    for await (const id of readAhead(source(), { weight: (i) => i.weight, start: (i) => i.id, budget: 4 })) if (id === 2) break;
    expect(pulled).toBeLessThan(10);
  });
});
