// Ready to ship on a static host:
// (a) the headers the host sends (dist/_headers, applied by e2e/serve.mjs as Cloudflare Pages / Netlify do):
//     the Content-Security-Policy with the bootstrap's hash, the security headers, cache headers and
//     application/wasm; the web app manifest's icons;
// (b) the build under a sub-path (trunk build --public-url /baton/): loads, links and deep links stay under
//     the sub-path, the service worker's scope is the sub-path;
// (c) every route with data present, in the light and the dark theme: axe-core finds no serious or critical
//     violation; the keyboard reaches "Skip to content" then the main navigation; focus is visible; reduced
//     motion turns transitions and animations off;
// (d) over all those journeys, no request leaves the app's origin.
//
// The sub-path build: BATON_DIST_SUB (built with `trunk build --release --public-url /baton/ --dist DIR`), or,
// when it is not set, the test builds it into target/e2e-dist-sub (a few minutes when the wasm is not built).
//
// Every interaction goes through a role and an accessible name; every browser test ends with assertClean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { DIST, ROOT, assertClean, axeViolations, waitForAppReady } from './lib.mjs';
import { startServer } from './serve.mjs';
import { open, nav, h1, goToSection, createProject, createAccount, accountCard, eventually, describeFocus } from './helpers.mjs';

// ---------------------------------------------------------------------------------------------------------
// Helpers.

/** Every request went to the app's own origin (data: and blob: URLs of the page are its own). */
function assertSameOrigin(app) {
  const foreign = app.records.requests.filter((url) => {
    if (url.startsWith('data:') || url === 'about:blank') return false;
    return new URL(url).origin !== app.origin;
  });
  assert.deepEqual([...new Set(foreign)], [], 'no request left the app origin');
  assert.ok(app.records.requests.length > 0, 'the recorder saw the requests');
}

/** The directives of a CSP: name → list of sources. */
function parseCsp(csp) {
  const directives = new Map();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** Width and height of a PNG (from its IHDR chunk), or null when the bytes are not a PNG. */
function pngSize(bytes) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The inline scripts of an HTML page (their text, as the browser hashes it). */
const inlineScripts = (html) => [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]);

/** Wait until nothing on the page is still loading (no skeleton left). */
async function settle(page) {
  await eventually(async () => assert.equal(await page.locator('[aria-busy="true"]:visible').count(), 0, `still loading at ${page.url()}`), {
    timeout: 10_000,
  });
}

/** Open an app path with a full load and wait until it has drawn its data. */
async function visit(app, rel) {
  await app.page.goto(app.at(rel));
  await waitForAppReady(app.page);
  await settle(app.page);
}

/** The sub-path build: BATON_DIST_SUB, or built now into target/e2e-dist-sub. */
function subPathDist() {
  if (process.env.BATON_DIST_SUB) return path.resolve(process.env.BATON_DIST_SUB);
  const dir = path.join(ROOT, 'target', 'e2e-dist-sub');
  const env = { ...process.env, PATH: `${path.join(ROOT, 'e2e', 'node_modules', '.bin')}:${process.env.HOME}/.cargo/bin:${process.env.PATH}` };
  execFileSync('trunk', ['build', '--release', '--public-url', '/baton/', '--dist', dir], { cwd: ROOT, env, stdio: 'pipe' });
  return dir;
}

// ---------------------------------------------------------------------------------------------------------
// (a) Headers and manifest.

test('headers: CSP, security and cache headers, application/wasm; the manifest icons', async (t) => {
  const server = await startServer({ root: DIST, port: 0 });
  t.after(() => server.close());
  const files = await fsp.readdir(DIST);
  const wasm = files.find((name) => /^baton-[0-9a-f]{8,16}_bg\.wasm$/.test(name));
  const glue = files.find((name) => /^baton-[0-9a-f]{8,16}\.js$/.test(name));
  const css = files.find((name) => /^baton-[0-9a-f]{8,16}\.css$/.test(name));
  assert.ok(wasm && glue && css, `hashed wasm, js and css in ${DIST}: ${files.join(', ')}`);

  const get = async (rel) => {
    const response = await fetch(new URL(rel, server.url));
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  };
  const index = await get('/');
  const html = index.body.toString('utf8');
  const hashes = inlineScripts(html).map((script) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`);
  assert.ok(hashes.length >= 1, 'index.html has the inline bootstrap script');

  const shipped = {};
  for (const rel of ['/', '/index.html', '/projects/x', `/${wasm}`, `/${glue}`, `/${css}`, '/sw.js', '/manifest.webmanifest']) {
    const { status, headers } = rel === '/' ? index : await get(rel);
    assert.equal(status, 200, `${rel} is served`);
    const csp = headers.get('content-security-policy');
    assert.ok(csp, `${rel} has a Content-Security-Policy`);
    assert.doesNotMatch(csp, /'unsafe-eval'/, `${rel}: no 'unsafe-eval'`);
    const directives = parseCsp(csp);
    assert.deepEqual(directives.get('default-src'), ["'self'"], `${rel}: default-src 'self'`);
    const scriptSrc = directives.get('script-src') ?? [];
    assert.ok(scriptSrc.includes("'self'"), `${rel}: script-src 'self'`);
    assert.ok(scriptSrc.includes("'wasm-unsafe-eval'"), `${rel}: script-src 'wasm-unsafe-eval'`);
    assert.ok(scriptSrc.some((source) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(source)), `${rel}: script-src has a sha256 source`);
    for (const hash of hashes) assert.ok(scriptSrc.includes(hash), `${rel}: script-src allows the bootstrap script (${hash})`);
    assert.ok(!scriptSrc.includes("'unsafe-inline'"), `${rel}: no 'unsafe-inline' in script-src`);
    assert.ok(!scriptSrc.some((source) => source === '*' || /^(https?:|data:|blob:)$/.test(source)), `${rel}: script-src allows no broad source`);
    for (const name of ['object-src', 'base-uri', 'frame-ancestors', 'form-action']) {
      assert.deepEqual(directives.get(name), ["'none'"], `${rel}: ${name} 'none'`);
    }
    assert.equal(headers.get('x-content-type-options'), 'nosniff', `${rel}: X-Content-Type-Options`);
    assert.equal(headers.get('referrer-policy'), 'no-referrer', `${rel}: Referrer-Policy`);
    const permissions = headers.get('permissions-policy') ?? '';
    for (const feature of ['camera', 'microphone', 'geolocation']) assert.match(permissions, new RegExp(`\\b${feature}=\\(\\)`), `${rel}: Permissions-Policy ${feature}`);
    shipped[rel] = { 'content-type': headers.get('content-type'), 'cache-control': headers.get('cache-control') };
    if (rel === '/') shipped.all = Object.fromEntries([...headers].filter(([name]) => !['date', 'connection', 'keep-alive', 'content-length', 'content-type', 'cache-control'].includes(name)));
  }

  const cacheControl = async (rel) => (await get(rel)).headers.get('cache-control') ?? '';
  for (const rel of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
    assert.match(await cacheControl(rel), /\bno-cache\b/, `${rel}: Cache-Control no-cache`);
  }
  // A deep link is index.html: never kept as immutable (revalidated: no-cache, or no header at all).
  const deep = await cacheControl('/projects/x');
  assert.doesNotMatch(deep, /immutable|max-age=[1-9]/, `a deep link is not cached for long: "${deep}"`);
  for (const rel of [`/${wasm}`, `/${glue}`, `/${css}`]) {
    const value = await cacheControl(rel);
    assert.match(value, /\bimmutable\b/, `${rel}: Cache-Control immutable`);
    assert.match(value, /\bmax-age=31536000\b/, `${rel}: a year`);
  }
  assert.equal((await get(`/${wasm}`)).headers.get('content-type'), 'application/wasm', 'wasm is application/wasm');
  assert.match((await get('/sw.js')).headers.get('content-type'), /^text\/javascript/, 'sw.js is JavaScript');
  assert.match((await get('/projects/x')).headers.get('content-type'), /^text\/html/, 'a deep link is the app');
  assert.equal((await get('/projects/x')).body.toString('utf8'), html, 'a deep link serves index.html');
  assert.equal(fs.readFileSync(path.join(DIST, '404.html'), 'utf8'), html, '404.html is the app (GitHub Pages)');
  assert.equal((await get('/_headers')).status, 404, '_headers is not served');

  // The manifest: linked from index.html, its icons exist and are PNGs of their sizes.
  assert.match(html, /<link rel="manifest" href="\/manifest\.webmanifest"/, 'index.html links the manifest');
  const manifestUrl = new URL('/manifest.webmanifest', server.url);
  const manifest = JSON.parse((await get('/manifest.webmanifest')).body.toString('utf8'));
  assert.equal(new URL(manifest.start_url, manifestUrl).href, server.url, 'start_url is the app root');
  assert.equal(new URL(manifest.scope, manifestUrl).href, server.url, 'scope is the app root');
  assert.ok(manifest.name && manifest.short_name && manifest.theme_color && manifest.background_color, 'name and colours');
  const wanted = [
    { size: 192, purpose: 'any' },
    { size: 512, purpose: 'any' },
    { size: 512, purpose: 'maskable' },
  ];
  for (const { size, purpose } of wanted) {
    const icon = manifest.icons.find((i) => i.sizes === `${size}x${size}` && (i.purpose ?? 'any').split(/\s+/).includes(purpose));
    assert.ok(icon, `an icon ${size}x${size} for purpose ${purpose}`);
    assert.equal(icon.type, 'image/png');
    const response = await fetch(new URL(icon.src, manifestUrl));
    assert.equal(response.status, 200, `${icon.src} is served`);
    assert.equal(response.headers.get('content-type'), 'image/png', `${icon.src} is served as image/png`);
    assert.deepEqual(pngSize(Buffer.from(await response.arrayBuffer())), { width: size, height: size }, `${icon.src} is a ${size}×${size} PNG`);
  }

  t.diagnostic(`shipped headers:\n${JSON.stringify(shipped, null, 2)}`);
});

// A host that ignores _headers (GitHub Pages): the same policy arrives as <meta http-equiv> in index.html and
// 404.html (all but frame-ancestors, which a meta policy cannot carry), and the browser enforces it.
test('headers ignored by the host: the CSP still applies from the page itself', async (t) => {
  const dir = fs.mkdtempSync(path.join(ROOT, 'target', 'e2e-no-headers-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(DIST, dir, { recursive: true });
  const header = fs.readFileSync(path.join(dir, '_headers'), 'utf8').match(/Content-Security-Policy: (.*)$/m)[1];
  fs.rmSync(path.join(dir, '_headers'));
  const expected = header
    .split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
  for (const page of ['index.html', '404.html']) {
    const html = fs.readFileSync(path.join(dir, page), 'utf8');
    const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)" \/>/);
    assert.ok(meta, `${page} carries the CSP as a meta element`);
    assert.equal(meta[1], expected, `${page}: the meta policy is the header's, less frame-ancestors`);
    assert.ok(html.indexOf(meta[0]) < html.indexOf('<script'), `${page}: the policy comes before every script`);
  }

  const app = await open(t, { dist: dir });
  const { page } = app;
  const response = await fetch(app.at(''));
  assert.equal(response.headers.get('content-security-policy'), null, 'the host sends no CSP header');
  await h1(page, 'Dashboard').waitFor();
  // An injected inline script is refused by the page's own policy.
  const outcome = await page.evaluate(
    () =>
      new Promise((resolve) => {
        document.addEventListener('securitypolicyviolation', (event) => resolve(`blocked: ${event.violatedDirective}`), { once: true });
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true;';
        document.head.append(script);
        setTimeout(() => resolve(window.__injected ? 'ran' : 'no event'), 2000);
      }),
  );
  assert.match(outcome, /^blocked: script-src/, 'an inline script is blocked');
  assert.equal(await page.evaluate(() => window.__injected ?? false), false);
  // The one violation is the provoked one; anything else fails below.
  assert.ok(app.records.violations.every((entry) => /script-src/.test(entry)), `only the provoked violation: ${app.records.violations}`);
  app.records.violations.length = 0;
  assertClean(app, { allowErrors: [/Content Security Policy/] });
});

// ---------------------------------------------------------------------------------------------------------
// (b) Under a sub-path.

test('sub-path: the /baton/ build loads, keeps its links and deep links under /baton/, and scopes its service worker there', { timeout: 15 * 60_000 }, async (t) => {
  const dist = subPathDist();
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  assert.match(html, /<meta name="baton-base" content="\/baton\/"/, 'the sub-path build knows its base');
  const app = await open(t, { dist, basePath: '/baton/' });
  const { page } = app;
  assert.equal(new URL(page.url()).pathname, '/baton/');
  await h1(page, 'Dashboard').waitFor();

  // Every main-navigation link stays under /baton/.
  const hrefs = await nav(page).getByRole('link').evaluateAll((links) => links.map((link) => new URL(link.href).pathname));
  assert.ok(hrefs.length >= 9, `the main navigation has its links: ${hrefs}`);
  for (const href of hrefs) assert.ok(href.startsWith('/baton/') || href === '/baton', `${href} is under /baton/`);

  await goToSection(page, 'Projects');
  assert.equal(new URL(page.url()).pathname, '/baton/projects');
  const current = await nav(page).locator('a[aria-current="page"]').allInnerTexts();
  assert.deepEqual(current.map((text) => text.trim()), ['Projects'], 'the navigation marks the current section');
  await page.getByRole('button', { name: 'New project', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Name', { exact: true }).fill('Under a sub-path');
  await dialog.getByRole('button', { name: 'Create project', exact: true }).click();
  await h1(page, 'Under a sub-path').waitFor();
  assert.match(new URL(page.url()).pathname, /^\/baton\/projects\/[^/]+$/, 'the new project is under /baton/');
  const projectPath = new URL(page.url()).pathname;

  // Deep links reload into their page.
  await page.goto(`${app.origin}/baton/projects`);
  await waitForAppReady(page);
  await h1(page, 'Projects').waitFor();
  await page.getByRole('list', { name: 'Projects' }).getByRole('link', { name: 'Under a sub-path', exact: true }).waitFor();
  await page.goto(`${app.origin}${projectPath}`);
  await waitForAppReady(page);
  await h1(page, 'Under a sub-path').waitFor();
  await goToSection(page, 'Settings');
  assert.equal(new URL(page.url()).pathname, '/baton/settings');

  // The service worker and the manifest belong to /baton/.
  const registration = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return { scope: registration.scope, script: registration.active?.scriptURL ?? null };
  });
  assert.equal(registration.scope, `${app.origin}/baton/`, 'the service worker scope is /baton/');
  assert.equal(registration.script, `${app.origin}/baton/sw.js`);
  const manifestHref = await page.evaluate(() => document.querySelector('link[rel=manifest]')?.href);
  assert.equal(manifestHref, `${app.origin}/baton/manifest.webmanifest`);
  const manifest = await (await fetch(manifestHref)).json();
  assert.equal(new URL(manifest.start_url, manifestHref).href, `${app.origin}/baton/`, 'start_url is /baton/');
  assert.equal(new URL(manifest.scope, manifestHref).href, `${app.origin}/baton/`, 'scope is /baton/');
  // Its headers come from the sub-path build's _headers (with its own bootstrap hash).
  const response = await fetch(`${app.origin}/baton/projects`);
  const csp = parseCsp(response.headers.get('content-security-policy') ?? '');
  const hash = `'sha256-${createHash('sha256').update(inlineScripts(html)[0]).digest('base64')}'`;
  assert.ok((csp.get('script-src') ?? []).includes(hash), 'the sub-path CSP allows its bootstrap script');

  // Every request stayed on the origin and under the sub-path.
  assertSameOrigin(app);
  const outside = app.records.requests.filter((url) => url.startsWith(app.origin) && !new URL(url).pathname.startsWith('/baton/'));
  assert.deepEqual(outside, [], 'no request outside /baton/');
  assertClean(app);
});

// ---------------------------------------------------------------------------------------------------------
// (c) and (d): every route, both themes, keyboard, focus, motion, requests.

test('every route with data, light and dark: no serious axe violation; keyboard, focus, reduced motion; same-origin requests', { timeout: 10 * 60_000 }, async (t) => {
  const app = await open(t);
  const { page } = app;

  // The sample data fills the queue, the insights, the backups and the rest; then more through the UI.
  await page.getByRole('button', { name: 'Try Baton with sample data' }).click();
  await page.getByRole('region', { name: 'Notifications' }).getByText('Sample data loaded').waitFor({ timeout: 30_000 });

  // Data through the UI: a project, an account, a knowledge entry and, when the project offers it, a session.
  await createProject(page, 'Route check', 'A project so every page has something to show');
  const projectPath = new URL(page.url()).pathname;
  assert.match(projectPath, /^\/projects\/[^/]+$/);
  await createAccount(page, { name: 'Route account', credits: 80, limit: 100, specialisations: 'coding, research', notes: 'For the route check' });
  await accountCard(page, 'Route account').getByRole('link', { name: 'Route account', exact: true }).click();
  await h1(page, 'Route account').waitFor();
  const accountPath = new URL(page.url()).pathname;
  assert.match(accountPath, /^\/accounts\/[^/]+$/);

  await goToSection(page, 'Knowledge');
  await page.getByRole('button', { name: 'New entry', exact: true }).click();
  const entryDialog = page.getByRole('dialog', { name: 'New knowledge entry' });
  await entryDialog.getByLabel('Title', { exact: true }).fill('Route knowledge');
  await entryDialog.getByLabel('Body', { exact: true }).fill('Some **markdown** with a [link](https://example.com).');
  await entryDialog.getByLabel('Tags', { exact: true }).fill('routes, checks');
  await entryDialog.getByRole('button', { name: 'Add entry', exact: true }).click();
  await entryDialog.waitFor({ state: 'hidden' });
  await page.getByRole('list', { name: 'Knowledge entries' }).getByRole('heading', { name: 'Route knowledge', exact: true }).waitFor();

  let sessionPath = null;
  await visit(app, projectPath);
  const startSession = page.locator('header.page-header').getByRole('button', { name: 'Start session', exact: true });
  if ((await startSession.count()) === 1) {
    await startSession.click();
    const dialog = page.getByRole('dialog', { name: 'Start session' });
    await dialog.waitFor();
    await dialog.getByLabel('Title', { exact: true }).fill('Route session');
    await dialog.getByRole('button', { name: 'Start session', exact: true }).click();
    await page.waitForURL(/\/sessions\/[^/]+$/);
    sessionPath = new URL(page.url()).pathname;
  }
  t.diagnostic(`session page: ${sessionPath ?? 'none (no "Start session" on the project page)'}`);

  const routes = [
    '/',
    '/projects',
    projectPath,
    `${projectPath}/handoff`,
    '/accounts',
    accountPath,
    '/sessions',
    ...(sessionPath ? [sessionPath] : []),
    '/handoffs',
    '/knowledge',
    '/insights',
    '/data',
    '/settings',
    '/no-such-page',
  ];

  // Both themes, chosen in Settings; every route checked with axe-core.
  const found = [];
  for (const theme of ['Light', 'Dark']) {
    await visit(app, 'settings');
    await page.getByRole('radio', { name: theme, exact: true }).check();
    await eventually(async () => assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme.toLowerCase()));
    for (const route of routes) {
      await visit(app, route);
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme.toLowerCase(), `${route}: the ${theme} theme`);
      assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, `${route}: one page heading`);
      for (const violation of await axeViolations(page)) found.push({ theme, route, ...violation });
    }
  }
  assert.deepEqual(found, [], `axe-core: serious or critical violations:\n${JSON.stringify(found, null, 2)}`);

  // Keyboard: from the top of a fresh page, Tab reaches "Skip to content", then the main navigation.
  await visit(app, '');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content', exact: true });
  assert.ok(await skip.evaluate((el) => el === document.activeElement), `the first Tab reaches "Skip to content" (focus is on ${await describeFocus(page)})`);
  await assertFocusVisible(skip, '"Skip to content"');
  assert.ok(await skip.isVisible(), '"Skip to content" is visible when focused');
  await page.keyboard.press('Tab');
  // The navigation starts with its Search button (the command palette), then the section links.
  const inNav = await page.evaluate(() => document.activeElement?.closest('nav[aria-label="Main"]') !== null && ['A', 'BUTTON'].includes(document.activeElement?.tagName));
  assert.ok(inNav, `the next Tab reaches the main navigation (focus is on ${await describeFocus(page)})`);
  await assertFocusVisible(page.locator(':focus'), 'the first control of the main navigation');
  // "Skip to content" takes focus to the main region.
  await page.keyboard.press('Shift+Tab');
  assert.ok(await skip.evaluate((el) => el === document.activeElement), 'Shift+Tab goes back to "Skip to content"');
  await page.keyboard.press('Enter');
  await eventually(async () =>
    assert.ok(await page.evaluate(() => document.activeElement?.closest('main') !== null), `Enter on "Skip to content" moves focus into main (focus is on ${await describeFocus(page)})`),
  );

  // Visible focus on a button and a field too (reached by the keyboard).
  await visit(app, 'projects');
  const newProject = page.getByRole('button', { name: 'New project', exact: true });
  await tabTo(page, newProject);
  await assertFocusVisible(newProject, '"New project"');
  const search = page.getByRole('searchbox', { name: 'Search projects' });
  await tabTo(page, search);
  await assertFocusVisible(search, 'the search field');

  // Reduced motion: transitions and animations are off; without the preference they run.
  const motion = () =>
    page.evaluate(() => {
      const seconds = (value) =>
        Math.max(...value.split(',').map((part) => (part.trim().endsWith('ms') ? parseFloat(part) / 1000 : parseFloat(part))));
      // A skeleton line as the lists draw while they load (inserted for the measure, then removed).
      const skeleton = document.createElement('div');
      skeleton.className = 'skeleton';
      skeleton.innerHTML = '<div class="skeleton__line"></div>';
      document.querySelector('main').append(skeleton);
      const line = getComputedStyle(skeleton.firstElementChild);
      const button = getComputedStyle(document.querySelector('.btn'));
      const result = {
        buttonTransition: seconds(button.transitionDuration),
        skeletonAnimation: line.animationName === 'none' ? 0 : seconds(line.animationDuration),
      };
      skeleton.remove();
      return result;
    });
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  const moving = await motion();
  assert.ok(moving.buttonTransition > 0.01 && moving.skeletonAnimation > 0.01, `motion runs without the preference: ${JSON.stringify(moving)}`);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const still = await motion();
  assert.ok(still.buttonTransition <= 0.001 && still.skeletonAnimation <= 0.001, `reduced motion: ${JSON.stringify(still)}`);
  await page.emulateMedia({ reducedMotion: null });

  // (d) Over every journey above: only the app's own files.
  assertSameOrigin(app);
  assertClean(app);
});

// ---------------------------------------------------------------------------------------------------------
// Keyboard helpers.

/** Press Tab until `locator` has focus (at most `max` presses). */
async function tabTo(page, locator, { max = 60 } = {}) {
  await locator.waitFor();
  for (let presses = 0; presses <= max; presses++) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab ${max} times did not reach ${locator}; focus is on ${await describeFocus(page)}`);
}

/**
 * The focused element shows where focus is: its outline or box-shadow differs from the same element
 * unfocused (an unfocused shallow copy, inserted beside it and removed in the same task), and is not
 * transparent.
 */
async function assertFocusVisible(locator, what) {
  const style = await locator.evaluate((el) => {
    const pick = (cs) => ({ outlineStyle: cs.outlineStyle, outlineWidth: cs.outlineWidth, outlineColor: cs.outlineColor, boxShadow: cs.boxShadow });
    const focused = pick(getComputedStyle(el));
    const probe = el.cloneNode(false);
    probe.removeAttribute('id');
    probe.removeAttribute('autofocus');
    el.after(probe);
    const resting = pick(getComputedStyle(probe));
    probe.remove();
    return { isFocused: el === document.activeElement, focused, resting };
  });
  assert.ok(style.isFocused, `${what} has focus`);
  const { focused, resting } = style;
  const transparent = /^(transparent|rgba\(.*,\s*0\))$/.test(focused.outlineColor);
  const outline =
    focused.outlineStyle !== 'none' &&
    parseFloat(focused.outlineWidth) > 0 &&
    !transparent &&
    (focused.outlineStyle !== resting.outlineStyle || focused.outlineWidth !== resting.outlineWidth || focused.outlineColor !== resting.outlineColor);
  const shadow = focused.boxShadow !== 'none' && focused.boxShadow !== resting.boxShadow;
  assert.ok(outline || shadow, `${what} shows where focus is: ${JSON.stringify(style)}`);
}
