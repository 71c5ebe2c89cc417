// The loop without a handoff, end to end: start a session from the project page, end it with a
// report and credits, save the report as knowledge, find it by tag and by text (issue 4).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('zebrafish');
  await page.getByRole('heading', { level: 2, name: 'Indexing work' }).waitFor();
  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('no such word anywhere');
  await page.getByText('No entries match').waitFor();

  // The account paid the session's credits through the ledger.
  await goToSection(page, 'Accounts');
  await eventually(async () => assert.match(await textOf(page.getByRole('list', { name: 'Accounts' })), /43 of 50 credits left/));

  // The sessions list downloads as a CSV that parses back to the same rows.
  await goToSection(page, 'Sessions');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  assert.match(download.suggestedFilename(), /^baton-sessions-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await download.path(), 'utf8');
  assert.ok(text.startsWith('\uFEFF'), 'UTF-8 with a byte-order mark');
  const rows = parseCsv(text.slice(1));
  assert.deepEqual(rows[0].slice(0, 6), ['id', 'project', 'number', 'title', 'type', 'status']);
  assert.equal(rows.length, 2);
  const row = Object.fromEntries(rows[0].map((name, i) => [name, rows[1][i]]));
  assert.equal(row.project, 'Loop project');
  assert.equal(row.title, 'Indexing work');
  assert.equal(row.status, 'completed');
  assert.equal(row.credits_used, '7');
  assert.match(row.started_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  assert.equal(row.accomplishments, 'Compound indexes make paging cheap with a zebrafish prefix.');
  assertClean(app);
});

/** RFC 4180: quoted fields with doubled quotes, CRLF rows. */
function parseCsv(text) {
  const rows = [[]];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { rows.at(-1).push(field); field = ''; }
    else if (c === '\r') continue;
    else if (c === '\n') { rows.at(-1).push(field); field = ''; rows.push([]); }
    else field += c;
  }
  if (rows.at(-1).length === 0) rows.pop();
  return rows;
}
