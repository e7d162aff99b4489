// `npm run bench`: our engine against wimlib-imagex (and 7-Zip) on one corpus, in one run, interleaved A/B.
//
// Corpus: real Windows PE binaries (Debian's libwine ships hundreds of x86-64 Windows DLLs) plus a text corpus
// (TypeScript's lib folder), at least 300 MB. wimlib-imagex captures it with XPRESS, LZX, LZMS and solid LZMS;
// then each round applies every WIM with each tool in a rotated order, measuring wall time and peak RSS with
// /usr/bin/time. Reports median MB/s (uncompressed bytes written per second), the ratio to wimlib, the
// compression ratio, and writes bench/RESULTS.md. No timed assertions anywhere: this only measures.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpus = join(root, 'bench', 'corpus');
const work = join(root, 'bench', 'work');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const targetBytes = Number(process.env.BENCH_CORPUS_MB ?? 320) * 1e6;
const WINE_PE = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';

function ensureTools() {
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

function treeSize(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? treeSize(path) : entry.isFile() ? statSync(path).size : 0;
  }
  return total;
}

function buildCorpus() {
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

const CAPTURES = [
  { name: 'XPRESS', file: 'xpress.wim', args: ['--compress=XPRESS'] },
  { name: 'LZX', file: 'lzx.wim', args: ['--compress=LZX'] },
  { name: 'LZMS', file: 'lzms.wim', args: ['--compress=LZMS'] },
  { name: 'LZMS solid', file: 'solid.esd', args: ['--solid'] },
];

function capture(c) {
  const out = join(work, c.file);
  if (existsSync(out) && statSync(out).mtimeMs > statSync(join(corpus, '.complete')).mtimeMs) return out;
  console.log(`bench: capturing ${c.name} with wimlib-imagex…`);
  execFileSync('wimlib-imagex', ['capture', corpus, out, 'bench', ...c.args, '--threads=2'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

const TOOLS = [
  { name: 'wimlib-imagex apply', command: (wim, dir) => ['wimlib-imagex', ['apply', wim, '1', dir]] },
  { name: 'imagewright apply', command: (wim, dir) => [join(root, 'bin', 'imagewright'), ['apply', wim, '1', dir]] },
  { name: 'imagewright apply (1 worker)', command: (wim, dir) => [join(root, 'bin', 'imagewright'), ['apply', wim, '1', dir, '--threads', '1']] },
  { name: '7zz x', command: (wim, dir) => ['7zz', ['x', wim, `-o${dir}`, '-y', '-bso0', '-bsp0']] },
];

/** Runs one command under /usr/bin/time; returns seconds and peak RSS in MiB. */
function timed(command, args) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
  const [seconds, kb] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds, rssMiB: kb / 1024 };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function main() {
  ensureTools();
  execFileSync('npm', ['run', '--silent', 'build:wasm'], { cwd: root, stdio: 'inherit' });
  execFileSync('node', ['scripts/build-cli.mjs'], { cwd: root, stdio: 'inherit' });
  mkdirSync(work, { recursive: true });
  const corpusBytes = buildCorpus();
  console.log(`bench: corpus ${(corpusBytes / 1e6).toFixed(1)} MB`);
  const rows = [];
  for (const c of CAPTURES) {
    const wim = capture(c);
    const samples = Object.fromEntries(TOOLS.map((t) => [t.name, []]));
    for (let round = 0; round < rounds; round++) {
      // Rotate the order each round so no tool always runs on a warmer or colder machine.
      const order = TOOLS.map((_, i) => TOOLS[(i + round) % TOOLS.length]);
      for (const tool of order) {
        const dir = join(work, 'out');
        rmSync(dir, { recursive: true, force: true });
        const [command, args] = tool.command(wim, dir);
        samples[tool.name].push(timed(command, args));
      }
    }
    rmSync(join(work, 'out'), { recursive: true, force: true });
    const wimlibSeconds = median(samples['wimlib-imagex apply'].map((s) => s.seconds));
    for (const tool of TOOLS) {
      const seconds = median(samples[tool.name].map((s) => s.seconds));
      rows.push({
        codec: c.name,
        tool: tool.name,
        mbps: corpusBytes / 1e6 / seconds,
        ratio: wimlibSeconds / seconds,
        rss: Math.max(...samples[tool.name].map((s) => s.rssMiB)),
        compressed: statSync(wim).size / corpusBytes,
      });
    }
    console.log(`bench: ${c.name} done`);
  }
  const table = [
    '| Codec | Tool | MB/s | × wimlib | Peak RSS (MiB) | WIM size / data |',
    '|---|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.codec} | ${r.tool} | ${r.mbps.toFixed(0)} | ${r.ratio.toFixed(2)} | ${r.rss.toFixed(0)} | ${(r.compressed * 100).toFixed(1)} % |`),
  ].join('\n');
  console.log(`\n${table}\n`);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const wimlib = execFileSync('wimlib-imagex', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  // Keep the section `npm run bench:capture` writes between its markers.
  const resultsFile = join(root, 'bench', 'RESULTS.md');
  const previous = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
  const captureSection = /<!-- capture -->[\s\S]*<!-- \/capture -->/.exec(previous)?.[0];
  writeFileSync(
    resultsFile,
    `# Benchmark results\n\nLast run: ${new Date().toISOString()} on ${machine}; ${wimlib}; ${rounds} rounds, median wall time, ` +
      `tools interleaved in rotated order. Corpus: ${(corpusBytes / 1e6).toFixed(1)} MB (Windows PE DLLs from Debian's libwine ` +
      `plus TypeScript's lib folder as text), captured by wimlib-imagex. MB/s = uncompressed bytes applied per second; ` +
      `× wimlib > 1 means faster than wimlib-imagex apply. Regenerate with \`npm run bench\`.\n\n## apply (decompress + write + SHA-1 check)\n\n${table}\n` +
      (existsSync(join(root, 'bench', 'NOTES.md')) ? '\nSee bench/NOTES.md for profiles and what limits each figure.\n' : '') +
      (captureSection ? `\n${captureSection}\n` : ''),
  );
  console.log('bench: wrote bench/RESULTS.md');
}

main();
