/**
 * WasmLoader for the browser (engine and decode workers): the release builds of wasm/build/*.wasm, emitted by
 * Vite as hashed assets (`?url`) and precached by the service worker (vite.config.ts globs *.wasm), so decoding
 * works offline. Compiled with compileStreaming where the server sends application/wasm, else from bytes.
 * Debug builds are for the Node test suites only.
 */
import lzmsUrl from '../../../wasm/build/lzms.release.wasm?url';
import lzxUrl from '../../../wasm/build/lzx.release.wasm?url';
import sha1Url from '../../../wasm/build/sha1.release.wasm?url';
import xpressUrl from '../../../wasm/build/xpress.release.wasm?url';
import type { WasmLoader, WasmModuleName } from '../../codecs/wasm-module';
import { ErrorCode, ImagewrightError } from '../../shared/errors';

const URLS: Record<WasmModuleName, string> = { sha1: sha1Url, xpress: xpressUrl, lzx: lzxUrl, lzms: lzmsUrl };

export const browserWasmLoader: WasmLoader = async (module) => {
  const url = URLS[module];
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    if (response.headers.get('content-type')?.startsWith('application/wasm')) {
      return await WebAssembly.compileStreaming(response);
    }
    return new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    // Offline without a precached module, or a damaged cache: say which module, not "failed to fetch".
    throw new ImagewrightError(ErrorCode.CODEC_LOAD_FAILED, { path: url, detail: String(cause), cause });
  }
};
