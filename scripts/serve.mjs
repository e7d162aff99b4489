#!/usr/bin/env node
// Tiny static server for the built app (dist/): node:http only, loopback only (127.0.0.1 is a secure context,
// so the service worker, OPFS and the File System Access API all work without TLS). Unknown paths without a
// file extension get index.html (SPA fallback). Port: $PORT, else 4173, else any free port.
// Usage: node scripts/serve.mjs [dir]   — prints "Imagewright: http://127.0.0.1:PORT/" once listening.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? fileURLToPath(new URL('../dist/', import.meta.url)));
const host = '127.0.0.1';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wim': 'application/x-ms-wim',
  '.esd': 'application/x-ms-wim',
  '.swm': 'application/x-ms-wim',
};

async function fileAt(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const path = normalize(join(root, decoded));
  if (path !== root && !path.startsWith(root + sep)) return undefined; // no escaping dist/ with ../
  try {
    const info = await stat(path);
    if (info.isFile()) return { path, size: info.size };
    if (info.isDirectory()) return fileAt(join(decoded, 'index.html'));
  } catch {
    // fall through: not found
  }
  return undefined;
}

async function handle(request, response) {
  const url = new URL(request.url ?? '/', `http://${host}`);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  let file = await fileAt(url.pathname);
  // SPA fallback only for page-like paths; a missing /assets/x.js must be a 404, not HTML.
  if (!file && extname(url.pathname) === '') file = await fileAt('/index.html');
  if (!file) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return;
  }
  const type = MIME[extname(file.path).toLowerCase()] ?? 'application/octet-stream';
  const immutable = file.path.includes(`${sep}assets${sep}`); // Vite puts content hashes in these names
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': file.size,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file.path).pipe(response);
}

function listen(server, port) {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen(server.address().port);
    });
  });
}

const server = createServer((request, response) => {
  handle(request, response).catch((error) => {
    console.error(error);
    if (!response.headersSent) response.writeHead(500).end();
    else response.destroy();
  });
});

const wanted = Number(process.env.PORT ?? 4173);
let port;
try {
  port = await listen(server, wanted);
} catch (error) {
  if (error.code !== 'EADDRINUSE' || process.env.PORT) throw error;
  port = await listen(server, 0); // 4173 taken (another preview running): any free port will do
}
console.log(`Imagewright: http://${host}:${port}/`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
