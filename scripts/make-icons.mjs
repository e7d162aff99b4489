// Draws the app icon (three stacked layers — the images inside one WIM — in white on a blue tile) and writes
// public/icons/icon-192.png, icon-512.png, icon-maskable-512.png and icon.svg. No dependencies: shapes are
// rasterised with 4×4 supersampling and encoded as PNG with node:zlib. Run: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const outDir = fileURLToPath(new URL('../public/icons/', import.meta.url));
const TOP = [0x2d, 0x6f, 0xd3];
const BOTTOM = [0x17, 0x4a, 0x96];

// Glyph in unit coordinates (0..1), shared by the PNG rasteriser and the SVG.
const LAYER = { cx: 0.5, cy: 0.36, hw: 0.3, hh: 0.15 };
const CHEVRONS = [
  { y: 0.53, alpha: 0.9 },
  { y: 0.66, alpha: 0.7 },
];
const STROKE = 0.06;

function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function chevronPoints(y) {
  return [
    [LAYER.cx - LAYER.hw, y],
    [LAYER.cx, y + LAYER.hh],
    [LAYER.cx + LAYER.hw, y],
  ];
}

/** White coverage of the glyph at (x, y), 0..1. */
function glyphAlpha(x, y) {
  if (Math.abs(x - LAYER.cx) / LAYER.hw + Math.abs(y - LAYER.cy) / LAYER.hh <= 1) return 1;
  let alpha = 0;
  for (const { y: cy, alpha: a } of CHEVRONS) {
    const [p, q, r] = chevronPoints(cy);
    const d = Math.min(segmentDistance(x, y, ...p, ...q), segmentDistance(x, y, ...q, ...r));
    if (d <= STROKE / 2) alpha = Math.max(alpha, a);
  }
  return alpha;
}

function insideRoundedTile(x, y, radius) {
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - radius), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - radius), 0);
  return Math.hypot(qx, qy) <= radius;
}

/** RGBA pixels. A maskable icon fills the square and keeps the glyph inside the central safe circle. */
function render(size, { maskable }) {
  const pixels = new Uint8Array(size * size * 4);
  const samples = 4;
  const glyphScale = maskable ? 0.78 : 1;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let tile = 0;
      let white = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (!maskable && !insideRoundedTile(x, y, 0.22)) continue;
          tile += 1;
          white += glyphAlpha(0.5 + (x - 0.5) / glyphScale, 0.5 + (y - 0.5) / glyphScale);
        }
      }
      const n = samples * samples;
      const t = py / (size - 1);
      const i = (py * size + px) * 4;
      const mix = tile ? white / tile : 0;
      for (let c = 0; c < 3; c++) {
        const base = TOP[c] + (BOTTOM[c] - TOP[c]) * t;
        pixels[i + c] = Math.round(base + (255 - base) * mix);
      }
      pixels[i + 3] = Math.round((255 * tile) / n);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function svg() {
  const hex = (rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  const u = (v) => +(v * 64).toFixed(2);
  const { cx, cy, hw, hh } = LAYER;
  const chevrons = CHEVRONS.map(({ y, alpha }) => {
    const points = chevronPoints(y).map(([x, py]) => `${u(x)},${u(py)}`).join(' ');
    return `<polyline points="${points}" fill="none" stroke="#fff" stroke-opacity="${alpha}" stroke-width="${u(STROKE)}" stroke-linecap="round" stroke-linejoin="round"/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hex(TOP)}"/><stop offset="1" stop-color="${hex(BOTTOM)}"/></linearGradient></defs>
<rect width="64" height="64" rx="${u(0.22)}" fill="url(#g)"/>
<polygon points="${u(cx)},${u(cy - hh)} ${u(cx + hw)},${u(cy)} ${u(cx)},${u(cy + hh)} ${u(cx - hw)},${u(cy)}" fill="#fff"/>
${chevrons.join('\n')}
</svg>
`;
}

mkdirSync(outDir, { recursive: true });
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['icon-maskable-512.png', 512, true],
]) {
  writeFileSync(outDir + name, encodePng(size, render(size, { maskable })));
}
writeFileSync(outDir + 'icon.svg', svg());
console.log(`icons written to ${outDir}`);
