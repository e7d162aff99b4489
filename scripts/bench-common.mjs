// What the benchmarks share: the corpus — real Windows PE binaries (Debian's libwine ships hundreds of x86-64
// Windows DLLs) plus a text corpus (TypeScript's lib folder), at least 300 MB, built once into bench/corpus —, the
// tools they need (installed when run as root, else the command is printed), timing under /usr/bin/time, and
// bench/RESULTS.md, where each benchmark owns one marked section.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, statfsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
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


/** Runs `command` under /usr/bin/time: wall seconds, peak RSS (MiB) and CPU seconds (user + system, all threads). */
export function timed(command, args, options = {}) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', command, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
  const [seconds, kb, user, system] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds, rssMiB: kb / 1024, cpu: user + system };
}

/**
 * Where the benchmarks write what they apply: a RAM-backed folder when there is one with room (`BENCH_OUT`
 * overrides). Why not the project disk: on this kind of machine the root file system is ext4 without a journal,
 * where every file creation scans the inodes deleted in the last minutes (`recently_deleted` in the kernel's
 * inode allocator); a benchmark that deletes the previous run's 420 files before each run then spends ≈ 0.3–0.4 s
 * per run in that scan, for either tool — a third of wimlib's time — which measures the disk's history rather
 * than the programs. A RAM folder keeps what the tools do (decode, hash, write into the page cache, create
 * files) and drops that.
 */
export function benchOutputRoot(bytesNeeded) {
  if (process.env.BENCH_OUT) return process.env.BENCH_OUT;
  try {
    const { bavail, bsize } = statfsSync('/dev/shm');
    if (bavail * bsize > 2 * bytesNeeded) return '/dev/shm';
  } catch {
    // no /dev/shm: fall through to the project disk
  }
  return join(root, 'bench', 'work');
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One line naming the machine, for the "Last run" sentences. */
export function machineLine() {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version} (load average ${loadavg()[0].toFixed(1)} at the end)`;
}

const RESULTS = join(root, 'bench', 'RESULTS.md');

/**
 * Writes `body` into bench/RESULTS.md between `<!-- name -->` and `<!-- /name -->`, keeping every other section
 * (each benchmark owns one); appended at the end when the markers are missing.
 */
export function writeResultsSection(name, body) {
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const section = `${start}\n${body.trim()}\n${end}`;
  const text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next = from >= 0 && to > from ? text.slice(0, from) + section + text.slice(to + end.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(RESULTS, next);
}
