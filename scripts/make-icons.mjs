#!/usr/bin/env node
// Draws Baton's app icons (a baton across a rounded square) as PNG files, with no image tools:
// run once when the icon changes; the PNGs are committed in public/icons/.
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buffer) => {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

function icon(size, { maskable }) {
  const blue = [0x25, 0x63, 0xeb];
  const white = [0xff, 0xff, 0xff];
  const rows = [];
  // Maskable icons keep their drawing inside the central 80% safe zone and fill the square.
  const inset = maskable ? 0 : size * 0.0;
  const radius = maskable ? 0 : size * 0.22;
  const scale = maskable ? 0.7 : 1;
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    const row = [0];
    for (let x = 0; x < size; x++) {
      // Rounded square background.
      const dx = Math.max(inset + radius - x, 0, x - (size - 1 - inset - radius));
      const dy = Math.max(inset + radius - y, 0, y - (size - 1 - inset - radius));
      const inside = radius === 0 || dx * dx + dy * dy <= radius * radius;
      let color = inside ? blue : null;
      // The baton: a thick diagonal from bottom-left to top-right, with a round head.
      const u = (x - c) / (size * scale) + 0.5;
      const v = (y - c) / (size * scale) + 0.5;
      const along = (u - v) / Math.SQRT2;
      const across = (u + v - 1) / Math.SQRT2;
      if (inside && Math.abs(across) < 0.065 && Math.abs(along) < 0.3) color = white;
      const hx = u - 0.72;
      const hy = v - 0.28;
      if (inside && hx * hx + hy * hy < 0.1 * 0.1) color = white;
      if (color) row.push(...color, 255);
      else row.push(0, 0, 0, 0);
    }
    rows.push(Buffer.from(row));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync('public/icons', { recursive: true });
writeFileSync('public/icons/icon-192.png', icon(192, { maskable: false }));
writeFileSync('public/icons/icon-512.png', icon(512, { maskable: false }));
writeFileSync('public/icons/icon-maskable-512.png', icon(512, { maskable: true }));
console.log('icons written to public/icons/');
