// The loop without a handoff, end to end: start a session from the project page, end it with a
// report and credits, save the report as knowledge, find it by tag and by text (issue 4).
import test from 'node:test';
import assert from 'node:assert/strict';
import { assertClean } from './lib.mjs';
import { open, createProject, goToSection, h1, eventually, textOf } from './helpers.mjs';

test('a session report becomes knowledge, found by tag and by text', async (t) => {
  const app = await open(t);
  const { page } = app;
  await goToSection(page, 'Accounts');
  await page.getByRole('button', { name: 'New account' }).first().click();
  const account = page.getByRole('dialog', { name: 'New account' });
  await account.getByLabel('Name', { exact: true }).fill('Loop Claude');
  await account.getByLabel('Credits available').fill('50');
  await account.getByLabel('Credit limit').fill('50');
  await account.getByRole('button', { name: 'Add account' }).click();
  await account.waitFor({ state: 'hidden' });

  await createProject(page, 'Loop project');
  await page.locator('header.page-header').getByRole('button', { name: 'Start session' }).click();
  const start = page.getByRole('dialog', { name: 'Start session' });
  await start.getByRole('combobox', { name: 'Account', exact: true }).selectOption({ label: 'Loop Claude — 50 credits' });
  await start.getByLabel('Title', { exact: true }).fill('Indexing work');
  await start.getByRole('button', { name: 'Start session', exact: true }).click();
  await h1(page, 'Session 1: Indexing work').waitFor();

  await page.locator('header.page-header').getByRole('button', { name: 'Complete' }).click();
  const end = page.getByRole('dialog', { name: 'End session' });
  await end.getByLabel('Credits used', { exact: true }).fill('7');
  await end.getByLabel('Accomplishments', { exact: true }).fill('Compound indexes make paging cheap with a zebrafish prefix.');
  await end.getByLabel('Decisions', { exact: true }).fill('Use the _live prefix on every list index');
  await end.getByRole('button', { name: 'Complete session', exact: true }).click();
  await end.waitFor({ state: 'hidden' });

  await page.getByRole('region', { name: 'Report' }).getByRole('button', { name: 'Save as knowledge' }).click();
  const form = page.getByRole('dialog', { name: 'New knowledge entry' });
  assert.equal(await form.getByLabel('Title', { exact: true }).inputValue(), 'Indexing work');
  assert.match(await form.getByLabel('Body', { exact: true }).inputValue(), /zebrafish/);
  await form.getByLabel('Tags', { exact: true }).fill('indexeddb, paging');
  await form.getByRole('button', { name: 'Add entry' }).click();
  await form.waitFor({ state: 'hidden' });

  await goToSection(page, 'Knowledge');
  await page.getByLabel('Tag', { exact: true }).fill('paging');
  await page.getByRole('heading', { level: 2, name: 'Indexing work' }).waitFor();
  await page.getByLabel('Tag', { exact: true }).fill('');
  await page.getByLabel('Search', { exact: true }).fill('zebrafish');
  await page.getByRole('heading', { level: 2, name: 'Indexing work' }).waitFor();
  await page.getByLabel('Search', { exact: true }).fill('no such word anywhere');
  await page.getByText('No entries match').waitFor();

  // The account paid the session's credits through the ledger.
  await goToSection(page, 'Accounts');
  await eventually(async () => assert.match(await textOf(page.getByRole('list', { name: 'Accounts' })), /43 of 50 credits left/));
  assertClean(app);
});
