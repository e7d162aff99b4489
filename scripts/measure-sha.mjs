// Measures streaming SHA-1 and SHA-256 throughput through the TS glue (src/codecs/sha.ts) against node:crypto.
// Not a test: it only prints figures. Every round runs every contender once, in a rotated order, so the noise of a
// shared machine spreads over all of them; the medians of the rounds are reported.
//
//   node scripts/measure-sha.mjs [--mib=64] [--rounds=7] [--update-mib=1,8] [other.wasm …]
//
// Extra .wasm paths (e.g. a copy of an older wasm/build/sha1.release.wasm) are measured next to the current release
// build, for A/B comparisons in one process. Run `npm run build:wasm` first.
//
// Two figures per contender: MB per CPU second (process.cpuUsage; steady on a machine shared with other jobs,
// since time spent waiting for a core is not counted) and MB per wall second (what a user would see when idle).
import { createHash, randomFillSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const totalBytes = Number(option('mib', 64)) * 2 ** 20;
const rounds = Number(option('rounds', 7));
const updateSizes = option('update-mib', '1,8').split(',').map((m) => Number(m) * 2 ** 20);
const builds = [join(root, 'wasm/build/sha1.release.wasm'), ...args.filter((a) => !a.startsWith('--'))];

// The glue is TypeScript: bundle it in memory and import it from a data: URL (no files written).
const bundle = await build({
  entryPoints: [join(root, 'src/codecs/sha.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'error',
});
const glue = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);

const data = new Uint8Array(totalBytes);
for (let at = 0; at < data.length; at += 65536) randomFillSync(data, at, Math.min(65536, data.length - at));

/** Contenders: name → function hashing `data` in `updateSize` pieces and returning the hex digest. */
const contenders = [];
for (const [i, path] of builds.entries()) {
  const bytes = readFileSync(path);
  // A loader of our own so each build gets its own instance (loadHashModule caches per loader).
  const module = await glue.loadHashModule(async () => bytes, 'release');
  const label = i === 0 ? 'wasm' : `wasm[${basename(path)}]`;
  for (const [algo, Hash] of [['sha1', glue.Sha1], ['sha256', glue.Sha256]]) {
    contenders.push({
      name: `${label} ${algo}`,
      algo,
      run: (size) => {
        const hash = new Hash(module);
        for (let at = 0; at < data.length; at += size) hash.update(data.subarray(at, at + size));
        return hash.hexDigest();
      },
    });
  }
}
for (const algo of ['sha1', 'sha256']) {
  contenders.push({
    name: `node crypto ${algo}`,
    algo,
    run: (size) => {
      const hash = createHash(algo);
      for (let at = 0; at < data.length; at += size) hash.update(data.subarray(at, at + size));
      return hash.digest('hex');
    },
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

console.log(`${totalBytes / 2 ** 20} MiB of random data, ${rounds} rounds, node ${process.version}; MB/s = 10^6 bytes/s`);
for (const size of updateSizes) {
  const expected = { sha1: createHash('sha1').update(data).digest('hex'), sha256: createHash('sha256').update(data).digest('hex') };
  const samples = contenders.map(() => []);
  const wall = contenders.map(() => []);
  for (const c of contenders) c.run(size); // warm-up (JIT, wasm tier-up)
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (k + round) % contenders.length;
      const c = contenders[i];
      const start = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const digest = c.run(size);
      const used = process.cpuUsage(cpu);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (digest !== expected[c.algo]) throw new Error(`${c.name}: wrong digest`);
      samples[i].push(totalBytes / ((used.user + used.system) / 1e6) / 1e6);
      wall[i].push(totalBytes / seconds / 1e6);
    }
  }
  console.log(`\nupdates of ${size / 2 ** 20} MiB`);
  contenders.forEach((c, i) => {
    const s = samples[i];
    const cpu = `${median(s).toFixed(0).padStart(5)} MB/s per CPU second (min ${Math.min(...s).toFixed(0)}, max ${Math.max(...s).toFixed(0)})`;
    console.log(`  ${c.name.padEnd(32)} ${cpu}; wall ${median(wall[i]).toFixed(0).padStart(5)} MB/s`);
  });
}
