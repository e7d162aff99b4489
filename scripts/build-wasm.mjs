// Builds every AssemblyScript module in wasm/<name>/index.ts into wasm/build/<name>.{debug,release}.wasm.
// Skips a module whose outputs are newer than all of wasm/**/*.ts (so `npm test` after `npm start` is quick).
// `node scripts/build-wasm.mjs xpress lzx` builds only the named modules; `--force` rebuilds. A module that fails
// to compile does not stop the others; the script exits non-zero at the end.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const wasmDir = join(root, 'wasm');
const outDir = join(wasmDir, 'build');
mkdirSync(outDir, { recursive: true });

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'build') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const sourcesTime = newestSource(wasmDir);
const modules = readdirSync(wasmDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(wasmDir, d.name, 'index.ts')))
  .map((d) => d.name);
const asc = join(root, 'node_modules', '.bin', 'asc');
const force = process.argv.includes('--force');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const failed = [];

for (const name of modules) {
  if (only.length > 0 && !only.includes(name)) continue;
  for (const target of ['debug', 'release']) {
    const out = join(outDir, `${name}.${target}.wasm`);
    if (!force && existsSync(out) && statSync(out).mtimeMs >= sourcesTime) continue;
    try {
      execFileSync(asc, [join(wasmDir, name, 'index.ts'), '--config', join(wasmDir, 'asconfig.json'), '--target', target, '--outFile', out], {
        stdio: 'inherit',
      });
      console.log(`built ${name}.${target}.wasm`);
    } catch {
      failed.push(`${name}.${target}`);
    }
  }
}
if (failed.length > 0) {
  console.error(`build-wasm: failed to build ${failed.join(', ')}`);
  process.exit(1);
}
