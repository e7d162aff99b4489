// Import-direction lint (docs/architecture.md, "Directions"). Fails when a module imports a layer it must not.
// Type-only imports are allowed where the rules say "type"; everything else is a value import.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');

// layer → layers it may import (values). `typeOnly` lists layers reachable with `import type` only.
const RULES = {
  shared: { may: [] },
  codecs: { may: ['shared', 'wasm'] },
  io: { may: ['shared'] },
  formats: { may: ['shared', 'codecs', 'io'] },
  pool: { may: ['shared', 'codecs', 'io'] },
  catalog: { may: ['shared', 'formats'] },
  engine: { may: ['shared', 'codecs', 'formats', 'io', 'pool', 'catalog', 'wasm'] },
  client: { may: ['shared'], typeOnly: ['engine', 'formats', 'catalog'] },
  platform: { may: ['shared'], typeOnly: ['client', 'formats'] },
  ui: { may: ['shared', 'client', 'platform'], typeOnly: ['engine', 'formats', 'catalog'] },
  sw: { may: ['shared'] },
  cli: { may: ['shared', 'codecs', 'formats', 'io', 'pool', 'engine', 'catalog'] },
  main: { may: ['shared', 'client', 'platform', 'ui'] },
};

function layerOf(file) {
  const rel = relative(root, file).split(sep);
  if (rel[0] === 'wasm') return 'wasm';
  if (rel[0] !== 'src') return undefined;
  if (rel[1] === 'main.tsx') return 'main';
  if (rel.length === 2) return 'root';
  return rel[1];
}

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (/\.(ts|tsx)$/.test(entry.name)) out.push(path);
  }
  return out;
}

const IMPORT_RE = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
const problems = [];

for (const file of walk(src)) {
  const from = layerOf(file);
  if (!from || from === 'root') continue;
  const rule = RULES[from];
  if (!rule) {
    problems.push(`${relative(root, file)}: folder src/${from} has no rule in scripts/lint-imports.mjs`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[3] ?? m[4] ?? m[5];
    if (!spec || !spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec);
    const to = layerOf(target);
    if (!to || to === from) continue;
    const isType = Boolean(m[2]);
    const ok = rule.may.includes(to) || (isType && (rule.typeOnly ?? []).includes(to));
    if (!ok) {
      const line = text.slice(0, m.index).split('\n').length;
      problems.push(`${relative(root, file)}:${line}: ${from} must not import ${isType ? 'types from ' : ''}${to} ('${spec}')`);
    }
  }
}

for (const file of walk(join(root, 'wasm'))) {
  if (file.includes(`${sep}build${sep}`)) continue;
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[3] ?? m[4] ?? m[5];
    if (spec && spec.startsWith('.') && layerOf(resolve(dirname(file), spec)) !== 'wasm') {
      problems.push(`${relative(root, file)}: wasm/ must not import outside wasm/ ('${spec}')`);
    }
  }
}

if (problems.length) {
  console.error(`Import directions violated (${problems.length}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('import directions ok');
