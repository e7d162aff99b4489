// `npm run bench`: our engine against wimlib-imagex (and 7-Zip) on one corpus, in one run, interleaved A/B.
//
// Corpus (scripts/bench-corpus.mjs): real Windows PE binaries (Debian's libwine DLLs) plus a text corpus
// (TypeScript's lib folder), at least 300 MB. wimlib-imagex captures it with XPRESS, LZX, LZMS and solid LZMS;
// then each round applies every WIM with each tool in a rotated order, measuring wall time and peak RSS with
// /usr/bin/time. Reports median MB/s (uncompressed bytes written per second), the ratio to wimlib, the
// compression ratio, and writes bench/RESULTS.md. No timed assertions anywhere: this only measures.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchOutputRoot, buildCorpus, corpus, ensureTools, machineLine, median, timed, writeResultsSection } from './bench-common.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = join(root, 'bench', 'work');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

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



function main() {
  ensureTools();
  execFileSync('npm', ['run', '--silent', 'build:wasm'], { cwd: root, stdio: 'inherit' });
  execFileSync('node', ['scripts/build-cli.mjs'], { cwd: root, stdio: 'inherit' });
  mkdirSync(work, { recursive: true });
  const corpusBytes = buildCorpus();
  console.log(`bench: corpus ${(corpusBytes / 1e6).toFixed(1)} MB`);
  const rows = [];
  const out = join(benchOutputRoot(corpusBytes), 'imagewright-bench-out');
  for (const c of CAPTURES) {
    const wim = capture(c);
    const samples = Object.fromEntries(TOOLS.map((t) => [t.name, []]));
    for (let round = 0; round < rounds; round++) {
      // Rotate the order each round so no tool always runs on a warmer or colder machine.
      const order = TOOLS.map((_, i) => TOOLS[(i + round) % TOOLS.length]);
      for (const tool of order) {
        const dir = out;
        rmSync(dir, { recursive: true, force: true });
        const [command, args] = tool.command(wim, dir);
        samples[tool.name].push(timed(command, args));
      }
    }
    rmSync(out, { recursive: true, force: true });
    const wimlibSeconds = median(samples['wimlib-imagex apply'].map((s) => s.seconds));
    for (const tool of TOOLS) {
      const seconds = median(samples[tool.name].map((s) => s.seconds));
      rows.push({
        codec: c.name,
        tool: tool.name,
        mbps: corpusBytes / 1e6 / seconds,
        ratio: wimlibSeconds / seconds,
        cpu: median(samples[tool.name].map((s) => s.cpu)),
        rss: Math.max(...samples[tool.name].map((s) => s.rssMiB)),
        compressed: statSync(wim).size / corpusBytes,
      });
    }
    console.log(`bench: ${c.name} done`);
  }
  const table = [
    '| Codec | Tool | MB/s | × wimlib | CPU s (user + sys) | Peak RSS (MiB) | WIM size / data |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.codec} | ${r.tool} | ${r.mbps.toFixed(0)} | ${r.ratio.toFixed(2)} | ${r.cpu.toFixed(2)} | ${r.rss.toFixed(0)} | ${(r.compressed * 100).toFixed(1)} % |`,
    ),
  ].join('\n');
  console.log(`\n${table}\n`);
  const wimlib = execFileSync('wimlib-imagex', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  writeResultsSection(
    'apply',
    `## apply (decompress + write + SHA-1 check)\n\nLast run: ${new Date().toISOString()} on ${machineLine()}; ` +
      `${wimlib}; ${rounds} rounds, median wall time, tools interleaved in rotated order, each writing into ${out} (see benchOutputRoot in scripts/bench-common.mjs for why a RAM folder). Corpus: ${(corpusBytes / 1e6).toFixed(1)} MB ` +
      `(Windows PE DLLs from Debian's libwine plus TypeScript's lib folder as text), captured by wimlib-imagex. MB/s = uncompressed ` +
      `bytes applied per second; × wimlib > 1 means faster than wimlib-imagex apply; CPU s = user + system time of all threads ` +
      `(less sensitive to a busy machine than wall time). Regenerate with \`npm run bench\`; see bench/NOTES.md for profiles and ` +
      `what limits each figure.\n\n${table}`,
  );
  console.log('bench: wrote bench/RESULTS.md');
}

main();
