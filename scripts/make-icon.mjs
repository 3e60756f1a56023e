#!/usr/bin/env node
/**
 * Draws the app's icon (issue 35) and writes build/icon.png (512×512, Linux and the source for other sizes) and
 * build/icon.ico (16–256 px, for the Windows app, installer and uninstaller). No image tools needed: the shapes are
 * signed distances, 4×4 supersampled, written as PNG with zlib; the ICO holds 32-bit bitmaps up to 48 px (what
 * every Windows dialog and NSIS read) and PNG for the larger ones. Deterministic: the test draws it again and
 * compares bytes with the files in build/.
 *
 *   node scripts/make-icon.mjs          writes the files
 *
 * The design: a sheet with three lines (a class list) on the console's blue, with a green check (set up, in order).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const BLUE = [11, 92, 173];
const WHITE = [255, 255, 255];
const LINE = [157, 184, 217];
const GREEN = [26, 127, 55];

function roundedRect(x, y, x0, y0, x1, y1, r) {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function segment(x, y, ax, ay, bx, by) {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t);
}

/** The colour (with alpha) at a point of the unit square. */
function shade(x, y) {
  const layers = [];
  if (roundedRect(x, y, 0.04, 0.04, 0.96, 0.96, 0.2) <= 0) layers.push(BLUE);
  else return null;
  if (roundedRect(x, y, 0.24, 0.16, 0.72, 0.8, 0.05) <= 0) layers.push(WHITE);
  for (const top of [0.3, 0.42, 0.54]) if (roundedRect(x, y, 0.32, top, 0.64, top + 0.05, 0.02) <= 0) layers.push(LINE);
  if (Math.hypot(x - 0.7, y - 0.72) <= 0.175) layers.push(WHITE);
  if (Math.hypot(x - 0.7, y - 0.72) <= 0.15) layers.push(GREEN);
  const check = Math.min(segment(x, y, 0.625, 0.725, 0.68, 0.78), segment(x, y, 0.68, 0.78, 0.78, 0.665));
  if (Math.hypot(x - 0.7, y - 0.72) <= 0.15 && check <= 0.028) layers.push(WHITE);
  return layers.at(-1);
}

/** RGBA pixels of the icon at `size`×`size`. */
export function drawIcon(size) {
  const pixels = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const colour = shade((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const at = (py * size + px) * 4;
      if (a > 0) {
        pixels[at] = Math.round(r / a);
        pixels[at + 1] = Math.round(g / a);
        pixels[at + 2] = Math.round(b / a);
      }
      pixels[at + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 32-bit BMP as an ICO entry holds it: the header says twice the height (colour + mask), rows bottom-up, BGRA. */
function dib(size, pixels) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const colour = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      colour[to] = pixels[from + 2];
      colour[to + 1] = pixels[from + 1];
      colour[to + 2] = pixels[from];
      colour[to + 3] = pixels[from + 3];
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  return Buffer.concat([header, colour, Buffer.alloc(maskRow * size)]);
}

export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

export function ico() {
  const images = ICO_SIZES.map((size) => (size <= 48 ? dib(size, drawIcon(size)) : png(size, drawIcon(size))));
  const head = Buffer.alloc(6 + 16 * images.length);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(images.length, 4);
  let offset = head.length;
  images.forEach((image, i) => {
    const size = ICO_SIZES[i];
    const at = 6 + 16 * i;
    head[at] = size === 256 ? 0 : size;
    head[at + 1] = size === 256 ? 0 : size;
    head.writeUInt16LE(1, at + 4);
    head.writeUInt16LE(32, at + 6);
    head.writeUInt32LE(image.length, at + 8);
    head.writeUInt32LE(offset, at + 12);
    offset += image.length;
  });
  return Buffer.concat([head, ...images]);
}

export function iconFiles() {
  return { 'icon.png': png(512, drawIcon(512)), 'icon.ico': ico() };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const dir = path.resolve(new URL('..', import.meta.url).pathname, 'build');
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(iconFiles())) {
    fs.writeFileSync(path.join(dir, name), bytes);
    process.stdout.write(`${path.join('build', name)}: ${bytes.length} bytes\n`);
  }
}
