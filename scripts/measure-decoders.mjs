// A/B of two (or more) builds of one decoder module on real chunks, interleaved in one process (not a test).
//
//   node scripts/measure-decoders.mjs --codec xpress|lzx|lzms [--wim PATH] [--mb 40] [--rounds 7] [A.wasm B.wasm …]
//
// Chunks come from a wimlib-imagex capture (default /work/main/bench/work/<codec>.wim, non-solid): the blob table is
// read directly (wim-format.md §2, §3, §4, §6; a few lines here rather than the engine's reader, so the script
// loads nothing but the .wasm files) and every k-th compressed blob is kept until about --mb MB of output remain,
// so the corpus's mix of code, data and text is kept. Raw chunks (stored size = size) are left out: they time a
// memcpy, not a decoder. Before the timed rounds every build decodes every blob and its SHA-1 is checked against
// the blob table, so a faster but wrong build fails loudly.
//
// Each round decodes all chunks with each build in turn (order rotated per round, so a shared machine's noise falls
// on all of them); a round's figure is MB of output per CPU second of this process (process.cpuUsage, user +
// system: time spent waiting for a core is not counted), reported as the median over rounds with min and max.
// The timed loop copies each chunk into the module's input buffer (as the glue does) but not the output out.
// Without build arguments the current wasm/build/<codec>.release.wasm is measured alone.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const codec = option('codec', 'xpress');
const wimPath = option('wim', `/work/main/bench/work/${codec}.wim`);
const wantBytes = Number(option('mb', '40')) * 1e6;
const rounds = Number(option('rounds', '7'));
const builds = args.length > 0 ? args : [join(root, 'wasm', 'build', `${codec}.release.wasm`)];

// --- WIM reading: header → blob table → chunk tables of the chosen blobs -----------------------------------------
const fd = openSync(wimPath, 'r');
const readAt = (offset, length) => {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, offset + done);
    if (n === 0) throw new Error(`${wimPath}: short read at ${offset + done}`);
    done += n;
  }
  return buffer;
};
const reshdr = (b, at) => ({
  size: Number(b.readBigUInt64LE(at) & 0xffffffffffffffn),
  flags: b[at + 7],
  offset: Number(b.readBigUInt64LE(at + 8)),
  usize: Number(b.readBigUInt64LE(at + 16)),
});
const header = readAt(0, 208);
if (header.toString('latin1', 0, 5) !== 'MSWIM') throw new Error(`${wimPath}: not a WIM`);
const chunkSize = header.readUInt32LE(0x14);
const tableHdr = reshdr(header, 0x30);
const table = readAt(tableHdr.offset, tableHdr.usize);
const COMPRESSED = 0x04;
const SOLID = 0x10;
const blobs = [];
for (let at = 0; at + 50 <= table.length; at += 50) {
  const r = reshdr(table, at);
  if ((r.flags & COMPRESSED) === 0 || (r.flags & SOLID) !== 0 || r.usize === 0) continue;
  blobs.push({ ...r, sha1: table.toString('hex', at + 30, at + 50) });
}
const totalBytes = blobs.reduce((s, b) => s + b.usize, 0);
const stride = Math.max(1, Math.round(totalBytes / wantBytes));
const chosen = blobs.filter((_, k) => k % stride === 0);

/** Cuts a blob's resource into chunks: { input, size, raw }. */
function chunksOf(blob) {
  const data = readAt(blob.offset, blob.size);
  const n = Math.ceil(blob.usize / chunkSize);
  const width = blob.usize > 0xffffffff ? 8 : 4;
  const tableBytes = (n - 1) * width;
  const starts = [0];
  for (let i = 0; i < n - 1; i++) starts.push(Number(width === 4 ? data.readUInt32LE(i * 4) : data.readBigUInt64LE(i * 8)));
  const chunks = [];
  for (let i = 0; i < n; i++) {
    const begin = tableBytes + starts[i];
    const end = i + 1 < n ? tableBytes + starts[i + 1] : data.length;
    const size = i + 1 < n ? chunkSize : blob.usize - chunkSize * (n - 1);
    chunks.push({ input: data.subarray(begin, end), size, raw: end - begin === size });
  }
  return chunks;
}
const blobChunks = chosen.map((blob) => ({ blob, chunks: chunksOf(blob) }));
closeSync(fd);
const timed = blobChunks.flatMap((b) => b.chunks.filter((c) => !c.raw));
const outputBytes = timed.reduce((s, c) => s + c.size, 0);
const inputBytes = timed.reduce((s, c) => s + c.input.length, 0);

// --- builds -------------------------------------------------------------------------------------------------------
async function load(path) {
  const { instance } = await WebAssembly.instantiate(readFileSync(path), {
    env: { abort: () => { throw new Error(`${basename(path)} aborted`); } },
  });
  const e = instance.exports;
  const maxInput = Math.max(...timed.map((c) => c.input.length), chunkSize);
  if (e.reserve(maxInput, chunkSize) < 0) throw new Error('reserve failed');
  const inAt = e.inputPointer();
  const outAt = e.outputPointer();
  const memory = () => new Uint8Array(e.memory.buffer);
  // LZX takes the window (the WIM's chunk size) as a third argument; the others ignore it.
  const decode = (chunk) => {
    memory().set(chunk.input, inAt);
    const result = e.decompress(chunk.input.length, chunk.size, chunkSize);
    if (result !== chunk.size) throw new Error(`${basename(path)}: decompress returned ${result}`);
  };
  return { path, decode, output: (size) => memory().subarray(outAt, outAt + size) };
}
const contenders = [];
for (const path of builds) contenders.push(await load(path));
const label = (c, i) => `${i === 0 && args.length === 0 ? 'current' : String.fromCharCode(65 + i)} ${basename(c.path)}`;

// Correctness pass (also the warm-up): every blob's SHA-1 must match the blob table.
for (const c of contenders) {
  for (const { blob, chunks } of blobChunks) {
    const hash = createHash('sha1');
    for (const chunk of chunks) {
      if (chunk.raw) hash.update(chunk.input);
      else {
        c.decode(chunk);
        hash.update(c.output(chunk.size));
      }
    }
    if (hash.digest('hex') !== blob.sha1) throw new Error(`${basename(c.path)}: wrong SHA-1 for blob ${blob.sha1}`);
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

console.log(
  `${codec} (${basename(wimPath)}, chunk ${chunkSize}): ${chosen.length} blobs, ${timed.length} compressed chunks, ` +
    `${(outputBytes / 1e6).toFixed(1)} MB out of ${(inputBytes / 1e6).toFixed(1)} MB; ${rounds} rounds, node ${process.version}`,
);
const samples = contenders.map(() => []);
for (let round = 0; round < rounds; round++) {
  for (let k = 0; k < contenders.length; k++) {
    const i = (k + round) % contenders.length;
    const c = contenders[i];
    const cpu = process.cpuUsage();
    for (const chunk of timed) c.decode(chunk);
    const used = process.cpuUsage(cpu);
    samples[i].push(outputBytes / ((used.user + used.system) / 1e6) / 1e6);
  }
}
contenders.forEach((c, i) => {
  const s = samples[i];
  const ratio = i === 0 ? '' : `  ${(median(s) / median(samples[0])).toFixed(3)}× of A`;
  console.log(
    `  ${label(c, i).padEnd(34)} ${median(s).toFixed(0).padStart(5)} MB/s per CPU second ` +
      `(min ${Math.min(...s).toFixed(0)}, max ${Math.max(...s).toFixed(0)})${ratio}`,
  );
});
