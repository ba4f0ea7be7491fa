/**
 * Draws Balai Belajar's app icon and writes build/icon.png (512×512, Linux) and build/icon.ico (16–256 px,
 * Windows, PNG entries as Vista+ reads them). A simple design: an open book under the roof of a balai desa,
 * cream on green. Deterministic, no image library: `npx tsx scripts/make-icons.ts` rewrites the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
const GREEN: Rgba = [0x2f, 0x6f, 0x4e, 255];
const CREAM: Rgba = [0xf6, 0xf4, 0xef, 255];
const GOLD: Rgba = [0xe0, 0xa8, 0x3c, 255];

/** Which colour the point (x, y) in a 1×1 square has, or null outside the icon. */
function shade(x: number, y: number): Rgba | null {
  // Rounded square background.
  const r = 0.18;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null;
  // Roof: a triangle from (0.15, 0.45) to (0.85, 0.45), apex (0.5, 0.17).
  if (y >= 0.17 && y <= 0.45) {
    const half = ((y - 0.17) / 0.28) * 0.35;
    if (Math.abs(x - 0.5) <= half) return y > 0.4 ? GOLD : CREAM;
  }
  // Open book: two pages leaning from the spine at x = 0.5, between y 0.52 and 0.82.
  if (y >= 0.52 && y <= 0.82 && x >= 0.2 && x <= 0.8) {
    const dip = Math.abs(x - 0.5) * 0.12; // pages rise towards their outer edges
    const top = 0.56 - dip;
    const bottom = 0.82 - dip;
    if (y >= top && y <= bottom && Math.abs(x - 0.5) > 0.015) return CREAM;
  }
  return GREEN;
}

/** Renders `size`×`size` RGBA with 4×4 supersampling (smooth edges at 16 px too). */
function render(size: number): Buffer {
  const out = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++)
        for (let sx = 0; sx < n; sx++) {
          const c = shade((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          if (!c) continue;
          for (let i = 0; i < 3; i++) sum[i]! += c[i]! * c[3];
          sum[3]! += c[3];
        }
      const at = (py * size + px) * 4;
      const alpha = sum[3]!;
      for (let i = 0; i < 3; i++) out[at + i] = alpha ? Math.round(sum[i]! / alpha) : 0;
      out[at + 3] = Math.round(alpha / (n * n));
    }
  return out;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

function png(size: number): Buffer {
  const rgba = render(size);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An .ico whose entries are PNGs (256 is written as 0 in the directory, as the format says). */
function ico(sizes: number[]): Buffer {
  const images = sizes.map(png);
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((size, i) => {
    const at = 6 + 16 * i;
    header[at] = size >= 256 ? 0 : size;
    header[at + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, at + 4); // planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(images[i]!.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += images[i]!.length;
  });
  return Buffer.concat([header, ...images]);
}

const dir = join(import.meta.dirname, '..', 'build');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'icon.png'), png(512));
writeFileSync(join(dir, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256]));
console.log('build/icon.png, build/icon.ico');
