// Helpers shared by the e2e journeys (all by role and accessible name). The first ones repeat the
// patterns of projects.test.mjs (navigation, toasts, polling, focus); the account ones drive the
// Accounts page's cards and dialogs.
import assert from 'node:assert/strict';
import { startApp, waitForAppReady } from './lib.mjs';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------------------
// General.

export const nav = (page) => page.getByRole('navigation', { name: 'Main' });
export const h1 = (page, name) => page.getByRole('heading', { level: 1, name, exact: true });
export const toasts = (page) => page.getByRole('region', { name: 'Notifications' });

/** Start the app, register cleanup, and return it. */
export async function open(t, opts) {
  const app = await startApp(opts);
  t.after(() => app.close());
  return app;
}

/** Follow a main-navigation link and wait for the section's heading. */
export async function goToSection(page, name) {
  await nav(page).getByRole('link', { name, exact: true }).click();
  await h1(page, name).waitFor();
}

/** Reload and wait for the app to be ready again. */
export async function reload(page) {
  await page.reload();
  await waitForAppReady(page);
}

/** Poll an async assertion until it passes (or rethrow its last failure after `timeout` ms). */
export async function eventually(check, { timeout = 5000, interval = 25 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

export async function assertGone(locator, what) {
  await locator.waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
  assert.equal(await locator.count(), 0, `${what} is gone`);
}

/** Close every notification with its "Dismiss notification" button. */
export async function dismissAllToasts(page) {
  const dismiss = toasts(page).getByRole('button', { name: 'Dismiss notification', exact: true });
  for (let left = await dismiss.count(); left > 0; left = await dismiss.count()) {
    await dismiss.first().click();
    await eventually(async () => assert.ok((await dismiss.count()) < left, 'a notification was dismissed'));
  }
}

export const isFocused = (locator) => locator.evaluate((el) => el === document.activeElement, null, { timeout: 2000 });

/** What has focus, for error messages. */
export const describeFocus = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '<body>';
    const name = el.getAttribute('aria-label') || el.textContent?.trim().slice(0, 60) || el.getAttribute('id') || '';
    return `<${el.tagName.toLowerCase()}> "${name}"`;
  });

export async function assertFocused(page, locator, what) {
  await eventually(async () => assert.ok(await isFocused(locator), `${what} has focus (focus is on ${await describeFocus(page)})`));
}

/** The texts of a field's aria-describedby elements, in order (its hint, its error message…). */
export const describedByParts = (locator) =>
  locator.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? ''),
  );

/** A field's accessible description: the non-empty texts of its aria-describedby elements, joined. */
export const describedBy = async (locator) => (await describedByParts(locator)).filter(Boolean).join(' ');

/**
 * Assert the field's error message (the last of its aria-describedby elements, after any hint) becomes
 * `message` ('' for none), and aria-invalid says the same.
 */
export async function assertFieldError(field, message, what) {
  await eventually(async () => {
    const parts = await describedByParts(field);
    assert.ok(parts.length > 0, `${what}: the field has an accessible description`);
    assert.equal(parts.at(-1), message, `${what}: the message next to the field`);
    assert.equal(await field.getAttribute('aria-invalid'), message ? 'true' : 'false', `${what}: aria-invalid`);
  });
}

/** The visible text of an element, whitespace squeezed (one line). */
export const textOf = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

/** The rows of a table (by role) as arrays of cell texts, header row excluded. */
export async function tableRows(table) {
  const rows = table.getByRole('row');
  const out = [];
  for (let i = 0, n = await rows.count(); i < n; i++) {
    const cells = rows.nth(i).getByRole('cell');
    if ((await cells.count()) === 0) continue; // the header row has column headers, not cells
    out.push((await cells.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()));
  }
  return out;
}

/** "YYYY-MM-DDTHH:MM" of a time in UTC: what the app's datetime-local "(UTC)" fields take. */
export const utcInput = (ms) => new Date(ms).toISOString().slice(0, 16);

// ---------------------------------------------------------------------------------------------------------
// Projects.

export const projectList = (page) => page.getByRole('list', { name: 'Projects' });
export const projectLink = (page, name) => projectList(page).getByRole('link', { name, exact: true });

/** Projects → "New project" → fill the dialog → "Create project"; waits for the project's page. */
export async function createProject(page, name, description = '') {
  if (new URL(page.url()).pathname !== '/projects') await goToSection(page, 'Projects');
  await page.getByRole('button', { name: 'New project', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  if (description) await dialog.getByLabel('Description', { exact: true }).fill(description);
  await dialog.getByRole('button', { name: 'Create project', exact: true }).click();
  await h1(page, name).waitFor();
  await dialog.waitFor({ state: 'hidden' });
}

/** On a project's page: set its status with the Overview's Status combobox. */
export async function setProjectStatus(page, name, label) {
  const overview = page.getByRole('region', { name: 'Overview' });
  await overview.getByRole('combobox', { name: 'Status' }).selectOption({ label });
  await toasts(page).getByText(`“${name}” is now ${label.toLowerCase()}`).waitFor();
}

// ---------------------------------------------------------------------------------------------------------
// Accounts.

export const accountList = (page) => page.getByRole('list', { name: 'Accounts' });
/** The card (list item) of an account, found by the link with its name. */
export const accountCard = (page, name) =>
  accountList(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name, exact: true }) });
export const creditsMeter = (card) => card.getByRole('meter', { name: 'Credits left' });

/** Go to Accounts unless already there. */
export async function goToAccounts(page) {
  if (new URL(page.url()).pathname !== '/accounts') await goToSection(page, 'Accounts');
}

/**
 * Fill the account dialog's fields that are given (labels as the form shows them).
 * @param {import('playwright-core').Locator} dialog
 * @param {{name?, platform?, plan?, email?, specialisations?, credits?, limit?, refresh?, days?, nextRefresh?, context?, notes?}} f
 */
export async function fillAccountForm(dialog, f) {
  const field = (label) => dialog.getByLabel(label, { exact: true });
  if (f.name !== undefined) await field('Name').fill(f.name);
  if (f.platform !== undefined) await dialog.getByRole('combobox', { name: 'Platform', exact: true }).selectOption({ label: f.platform });
  if (f.plan !== undefined) await field('Plan').fill(f.plan);
  if (f.email !== undefined) await field('Email').fill(f.email);
  if (f.specialisations !== undefined) await field('Specialisations').fill(f.specialisations);
  if (f.credits !== undefined) await field('Credits available').fill(String(f.credits));
  if (f.limit !== undefined) await field('Credit limit').fill(String(f.limit));
  if (f.refresh !== undefined) await dialog.getByRole('combobox', { name: 'Refresh', exact: true }).selectOption({ label: f.refresh });
  if (f.days !== undefined) await field('Days between refreshes').fill(String(f.days));
  if (f.nextRefresh !== undefined) await field('Next refresh (UTC)').fill(f.nextRefresh);
  if (f.context !== undefined) await field('Context window (tokens)').fill(String(f.context));
  if (f.notes !== undefined) await field('Notes').fill(f.notes);
}

/** Accounts → "New account" → fill → "Add account"; waits for the card. Returns the card. */
export async function createAccount(page, fields) {
  await goToAccounts(page);
  await page.getByRole('button', { name: 'New account', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New account' });
  await dialog.waitFor();
  await fillAccountForm(dialog, fields);
  await dialog.getByRole('button', { name: 'Add account', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await toasts(page).getByText(`Account “${fields.name}” added`).first().waitFor();
  const card = accountCard(page, fields.name);
  await card.waitFor();
  return card;
}

/**
 * "Adjust credits of NAME" (the card's button on /accounts, or `opener` given) → Change, Note → "Record change".
 * Waits for the dialog to close unless `expectError`; returns the dialog.
 */
export async function adjustCredits(page, name, change, note = '', { opener, expectError = false } = {}) {
  await (opener ?? page.getByRole('button', { name: `Adjust credits of ${name}`, exact: true })).click();
  const dialog = page.getByRole('dialog', { name: `Adjust credits of ${name}` });
  await dialog.waitFor();
  await dialog.getByLabel('Change', { exact: true }).fill(String(change));
  await dialog.getByLabel('Note', { exact: true }).fill(note);
  await dialog.getByRole('button', { name: 'Record change', exact: true }).click();
  if (!expectError) await dialog.waitFor({ state: 'hidden' });
  return dialog;
}

/**
 * An account card's status badge text. The badge is the card's only text among the statuses'
 * labels (buttons say Block/Unblock, the countdown says "refreshes"), so read the card's lines.
 */
export async function accountStatus(card) {
  const lines = (await card.innerText()).split('\n').map((line) => line.trim());
  const found = lines.filter((line) => ['Available', 'Active', 'Exhausted', 'Blocked'].includes(line));
  assert.equal(found.length, 1, `one status on the card: ${JSON.stringify(lines)}`);
  return found[0];
}

/** The credits line of a card or page ("80 of 100 credits left", maybe with " — low"). */
export async function creditsText(scope) {
  const text = await textOf(scope);
  return text.match(/[\d,]+ of [\d,]+ credits left( — low)?/)?.[0] ?? `(no credits text in "${text}")`;
}

/** The counters of the dashboard's "Counters" region, as { label: value-text }. */
export async function dashboardCounters(page) {
  const region = page.getByRole('region', { name: 'Counters' });
  await region.waitFor();
  const lines = (await region.innerText()).split('\n').map((line) => line.trim()).filter(Boolean);
  const labels = [
    'Active projects',
    'Usable accounts',
    'Credits used this week',
    'Credits used in all',
    'Sessions completed',
    'Success rate',
    'Average credits per completed session',
  ];
  const out = {};
  for (const label of labels) {
    const at = lines.indexOf(label);
    if (at > 0) out[label] = lines[at - 1];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Export files.

/** The canonical form an export's checksum covers: keys sorted at every level, compact JSON. */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
