// Bundles src/cli/main.ts and everything it imports into dist-cli/imagewright.mjs (one ESM file for Node 20),
// so bin/imagewright starts without a TypeScript toolchain. Dependencies (fast-xml-parser…) are bundled too.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  // The decode worker is its own bundle beside the CLI: worker_threads start it by file URL.
  entryPoints: { imagewright: 'src/cli/main.ts', 'decode-worker': 'src/cli/decode-worker.ts' },
  outdir: 'dist-cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
console.log('built dist-cli/imagewright.mjs and dist-cli/decode-worker.mjs');
