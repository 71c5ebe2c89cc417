// Offline and updates, end to end, under the shipped headers (e2e/serve.mjs applies dist/_headers):
// - after the first visit the service worker controls the page; with the browser context offline the app
//   reloads from its cache, lists what was stored and creates a new record;
// - a changed build served in place of the running one is offered with "A new version of Baton is
//   available" / "Reload to update"; until the user chooses, the page (even reloaded) runs the old files
//   only; choosing reloads into the new version, whose cache replaces the old one.
//
// The changed build is made from the served one the way a real rebuild differs: the stylesheet gets a rule
// (a CSS custom property marker), so its content hash, its file name and its integrity attribute in
// index.html change; then scripts/postbuild.mjs regenerates sw.js (new precache list and version) and
// _headers exactly as Trunk's hook does.
//
// Every interaction goes through a role and an accessible name; every test ends with assertClean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DIST, ROOT, assertClean, waitForAppReady } from './lib.mjs';
import { open, goToSection, createProject, projectLink, h1, eventually } from './helpers.mjs';

// ---------------------------------------------------------------------------------------------------------
// Helpers.

/** Wait until a service worker controls the page (reload once if the first load was not claimed). */
async function waitForController(page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  const controlled = () => page.evaluate(() => navigator.serviceWorker.controller !== null);
  if (!(await controlled())) {
    const claimed = await page
      .waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 5000 })
      .then(() => true)
      .catch(() => false);
    if (!claimed) {
      await page.reload();
      await waitForAppReady(page);
    }
  }
  assert.ok(await controlled(), 'a service worker controls the page');
}

/** Every request went to the app's own origin (data: and blob: URLs of the page are its own). */
function assertSameOrigin(app) {
  const foreign = app.records.requests.filter((url) => {
    if (url.startsWith('data:') || url === 'about:blank') return false;
    return new URL(url).origin !== app.origin;
  });
  assert.deepEqual([...new Set(foreign)], [], 'no request left the app origin');
}

const VERSION_LINE = /^const VERSION = '([0-9a-f]+)';$/m;
const swVersion = async (dir) => (await fsp.readFile(path.join(dir, 'sw.js'), 'utf8')).match(VERSION_LINE)[1];

/** The served build's stylesheet file name (baton-<hash>.css). */
const stylesheetName = async (dir) => (await fsp.readdir(dir)).find((name) => /^baton-[0-9a-f]{8,16}\.css$/.test(name));

/** The marker the new build's stylesheet sets ('' with the old one). */
const cssMarker = (page) => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--baton-build').trim());

/** The stylesheets the page links, by file name. */
const linkedStylesheets = (page) =>
  page.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet]')].map((link) => new URL(link.href).pathname.split('/').pop()));

/** The caches the page's origin holds. */
const cacheNames = (page) => page.evaluate(() => caches.keys());

/** The service worker's cache of a version deployed under a base path. */
const cacheName = (base, version) => `baton:${base}:${version}`;

/**
 * Make the host of `dir` cache the page: index.html (and `/`) with a long max-age instead of no-cache, as a
 * misconfigured or CDN-defaulted host does. Re-applied after each postbuild run, which rewrites _headers.
 */
async function cacheThePage(dir) {
  const file = path.join(dir, '_headers');
  const text = await fsp.readFile(file, 'utf8');
  const changed = text.replace(/^(\/|\/index\.html)\n {2}Cache-Control: no-cache$/gm, '$1\n  Cache-Control: public, max-age=3600');
  assert.notEqual(changed, text, 'the page rules of _headers were found');
  await fsp.writeFile(file, changed);
}

/**
 * Turn the build in `dir` into a different one, as a rebuild would: the stylesheet with a marker rule under a
 * new hashed name (the old file is gone, as after an atomic deploy), index.html pointing at it with its
 * integrity, then scripts/postbuild.mjs for sw.js, _headers and 404.html.
 */
async function deployChangedBuild(dir) {
  const oldCss = await stylesheetName(dir);
  const css = `${await fsp.readFile(path.join(dir, oldCss), 'utf8')}\n:root { --baton-build: "B"; }\n`;
  const newCss = `baton-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
  const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
  const indexPath = path.join(dir, 'index.html');
  const html = await fsp.readFile(indexPath, 'utf8');
  const pattern = new RegExp(`href="([^"]*)${oldCss.replace(/\./g, '\\.')}" integrity="[^"]*"`);
  assert.match(html, pattern, 'index.html links the stylesheet with its integrity');
  await fsp.writeFile(path.join(dir, newCss), css);
  await fsp.writeFile(indexPath, html.replace(pattern, `href="$1${newCss}" integrity="${integrity}"`));
  await fsp.rm(path.join(dir, oldCss));
  const env = { ...process.env };
  delete env.TRUNK_STAGING_DIR;
  delete env.TRUNK_PUBLIC_URL;
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'postbuild.mjs'), dir, '/'], { env, stdio: 'pipe' });
  return { oldCss, newCss };
}

// ---------------------------------------------------------------------------------------------------------

test('offline: after the first visit the app reloads and creates records with the network off', async (t) => {
  const app = await open(t);
  const { page, context } = app;
  await waitForController(page);
  await createProject(page, 'Written online');

  await context.setOffline(true);
  // The network is really gone for the page: a file the service worker does not hold cannot be fetched.
  const probe = await page.evaluate(() =>
    fetch(`/not-precached-${Date.now()}.txt`).then(
      (response) => `HTTP ${response.status}`,
      () => 'network error',
    ),
  );
  assert.equal(probe, 'network error', 'offline: a file outside the cache is unreachable');

  await page.reload();
  await waitForAppReady(page);
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the offline page is served by the service worker');
  await goToSection(page, 'Projects');
  await projectLink(page, 'Written online').waitFor();

  await createProject(page, 'Written offline');
  await goToSection(page, 'Projects');
  await projectLink(page, 'Written offline').waitFor();
  await projectLink(page, 'Written online').waitFor();

  // A deep link reloads offline too.
  await page.goto(app.at('projects'));
  await waitForAppReady(page);
  await h1(page, 'Projects').waitFor();
  await projectLink(page, 'Written offline').waitFor();

  await context.setOffline(false);
  assertSameOrigin(app);
  // The probe's failure is the only one expected (the service worker passes it on to the network).
  assertClean(app, {
    allowFailedRequests: [/\/not-precached-\d+\.txt: net::ERR_(FAILED|INTERNET_DISCONNECTED)$/],
    allowErrors: [/not-precached-\d+\.txt/],
  });
});

for (const host of ['no-cache', 'caching']) {
test(`update (${host} host): a new build is offered with "Reload to update" and never mixed with the running one`, async (t) => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'baton-update-'));
  t.after(() => fsp.rm(dir, { recursive: true, force: true }));
  await fsp.cp(DIST, dir, { recursive: true });
  const oldVersion = await swVersion(dir);
  // A host that lets the browser keep index.html: the new service worker must still precache the new page
  // (its requests go past the HTTP cache), or the new version would start from the old page.
  const caching = host === 'caching';
  if (caching) await cacheThePage(dir);

  const app = await open(t, { dist: dir });
  const { page } = app;
  await waitForController(page);
  await createProject(page, 'Kept across the update');
  assert.deepEqual(await cacheNames(page), [cacheName('/', oldVersion)], 'the first version is cached');
  assert.equal(await cssMarker(page), '', 'the first version runs');

  const { oldCss, newCss } = await deployChangedBuild(dir);
  if (caching) await cacheThePage(dir);
  const newVersion = await swVersion(dir);
  assert.notEqual(newVersion, oldVersion, 'the changed build has a new service worker version');

  // The app looks for updates now and then; ask now.
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration.update();
  });
  const banner = page.getByRole('status').filter({ hasText: 'A new version of Baton is available' });
  await banner.waitFor({ timeout: 20_000 });
  const reloadButton = banner.getByRole('button', { name: 'Reload to update', exact: true });
  await reloadButton.waitFor();

  // Before the user chooses, the page runs the old files only: the old stylesheet, the old cache kept.
  assert.equal(await cssMarker(page), '', 'still the old stylesheet');
  assert.deepEqual(await linkedStylesheets(page), [oldCss]);
  await eventually(async () => assert.deepEqual((await cacheNames(page)).sort(), [cacheName('/', newVersion), cacheName('/', oldVersion)].sort()));

  // A plain reload does not switch either (the old version's files come from its cache, though the server
  // no longer has them), and the offer is made again.
  await page.reload();
  await waitForAppReady(page);
  assert.equal(await cssMarker(page), '', 'a reload keeps the old version');
  assert.deepEqual(await linkedStylesheets(page), [oldCss]);
  await reloadButton.waitFor({ timeout: 10_000 });
  await goToSection(page, 'Projects');
  await projectLink(page, 'Kept across the update').waitFor();

  // Choosing the update reloads into the new version.
  const loaded = page.waitForEvent('load', { timeout: 20_000 });
  await reloadButton.click();
  await loaded;
  await waitForAppReady(page);
  assert.equal(await cssMarker(page), '"B"', 'the new stylesheet runs');
  assert.deepEqual(await linkedStylesheets(page), [newCss]);
  await eventually(async () => assert.deepEqual(await cacheNames(page), [cacheName('/', newVersion)], 'only the new version is cached'));
  assert.equal(await banner.count(), 0, 'no update is offered any more');
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the new service worker controls the page');
  await goToSection(page, 'Projects');
  await projectLink(page, 'Kept across the update').waitFor();

  assertSameOrigin(app);
  assertClean(app);
});
}
