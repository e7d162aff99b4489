// EngineClient's Explorer calls over a real Comlink channel: callbacks as proxies, gentle cancel through
// cancelJob (sessions survive), and worker termination only when a job ignores the cancel.
import { rmSync } from 'node:fs';
import { openAsBlob } from 'node:fs';
import { expose, transferHandlers } from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient, type EngineWorker } from '../../../src/client/engine-client';
import { createEngineApi, type EngineApi } from '../../../src/engine/api';
import type { EntrySummary, ExplorerApi } from '../../../src/engine/explorer/explorer-api';
import { inspectWim } from '../../../src/engine/inspect';
import { installErrorTransfer } from '../../../src/shared/error-transfer';
import { ErrorCode, isAbortError } from '../../../src/shared/errors';
import { captureWim, nodeExplorer, stageSampleTree, tempDir } from '../engine/explorer/explorer-fixtures';

class ChannelWorker extends EventTarget implements EngineWorker {
  terminated = false;
  private readonly port: MessagePort;

  constructor(api: EngineApi) {
    super();
    const { port1, port2 } = new MessageChannel();
    installErrorTransfer(transferHandlers);
    expose(api, port2);
    this.port = port1;
    this.port.addEventListener('message', (event) => this.dispatchEvent(new MessageEvent('message', { data: event.data })));
    this.port.start();
  }

  postMessage(message: unknown, transfer?: Transferable[]): void {
    this.port.postMessage(message, transfer ?? []);
  }

  terminate(): void {
    this.terminated = true;
    this.port.close();
  }
}

let dir: string;
let wim: File;

beforeAll(async () => {
  dir = tempDir('client');
  const path = captureWim(stageSampleTree(dir), dir, 'install.wim', '--compress=XPRESS');
  wim = new File([await openAsBlob(path)], 'install.wim');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function clientOver(explorer: ExplorerApi, graceMs?: number): { client: EngineClient; workers: ChannelWorker[] } {
  const workers: ChannelWorker[] = [];
  const client = new EngineClient(() => {
    const worker = new ChannelWorker(createEngineApi({ inspectWim }, explorer));
    workers.push(worker);
    return worker;
  }, graceMs);
  return { client, workers };
}

describe('EngineClient explorer calls', () => {
  it('opens, lists and streams search batches through a callback proxy', async () => {
    const { client } = clientOver(nodeExplorer());
    const opened = await client.openImage([wim]);
    const listing = await client.listDirectory(opened.sessionId, 1, '/Windows/Panther');
    expect(listing.entries.map((e) => e.name)).toEqual(['setupact.log', 'setuperr.log', 'unattend.xml']);
    const seen: EntrySummary[] = [];
    const result = await client.searchEntries(opened.sessionId, 1, '*.inf', (batch) => void seen.push(...batch));
    expect(result.total).toBe(2);
    expect(seen.map((e) => e.name).sort()).toEqual(['netcontoso.inf', 'stornvme.inf']);
    client.dispose();
  });

  it('cancels a job with cancelJob: the call rejects with AbortError and the session stays open', async () => {
    const { client, workers } = clientOver(nodeExplorer());
    const opened = await client.openImage([wim]);
    const controller = new AbortController();
    const search = client.searchEntries(opened.sessionId, 1, '*', () => controller.abort(), { limit: 10_000 }, controller.signal);
    expect(isAbortError(await search.then(() => undefined, (e: unknown) => e))).toBe(true);
    // Same worker, same session.
    expect((await client.listDirectory(opened.sessionId, 1, '/')).entries.length).toBeGreaterThan(0);
    expect(workers.map((w) => w.terminated)).toEqual([false]);
    client.dispose();
  });

  it('terminates the worker only when a job ignores cancelJob past the grace period', async () => {
    let cancelled = '';
    const stuck = {
      ...nodeExplorer(),
      extractEntries: () => new Promise<never>(() => undefined),
      cancelJob: async (jobId: string) => void (cancelled = jobId),
    } as ExplorerApi;
    const { client, workers } = clientOver(stuck, 20);
    const controller = new AbortController();
    const run = client.extractEntries('s', 1, ['/'], {} as FileSystemDirectoryHandle, {}, undefined, controller.signal);
    await client.version(); // the worker is up and the call was sent
    controller.abort();
    expect(isAbortError(await run.then(() => undefined, (e: unknown) => e))).toBe(true);
    while (!workers[0]!.terminated) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cancelled).toMatch(/^job-/);
    await expect(client.listDirectory('s', 1, '/')).rejects.toMatchObject({ code: ErrorCode.SESSION_NOT_FOUND });
    expect(workers).toHaveLength(2);
    client.dispose();
  });
});
