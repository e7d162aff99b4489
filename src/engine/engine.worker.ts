/**
 * Web Worker entry of the engine: exposes EngineApi over Comlink. Parsing and decoding run here so the page
 * stays responsive; ImagewrightError crosses back with its code and location (shared/error-transfer).
 * Chunks decode on a pool of nested decode workers (browser/browser-read-context.ts), which keeps this worker's
 * event loop free to receive cancelJob while a job runs.
 */
import { expose, transferHandlers } from 'comlink';
import { installErrorTransfer } from '../shared/error-transfer';
import { createEngineApi, toSources } from './api';
import { browserReadContext, browserWriteContext } from './browser/browser-read-context';
import { browserWasmLoader } from './browser/browser-wasm-loader';
import { createCatalogApi } from './catalog/catalog-api';
import { createExplorerApi } from './explorer/explorer-service';
import { inspectWim } from './inspect';
import { createWriterApi } from './writer/writer-service';

installErrorTransfer(transferHandlers);
const catalog = createCatalogApi({ wasmLoader: browserWasmLoader });
const writer = createWriterApi({ readContext: browserReadContext, writeContext: browserWriteContext, toSources, catalog });
expose(
  createEngineApi(
    { inspectWim, catalog, writer },
    createExplorerApi({ readContext: browserReadContext, toSources }),
  ),
);
