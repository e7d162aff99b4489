// Measures the wasm XPRESS / LZX compressors against wimlib-imagex on a folder of files (not a test).
//
//   node scripts/measure-compressors.mjs [--corpus DIR] [--codecs XPRESS,LZX] [--levels 20,50] [--chunk 32768]
//                                        [--limit-mb N] [--no-wimlib]
//
// Files are deduplicated by SHA-1 (as WIM blobs are) and cut into chunks of --chunk bytes; each chunk is compressed
// with wasm/build/<codec>.release.wasm and stored raw when that is not smaller (as a WIM writer does). Speed is
// MB of input per CPU second of this process (user + system) spent in compress calls: MB/s per core. wimlib-imagex
// captures the same files (--source-list, --threads=1, same codec and chunk size); its chunk data size is the sum
// of its file blobs' compressed sizes minus their chunk tables, and its speed uses the child's CPU time (including
// its scan and SHA-1, so it slightly flatters us).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const corpus = option('corpus', '/work/main/bench/corpus');
const codecs = option('codecs', 'XPRESS,LZX').split(',');
const levels = option('levels', '20,50').split(',').map(Number);
const chunkSize = Number(option('chunk', '32768'));
const limit = Number(option('limit-mb', '0')) * 1e6;
const withWimlib = !args.includes('--no-wimlib');
const flavor = option('flavor', 'release');

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

const files = [];
const seen = new Set();
let inputBytes = 0;
for (const path of walk(corpus, [])) {
  if (limit && inputBytes >= limit) break;
  const data = readFileSync(path);
  const hash = createHash('sha1').update(data).digest('hex');
  if (seen.has(hash) || data.length === 0) continue;
  seen.add(hash);
  files.push({ path, data });
  inputBytes += data.length;
}
console.log(`${files.length} distinct files, ${(inputBytes / 1e6).toFixed(1)} MB, ${chunkSize}-byte chunks`);

async function loadCodec(name) {
  const bytes = readFileSync(join(root, 'wasm', 'build', `${name.toLowerCase()}.${flavor}.wasm`));
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort: () => { throw new Error('abort'); } } });
  const e = instance.exports;
  if (e.reserve(chunkSize, chunkSize) < 0) throw new Error('reserve failed');
  return e;
}

function measureOurs(e, codec, level) {
  let output = 0;
  let cpu = 0;
  for (const { data } of files) {
    for (let at = 0; at < data.length; at += chunkSize) {
      const chunk = data.subarray(at, at + chunkSize);
      // Views are rebuilt per call: a compress call may grow memory.
      new Uint8Array(e.memory.buffer, e.inputPointer(), chunk.length).set(chunk);
      const before = process.cpuUsage();
      const result = e.compress(chunk.length, chunkSize, level);
      const used = process.cpuUsage(before);
      cpu += used.user + used.system;
      if (result < 0) throw new Error(`${codec} compress failed: ${result}`);
      output += result > 0 && result < chunk.length ? result : chunk.length;
    }
  }
  return { output, seconds: cpu / 1e6 };
}

function measureWimlib(codec) {
  const dir = mkdtempSync(join(tmpdir(), 'iw-measure-'));
  try {
    const list = join(dir, 'sources.txt');
    // Source-list lines: "source" "target in the image" (quoted: corpus paths contain spaces).
    writeFileSync(list, files.map(({ path }) => `"${path}" "/${relative(corpus, path)}"`).join('\n'));
    const wim = join(dir, 'out.wim');
    const run = spawnSync(
      '/usr/bin/time',
      ['-f', '%U %S', 'wimlib-imagex', 'capture', list, wim, '--source-list', `--compress=${codec}`, `--chunk-size=${chunkSize}`, '--threads=1'],
      { encoding: 'utf8' },
    );
    if (run.status !== 0) throw new Error(`wimlib-imagex failed: ${run.stderr}`);
    const [user, system] = run.stderr.trim().split('\n').pop().split(' ').map(Number);
    const info = execFileSync('wimlib-imagex', ['info', wim, '--blobs'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    let output = 0;
    for (const block of info.split('\n\n')) {
      if (!block.includes('Uncompressed size') || block.includes('METADATA')) continue;
      const usize = Number(/Uncompressed size = (\d+)/.exec(block)[1]);
      const csize = Number(/Compressed size\s+= (\d+)/.exec(block)[1]);
      const compressed = block.includes('WIM_RESHDR_FLAG_COMPRESSED');
      const table = compressed ? (Math.ceil(usize / chunkSize) - 1) * (usize > 0xffffffff ? 8 : 4) : 0;
      output += csize - table;
    }
    return { output, seconds: user + system };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (n) => `${((100 * n) / inputBytes).toFixed(2)} %`;
for (const codec of codecs) {
  const e = await loadCodec(codec);
  const wimlib = withWimlib ? measureWimlib(codec) : undefined;
  if (wimlib) {
    console.log(`${codec} wimlib-imagex (level 50, 1 thread): ${wimlib.output} B (${pct(wimlib.output)}), ` +
      `${(inputBytes / 1e6 / wimlib.seconds).toFixed(1)} MB/s per core (capture CPU ${wimlib.seconds.toFixed(2)} s)`);
  }
  for (const level of levels) {
    const ours = measureOurs(e, codec, level);
    const vs = wimlib ? `, size ${((100 * ours.output) / wimlib.output - 100).toFixed(2)} % vs wimlib, speed ${(wimlib.seconds / ours.seconds).toFixed(2)}×` : '';
    console.log(`${codec} level ${level}: ${ours.output} B (${pct(ours.output)}), ${(inputBytes / 1e6 / ours.seconds).toFixed(1)} MB/s per core${vs}`);
  }
}
