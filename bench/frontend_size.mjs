// Patient entry JavaScript (gzipped) and installability of the built PWA.
// Usage: node bench/frontend_size.mjs [frontend/dist]   (after `npm run build` in frontend/)
// Exits 1 when the entry exceeds 100 KB gzipped or the manifest misses an install criterion.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const dist = process.argv[2] ?? new URL("../frontend/dist", import.meta.url).pathname;
const BUDGET = 100 * 1024;
const html = readFileSync(join(dist, "index.html"), "utf8");
const gz = (p) => gzipSync(readFileSync(join(dist, p)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

// What the patient's first load executes: the entry module and whatever it preloads.
const entry = [...html.matchAll(/<script[^>]+type="module"[^>]+src="\/([^"]+)"/g)].map((m) => m[1]);
const preload = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+)"/g)].map((m) => m[1]);
const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="\/([^"]+)"/g)].map((m) => m[1]);
const entryJs = [...entry, ...preload].reduce((s, p) => s + gz(p), 0);
const allJs = readdirSync(join(dist, "assets")).filter((f) => f.endsWith(".js"));
const lazy = allJs.filter((f) => !entry.concat(preload).includes(`assets/${f}`));

const manifest = JSON.parse(readFileSync(join(dist, "manifest.webmanifest"), "utf8"));
const pngSize = (p) => { const b = readFileSync(join(dist, p)); return [b.readUInt32BE(16), b.readUInt32BE(20)]; };
const problems = [];
for (const k of ["name", "short_name", "start_url", "display", "theme_color", "background_color"]) {
  if (!manifest[k]) problems.push(`manifest lacks ${k}`);
}
if (!["standalone", "fullscreen", "minimal-ui"].includes(manifest.display)) problems.push("display");
for (const want of [192, 512]) {
  const icon = manifest.icons.find((i) => i.sizes === `${want}x${want}` && i.type === "image/png" && (i.purpose ?? "any").includes("any"));
  if (!icon) { problems.push(`no ${want}px PNG icon`); continue; }
  const [w, h] = pngSize(icon.src.replace(/^\//, ""));
  if (w !== want || h !== want) problems.push(`${icon.src} is ${w}x${h}`);
}
if (!existsSync(join(dist, "sw.js"))) problems.push("no service worker (sw.js)");
if (!/rel="manifest"/.test(html)) problems.push("index.html does not link the manifest");

console.log(`Patient entry JS (gzip -9): ${kb(entryJs)} of ${kb(BUDGET)} budget  [${entry.concat(preload).join(", ")}]`);
console.log(`Entry CSS (gzip -9): ${kb(css.reduce((s, p) => s + gz(p), 0))}`);
for (const f of lazy) console.log(`Lazy chunk ${f} (gzip -9): ${kb(gz(`assets/${f}`))}`);
console.log(`Installability: ${problems.length ? "FAIL: " + problems.join("; ") : "ok (name, short_name, start_url, display standalone, theme colours, 192 and 512 PNG icons, maskable icon, service worker)"}`);
process.exit(entryJs > BUDGET || problems.length ? 1 : 0);
