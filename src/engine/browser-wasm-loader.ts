/**
 * WasmLoader for the browser (engine worker): fetches wasm/build/<module>.release.wasm by URL. The URLs are
 * written out literally so Vite emits each module as an asset, and the service worker precaches it (offline).
 */
import type { WasmFlavor, WasmLoader, WasmModuleName } from '../codecs/wasm-module';
import { ErrorCode, ImagewrightError } from '../shared/errors';

const RELEASE_URLS: Record<WasmModuleName, URL> = {
  sha1: new URL('../../wasm/build/sha1.release.wasm', import.meta.url),
  xpress: new URL('../../wasm/build/xpress.release.wasm', import.meta.url),
  lzx: new URL('../../wasm/build/lzx.release.wasm', import.meta.url),
  lzms: new URL('../../wasm/build/lzms.release.wasm', import.meta.url),
};

export const browserWasmLoader: WasmLoader = async (module: WasmModuleName, flavor: WasmFlavor) => {
  if (flavor !== 'release') {
    throw new ImagewrightError(ErrorCode.CODEC_LOAD_FAILED, { detail: `${module}: only release builds ship with the app` });
  }
  const url = RELEASE_URLS[module];
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.arrayBuffer();
  } catch (cause) {
    throw new ImagewrightError(ErrorCode.CODEC_LOAD_FAILED, { path: url.pathname, detail: String(cause), cause });
  }
};
