// Dependency-free static server for the built app (dist/), used by the e2e tests and usable by hand:
//
//   node e2e/serve.mjs DIST [PORT] [BASEPATH]      e.g. node e2e/serve.mjs dist 8765 /baton/
//
// It behaves like the static host we ship to (Cloudflare Pages style), so the tests see what users see:
// - files are served from `root`; a directory serves its index.html;
// - a path without a file extension that matches no file (an SPA deep link like /projects/42) gets
//   root/index.html with status 200;
// - a missing path WITH an extension (/missing.js) is a 404 (root/404.html as the body when present);
// - the headers in root/_headers (Cloudflare Pages syntax) are applied, so the e2e tests run under the
//   Content-Security-Policy and other headers the host would send; _headers/_redirects are not served;
// - `basePath` serves the site under a sub-path (e.g. /baton/), as on a project page of a shared host;
//   _headers patterns are then matched against the path below the base path.
// No caching/ETag and no compression: tests do not need them.

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', // required by WebAssembly.instantiateStreaming
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
};

// Files that configure the host and are never served (as on Cloudflare Pages).
const HIDDEN = new Set(['/_headers', '/_redirects', '/_routes.json']);

export function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Parse a Cloudflare Pages `_headers` file.
 * Syntax: an unindented URL pattern line, then indented `Name: value` lines (or `! Name` to detach a header
 * set by an earlier matching rule); `#` starts a comment line. Patterns: `*` (splat) matches any characters
 * including `/`, `:name` matches one path segment. Patterns with a scheme/host (https://host/...) are
 * ignored: they target a specific hostname, never 127.0.0.1.
 * @returns {{pattern: string, regex: RegExp, set: [string, string][], detach: string[]}[]}
 */
export function parseHeadersFile(text) {
  const rules = [];
  let rule = null;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    if (!raw.trim() || raw.trim().startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      const pattern = raw.trim();
      rule = { pattern, regex: patternToRegex(pattern), set: [], detach: [] };
      if (/^[a-z]+:\/\//i.test(pattern)) rule.regex = null; // host-specific rule: skip
      rules.push(rule);
      continue;
    }
    const line = raw.trim();
    if (!rule) throw new Error(`_headers line ${i + 1}: header before any URL pattern: ${line}`);
    if (line.startsWith('!')) {
      rule.detach.push(line.slice(1).trim().toLowerCase());
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`_headers line ${i + 1}: expected "Name: value": ${line}`);
    rule.set.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules.filter((r) => r.regex);
}

function patternToRegex(pattern) {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      re += '.*';
    } else if (c === ':' && /[A-Za-z]/.test(pattern[i + 1] ?? '') && (i === 0 || pattern[i - 1] === '/')) {
      // :placeholder → one path segment
      while (/[A-Za-z0-9_]/.test(pattern[i + 1] ?? '')) i++;
      re += '[^/]+';
    } else {
      re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

/**
 * Headers for a request path (relative to the site root, starting with '/'): every matching rule applies,
 * in file order; a header set by several rules gets its values joined with ", " (as Cloudflare does);
 * `! Name` removes what earlier rules set.
 * @returns {Map<string, {name: string, value: string}>} keyed by lower-case header name
 */
export function headersFor(rules, urlPath) {
  const out = new Map();
  for (const rule of rules) {
    if (!rule.regex.test(urlPath)) continue;
    for (const name of rule.detach) out.delete(name);
    for (const [name, value] of rule.set) {
      const key = name.toLowerCase();
      const prev = out.get(key);
      out.set(key, { name, value: prev ? `${prev.value}, ${value}` : value });
    }
  }
  return out;
}

function normalizeBase(basePath) {
  let b = basePath || '/';
  if (!b.startsWith('/')) b = `/${b}`;
  if (!b.endsWith('/')) b = `${b}/`;
  return b;
}

async function statOrNull(p) {
  try {
    return await fsp.stat(p);
  } catch {
    return null;
  }
}

/**
 * Start the server.
 * @param {{root: string, port?: number, basePath?: string, host?: string}} opts  port 0 = a free port
 * @returns {Promise<{url: string, origin: string, port: number, server: http.Server, close: () => Promise<void>}>}
 *   url is the site's root URL including the base path, with a trailing slash (http://127.0.0.1:PORT/baton/).
 */
export async function startServer({ root, port = 0, basePath = '/', host = '127.0.0.1' }) {
  const rootDir = path.resolve(root);
  const base = normalizeBase(basePath);
  if (!(await statOrNull(rootDir))?.isDirectory()) throw new Error(`serve: not a directory: ${rootDir}`);

  // _headers is read on every request, so a rebuilt dist/ is picked up without a restart.
  const loadRules = async () => {
    try {
      return parseHeadersFile(await fsp.readFile(path.join(rootDir, '_headers'), 'utf8'));
    } catch (e) {
      if (e.code === 'ENOENT') return [];
      throw e;
    }
  };

  const server = http.createServer(async (req, res) => {
    try {
      await handle(req, res);
    } catch (e) {
      console.error('serve: error', req.url, e);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal Server Error\n');
    }
  });

  async function handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Method Not Allowed\n');
      return;
    }
    const url = new URL(req.url, 'http://localhost');
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(res, req, 400, null, '/', 'Bad Request\n');
    }
    // The base path without its trailing slash redirects to it (relative URLs in index.html need the slash).
    if (base !== '/' && pathname === base.slice(0, -1)) {
      res.writeHead(301, { Location: base + url.search });
      res.end();
      return;
    }
    if (!pathname.startsWith(base)) return notFound(res, req, pathname);
    const sitePath = `/${pathname.slice(base.length)}`; // path below the base, used for _headers and files
    if (sitePath.includes('\0') || HIDDEN.has(sitePath)) return notFound(res, req, sitePath);

    // Resolve inside rootDir only (no ../ escapes).
    let file = path.join(rootDir, sitePath);
    if (file !== rootDir && !file.startsWith(rootDir + path.sep)) return notFound(res, req, sitePath);

    let st = await statOrNull(file);
    if (st?.isDirectory()) {
      file = path.join(file, 'index.html');
      st = await statOrNull(file);
    }
    if (st?.isFile()) return sendFile(res, req, 200, file, st, sitePath);

    // Not a file: a deep link (no extension in the last segment) → the SPA's index.html, status 200.
    const last = sitePath.split('/').pop();
    if (!path.extname(last)) {
      const index = path.join(rootDir, 'index.html');
      const ist = await statOrNull(index);
      if (ist?.isFile()) return sendFile(res, req, 200, index, ist, sitePath);
    }
    return notFound(res, req, sitePath);
  }

  async function notFound(res, req, sitePath) {
    const page = path.join(rootDir, '404.html');
    const st = await statOrNull(page);
    if (st?.isFile()) return sendFile(res, req, 404, page, st, sitePath);
    return send(res, req, 404, 'text/plain; charset=utf-8', sitePath, 'Not Found\n');
  }

  async function applyHostHeaders(res, sitePath) {
    for (const { name, value } of headersFor(await loadRules(), sitePath).values()) res.setHeader(name, value);
  }

  async function sendFile(res, req, status, file, st, sitePath) {
    res.statusCode = status;
    res.setHeader('Content-Type', contentType(file));
    res.setHeader('Content-Length', st.size);
    await applyHostHeaders(res, sitePath);
    if (req.method === 'HEAD') return res.end();
    const stream = fs.createReadStream(file);
    stream.on('error', (e) => res.destroy(e));
    stream.pipe(res);
  }

  async function send(res, req, status, type, sitePath, body) {
    res.statusCode = status;
    if (type) res.setHeader('Content-Type', type);
    res.setHeader('Content-Length', Buffer.byteLength(body));
    await applyHostHeaders(res, sitePath);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  const origin = `http://${host}:${actualPort}`;
  return {
    url: origin + base,
    origin,
    port: actualPort,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive connections from the browser would hold close() open
      }),
  };
}

// CLI: node e2e/serve.mjs DIST [PORT] [BASEPATH]
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [root, port = process.env.PORT ?? '8080', basePath = '/'] = process.argv.slice(2);
  if (!root) {
    console.error('usage: node e2e/serve.mjs DIST [PORT] [BASEPATH]');
    process.exit(2);
  }
  const srv = await startServer({ root, port: Number(port), basePath });
  console.log(`Serving ${path.resolve(root)} at ${srv.url}`);
  const stop = () => srv.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
