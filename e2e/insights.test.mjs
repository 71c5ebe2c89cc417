// Insights (issue 8, part 1): sessions set up through the UI on two days of a fixed clock, then the
// charts' figures read back through their accessible "Show the numbers" tables, a CSV download
// that parses back to the same rows, credit alerts on the dashboard and the account page, and
// axe-core on /insights in both themes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertAccessible, assertClean, screenshot, waitForAppReady } from './lib.mjs';
import { open, createAccount, createProject, goToSection, h1, eventually, textOf, dismissAllToasts, DAY, projectLink } from './helpers.mjs';

const header = (page) => page.locator('header.page-header');

/** Start a session on the project page with an account, then end it with credits. */
async function runSession(page, project, { account, credits, title, outcome }) {
  await goToSection(page, 'Projects');
  await projectLink(page, project).click();
  await h1(page, project).waitFor();
  await header(page).getByRole('button', { name: 'Start session' }).click();
  const start = page.getByRole('dialog', { name: 'Start session' });
  await start.getByRole('combobox', { name: 'Account', exact: true }).selectOption({ label: account });
  await start.getByLabel('Title', { exact: true }).fill(title);
  await start.getByRole('button', { name: 'Start session', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(`^Session \\d+: ${title}$`) }).waitFor();
  // From the second session on, the previous session's report is offered to paste.
  const previous = page.getByRole('dialog', { name: 'Previous session report' });
  if (await previous.isVisible()) {
    await previous.getByRole('button', { name: 'Done' }).click();
    await previous.waitFor({ state: 'hidden' });
  }
  const opener = outcome === 'failed' ? 'Mark failed' : 'Complete';
  await header(page).getByRole('button', { name: opener, exact: true }).click();
  const end = page.getByRole('dialog', { name: 'End session' });
  await end.getByLabel('Credits used', { exact: true }).fill(String(credits));
  if (outcome === 'failed') {
    await end.getByRole('button', { name: 'End as failed', exact: true }).click();
  } else {
    await end.getByLabel('Accomplishments', { exact: true }).fill(`Finished ${title}`);
    await end.getByRole('button', { name: 'Complete session', exact: true }).click();
  }
  await end.waitFor({ state: 'hidden' });
}

/** A chart card by its heading. */
const chart = (page, title) => page.getByRole('region', { name: title, exact: true });

/** Opens "Show the numbers" and returns the table as { caption, columns, rows } (row headers included). */
async function numbers(card) {
  const details = card.locator('details');
  if (!(await details.evaluate((el) => el.open))) await card.getByText('Show the numbers', { exact: true }).click();
  const table = card.getByRole('table');
  await table.waitFor();
  const caption = (await table.locator('caption').innerText()).trim();
  const columns = (await table.getByRole('columnheader').allInnerTexts()).map((text) => text.trim());
  const rows = [];
  const all = table.locator('tbody tr');
  for (let i = 0, n = await all.count(); i < n; i++) {
    rows.push((await all.nth(i).locator('th, td').allInnerTexts()).map((text) => text.trim()));
  }
  return { caption, columns, rows };
}

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

test('insights chart the credits, sessions and balances set up through the UI; CSV, alerts, accessibility', async (t) => {
  const app = await open(t, { path: null });
  const { page } = app;
  const T = Date.UTC(2027, 0, 13, 9, 0); // a Wednesday, 09:00 UTC
  await page.clock.install({ time: T });
  await page.goto(app.at('insights'));
  await waitForAppReady(page);

  // With no data, the page says what it is for.
  await h1(page, 'Insights').waitFor();
  await page.getByText('Nothing to chart yet', { exact: true }).waitFor();

  await createAccount(page, { name: 'Main Claude', credits: 100, limit: 100 });
  await createAccount(page, { name: 'Spare GPT', platform: 'ChatGPT', credits: 50, limit: 50 });
  await createProject(page, 'Alpha, "quoted"');
  await dismissAllToasts(page);
  await runSession(page, 'Alpha, "quoted"', { account: 'Main Claude — 100 credits', credits: 30, title: 'Parser' });
  // The next day, a failed session that leaves Spare GPT with 5 credits (below the threshold of 10).
  await page.clock.setSystemTime(T + DAY);
  await runSession(page, 'Alpha, "quoted"', { account: 'Spare GPT — 50 credits', credits: 45, title: 'Lexer', outcome: 'failed' });

  await goToSection(page, 'Insights');
  await page.getByRole('radio', { name: '7 days', exact: true }).check();

  // Credits used per day, by account: 7 UTC days ending today (14 Jan).
  const credits = chart(page, 'Credits used');
  await eventually(async () => assert.match(await textOf(credits), /75 credits used in the last 7 days/));
  assert.match(await textOf(credits), /Spare GPT used the most \(45\)\. Busiest day: .* with 45 credits\./);
  const perDay = await numbers(credits);
  assert.equal(perDay.caption, 'Credits used per day, by account');
  assert.deepEqual(perDay.columns, ['Day (UTC)', 'Spare GPT', 'Main Claude', 'Total']);
  assert.deepEqual(perDay.rows.map((row) => row[0]), ['2027-01-08', '2027-01-09', '2027-01-10', '2027-01-11', '2027-01-12', '2027-01-13', '2027-01-14']);
  assert.deepEqual(perDay.rows[5], ['2027-01-13', '0', '30', '30']);
  assert.deepEqual(perDay.rows[6], ['2027-01-14', '45', '0', '45']);
  assert.equal(await credits.locator('svg rect.chart__bar').count(), 2, 'one bar segment per non-zero value');

  // The CSV of that table parses back to the same rows (quotes and commas in names survive).
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    credits.getByRole('button', { name: 'Download CSV: Credits used', exact: true }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^baton-insights-credits-per-day-by-account-7d-2027-01-14\.csv$/);
  const text = readFileSync(await download.path(), 'utf8');
  assert.ok(text.startsWith('\uFEFF'), 'UTF-8 with a byte-order mark');
  const csv = parseCsv(text.slice(1));
  assert.deepEqual(csv[0], perDay.columns);
  assert.deepEqual(csv.slice(1), perDay.rows);

  // Stacked by project, per week: the project's name with its comma and quotes.
  await credits.getByRole('radio', { name: 'Per week', exact: true }).check();
  await credits.getByRole('radio', { name: 'By project', exact: true }).check();
  await eventually(async () => assert.equal((await numbers(credits)).caption, 'Credits used per week, by project'));
  const perWeek = await numbers(credits);
  assert.deepEqual(perWeek.columns, ['Week of (Monday, UTC)', 'Alpha, "quoted"', 'Total']);
  assert.deepEqual(perWeek.rows, [['2027-01-04', '0', '0'], ['2027-01-11', '75', '75']]);
  const [weekly] = await Promise.all([
    page.waitForEvent('download'),
    credits.getByRole('button', { name: 'Download CSV: Credits used', exact: true }).click(),
  ]);
  const weeklyCsv = parseCsv(readFileSync(await weekly.path(), 'utf8').slice(1));
  assert.deepEqual(weeklyCsv, [perWeek.columns, ...perWeek.rows]);

  // Sessions per week and the success rate: one completed, one failed → 50%.
  const sessions = chart(page, 'Sessions per week and success rate');
  assert.match(await textOf(sessions), /2 sessions started .*: 1 completed, 0 handed off, 1 failed, 0 in progress\. Success rate: 50%/);
  assert.deepEqual((await numbers(sessions)).rows.at(-1), ['2027-01-11', '2', '1', '0', '1', '0', '50']);

  // Credits per completed session, by project and by platform.
  assert.deepEqual((await numbers(chart(page, 'Credits per completed session, by project'))).rows, [['Alpha, "quoted"', '1', '30', '30']]);
  assert.deepEqual((await numbers(chart(page, 'Credits per completed session, by platform'))).rows, [['Claude', '1', '30', '30']]);

  // Balances: from each opening balance to now, with the burn rates and the forecast.
  const balances = chart(page, 'Balances and forecasts');
  const balanceRows = (await numbers(balances)).rows;
  const main = balanceRows.find((row) => row[0] === 'Main Claude');
  assert.deepEqual(main.slice(0, 5), ['Main Claude', '100', '70', '4.3', '1']);
  // 70 credits at 30/7 a day: 16⅓ days after 14 Jan 09:00 (and the seconds the journey took) →
  // 30 Jan 17:00 UTC; no refresh.
  assert.match(main[5], /^2027-01-30T17:0\d:\d\d\.\d{3}Z$/);
  assert.deepEqual(main.slice(6), ['', 'Yes']);
  assert.deepEqual(balanceRows.find((row) => row[0] === 'Spare GPT').slice(0, 3), ['Spare GPT', '50', '5']);
  assert.match(await textOf(balances), /Main Claude runs out around .* and has no refresh\./);

  // Handoffs: none queued in this journey, said plainly.
  assert.match(await textOf(chart(page, 'Handoffs per week')), /No handoffs were queued in the last 7 days/);

  // A filter: only Spare GPT's account.
  await page.getByRole('combobox', { name: 'Account', exact: true }).selectOption({ label: 'Spare GPT' });
  await eventually(async () => assert.match(await textOf(credits), /45 credits used/));
  await page.getByRole('combobox', { name: 'Account', exact: true }).selectOption({ label: 'All accounts' });
  await eventually(async () => assert.match(await textOf(credits), /75 credits used/));

  // Accessible in both themes.
  const alerts = page.getByRole('status', { name: 'Credit alerts' });
  await alerts.getByText(/“Spare GPT” has 5 credits left, below the exhaustion threshold of 10\./).waitFor();
  await assertAccessible(page);
  await screenshot(page, 'insights-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await assertAccessible(page);
  await screenshot(page, 'insights-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Credit alerts: the dashboard lists both accounts, each with a link to it.
  await goToSection(page, 'Dashboard');
  const dashboardAlerts = page.getByRole('status', { name: 'Credit alerts' });
  await dashboardAlerts.getByText(/“Spare GPT” has 5 credits left, below the exhaustion threshold of 10\. It has no refresh/).waitFor();
  assert.match(await textOf(dashboardAlerts), /“Main Claude” will run out around .* at 4\.3 credits a day, and it has no refresh\./);
  await dashboardAlerts.getByRole('link', { name: 'Open Spare GPT', exact: true }).click();
  await h1(page, 'Spare GPT').waitFor();
  const accountAlerts = page.getByRole('status', { name: 'Credit alerts' });
  await accountAlerts.getByText(/“Spare GPT” has 5 credits left/).waitFor();
  assert.doesNotMatch(await textOf(accountAlerts), /Main Claude/, 'the account page shows its own alert only');
  await accountAlerts.getByRole('link', { name: 'See its balance over time', exact: true }).click();
  await h1(page, 'Insights').waitFor();
  await eventually(async () => assert.deepEqual((await numbers(chart(page, 'Balances and forecasts'))).rows.map((row) => row[0]), ['Spare GPT']));

  assertClean(app);
});
