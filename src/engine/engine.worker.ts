/**
 * Web Worker entry of the engine: exposes EngineApi over Comlink. Parsing and decoding run here so the page
 * stays responsive; ImagewrightError crosses back with its code and location (shared/error-transfer).
 */
import { expose, transferHandlers } from 'comlink';
import { installErrorTransfer } from '../shared/error-transfer';
import { createEngineApi } from './api';
import { browserWasmLoader } from './browser-wasm-loader';
import { createCatalogApi } from './catalog/catalog-api';
import { inspectWim } from './inspect';

installErrorTransfer(transferHandlers);
expose(createEngineApi({ inspectWim, catalog: createCatalogApi({ wasmLoader: browserWasmLoader }) }));
