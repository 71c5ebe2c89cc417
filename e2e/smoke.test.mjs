// Smoke test: the built app loads, every main-navigation link leads to its page, deep links work, and
// nothing went wrong on the way (no errors, no CSP violations, no request off the app's origin).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, assertClean, waitForAppReady } from './lib.mjs';

const SECTIONS = ['Dashboard', 'Projects', 'Sessions', 'Handoffs', 'Knowledge', 'Insights', 'Accounts', 'Data', 'Settings'];

test('loads, navigates every section, deep-links', async (t) => {
  const app = await startApp(); // opens / and waits for <html data-ready="true">
  t.after(() => app.close());
  const { page } = app;

  assert.match(await page.title(), /Baton/);

  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of SECTIONS) {
    const link = nav.getByRole('link', { name, exact: true });
    assert.equal(await link.count(), 1, `main navigation has one link named ${name}`);
  }

  for (const name of SECTIONS) {
    await nav.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name, exact: true }).waitFor({ timeout: 10_000 });
  }

  await page.goto(app.at('projects'));
  await waitForAppReady(page);
  await page.getByRole('heading', { level: 1, name: 'Projects', exact: true }).waitFor({ timeout: 10_000 });
  assert.equal(new URL(page.url()).pathname, '/projects');

  assertClean(app);
});
