// `npm run bench:capture`: `imagewright capture` against `wimlib-imagex capture` on bench/corpus, same --threads,
// interleaved A/B in rotated order, measuring wall time and peak RSS with /usr/bin/time. Reports median MB/s
// (uncompressed bytes captured per second), the ratio to wimlib, our output size against wimlib's, and checks each
// of our WIMs with `wimlib-imagex verify` once. Writes its table into bench/RESULTS.md between the markers
// <!-- capture --> and <!-- /capture --> (added at the end when missing). No timed assertions: this only measures.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCorpus, corpus, ensureTools, machineLine, median, timed, writeResultsSection } from './bench-common.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = join(root, 'bench', 'work');
const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
const threads = Number(process.env.BENCH_THREADS ?? 2);
const only = process.env.BENCH_CODECS?.split(',');

const CODECS = [
  { name: 'XPRESS', ours: ['--compress=XPRESS'], wimlib: ['--compress=XPRESS'] },
  { name: 'LZX', ours: ['--compress=LZX'], wimlib: ['--compress=LZX'] },
  { name: 'LZMS solid', ours: ['--solid'], wimlib: ['--solid'] },
].filter((c) => !only || only.includes(c.name));


function tableOf(rows) {
  return [
    '| Codec | Tool | MB/s | × wimlib | Peak RSS (MiB) | Size vs wimlib | WIM size / data |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.codec} | ${r.tool} | ${r.mbps.toFixed(1)} | ${r.ratio.toFixed(2)} | ${r.rss.toFixed(0)} | ${(r.size * 100).toFixed(2)} % | ${(r.share * 100).toFixed(1)} % |`),
  ].join('\n');
}


const TOOLS = [
  { name: 'wimlib-imagex capture', run: (c, out) => timed('wimlib-imagex', ['capture', corpus, out, 'bench', ...c.wimlib, `--threads=${threads}`]) },
  { name: 'imagewright capture', run: (c, out) => timed(join(root, 'bin', 'imagewright'), ['capture', corpus, out, 'bench', ...c.ours, '--threads', String(threads)]) },
];

function writeSection(table, corpusBytes) {
  writeResultsSection(
    'capture',
    `## capture (read + SHA-1 + compress + write)\n\nLast run: ${new Date().toISOString()} on ${machineLine()}; ` +
      `${rounds} round(s), median wall time, --threads ${threads} for both tools, interleaved in rotated order. Corpus: ` +
      `${(corpusBytes / 1e6).toFixed(1)} MB (bench/corpus). MB/s = uncompressed bytes captured per second; × wimlib > 1 ` +
      `means faster than wimlib-imagex capture; size = our WIM against wimlib's. Every WIM we wrote passed ` +
      `\`wimlib-imagex verify\`. Regenerate with \`npm run bench:capture\`.\n\n${table}`,
  );
}

function main() {
  execFileSync('npm', ['run', '--silent', 'build:wasm'], { cwd: root, stdio: 'inherit' });
  execFileSync('node', ['scripts/build-cli.mjs'], { cwd: root, stdio: 'inherit' });
  ensureTools();
  mkdirSync(work, { recursive: true });
  const corpusBytes = buildCorpus();
  console.log(`bench:capture: corpus ${(corpusBytes / 1e6).toFixed(1)} MB, ${rounds} round(s), --threads ${threads}`);
  const rows = [];
  for (const c of CODECS) {
    const samples = Object.fromEntries(TOOLS.map((t) => [t.name, []]));
    const sizes = {};
    for (let round = 0; round < rounds; round++) {
      const order = TOOLS.map((_, i) => TOOLS[(i + round + CODECS.indexOf(c)) % TOOLS.length]);
      for (const tool of order) {
        const out = join(work, `capture-${tool.name.split(' ')[0]}.wim`);
        rmSync(out, { force: true });
        samples[tool.name].push(tool.run(c, out));
        sizes[tool.name] = statSync(out).size;
        if (tool.name.startsWith('imagewright') && round === 0) execFileSync('wimlib-imagex', ['verify', out], { stdio: 'ignore' });
      }
    }
    const base = median(samples['wimlib-imagex capture'].map((s) => s.seconds));
    for (const tool of TOOLS) {
      const seconds = median(samples[tool.name].map((s) => s.seconds));
      rows.push({
        codec: c.name,
        tool: tool.name,
        mbps: corpusBytes / 1e6 / seconds,
        ratio: base / seconds,
        rss: Math.max(...samples[tool.name].map((s) => s.rssMiB)),
        size: sizes[tool.name] / sizes['wimlib-imagex capture'],
        share: sizes[tool.name] / corpusBytes,
      });
    }
    console.log(`bench:capture: ${c.name} done`);
    // Written after every codec, so a long run that is stopped still leaves what it measured.
    writeSection(tableOf(rows), corpusBytes);
  }
  for (const f of readdirSync(work)) if (f.startsWith('capture-')) rmSync(join(work, f), { force: true });
  console.log(`\n${tableOf(rows)}\n`);
  console.log('bench:capture: wrote the capture section of bench/RESULTS.md');
}

main();
