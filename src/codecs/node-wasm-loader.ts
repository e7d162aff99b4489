/**
 * WasmLoader for Node (CLI, tests, benchmarks): reads wasm/build/<module>.<flavor>.wasm from disk.
 *
 * The package root is found by walking up from this file's own URL until a `wasm/build` folder appears, so the same
 * code works from src/codecs/ under Vitest and from a bundle in dist-cli/ (two and one levels below the root).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode, ImagewrightError } from '../shared/errors';
import type { WasmFlavor, WasmLoader, WasmModuleName } from './wasm-module';

let buildDir: string | undefined;

/** The wasm/build folder of this package, or undefined when none is found above this file. */
export function findWasmBuildDir(): string | undefined {
  if (buildDir) return buildDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'wasm', 'build');
    if (existsSync(candidate)) return (buildDir = candidate);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export const nodeWasmLoader: WasmLoader = async (module: WasmModuleName, flavor: WasmFlavor) => {
  const dir = findWasmBuildDir();
  const file = `${module}.${flavor}.wasm`;
  if (!dir) {
    throw new ImagewrightError(ErrorCode.CODEC_LOAD_FAILED, {
      detail: `${file}: no wasm/build folder found (run npm run build:wasm)`,
    });
  }
  try {
    return await readFile(join(dir, file));
  } catch (cause) {
    throw new ImagewrightError(ErrorCode.CODEC_LOAD_FAILED, { path: join(dir, file), cause });
  }
};
