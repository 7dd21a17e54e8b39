// Writes public/icons/icon-{192,512}.png and a maskable 512 without any dependency:
// a blue tile with a white pulse line, rasterised here and encoded as PNG with zlib.
import { deflateSync } from "node:zlib";
import { mkdirSync, writeFileSync } from "node:fs";

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
// Pulse line in a 64-unit box (same as icon.svg).
const pts = [[18, 34], [26, 34], [30, 24], [36, 44], [40, 34], [46, 34]];
const segDist = (px, py, [ax, ay], [bx, by]) => {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
};
function png(size, { maskable }) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const radius = maskable ? 0 : 14;
  const scale = maskable ? 0.7 : 1; // keep the line inside the maskable safe zone
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const u = ((x + 0.5) / size) * 64, v = ((y + 0.5) / size) * 64;
      const cu = Math.min(Math.max(u, radius), 64 - radius), cv = Math.min(Math.max(v, radius), 64 - radius);
      const inside = radius === 0 || Math.hypot(u - cu, v - cv) <= radius;
      const su = 32 + (u - 32) / scale, sv = 32 + (v - 32) / scale;
      let d = Infinity;
      for (let i = 0; i < pts.length - 1; i++) d = Math.min(d, segDist(su, sv, pts[i], pts[i + 1]));
      const line = d <= 2.5;
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const [r, g, b] = line ? [255, 255, 255] : [0x0b, 0x5c, 0xad];
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b; raw[o + 3] = inside ? 255 : 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0)),
  ]);
}
const dir = new URL("../public/icons/", import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL("icon-192.png", dir), png(192, { maskable: false }));
writeFileSync(new URL("icon-512.png", dir), png(512, { maskable: false }));
writeFileSync(new URL("icon-512-maskable.png", dir), png(512, { maskable: true }));
console.log("icons written to public/icons/");
