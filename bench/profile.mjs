#!/usr/bin/env node
// Where a cold start (or a click) spends its time: the DevTools protocol's CPU profiler around one
// navigation to the app's data-ready mark, summed by function (self time) and by kind (wasm, JS,
// IndexedDB callbacks, GC, idle). A tool for iterating on bench figures, not a figure itself.
//
//   BENCH_PROFILE=<profile saved by bench/run.mjs> node bench/profile.mjs [path] [--click=Name]
//
// Env: PROFILE_WAIT (ms between ready and the click, default 1500), BENCH_DIST (default target/bench-dist), BENCH_PORT (default 47711, as bench/run.mjs with a
// saved profile), BATON_CHROMIUM, PROFILE_TOP (default 25). The saved
// profile is copied first, so it stays as it was. With --click=Name the profile covers a click on
// that main-navigation link after the page is ready (e.g. --click=Sessions).

import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startServer } from '../e2e/serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'e2e', 'package.json'));
const { chromium } = require('playwright-core');
const DIST = path.resolve(process.env.BENCH_DIST ?? path.join(ROOT, 'target', 'bench-dist'));
const SAVED = process.env.BENCH_PROFILE;
const TOP = Number(process.env.PROFILE_TOP ?? 25);
const args = process.argv.slice(2);
const click = args.find((a) => a.startsWith('--click='))?.slice('--click='.length);
const route = args.find((a) => !a.startsWith('--')) ?? '';

if (!SAVED) throw new Error('BENCH_PROFILE=<dir> is required (a profile saved by bench/run.mjs)');
const profileDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'baton-profile-'));
await fsp.cp(SAVED, profileDir, { recursive: true });
const server = await startServer({ root: DIST, port: Number(process.env.BENCH_PORT ?? 47_711) });
const context = await chromium.launchPersistentContext(profileDir, {
  executablePath: process.env.BATON_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
  viewport: { width: 1280, height: 900 },
});
try {
  await context.addInitScript(() => {
    window.__ready = null;
    new MutationObserver(() => {
      if (window.__ready === null && document.documentElement?.getAttribute('data-ready') === 'true') window.__ready = performance.now();
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const url = new URL(route, server.url).href;
  let t0 = 0;
  if (click) {
    await page.goto(url);
    await page.waitForFunction(() => window.__ready !== null, null, { timeout: 120_000, polling: 20 });
    await page.waitForTimeout(Number(process.env.PROFILE_WAIT ?? 1500));
    await cdp.send('Profiler.start');
    t0 = await page.evaluate((text) => {
      window.__ready = null;
      document.documentElement.removeAttribute('data-ready');
      const t = performance.now();
      [...document.querySelectorAll('nav[aria-label="Main"] a')].find((a) => a.textContent.trim() === text).click();
      return t;
    }, click);
  } else {
    await cdp.send('Profiler.start');
    await page.goto(url, { waitUntil: 'commit' });
  }
  await page.waitForFunction(() => window.__ready !== null, null, { timeout: 120_000, polling: 20 });
  const ready = await page.evaluate(() => window.__ready);
  const { profile } = await cdp.send('Profiler.stop');
  console.log(`${click ? `click on ${click}` : `cold start of /${route}`}: data-ready after ${(ready - t0).toFixed(1)} ms`);

  // Self time per node, from the samples.
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const byName = new Map();
  const byKind = new Map();
  for (const [id, ms] of self) {
    const { callFrame } = byId.get(id);
    const name = `${callFrame.functionName || '(anonymous)'}${callFrame.url ? ` ${path.basename(callFrame.url)}:${callFrame.lineNumber}` : ''}`;
    byName.set(name, (byName.get(name) ?? 0) + ms);
    const kind = callFrame.url.endsWith('.wasm') || callFrame.url.startsWith('wasm://')
      ? 'wasm'
      : callFrame.url
        ? 'js'
        : callFrame.functionName || '(native)';
    byKind.set(kind, (byKind.get(kind) ?? 0) + ms);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`profiled ${total.toFixed(1)} ms; by kind:`);
  for (const [kind, ms] of [...byKind].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${kind}`);
  console.log(`top ${TOP} by self time:`);
  for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${name}`);
  if (process.env.PROFILE_TIMELINE) {
    // Busy time per 250 ms of the profile, by kind: what ran when.
    const buckets = new Map();
    let t = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      t += profile.timeDeltas[i];
      const { callFrame } = byId.get(profile.samples[i]);
      const kind = callFrame.url ? (callFrame.url.endsWith('.wasm') ? 'wasm' : 'js') : callFrame.functionName || '(native)';
      const at = Math.floor((t - profile.startTime) / 1000 / 250) * 250;
      const row = buckets.get(at) ?? {};
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      row[kind] = (row[kind] ?? 0) + dt;
      buckets.set(at, row);
    }
    for (const [at, row] of buckets) {
      console.log(`  ${String(at).padStart(6)} ms: ${Object.entries(row).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
    }
  }
  const marks = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /\.(wasm|js)$/.test(e.name)).map((e) => `${e.name.split('/').pop()} ${e.startTime.toFixed(0)}→${e.responseEnd.toFixed(0)} ms`));
  console.log(`resources: ${marks.join(', ')}`);
} finally {
  await context.close();
  await server.close();
  await fsp.rm(profileDir, { recursive: true, force: true });
}
