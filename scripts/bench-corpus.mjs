// The benchmark corpus shared by `npm run bench` and `npm run bench:capture`: real Windows PE binaries (Debian's
// libwine ships hundreds of x86-64 Windows DLLs) plus a text corpus (TypeScript's lib folder), at least 300 MB, built
// once into bench/corpus. Also installs the tools the benchmarks need when run as root, or prints the command.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const corpus = join(root, 'bench', 'corpus');
const targetBytes = Number(process.env.BENCH_CORPUS_MB ?? 320) * 1e6;
const WINE_PE = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';

export function ensureTools() {
  const need = [];
  if (!existsSync('/usr/bin/wimlib-imagex')) need.push('wimtools');
  if (!existsSync('/usr/bin/7zz')) need.push('7zip');
  if (!existsSync('/usr/bin/time')) need.push('time');
  if (!existsSync(WINE_PE)) need.push('libwine');
  if (!need.length) return;
  if (process.getuid?.() === 0) {
    console.log(`bench: installing ${need.join(' ')}`);
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...need], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } else {
    console.error(`bench: missing tools. Run:\n  sudo apt-get install -y --no-install-recommends ${need.join(' ')}`);
    process.exit(1);
  }
}

export function treeSize(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? treeSize(path) : entry.isFile() ? statSync(path).size : 0;
  }
  return total;
}

export function buildCorpus() {
  if (existsSync(join(corpus, '.complete'))) return treeSize(corpus);
  rmSync(corpus, { recursive: true, force: true });
  mkdirSync(join(corpus, 'Windows', 'System32'), { recursive: true });
  let bytes = 0;
  const textBytes = 0.12 * targetBytes;
  for (const name of readdirSync(WINE_PE).sort()) {
    if (bytes >= targetBytes - textBytes) break;
    const from = join(WINE_PE, name);
    if (!statSync(from).isFile()) continue;
    cpSync(from, join(corpus, 'Windows', 'System32', name));
    bytes += statSync(from).size;
  }
  const textDir = join(corpus, 'Program Files', 'TypeScript');
  cpSync(join(root, 'node_modules', 'typescript', 'lib'), textDir, { recursive: true });
  writeFileSync(join(corpus, '.complete'), '');
  return treeSize(corpus);
}

