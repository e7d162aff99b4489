// LZMS compressor measurement (a script, not a test; no timed assertions anywhere).
//
// Compresses the bench corpus (bench/corpus, or the folder given as the first argument) with our wasm LZMS
// compressor, in one thread, as WIM data would be cut: every file in 128 KiB chunks (non-solid), and all files
// concatenated — grouped by extension then name, as wimlib orders solid blobs — in 64 MiB chunks (solid). Each
// chunk is decoded again by our LZMS decoder and compared (not timed). Prints compressed size, MB/s of
// compression per core and peak memory (process RSS and the wasm memory), then runs wimlib-imagex capture with
// --threads=1 on the same tree (--compress=LZMS, then --solid) for its WIM size, CPU time and peak RSS.
// Speeds are per CPU second (user + system), not wall time: the machine is shared, wall time says little.
// With --mb=N about N MB are used (every k-th file, keeping the mix), and wimlib captures a copy of just those.
//   node scripts/bench-lzms-compress.mjs [corpus] [--mode=solid|chunks|both] [--level=50] [--no-wimlib] [--mb=N]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const corpus = args.find((a) => !a.startsWith('--')) ?? join(root, 'bench', 'corpus');
const mode = option('mode', 'both');
const level = Number(option('level', '50'));
const limitBytes = Number(option('mb', '0')) * 1e6;
const runWimlib = !args.includes('--no-wimlib');

function listFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile() && !entry.name.startsWith('.')) out.push(path);
  }
  return out;
}

async function loadModule() {
  const bytes = readFileSync(join(root, 'wasm', 'build', 'lzms.release.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort() { throw new Error('abort'); } } });
  return instance.exports;
}

let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

/** Compresses `data` in `chunk`-byte pieces; returns { packed, seconds }, verifying every piece. */
function compressAll(e, pieces, chunk) {
  if (e.reserve(chunk, chunk) < 0) throw new Error('reserve failed');
  let packed = 0;
  let seconds = 0;
  for (const piece of pieces) {
    for (let at = 0; at < piece.length; at += chunk) {
      const part = piece.subarray(at, Math.min(at + chunk, piece.length));
      e.reserve(chunk, chunk);
      new Uint8Array(e.memory.buffer, e.inputPointer(), part.length).set(part);
      const t0 = process.cpuUsage();
      const result = e.compress(part.length, chunk, level);
      const used = process.cpuUsage(t0);
      seconds += (used.user + used.system) / 1e6;
      sampleRss();
      if (result < 0) throw new Error(`compress error ${result}`);
      if (result === 0) {
        packed += part.length;
        continue;
      }
      packed += result;
      const comp = new Uint8Array(e.memory.buffer, e.outputPointer(), result).slice();
      new Uint8Array(e.memory.buffer, e.inputPointer(), result).set(comp);
      const back = e.decompress(result, part.length);
      if (back !== part.length) throw new Error(`decode error ${back}`);
      const out = new Uint8Array(e.memory.buffer, e.outputPointer(), part.length);
      if (Buffer.compare(Buffer.from(out.buffer, out.byteOffset, out.length), Buffer.from(part.buffer, part.byteOffset, part.length)) !== 0) {
        throw new Error('round trip mismatch');
      }
    }
  }
  return { packed, seconds, wasmBytes: e.memory.buffer.byteLength };
}

function wimlib(tree, extra) {
  const dir = mkdtempSync(join(tmpdir(), 'iw-lzms-bench-'));
  const wim = join(dir, 'out.wim');
  const timing = join(dir, 'time.txt');
  execFileSync('/usr/bin/time', ['-f', '%U %S %M', '-o', timing, 'wimlib-imagex', 'capture', tree, wim, '--threads=1', ...extra], {
    stdio: 'ignore',
  });
  const [user, system, maxKb] = readFileSync(timing, 'utf8').trim().split(/\s+/).map(Number);
  const size = statSync(wim).size;
  rmSync(dir, { recursive: true, force: true });
  return { size, seconds: user + system, peakMb: maxKb / 1024 };
}

const files = listFiles(corpus).sort();
const corpusBytes = files.reduce((sum, path) => sum + statSync(path).size, 0);
// A subset keeps the corpus's mix: every k-th file, k = corpus size / requested size.
const stride = limitBytes ? Math.max(1, Math.floor(corpusBytes / limitBytes)) : 1;
let total = 0;
const chosen = [];
for (let i = 0; i < files.length; i += stride) {
  chosen.push(files[i]);
  total += statSync(files[i]).size;
}
const mb = (n) => (n / 1e6).toFixed(1);
console.log(`corpus ${corpus}: ${chosen.length} files, ${mb(total)} MB; level ${level}`);
const e = await loadModule();

if (mode === 'chunks' || mode === 'both') {
  const pieces = chosen.map((p) => readFileSync(p));
  const r = compressAll(e, pieces, 128 * 1024);
  console.log(
    `ours   LZMS 128 KiB chunks: ${r.packed} bytes (${((100 * r.packed) / total).toFixed(2)} %), ` +
      `${(total / 1e6 / r.seconds).toFixed(2)} MB/s per core, wasm memory ${mb(r.wasmBytes)} MB, peak RSS ${mb(peakRss)} MB`,
  );
}
if (mode === 'solid' || mode === 'both') {
  const ordered = [...chosen].sort((a, b) => {
    const ea = extname(a).toLowerCase();
    const eb = extname(b).toLowerCase();
    return ea < eb ? -1 : ea > eb ? 1 : basename(a) < basename(b) ? -1 : basename(a) > basename(b) ? 1 : 0;
  });
  const all = Buffer.concat(ordered.map((p) => readFileSync(p)));
  const r = compressAll(e, [all], 64 * 1024 * 1024);
  console.log(
    `ours   LZMS solid 64 MiB chunks: ${r.packed} bytes (${((100 * r.packed) / total).toFixed(2)} %), ` +
      `${(total / 1e6 / r.seconds).toFixed(2)} MB/s per core, wasm memory ${mb(r.wasmBytes)} MB, peak RSS ${mb(peakRss)} MB`,
  );
}
if (runWimlib) {
  let tree = corpus;
  let copy;
  if (limitBytes) {
    copy = mkdtempSync(join(tmpdir(), 'iw-lzms-subset-'));
    tree = join(copy, 'tree');
    for (const path of chosen) {
      const to = join(tree, relative(corpus, path));
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(path, to);
    }
  }
  if (mode === 'chunks' || mode === 'both') {
    const w = wimlib(tree, ['--compress=LZMS']);
    console.log(`wimlib LZMS 128 KiB chunks: WIM ${w.size} bytes (${((100 * w.size) / total).toFixed(2)} %), ${(total / 1e6 / w.seconds).toFixed(2)} MB/s per core (1 thread, whole capture), peak RSS ${w.peakMb.toFixed(0)} MiB`);
  }
  if (mode === 'solid' || mode === 'both') {
    const w = wimlib(tree, ['--solid']);
    console.log(`wimlib LZMS solid: WIM ${w.size} bytes (${((100 * w.size) / total).toFixed(2)} %), ${(total / 1e6 / w.seconds).toFixed(2)} MB/s per core (1 thread, whole capture), peak RSS ${w.peakMb.toFixed(0)} MiB`);
  }
  if (copy) rmSync(copy, { recursive: true, force: true });
}
