// The page ↔ worker bridge, run in-process over a MessageChannel: the real EngineApi and Comlink on both ends.
import { expose, transferHandlers } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineClient, type EngineWorker } from '../../../src/client/engine-client';
import { createEngineApi, ENGINE_API_VERSION, toSources, type EngineJobs } from '../../../src/engine/api';
import { createExplorerApi } from '../../../src/engine/explorer/explorer-service';
import { nodeReadContext } from '../engine/explorer/explorer-fixtures';
import type { WimInfo } from '../../../src/formats/wim/wim-info';
import { installErrorTransfer } from '../../../src/shared/error-transfer';
import { ErrorCode, ImagewrightError, isAbortError } from '../../../src/shared/errors';

/** A Worker stand-in: one end of a MessageChannel, with the other end serving EngineApi. */
class ChannelWorker extends EventTarget implements EngineWorker {
  terminated = false;
  private readonly port: MessagePort;

  constructor(jobs: EngineJobs) {
    super();
    const { port1, port2 } = new MessageChannel();
    installErrorTransfer(transferHandlers);
    expose(createEngineApi(jobs, createExplorerApi({ readContext: nodeReadContext, toSources })), port2);
    this.port = port1;
    this.port.addEventListener('message', (event) => this.dispatchEvent(new MessageEvent('message', { data: event.data })));
    this.port.start();
  }

  postMessage(message: unknown): void {
    this.port.postMessage(message);
  }

  terminate(): void {
    this.terminated = true;
    this.port.close();
  }
}

const fakeInfo = { fileName: 'a.wim', images: [] } as unknown as WimInfo;
const workers: ChannelWorker[] = [];

function clientWith(inspectWim: EngineJobs['inspectWim']): EngineClient {
  return new EngineClient(() => {
    const worker = new ChannelWorker({ inspectWim });
    workers.push(worker);
    return worker;
  });
}

afterEach(() => {
  for (const worker of workers.splice(0)) worker.terminate();
});

describe('EngineClient', () => {
  it('starts no worker until the first call, then answers through it', async () => {
    const client = clientWith(async (sources) => ({ ...fakeInfo, fileName: sources[0]!.name }));
    expect(workers).toHaveLength(0);
    expect(await client.version()).toBe(ENGINE_API_VERSION);
    const info = await client.inspect([new File([new Uint8Array(8)], 'install.wim')]);
    expect(info.fileName).toBe('install.wim');
    expect(workers).toHaveLength(1);
  });

  it('hands every picked part to the engine as a ByteSource, in order', async () => {
    const seen: string[] = [];
    const client = clientWith(async (sources) => {
      for (const source of sources) seen.push(`${source.name}:${source.size}`);
      return fakeInfo;
    });
    await client.inspect([new File([new Uint8Array(3)], 'x.swm'), new File([new Uint8Array(5)], 'x2.swm')]);
    expect(seen).toEqual(['x.swm:3', 'x2.swm:5']);
  });

  it('rethrows an ImagewrightError from the worker with its code, offset, path and params', async () => {
    const client = clientWith(async () => {
      throw new ImagewrightError(ErrorCode.NOT_A_WIM, { params: { magic: '50 4b 03 04' }, offset: 0, path: 'a.zip' });
    });
    const error = await client.inspect([new File([new Uint8Array(1)], 'a.zip')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagewrightError);
    const iw = error as ImagewrightError;
    expect(iw.codeName).toBe('NOT_A_WIM');
    expect(iw.offset).toBe(0n);
    expect(iw.path).toBe('a.zip');
    expect(iw.localized('fr')).toContain('50 4b 03 04');
  });

  it('refuses an empty file list with INVALID_ARGUMENT', async () => {
    const client = clientWith(async () => fakeInfo);
    await expect(client.inspect([])).rejects.toMatchObject({ code: ErrorCode.INVALID_ARGUMENT });
  });

  it('rejects with AbortError when cancelled and restarts a fresh worker for the next call', async () => {
    let calls = 0;
    const client = clientWith(() => (++calls === 1 ? new Promise<WimInfo>(() => undefined) : Promise.resolve(fakeInfo)));
    const controller = new AbortController();
    const pending = client.inspect([new File([], 'slow.wim')], controller.signal);
    setTimeout(() => controller.abort(), 20);
    const error = await pending.catch((e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    expect(workers[0]!.terminated).toBe(true);
    await expect(client.inspect([new File([], 'next.wim')])).resolves.toEqual(fakeInfo);
    expect(workers).toHaveLength(2);
  });

  it('rejects at once when the signal is already aborted, without starting a worker', async () => {
    const client = clientWith(async () => fakeInfo);
    const error = await client.inspect([new File([], 'a.wim')], AbortSignal.abort()).catch((e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    expect(workers).toHaveLength(0);
  });

  it('turns a worker crash into ENGINE_FAILED for pending calls, then recovers', async () => {
    let calls = 0;
    const client = clientWith(() => (++calls === 1 ? new Promise<WimInfo>(() => undefined) : Promise.resolve(fakeInfo)));
    const pending = client.inspect([new File([], 'a.wim')]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    workers[0]!.dispatchEvent(Object.assign(new Event('error'), { message: 'Uncaught RangeError: out of memory' }));
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagewrightError);
    expect((error as ImagewrightError).codeName).toBe('ENGINE_FAILED');
    expect((error as ImagewrightError).detail).toContain('out of memory');
    await expect(client.inspect([new File([], 'b.wim')])).resolves.toEqual(fakeInfo);
  });
});
