// A/B of two (or more) builds of one compressor module on the same chunks, interleaved in one process (not a test).
//
//   node scripts/ab-compressors.mjs --codec lzx [--level 50] [--chunk 32768] [--mb 20] [--rounds 5] [--solid] A.wasm B.wasm …
//
// A build given as `path?a,b,c` is instantiated on its own and its exported `tune(a, b, c, …)` called first (for
// experimental builds that expose their parameters; committed builds have no such export).
// Chunks: every file of the corpus (deduplicated by SHA-1) cut into --chunk bytes, then every k-th chunk kept so
// that about --mb MB remain (keeps the corpus's mix of code, data and text). Each round compresses all chunks with
// each build in turn (order rotated per round); speed is MB per CPU second of this process (user + system) spent
// in the compress calls, the median over rounds. Sizes count a chunk stored raw when compression does not shrink it.
// Before the timed rounds, every output is decoded by the same module's decompressor and compared with the input.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const codec = option('codec', 'lzx');
const level = Number(option('level', '50'));
const chunkSize = Number(option('chunk', '32768'));
const wantBytes = Number(option('mb', '20')) * 1e6;
const rounds = Number(option('rounds', '5'));
const corpus = option('corpus', '/work/main/bench/corpus');
// --solid: every k-th file instead of every k-th chunk, ordered by extension then name (as wimlib orders solid
// blobs), concatenated, then cut into --chunk pieces (e.g. --chunk 67108864 for LZMS solid resources).
const solid = args.includes('--solid') ? (args.splice(args.indexOf('--solid'), 1), true) : false;
const builds = args.length > 0 ? args : [join(root, 'wasm', 'build', `${codec}.release.wasm`)];

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

const all = [];
const files = [];
const seen = new Set();
let total = 0;
for (const path of walk(corpus, [])) {
  const data = readFileSync(path);
  const hash = createHash('sha1').update(data).digest('hex');
  if (seen.has(hash) || data.length === 0) continue;
  seen.add(hash);
  files.push({ path, data });
  for (let at = 0; at < data.length; at += chunkSize) all.push(data.subarray(at, at + chunkSize));
  total += data.length;
}
const stride = Math.max(1, Math.round(total / wantBytes));
let chunks = all.filter((_, k) => k % stride === 0);
if (solid) {
  const extOf = (p) => (/\.[^./]*$/.exec(p)?.[0] ?? '').toLowerCase();
  const nameOf = (p) => p.slice(p.lastIndexOf('/') + 1);
  let chosen = [];
  let sum = 0;
  const fileStride = Math.max(1, Math.round(total / wantBytes));
  for (let k = 0; k < files.length; k += fileStride) {
    chosen.push(files[k]);
    sum += files[k].data.length;
  }
  chosen = chosen.sort((a, b) => (extOf(a.path) + nameOf(a.path) < extOf(b.path) + nameOf(b.path) ? -1 : 1));
  const joined = Buffer.concat(chosen.map((f) => f.data));
  chunks = [];
  for (let at = 0; at < joined.length; at += chunkSize) chunks.push(joined.subarray(at, at + chunkSize));
}
const inputBytes = chunks.reduce((s, c) => s + c.length, 0);
console.log(`${codec} level ${level}: ${chunks.length} chunks, ${(inputBytes / 1e6).toFixed(1)} MB (every ${stride}th), ${rounds} rounds`);

async function load(spec) {
  const [path, tuning] = spec.split('?');
  const { instance } = await WebAssembly.instantiate(readFileSync(path), { env: { abort: () => { throw new Error('abort'); } } });
  const e = instance.exports;
  if (e.reserve(chunkSize, chunkSize) < 0) throw new Error('reserve failed');
  if (tuning) e.tune(...tuning.split(',').map(Number));
  return e;
}

function run(e, check) {
  let output = 0;
  let cpu = 0;
  for (const chunk of chunks) {
    new Uint8Array(e.memory.buffer, e.inputPointer(), chunk.length).set(chunk);
    const before = process.cpuUsage();
    const result = e.compress(chunk.length, chunkSize, level);
    const used = process.cpuUsage(before);
    cpu += used.user + used.system;
    if (result < 0) throw new Error(`compress failed: ${result}`);
    const stored = result > 0 && result < chunk.length;
    output += stored ? result : chunk.length;
    if (check && stored) {
      const packed = new Uint8Array(e.memory.buffer, e.outputPointer(), result).slice();
      new Uint8Array(e.memory.buffer, e.inputPointer(), result).set(packed);
      const got = e.decompress(result, chunk.length, chunkSize);
      if (got !== chunk.length) throw new Error(`decompress returned ${got}`);
      const back = new Uint8Array(e.memory.buffer, e.outputPointer(), chunk.length);
      if (Buffer.compare(back, chunk) !== 0) throw new Error('round trip differs');
    }
  }
  return { output, seconds: cpu / 1e6 };
}

const modules = [];
for (const path of builds) modules.push({ path, e: await load(path), speeds: [], output: 0 });
for (const m of modules) {
  try {
    m.output = run(m.e, typeof m.e.decompress === 'function').output;
  } catch (error) {
    console.log(`${m.path}: check skipped or failed: ${error.message}`);
    m.output = run(m.e, false).output;
  }
}
for (let r = 0; r < rounds; r++) {
  for (let k = 0; k < modules.length; k++) {
    const m = modules[(k + r) % modules.length];
    m.speeds.push(inputBytes / 1e6 / run(m.e, false).seconds);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ref = modules[0];
for (const m of modules) {
  const size = ((100 * m.output) / ref.output - 100).toFixed(3);
  console.log(`${m.path}: ${m.output} B (${((100 * m.output) / inputBytes).toFixed(2)} %, ${size} % vs first), ` +
    `${median(m.speeds).toFixed(2)} MB/s per core (${m.speeds.map((s) => s.toFixed(1)).join(' ')})`);
}
