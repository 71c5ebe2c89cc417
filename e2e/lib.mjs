// Shared helpers for the e2e tests (node:test + playwright-core driving Debian's Chromium).
//
// Every test: `const app = await startApp();` … drive `app.page` by role and accessible name …
// `assertClean(app)` … `await app.close()` (in a finally / t.after). The built app must be in ROOT/dist
// (scripts/test.sh runs `trunk build --release` first).
//
// Env: BATON_DIST overrides the served folder; BATON_E2E_HEADED=1 shows the browser (needs a display);
// BATON_E2E_SLOWMO=ms slows every action (debugging).

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = process.env.BATON_DIST ? path.resolve(process.env.BATON_DIST) : path.join(ROOT, 'dist');
/** Where tests put screenshots, downloads and other artefacts (git-ignored). */
export const OUT_DIR = path.join(ROOT, 'e2e', 'out');
export const CHROMIUM = process.env.BATON_CHROMIUM ?? '/usr/bin/chromium';

// Flags: no sandbox (we run as root), and keep Chromium off the network (only loopback exists here).
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// page → its records, so waitForAppReady(page) can explain a timeout with what went wrong.
const pageRecords = new WeakMap();

/**
 * Serve dist/ on a free port and open Chromium on it with a fresh profile.
 * @param {object} [opts]
 * @param {string} [opts.dist=DIST]          folder to serve
 * @param {string} [opts.basePath='/']      serve under a sub-path, e.g. '/baton/'
 * @param {string} [opts.path='']           path (relative to the app URL) to open first; null = open nothing
 * @param {boolean} [opts.ready=true]       wait for waitForAppReady after opening
 * @param {object} [opts.contextOptions]    extra options for launchPersistentContext (viewport, locale, …)
 * @returns {Promise<App>} App = { context, page, url, origin, server, records, newPage(), close() }
 *   records = { errors: string[] (pageerror + console errors, each with the page URL), violations: string[]
 *   (CSP), requests: string[] (every request URL), failedRequests: string[] (network failures and
 *   HTTP ≥ 400) }.
 */
export async function startApp({ dist = DIST, basePath = '/', path: startPath = '', ready = true, contextOptions = {} } = {}) {
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    throw new Error(`${dist}/index.html is missing: build the app first (trunk build --release)`);
  }
  const server = await startServer({ root: dist, port: 0, basePath });
  const profile = await fsp.mkdtemp(path.join(os.tmpdir(), 'baton-e2e-'));
  const records = { errors: [], violations: [], requests: [], failedRequests: [] };
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: !process.env.BATON_E2E_HEADED,
      slowMo: Number(process.env.BATON_E2E_SLOWMO ?? 0) || undefined,
      acceptDownloads: true,
      args: CHROMIUM_ARGS,
      ...contextOptions,
    });
  } catch (e) {
    await server.close();
    await fsp.rm(profile, { recursive: true, force: true });
    throw e;
  }

  // CSP violations: reported through a binding (works under any CSP), console.error as a fallback.
  await context.exposeBinding('__batonReportViolation', ({ page }, msg) => {
    records.violations.push(`${msg} (page ${page?.url() ?? '?'})`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const msg = `CSP violation: ${e.violatedDirective} ${e.blockedURI} (${e.disposition}) at ${e.sourceFile}:${e.lineNumber}`;
      if (typeof window.__batonReportViolation === 'function') window.__batonReportViolation(msg);
      else console.error(msg);
    });
  });
  context.on('request', (req) => records.requests.push(req.url()));
  context.on('requestfailed', (req) => {
    const why = req.failure()?.errorText ?? 'failed';
    // A download the test saves, or a navigation the page replaced, is reported as aborted: not an error.
    if (why === 'net::ERR_ABORTED') return;
    records.failedRequests.push(`${req.method()} ${req.url()}: ${why}`);
  });
  context.on('response', (res) => {
    if (res.status() >= 400) records.failedRequests.push(`${res.request().method()} ${res.url()}: HTTP ${res.status()}`);
  });

  const watch = (page) => {
    if (pageRecords.has(page)) return;
    pageRecords.set(page, records);
    page.on('pageerror', (err) => records.errors.push(`pageerror on ${page.url()}: ${err.stack || err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') {
        const loc = msg.location();
        records.errors.push(`console.error on ${page.url()}: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
      }
    });
    page.on('crash', () => records.errors.push(`page crashed: ${page.url()}`));
  };
  context.on('page', watch);
  context.pages().forEach(watch); // the persistent context opens with one page already

  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  const app = {
    context,
    page,
    /** the app's root URL, with trailing slash (includes basePath) */
    url: server.url,
    origin: server.origin,
    server,
    records,
    /** a new tab in the same browser profile (same IndexedDB/localStorage), already watched */
    async newPage() {
      const p = await context.newPage();
      watch(p);
      return p;
    },
    /** absolute URL of an app path: app.at('projects') → http://127.0.0.1:PORT/projects */
    at(rel = '') {
      return new URL(String(rel).replace(/^\//, ''), server.url).href;
    },
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => {});
      await server.close();
      await fsp.rm(profile, { recursive: true, force: true }).catch(() => {});
    },
  };

  if (startPath !== null) {
    try {
      await page.goto(app.at(startPath));
      if (ready) await waitForAppReady(page);
    } catch (e) {
      await app.close();
      throw e;
    }
  }
  return app;
}

/**
 * Wait until the app has drawn its first screen with data: <html data-ready="true">.
 * On timeout the error lists the page errors recorded so far (a panic shows up there).
 */
export async function waitForAppReady(page, { timeout = 20_000 } = {}) {
  try {
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout });
  } catch (e) {
    const r = pageRecords.get(page);
    const extra = r ? [...r.errors, ...r.violations, ...r.failedRequests] : [];
    e.message = `app not ready (<html data-ready="true">) at ${page.url()}: ${e.message}` + (extra.length ? `\nrecorded:\n  ${extra.join('\n  ')}` : '');
    throw e;
  }
}

/**
 * Fail the test if the app logged an error, threw, violated its CSP, had a request fail, or made a request to any
 * origin but its own (data: and blob: URLs of the app are its own).
 * @param {App} app
 * @param {{allowOrigins?: string[], allowErrors?: RegExp[], allowFailedRequests?: RegExp[]}} [opts]
 *   allowErrors/allowFailedRequests: patterns of expected entries (e.g. a test that provokes an error).
 */
export function assertClean(app, { allowOrigins = [], allowErrors = [], allowFailedRequests = [] } = {}) {
  const { records } = app;
  const allowed = new Set([app.origin, ...allowOrigins]);
  const foreign = records.requests.filter((u) => {
    if (u.startsWith('data:') || u === 'about:blank') return false;
    let origin;
    try {
      origin = new URL(u).origin; // blob:http://host/uuid → http://host
    } catch {
      return true;
    }
    return !allowed.has(origin);
  });
  const problems = [
    ...records.errors.filter((m) => !allowErrors.some((re) => re.test(m))),
    ...records.violations,
    ...records.failedRequests.filter((m) => !allowFailedRequests.some((re) => re.test(m))),
    ...[...new Set(foreign)].map((u) => `request to a foreign origin: ${u}`),
  ];
  if (problems.length) assert.fail(`the app was not clean:\n  ${problems.join('\n  ')}`);
}

/** Save a full-page screenshot to e2e/out/NAME.png (for a human to look at); returns the path. */
export async function screenshot(page, name) {
  await fsp.mkdir(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Run axe-core on the current page; returns the violations with the given impacts (default serious + critical).
 * axe is evaluated through the DevTools protocol, which the page's CSP does not block, so nothing is injected
 * into the DOM and no CSP violation is caused.
 */
export async function axeViolations(page, { impacts = ['serious', 'critical'], options = {} } = {}) {
  const require = createRequire(import.meta.url);
  const source = await fsp.readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has) await page.evaluate(source);
  // Colours are measured at rest: reduced motion ends transitions (a theme switch or a hover
  // fades button colours) so axe never samples a colour half-way.
  // A transition that started before the emulation keeps its original duration (CSS Transitions §3),
  // so every animation still running is finished outright, then one frame lets the styles settle.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.evaluate(
    () =>
      new Promise((done) => {
        for (const animation of document.getAnimations()) {
          const timing = animation.effect?.getComputedTiming();
          if (timing && Number.isFinite(timing.endTime)) animation.finish();
        }
        requestAnimationFrame(() => requestAnimationFrame(done));
      }),
  );
  let result;
  try {
    result = await page.evaluate((opts) => window.axe.run(document, opts), options);
  } finally {
    await page.emulateMedia({ reducedMotion: null });
  }
  return result.violations
    .filter((v) => impacts.includes(v.impact))
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
      // What axe measured (colours and ratio for colour contrast), so a failure explains itself.
      measured: v.nodes.map((n) => (n.any ?? []).concat(n.all ?? []).map((check) => check.message).join(' | ')),
    }));
}

/** Assert axe-core finds no serious or critical violation on the current page. */
export async function assertAccessible(page, opts) {
  const v = await axeViolations(page, opts);
  assert.deepEqual(v, [], `axe-core violations on ${page.url()}:\n${JSON.stringify(v, null, 2)}`);
}
