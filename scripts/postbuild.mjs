#!/usr/bin/env node
// Trunk's post_build hook (Trunk.toml): finishes the static site in Trunk's staging directory.
//  - the Content-Security-Policy with the sha256 of Trunk's inline bootstrap script, and the
//    other headers, in `_headers` (Cloudflare Pages / Netlify syntax; e2e/serve.mjs applies it);
//  - `sw.js`, the service worker, with a precache list generated from the built files (never a
//    hand-kept list) and a version derived from their contents;
//  - `<meta name="baton-base">` (the public URL, so the app works under a sub-path), the manifest
//    link, the CSP again as `<meta http-equiv>` (for hosts that ignore `_headers`), and `404.html`
//    (GitHub Pages serves it for deep links).
// Usage outside Trunk: node scripts/postbuild.mjs DIST [PUBLIC_URL]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, statSync, copyFileSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = process.env.TRUNK_STAGING_DIR || process.argv[2];
let base = process.env.TRUNK_PUBLIC_URL || process.argv[3] || '/';
if (!dist) {
  console.error('postbuild: no directory (TRUNK_STAGING_DIR or an argument)');
  process.exit(2);
}
if (!base.startsWith('/')) base = '/' + base;
if (!base.endsWith('/')) base += '/';

const sha256 = (data, encoding = 'base64') => createHash('sha256').update(data).digest(encoding);

// 1. index.html: base meta and manifest link; hashes of inline scripts.
const indexPath = join(dist, 'index.html');
let html = readFileSync(indexPath, 'utf8');
const head = `<meta name="baton-base" content="${base}" />\n    <link rel="manifest" href="${base}manifest.webmanifest" />`;
if (!html.includes('name="baton-base"')) {
  html = html.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    ${head}`);
}
writeFileSync(indexPath, html);
const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
if (inlineScripts.length === 0) {
  console.error('postbuild: expected Trunk\'s inline bootstrap script in index.html');
  process.exit(1);
}
const scriptHashes = inlineScripts.map((script) => `'sha256-${sha256(script)}'`);

// The optional AI endpoint is configured by the user at run time, so its origin is unknown at
// build time: connect-src allows https origins and local model servers. The trade-off: a script
// that got into the page could send data to any https origin; script-src (no inline script but
// the hashed bootstrap, no eval) is what keeps such a script out.
const csp = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${scriptHashes.join(' ')}`,
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

// Hosts that ignore `_headers` (GitHub Pages) still get the policy from a <meta http-equiv> placed
// before every script. A meta policy cannot carry frame-ancestors (browsers ignore it there and
// log an error), so that one directive stays header-only.
const metaCsp = csp
  .split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');
const metaTag = `<meta http-equiv="Content-Security-Policy" content="${metaCsp}" />`;
const existingMeta = /<meta http-equiv="Content-Security-Policy" content="[^"]*" \/>/;
// A second run (the e2e update test re-runs this hook on a built site) refreshes the policy.
html = existingMeta.test(html) ? html.replace(existingMeta, metaTag) : html.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    ${metaTag}`);
writeFileSync(indexPath, html);

// 2. Every file of the site (for the precache list and the cache headers).
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else files.push(relative(dist, path).split('\\').join('/'));
  }
};
walk(dist);
// Trunk names hashed files name-<hash>.ext with a 64-bit hex hash (leading zeros dropped).
const hashed = files.filter((file) => /-[0-9a-f]{8,16}(_bg)?\.[a-z0-9]+$/.test(file));
const precache = files.filter((file) => !['_headers', '_redirects', 'sw.js', '404.html'].includes(file)).sort();
const version = sha256(precache.map((file) => `${file}:${sha256(readFileSync(join(dist, file)), 'hex')}`).join('\n'), 'hex').slice(0, 16);

// 3. The service worker, from its template.
const template = readFileSync(join(root, 'assets', 'sw-template.js'), 'utf8');
const urls = precache.map((file) => (file === 'index.html' ? base : base + file));
writeFileSync(
  join(dist, 'sw.js'),
  template.replace('__BATON_VERSION__', version).replace('__BATON_BASE__', base).replace("'__BATON_PRECACHE__'", JSON.stringify(urls)),
);

// 4. Headers.
const lines = [
  '/*',
  `  Content-Security-Policy: ${csp}`,
  '  X-Content-Type-Options: nosniff',
  '  Referrer-Policy: no-referrer',
  '  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  '  X-Frame-Options: DENY',
  '  Cross-Origin-Opener-Policy: same-origin',
  '',
];
for (const path of [base, `${base}index.html`, `${base}sw.js`, `${base}manifest.webmanifest`]) {
  lines.push(path, '  Cache-Control: no-cache', '');
}
for (const file of hashed) {
  lines.push(`${base}${file}`, '  Cache-Control: public, max-age=31536000, immutable');
  if (file.endsWith('.wasm')) lines.push('  Content-Type: application/wasm');
  lines.push('');
}
writeFileSync(join(dist, '_headers'), lines.join('\n'));
writeFileSync(join(dist, '_redirects'), `${base}*    ${base}index.html   200\n`);

// 5. GitHub Pages serves 404.html for unknown paths: the app then routes by itself.
copyFileSync(indexPath, join(dist, '404.html'));
console.log(`postbuild: base ${base}, ${precache.length} files precached (version ${version}), CSP with ${scriptHashes.length} script hash(es)`);
