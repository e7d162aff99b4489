// Writer jobs through the page ↔ worker bridge (in-process over a MessageChannel, real Comlink): a cancelled
// export reaches the writer through the one cancelJob of EngineApi, the call rejects with AbortError, and the
// worker survives (the gentle cancel), so the next call is answered by the same worker.
import { expose, transferHandlers } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineClient, type EngineWorker } from '../../../src/client/engine-client';
import { createEngineApi, toSources } from '../../../src/engine/api';
import { createExplorerApi } from '../../../src/engine/explorer/explorer-service';
import type { WriterApi } from '../../../src/engine/writer/writer-api';
import { installErrorTransfer } from '../../../src/shared/error-transfer';
import { abortError } from '../../../src/shared/errors';
import { nodeReadContext } from '../engine/explorer/explorer-fixtures';

class ChannelWorker extends EventTarget implements EngineWorker {
  terminated = false;
  private readonly port: MessagePort;

  constructor(writer: WriterApi) {
    super();
    const { port1, port2 } = new MessageChannel();
    installErrorTransfer(transferHandlers);
    expose(createEngineApi({ inspectWim: async () => { throw new Error('unused'); }, writer }, createExplorerApi({ readContext: nodeReadContext, toSources })), port2);
    this.port = port1;
    this.port.addEventListener('message', (event) => this.dispatchEvent(new MessageEvent('message', { data: event.data })));
    this.port.start();
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    // The progress callback crosses as a Comlink proxy: its MessagePort must be transferred.
    this.port.postMessage(message, transfer);
  }

  terminate(): void {
    this.terminated = true;
    this.port.close();
  }
}

/** A writer whose export runs until its job is cancelled, reporting progress once so the test knows it started. */
function pausingWriter(cancelled: string[]): WriterApi {
  const waiting = new Map<string, () => void>();
  const refuse = async (): Promise<never> => {
    throw new Error('unused');
  };
  return {
    captureFolder: refuse,
    splitImage: refuse,
    async exportImage(files, image, _output, options, onProgress) {
      expect(files.map((f) => f.name)).toEqual(['install.esd']);
      expect(image).toBe(2);
      await new Promise<void>((resolve) => {
        waiting.set(options.jobId!, resolve);
        void onProgress?.({ phase: 'data', done: 1, total: 10 });
      });
      throw abortError();
    },
    async cancelJob(jobId) {
      cancelled.push(jobId);
      waiting.get(jobId)?.();
    },
  };
}

const workers: ChannelWorker[] = [];
afterEach(() => {
  for (const worker of workers.splice(0)) worker.terminate();
});

describe('EngineClient writer jobs', () => {
  it('cancels an export gently: the writer hears cancelJob, the call rejects with AbortError, the worker lives on', async () => {
    const cancelled: string[] = [];
    const client = new EngineClient(() => {
      const worker = new ChannelWorker(pausingWriter(cancelled));
      workers.push(worker);
      return worker;
    }, 60_000);
    const controller = new AbortController();
    const output = { name: 'out.wim' } as unknown as FileSystemFileHandle;
    const job = client.exportImage([new File([new Uint8Array(4)], 'install.esd')], 2, output, { compression: 'LZX', solid: false }, () => controller.abort(), controller.signal);
    await expect(job).rejects.toMatchObject({ name: 'AbortError' });
    await expect.poll(() => cancelled.length).toBe(1);
    expect(cancelled[0]).toMatch(/^job-/);
    expect(workers[0]!.terminated).toBe(false);
    expect(await client.version()).toBeGreaterThanOrEqual(4);
    expect(workers).toHaveLength(1);
  });
});
