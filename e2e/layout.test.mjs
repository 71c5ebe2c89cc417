// Every page right at every width (issue 18). With the sample data, every route at 1280 × 800 and
// 390 × 844, in the light and the dark theme: no wider than the window, axe clean, and a full-page
// screenshot in target/screenshots/<time>/ (the test prints the folder); at 390 px every control is a
// touch target of at least 44 × 44 px; at 360 × 740 (the narrowest width the app promises) and at a
// tablet's 820 × 1180 no overflow either. On the handoff builder at 1280 × 800, "Copy bundle" and the
// first lines of the preview are in view without scrolling. On a phone the navigation is a drawer
// (Menu button, aria-expanded, focus kept inside, Esc closes, a link closes it) and the builder's
// preview is a tab.
//
// Fast on a 2-core CI machine: one browser, one page; the theme is set in localStorage (what the
// Settings page stores, as JSON) before a full load, so no route is visited twice to switch it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { ROOT, assertClean, axeViolations, waitForAppReady } from './lib.mjs';
import { open, eventually, toasts } from './helpers.mjs';

const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const NARROW = { width: 360, height: 740 };
const TABLET = { width: 820, height: 1180 };
const THEMES = ['light', 'dark'];
// BATON_LAYOUT_ONLY="handoff builder,project" checks only those routes (while fixing one page).
const ONLY = process.env.BATON_LAYOUT_ONLY?.split(',').map((name) => name.trim());

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

/** The page's horizontal overflow, with the elements that stick out past the window (for the message). */
const overflow = (page) =>
  page.evaluate(() => {
    const width = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return null;
    const describe = (el) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    // The innermost elements past the right edge (none of their children is), widest first.
    const out = (el) => el.getBoundingClientRect().right > width + 0.5;
    const culprits = [...document.querySelectorAll('body *')]
      .filter((el) => out(el) && ![...el.children].some(out))
      .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
      .slice(0, 5)
      .map((el) => `${describe(el)} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
    return `page is ${scrollWidth} px wide in a ${width} px window; sticking out: ${culprits.join(', ') || '?'}`;
  });

/** The controls smaller than a 44 × 44 px touch target (a checkbox or radio counts by its label). */
const smallTargets = (page) =>
  page.evaluate(() => {
    const controls = document.querySelectorAll(
      'button, select, a.btn, [role="tab"], .nav__link, input:not([type="checkbox"], [type="radio"], [type="hidden"]), label:has(> input[type="checkbox"]), label:has(> input[type="radio"])',
    );
    const describe = (el) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || '').trim().slice(0, 40)}"`;
    return [...controls]
      .filter((el) => el.closest('[hidden], [inert], dialog:not([open])') === null && getComputedStyle(el).visibility === 'visible')
      .map((el) => [el, el.getBoundingClientRect()])
      .filter(([, box]) => box.width > 1 && box.height > 1 && (box.height < 43.5 || box.width < 43.5))
      .map(([el, box]) => `${describe(el)} ${Math.round(box.width)} × ${Math.round(box.height)}`);
  });

/** A name for a route in file names: "/projects/abc/handoff" → "project-handoff". */
const slug = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** The first link in a list named `list` on section `rel`: the path it leads to. */
async function firstLinkPath(app, rel, list) {
  await visit(app, rel);
  const link = app.page.getByRole('list', { name: list, exact: true }).getByRole('link').first();
  await link.waitFor();
  return new URL(await link.evaluate((a) => a.href)).pathname;
}

/** Is the locator's box inside the viewport (top-left corner and at least `height` px of it)? */
async function inViewport(page, locator, what, { height } = {}) {
  const box = await locator.boundingBox();
  assert.ok(box, `${what} is laid out`);
  const viewport = page.viewportSize();
  const needed = Math.min(height ?? box.height, box.height);
  const ok = box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + needed <= viewport.height;
  return ok ? null : `${what} is not in the ${viewport.width} × ${viewport.height} viewport without scrolling: ${JSON.stringify(box)}`;
}

const focusedIn = (locator) => locator.evaluate((el) => el.contains(document.activeElement));

/** On a phone: the Menu button opens the navigation as a drawer that keeps focus, Esc and links close it. */
async function checkDrawer(app, folder) {
  const { page } = app;
  await visit(app, 'projects');
  const menu = page.getByRole('button', { name: 'Menu', exact: true });
  const nav = page.getByRole('navigation', { name: 'Main' });
  assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'the drawer starts closed');
  assert.equal(await nav.getByRole('link', { name: 'Knowledge', exact: true }).isVisible(), false, 'a closed drawer hides its links');
  await menu.click();
  assert.equal(await menu.getAttribute('aria-expanded'), 'true', 'Menu opens the drawer');
  await eventually(async () => assert.ok(await focusedIn(nav), 'focus moves into the drawer'));
  // The drawer slides in: picture it where it comes to rest, not halfway.
  await nav.evaluate((element) => Promise.all(element.getAnimations().map((animation) => animation.finished)));
  await page.screenshot({ path: path.join(folder, 'drawer-open-390x844.png') });
  // Tab and Shift+Tab stay in the drawer and its Menu button, whatever the number of presses.
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('Tab');
    assert.ok((await focusedIn(nav)) || (await menu.evaluate((el) => el === document.activeElement)), `Tab ${i + 1} keeps focus in the drawer`);
  }
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Shift+Tab');
    assert.ok((await focusedIn(nav)) || (await menu.evaluate((el) => el === document.activeElement)), `Shift+Tab ${i + 1} keeps focus in the drawer`);
  }
  await page.keyboard.press('Escape');
  assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'Esc closes the drawer');
  await eventually(async () => assert.ok(await menu.evaluate((el) => el === document.activeElement), 'focus returns to Menu'));
  // A link closes it and leads to its page.
  await menu.click();
  await nav.getByRole('link', { name: 'Knowledge', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Knowledge', exact: true }).waitFor();
  await eventually(async () => {
    assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'following a link closes the drawer');
    assert.equal(await nav.getByRole('link', { name: 'Knowledge', exact: true }).isVisible(), false, 'the drawer is hidden again');
  });
}

/** On a phone: the builder shows its options, then its preview behind a tab (arrows move between tabs). */
async function checkBuilderTabs(app, builderPath, folder) {
  const { page } = app;
  await visit(app, builderPath);
  const tabs = page.getByRole('tablist', { name: 'Handoff builder' });
  const options = tabs.getByRole('tab', { name: 'Options', exact: true });
  const preview = tabs.getByRole('tab', { name: 'Preview', exact: true });
  assert.equal(await options.getAttribute('aria-selected'), 'true', 'the options come first');
  assert.ok(await page.getByRole('form', { name: 'Bundle options' }).isVisible(), 'the options are shown');
  assert.equal(await page.getByRole('button', { name: 'Copy bundle', exact: true }).isVisible(), false, 'the preview waits behind its tab');
  await options.focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await preview.getAttribute('aria-selected'), 'true', 'ArrowRight selects the preview tab');
  assert.ok(await preview.evaluate((el) => el === document.activeElement), 'and focuses it');
  await page.getByRole('button', { name: 'Copy bundle', exact: true }).waitFor();
  await page.screenshot({ path: path.join(folder, 'handoff-builder-preview-tab-390x844.png'), fullPage: true });
  assert.equal(await page.getByRole('form', { name: 'Bundle options' }).isVisible(), false, 'the options are hidden');
  const wide = await overflow(page);
  assert.equal(wide, null, `the preview tab fits the phone: ${wide}`);
  await page.keyboard.press('Home');
  assert.equal(await options.getAttribute('aria-selected'), 'true', 'Home goes back to the options');
}

test('every route fits the window at 1280, 820, 390 and 360 px, in both themes, axe clean, with screenshots', { timeout: 15 * 60_000 }, async (t) => {
  const app = await open(t, { contextOptions: { viewport: WIDE } });
  const { page } = app;

  await page.getByRole('button', { name: 'Try Baton with sample data' }).click();
  await toasts(page).getByText('Sample data loaded').waitFor({ timeout: 30_000 });

  const projectPath = await firstLinkPath(app, 'projects', 'Projects');
  const sessionPath = await firstLinkPath(app, 'sessions', 'Sessions');
  const accountPath = await firstLinkPath(app, 'accounts', 'Accounts');
  const routes = [
    ['dashboard', '/'],
    ['projects', '/projects'],
    ['project', projectPath],
    ['handoff builder', `${projectPath}/handoff`],
    ['sessions', '/sessions'],
    ['session', sessionPath],
    ['handoffs queue', '/handoffs'],
    ['knowledge', '/knowledge'],
    ['insights', '/insights'],
    ['accounts', '/accounts'],
    ['account', accountPath],
    ['data', '/data'],
    ['settings', '/settings'],
    ['not found', '/no-such-page'],
  ].filter(([name]) => !ONLY || ONLY.includes(name));

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const folder = path.join(ROOT, 'target', 'screenshots', stamp);
  await fsp.mkdir(folder, { recursive: true });
  t.diagnostic(`screenshots: ${folder}`);
  console.log(`layout screenshots: ${folder}`);

  const problems = [];
  for (const size of [WIDE, PHONE]) {
    await page.setViewportSize(size);
    for (const theme of THEMES) {
      await page.evaluate((value) => localStorage.setItem('baton.theme', JSON.stringify(value)), theme);
      for (const [name, route] of routes) {
        const where = `${name} (${route}) at ${size.width} × ${size.height}, ${theme}`;
        await visit(app, route);
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme, `${where}: the theme applies`);
        const wide = await overflow(page);
        if (wide) problems.push(`${where}: ${wide}`);
        for (const v of await axeViolations(page)) problems.push(`${where}: axe ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(', ')}: ${v.measured.join(' / ')}`);
        if (size === PHONE && theme === THEMES[0]) {
          const small = await smallTargets(page);
          if (small.length) problems.push(`${where}: touch targets under 44 px: ${small.slice(0, 6).join(', ')}${small.length > 6 ? ` and ${small.length - 6} more` : ''}`);
        }
        if (name === 'handoff builder' && size === WIDE) {
          const copy = await inViewport(page, page.getByRole('button', { name: 'Copy bundle', exact: true }), '"Copy bundle"');
          if (copy) problems.push(`${where}: ${copy}`);
          // The first lines of the preview: its top edge and three lines of text (about 4.5em).
          const preview = page.getByRole('region', { name: 'Preview' }).getByLabel('Bundle text', { exact: true });
          const lines = await inViewport(page, preview, 'the first lines of the preview', { height: 60 });
          if (lines) problems.push(`${where}: ${lines}`);
        }
        await page.screenshot({ path: path.join(folder, `${slug(name)}-${size.width}x${size.height}-${theme}.png`), fullPage: true });
      }
    }
  }

  // The narrowest width and a tablet's, between the phone and the wide layout: overflow only (axe
  // and the look are as at 390 and 1280 px).
  for (const size of [NARROW, TABLET]) {
    await page.setViewportSize(size);
    for (const [name, route] of routes) {
      await visit(app, route);
      const wide = await overflow(page);
      if (wide) problems.push(`${name} (${route}) at ${size.width} × ${size.height}: ${wide}`);
    }
  }

  // The phone's drawer and the builder's tabs, at 390 × 844.
  await page.setViewportSize(PHONE);
  for (const check of [() => checkDrawer(app, folder), () => checkBuilderTabs(app, `${projectPath}/handoff`, folder)]) {
    try {
      await check();
    } catch (e) {
      problems.push(e.message);
    }
  }

  assert.deepEqual(problems, [], `layout problems:\n  ${problems.join('\n  ')}`);
  assertClean(app);
});
