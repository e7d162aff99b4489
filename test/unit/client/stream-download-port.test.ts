// The 'port' transport of streamed downloads (browsers that cannot transfer a ReadableStream), both ends joined by
// a real MessageChannel in Node: page side servePulls (client/stream-download.ts), service worker side
// streamFromPort (sw/port-stream.ts). Bytes arrive intact and in order; the page reads its source only as the
// consumer pulls; a cancel or a source error crosses the port.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PORT_BATCH_BYTES, servePulls } from '../../../src/client/stream-download';
import { streamFromPort } from '../../../src/sw/port-stream';

const CHUNK = 64 * 1024;

/** A source of `count` chunks of CHUNK bytes (each filled with its index), produced only when pulled. */
function countingSource(count: number, failAt?: number) {
  const state = { produced: 0, cancelled: undefined as unknown };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.produced === failAt) return controller.error(new TypeError('source broke'));
        if (state.produced === count) return controller.close();
        controller.enqueue(new Uint8Array(CHUNK).fill(state.produced & 0xff));
        state.produced++;
      },
      cancel(reason) {
        state.cancelled = reason;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

function join(source: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const channel = new MessageChannel();
  servePulls(channel.port1, source, () => undefined);
  return streamFromPort(channel.port2);
}

/** Lets every pending message and microtask run, so a pump that wanted to run ahead would have done so. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('streamed download over a MessagePort', () => {
  it('delivers every byte in order', async () => {
    const { stream } = countingSource(40);
    const received = new Uint8Array(await new Response(join(stream)).arrayBuffer());
    const expected = new Uint8Array(40 * CHUNK);
    for (let i = 0; i < 40; i++) expected.fill(i, i * CHUNK, (i + 1) * CHUNK);
    expect(received.length).toBe(expected.length);
    expect(createHash('sha256').update(received).digest('hex')).toBe(createHash('sha256').update(expected).digest('hex'));
  });

  it('reads the source only as the consumer pulls: at most two batches ahead', async () => {
    const { stream, state } = countingSource(200);
    const reader = join(stream).getReader();
    const ahead = 2 * (PORT_BATCH_BYTES / CHUNK) + 2; // one batch queued, one on its way, plus a chunk each
    let consumed = 0;
    await settle();
    expect(state.produced).toBeLessThanOrEqual(ahead);
    for (let i = 0; i < 30; i++) {
      const { value } = await reader.read();
      consumed++;
      expect(value![0]).toBe((consumed - 1) & 0xff);
      await settle();
      expect(state.produced - consumed).toBeLessThanOrEqual(ahead);
    }
    expect(state.produced).toBeLessThan(200);
    await reader.cancel('stop');
  });

  it('passes a cancel back to the source, which stops producing', async () => {
    const { stream, state } = countingSource(1000);
    const reader = join(stream).getReader();
    await reader.read();
    await reader.cancel('user cancelled');
    await settle();
    expect(state.cancelled).toBe('user cancelled');
    const producedAtCancel = state.produced;
    await settle();
    expect(state.produced).toBe(producedAtCancel);
  });

  it('errors the download when the source fails, instead of ending it as if complete', async () => {
    const { stream } = countingSource(100, 9);
    await expect(new Response(join(stream)).arrayBuffer()).rejects.toThrow(/source broke/);
  });
});
