/**
 * WimOutput buffered (formats/wim/write/output.ts): appends, reserved regions filled in later (inside the
 * buffer and after it was written), rewinds across a written buffer, and large appends written through, all land
 * exactly where an unbuffered output puts them.
 */
import { describe, expect, it } from 'vitest';
import { WimOutput } from '../../../../../src/formats/wim/write/output';
import { MemoryWriter } from '../../../../../src/io/memory-writer';
import { ErrorCode } from '../../../../../src/shared/errors';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);

async function script(out: WimOutput): Promise<void> {
  const table = await out.reserve(12);
  await out.append(bytes(30, 1));
  await out.writeAt(table, bytes(12, 2)); // still in the buffer
  const far = await out.reserve(8);
  for (let i = 0; i < 10; i++) await out.append(bytes(25, 3 + i)); // the buffer fills and is written
  await out.writeAt(far, bytes(8, 20)); // already written
  const mark = out.position;
  await out.append(bytes(90, 21));
  out.rewind(mark); // back across a written buffer
  await out.append(bytes(40, 22));
  await out.append(bytes(200, 23)); // larger than the buffer: written through
  await out.append(bytes(5, 24));
  await out.flush();
  await out.writer.truncate(out.position);
}

describe('WimOutput', () => {
  it('writes the same file buffered as unbuffered', async () => {
    const plain = new MemoryWriter();
    const buffered = new MemoryWriter();
    await script(new WimOutput(plain, 16));
    await script(new WimOutput(buffered, 16, 64));
    const a = await plain.readBack(0, 16 + 12 + 30 + 8 + 250 + 40 + 200 + 5);
    const b = await buffered.readBack(0, a.length);
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
    expect(a.subarray(16, 28)).toEqual(bytes(12, 2));
  });

  it('refuses to rewind forward', () => {
    const out = new WimOutput(new MemoryWriter(), 0, 64);
    expect(() => out.rewind(1)).toThrow(expect.objectContaining({ code: ErrorCode.ENGINE_FAILED }));
  });
});
