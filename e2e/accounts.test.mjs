// Accounts, the credit ledger, the dashboard, the trash and the living state, end to end: create and
// edit an account (unique names, validation, Escape), adjust credits and the exhaustion rule, refreshes
// applied on load and while the page is open (with Playwright's clock), block and the ranking, the trash
// round trip, the dashboard's counters, the project's edit dialog and living state, and a second tab.
//
// Every interaction goes through a role and an accessible name (getByRole / getByLabel); every test ends
// with assertClean (no console error, no page error, no request to another origin).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, assertAccessible, waitForAppReady } from './lib.mjs';
import {
  DAY,
  HOUR,
  MINUTE,
  open,
  h1,
  toasts,
  goToSection,
  reload,
  eventually,
  assertGone,
  dismissAllToasts,
  assertFocused,
  assertFieldError,
  describedBy,
  textOf,
  tableRows,
  utcInput,
  createProject,
  setProjectStatus,
  accountList,
  accountCard,
  creditsMeter,
  fillAccountForm,
  createAccount,
  adjustCredits,
  accountStatus,
  creditsText,
  dashboardCounters,
} from './helpers.mjs';

const ledgerTable = (page) => page.getByRole('table', { name: 'Credit ledger, newest first' });

/** From /accounts, open an account's page by the link on its card. */
async function openAccountPage(page, name) {
  await accountCard(page, name).getByRole('link', { name, exact: true }).click();
  await h1(page, name).waitFor();
  await ledgerTable(page).or(page.getByText('No credit changes yet.')).waitFor();
}

/** The ledger rows as [change, balance, reason, note] (the When column left out). */
async function ledgerRows(page) {
  await ledgerTable(page).waitFor();
  return (await tableRows(ledgerTable(page))).map(([, change, balance, reason, note]) => [change, balance, reason, note]);
}

/** The "Ranked accounts" list as [{ name, reasons }], best first. */
async function ranking(page) {
  const items = page.getByRole('list', { name: 'Ranked accounts' }).getByRole('listitem');
  const out = [];
  for (const text of await items.allInnerTexts()) {
    const [name, reasons = ''] = text.split('\n').map((line) => line.trim());
    out.push({ name, reasons });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------

test('create an account with every field, edit it, unique names, validation and Escape', async (t) => {
  const app = await open(t, { path: 'accounts' });
  const { page } = app;
  await page.getByText('No accounts yet').waitFor();

  const now = await page.evaluate(() => Date.now());
  const nextRefresh = utcInput(now + 3 * DAY + 2 * HOUR);
  const card = await createAccount(page, {
    name: 'Work Claude',
    platform: 'Claude',
    plan: 'Pro',
    email: 'me@example.com',
    specialisations: 'coding, research',
    credits: 80,
    limit: 100,
    refresh: 'Weekly',
    nextRefresh,
    context: 150000,
    notes: 'The thesis account',
  });

  // The card: avatar initial, platform and plan, credits as a meter and in words, status, countdown, tags.
  const lines = (await card.innerText()).split('\n').map((line) => line.trim()).filter(Boolean);
  assert.equal(lines[0], 'W', `the avatar initial comes first: ${JSON.stringify(lines)}`);
  assert.ok(lines.includes('Claude · Pro'), `platform and plan: ${JSON.stringify(lines)}`);
  const meter = creditsMeter(card);
  assert.equal(await meter.getAttribute('aria-valuetext'), '80 of 100 credits left');
  assert.equal(await meter.getAttribute('aria-valuenow'), '80');
  assert.equal(await creditsText(card), '80 of 100 credits left');
  assert.equal(await accountStatus(card), 'Available');
  assert.equal(await textOf(card.getByRole('time')), 'Weekly refreshes in 3 days');
  for (const text of ['coding', 'research', '150,000 tokens of context']) {
    assert.ok(lines.includes(text), `the card shows "${text}": ${JSON.stringify(lines)}`);
  }
  await assertAccessible(page);

  // Edit: the form comes filled in; plan and credits change; the credits change is in the ledger.
  await card.getByRole('button', { name: 'Edit Work Claude', exact: true }).click();
  const edit = page.getByRole('dialog', { name: 'Edit account' });
  await edit.waitFor();
  assert.equal(await edit.getByLabel('Name', { exact: true }).inputValue(), 'Work Claude');
  assert.equal(await edit.getByLabel('Email', { exact: true }).inputValue(), 'me@example.com');
  assert.equal(await edit.getByLabel('Specialisations', { exact: true }).inputValue(), 'coding, research');
  assert.equal(await edit.getByLabel('Next refresh (UTC)', { exact: true }).inputValue(), nextRefresh);
  assert.equal(await edit.getByRole('combobox', { name: 'Refresh', exact: true }).inputValue(), 'weekly');
  await fillAccountForm(edit, { plan: 'Max', credits: 60 });
  await edit.getByRole('button', { name: 'Save account', exact: true }).click();
  await edit.waitFor({ state: 'hidden' });
  await toasts(page).getByText('Account “Work Claude” saved').waitFor();
  await eventually(async () => assert.equal(await creditsText(accountCard(page, 'Work Claude')), '60 of 100 credits left'));
  assert.ok((await accountCard(page, 'Work Claude').innerText()).includes('Claude · Max'), 'the new plan is on the card');

  await openAccountPage(page, 'Work Claude');
  assert.deepEqual(await ledgerRows(page), [
    ['-20', '60', 'Manual adjustment', 'Changed in the account form'],
    ['+80', '80', 'Manual adjustment', 'Opening balance'],
  ]);
  const details = page.getByRole('region', { name: 'Details' });
  for (const text of ['Max', 'me@example.com', 'coding, research', '150,000 tokens', 'Weekly', 'The thesis account']) {
    await details.getByText(text, { exact: true }).waitFor();
  }
  await assertAccessible(page);
  await goToSection(page, 'Accounts');

  // A second account with the same name, ignoring case and spaces, is refused next to the Name field.
  const opener = page.getByRole('button', { name: 'New account', exact: true });
  await opener.click();
  const create = page.getByRole('dialog', { name: 'New account' });
  await create.waitFor();
  await fillAccountForm(create, { name: '  WORK claude ', credits: 10, limit: 10 });
  await create.getByRole('button', { name: 'Add account', exact: true }).click();
  const nameField = create.getByLabel('Name', { exact: true });
  await assertFieldError(nameField, 'An account named “Work Claude” already exists.', 'a duplicate name');
  assert.ok(await create.isVisible(), 'the dialog stays open');
  await nameField.fill('Work Claude 2');
  await assertFieldError(nameField, '', 'a new name');

  // Escape cancels: nothing is added, focus returns to "New account".
  await page.keyboard.press('Escape');
  await create.waitFor({ state: 'hidden' });
  await assertFocused(page, opener, 'the "New account" button');
  assert.equal(await accountList(page).getByRole('listitem').count(), 1);

  // Required fields: no message before the first submit, every message after it, following the input.
  await opener.click();
  await create.waitFor();
  assert.equal(await nameField.inputValue(), '', 'the form starts empty again');
  await assertFocused(page, nameField, 'the Name field (autofocus)');
  assert.equal(await describedBy(nameField), '', 'no message before the first submit');
  assert.equal(
    await describedBy(create.getByLabel('Specialisations', { exact: true })),
    'Comma-separated, for example: coding, research',
    'the hint is read with its field',
  );
  await create.getByRole('button', { name: 'Add account', exact: true }).click();
  await assertFieldError(nameField, 'Name is required.', 'an empty name');
  await assertFieldError(create.getByLabel('Credits available', { exact: true }), 'Credits available is required.', 'empty credits');
  await assertFieldError(create.getByLabel('Credit limit', { exact: true }), 'Credit limit is required.', 'an empty limit');
  await assertAccessible(page);
  await fillAccountForm(create, { refresh: 'Weekly' });
  await assertFieldError(
    create.getByLabel('Next refresh (UTC)', { exact: true }),
    'Next refresh is required.',
    'a refresh without a date',
  );
  await fillAccountForm(create, { refresh: 'Every N days' });
  await assertFieldError(
    create.getByLabel('Days between refreshes', { exact: true }),
    'Days between refreshes must be a whole number from 1 to 365.',
    'every N days without N',
  );
  await fillAccountForm(create, { credits: '-5', email: 'not an email' });
  await assertFieldError(
    create.getByLabel('Credits available', { exact: true }),
    'Credits available must be a whole number of 0 or more.',
    'negative credits',
  );
  await assertFieldError(create.getByLabel('Email', { exact: true }), 'Email must look like name@example.com.', 'a bad email');
  await nameField.fill('Half valid');
  await assertFieldError(nameField, '', 'a name typed in');
  await create.getByRole('button', { name: 'Add account', exact: true }).click();
  assert.ok(await create.isVisible(), 'nothing half-valid is saved');
  await page.keyboard.press('Escape');
  await create.waitFor({ state: 'hidden' });
  assert.equal(await accountList(page).getByRole('listitem').count(), 1);
  await reload(page);
  assert.equal(await accountList(page).getByRole('listitem').count(), 1);
  await accountCard(page, 'Work Claude').waitFor();

  assertClean(app);
});

test('adjust credits: the ledger, the exhaustion rule, and a change larger than the balance', async (t) => {
  const app = await open(t, { path: 'accounts' });
  const { page } = app;
  await createAccount(page, { name: 'Budget', platform: 'ChatGPT', credits: 80, limit: 100 });

  await adjustCredits(page, 'Budget', '-75', 'Long refactor');
  await toasts(page).getByText('“Budget” now has 5 credits').waitFor();
  const card = accountCard(page, 'Budget');
  await eventually(async () => assert.equal(await creditsText(card), '5 of 100 credits left — low'));
  assert.equal(await accountStatus(card), 'Exhausted', 'below the threshold of 10');
  assert.equal(await creditsMeter(card).getAttribute('aria-valuenow'), '5');

  // The account page lists the change with its note.
  await openAccountPage(page, 'Budget');
  assert.deepEqual(await ledgerRows(page), [
    ['-75', '5', 'Manual adjustment', 'Long refactor'],
    ['+80', '80', 'Manual adjustment', 'Opening balance'],
  ]);
  const credits = page.getByRole('region', { name: 'Credits' });
  assert.equal(await creditsText(credits), '5 of 100 credits left — low');
  await credits.getByText('Exhausted', { exact: true }).waitFor();
  await page.getByRole('navigation', { name: 'Ledger pages' }).getByText('1–2 of 2').waitFor();
  // The account's own activity, newest first.
  const activity = page.getByRole('list', { name: 'Account activity' }).getByRole('listitem');
  await eventually(async () =>
    assert.deepEqual(
      (await activity.allInnerTexts()).map((text) => text.split('\n')[0].trim()),
      ['-75 credits on “Budget” (now 5)', 'Added account “Budget”'],
    ),
  );
  await assertAccessible(page);

  // +10 (from the account page, by keyboard: the Change field has focus, Enter submits) clears "exhausted".
  await page.getByRole('button', { name: 'Adjust credits', exact: true }).click();
  const topUp = page.getByRole('dialog', { name: 'Adjust credits of Budget' });
  await topUp.getByText('Now 5 credits.', { exact: false }).waitFor();
  await assertFocused(page, topUp.getByLabel('Change', { exact: true }), 'the Change field');
  await page.keyboard.type('+10');
  await page.keyboard.press('Tab');
  await assertFocused(page, topUp.getByLabel('Note', { exact: true }), 'the Note field');
  await page.keyboard.type('Top-up');
  await page.keyboard.press('Enter');
  await topUp.waitFor({ state: 'hidden' });
  // 15 is above the threshold (no longer exhausted) but under a fifth of the limit (still shown as low).
  await eventually(async () => assert.equal(await creditsText(page.getByRole('region', { name: 'Credits' })), '15 of 100 credits left — low'));
  await page.getByRole('region', { name: 'Credits' }).getByText('Available', { exact: true }).waitFor();
  await eventually(async () => assert.deepEqual((await ledgerRows(page))[0], ['+10', '15', 'Manual adjustment', 'Top-up']));

  // More than available is refused, with the message in the dialog (next to the Change field).
  const dialog = await adjustCredits(page, 'Budget', '-100', 'Too much', {
    opener: page.getByRole('button', { name: 'Adjust credits', exact: true }),
    expectError: true,
  });
  const change = dialog.getByLabel('Change', { exact: true });
  await assertFieldError(change, 'This would leave Budget with −85 credits; it has 15.', 'a change below 0');
  await change.fill('lots');
  await dialog.getByRole('button', { name: 'Record change', exact: true }).click();
  await assertFieldError(change, 'Amount must be a whole number other than 0: positive to add, negative (like -20) to remove.', 'not a number');
  await change.fill('0');
  await dialog.getByRole('button', { name: 'Record change', exact: true }).click();
  await assertFieldError(change, 'Amount must be a whole number other than 0: positive to add, negative (like -20) to remove.', 'zero');
  await assertAccessible(page);
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal((await ledgerRows(page)).length, 3, 'nothing was recorded for the refused changes');

  await goToSection(page, 'Accounts');
  assert.equal(await creditsText(accountCard(page, 'Budget')), '15 of 100 credits left — low');
  assert.equal(await accountStatus(accountCard(page, 'Budget')), 'Available');

  assertClean(app);
});

test('refreshes: an overdue one is applied on load, one that falls due while open shows up without a reload', async (t) => {
  const app = await open(t, { path: null });
  const { page } = app;
  const T = Date.UTC(2027, 0, 10, 8, 0); // a Sunday, 08:00 UTC
  await page.clock.install({ time: T });
  await page.goto(app.at('accounts'));
  await waitForAppReady(page);

  const card = await createAccount(page, {
    name: 'Daily Gemini',
    platform: 'Gemini',
    credits: 20,
    limit: 100,
    refresh: 'Daily',
    nextRefresh: utcInput(T + HOUR),
  });
  assert.equal(await creditsText(card), '20 of 100 credits left');
  assert.match(await textOf(card.getByRole('time')), /^Daily refreshes in (60 minutes|1 hour)$/);
  await dismissAllToasts(page);

  // Three days later (three refreshes missed), the app starts: one refresh back to the limit.
  await page.clock.setSystemTime(T + 3 * DAY + 10 * MINUTE);
  const loadedAt = Date.now();
  await reload(page);
  await eventually(async () => assert.equal(await creditsText(accountCard(page, 'Daily Gemini')), '100 of 100 credits left'));
  assert.ok(Date.now() - loadedAt < 25_000, 'applied at start-up, not by the 30-second tick');
  await toasts(page).getByText('Credits refreshed on 1 account').waitFor();
  assert.equal(await textOf(accountCard(page, 'Daily Gemini').getByRole('time')), 'Daily refreshes in 50 minutes');

  await openAccountPage(page, 'Daily Gemini');
  const rows = await ledgerRows(page);
  assert.deepEqual(rows, [
    ['+80', '100', 'Refresh', 'Refreshed (3 periods)'],
    ['+20', '20', 'Manual adjustment', 'Opening balance'],
  ]);
  assert.equal(rows.filter(([, , reason]) => reason === 'Refresh').length, 1, 'one Refresh entry for the missed periods');

  // While the page is open: spend some, then the next refresh (T + 3 days + 1 hour) falls due.
  await goToSection(page, 'Accounts');
  await adjustCredits(page, 'Daily Gemini', '-50', 'Spent');
  await eventually(async () => assert.equal(await creditsText(accountCard(page, 'Daily Gemini')), '50 of 100 credits left'));
  await page.evaluate(() => {
    window.__sameDocument = true;
  });
  const pageNow = await page.evaluate(() => Date.now());
  await page.clock.fastForward(T + 3 * DAY + HOUR - pageNow + MINUTE);
  await page.clock.runFor(30_000);
  await eventually(async () => assert.equal(await creditsText(accountCard(page, 'Daily Gemini')), '100 of 100 credits left'));
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload happened');
  assert.equal(await textOf(accountCard(page, 'Daily Gemini').getByRole('time')), 'Daily refreshes tomorrow');

  await openAccountPage(page, 'Daily Gemini');
  const after = await ledgerRows(page);
  assert.deepEqual(after[0], ['+50', '100', 'Refresh', 'Refreshed']);
  assert.equal(after.filter(([, , reason]) => reason === 'Refresh').length, 2);

  assertClean(app);
});

test('block and unblock; the best account for a need, ranked with reasons', async (t) => {
  const app = await open(t, { path: 'accounts' });
  const { page } = app;
  await createAccount(page, { name: 'Generalist', platform: 'ChatGPT', credits: 100, limit: 100 });
  await createAccount(page, { name: 'Coder', platform: 'Claude', credits: 60, limit: 100, specialisations: 'coding, rust' });
  await createAccount(page, { name: 'Spare', platform: 'Gemini', credits: 50, limit: 100 });

  // The ranking, opened before the block: it follows the changes and keeps what was typed.
  await page.getByText('Find the best account for a need', { exact: true }).click();
  const ranked = page.getByRole('list', { name: 'Ranked accounts' });
  await ranked.waitFor();
  assert.deepEqual((await ranking(page)).map((r) => r.name), ['Generalist', 'Coder', 'Spare']);
  await page.getByRole('textbox', { name: 'Specialisation' }).fill('coding');
  await eventually(async () => assert.deepEqual((await ranking(page)).map((r) => r.name), ['Coder', 'Generalist', 'Spare']));

  // Block: the badge says so, the button turns into "Unblock". (The "added" notifications would cover the
  // last card's buttons for their 6 seconds.)
  await dismissAllToasts(page);
  const spare = accountCard(page, 'Spare');
  await spare.getByRole('button', { name: 'Block Spare', exact: true }).click();
  await toasts(page).getByText('“Spare” blocked').waitFor();
  await eventually(async () => assert.equal(await accountStatus(accountCard(page, 'Spare')), 'Blocked'));
  await accountCard(page, 'Spare').getByRole('button', { name: 'Unblock Spare', exact: true }).waitFor();

  assert.ok(await ranked.isVisible(), 'the ranking stays open after a change to the accounts');
  assert.equal(await page.getByRole('textbox', { name: 'Specialisation' }).inputValue(), 'coding', 'the need is kept');
  await eventually(async () => {
    const list = await ranking(page);
    assert.deepEqual(list.map((r) => r.name), ['Coder', 'Generalist', 'Spare (not eligible)']);
    assert.match(list[0].reasons, /specialised in coding/);
    assert.doesNotMatch(list[1].reasons, /specialised/);
    assert.equal(list[2].reasons, 'not eligible: blocked');
  });
  await assertAccessible(page);

  // A minimum of credits above what an account has makes it not eligible, with the numbers.
  await page.getByRole('spinbutton', { name: 'Minimum credits' }).fill('70');
  await eventually(async () => {
    const list = await ranking(page);
    assert.deepEqual(list.map((r) => r.name), ['Generalist', 'Coder (not eligible)', 'Spare (not eligible)']);
    assert.equal(list[1].reasons, 'not eligible: has 60 credits, needs 70');
    assert.equal(list[2].reasons, 'not eligible: blocked; not eligible: has 50 credits, needs 70');
  });

  // Unblock: available again, eligible again.
  await page.getByRole('spinbutton', { name: 'Minimum credits' }).fill('10');
  await accountCard(page, 'Spare').getByRole('button', { name: 'Unblock Spare', exact: true }).click();
  await toasts(page).getByText('“Spare” unblocked').waitFor();
  await eventually(async () => assert.equal(await accountStatus(accountCard(page, 'Spare')), 'Available'));
  await accountCard(page, 'Spare').getByRole('button', { name: 'Block Spare', exact: true }).waitFor();
  await eventually(async () => assert.deepEqual((await ranking(page)).map((r) => r.name), ['Coder', 'Generalist', 'Spare']));

  await reload(page);
  assert.equal(await accountStatus(accountCard(page, 'Spare')), 'Available');

  assertClean(app);
});

test('trash round trip for an account: restore from Data, Undo from the toast, the page of a trashed account', async (t) => {
  const app = await open(t, { path: 'accounts' });
  const { page } = app;
  const name = 'Old account';
  await createAccount(page, { name: 'Keeper', credits: 10, limit: 10 });
  await createAccount(page, { name, credits: 30, limit: 50 });
  await dismissAllToasts(page);

  const deleteAccount = async () => {
    await accountCard(page, name).getByRole('button', { name: `Delete ${name}`, exact: true }).click();
    const confirm = page.getByRole('dialog', { name: `Delete “${name}”?` });
    await confirm.getByText('Sessions and ledger entries that mention it are kept.', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Move to trash', exact: true }).click();
    await toasts(page).getByText(`Account “${name}” moved to the trash`).waitFor();
    await assertGone(accountCard(page, name), 'the deleted account');
    await accountCard(page, 'Keeper').waitFor();
  };

  // Delete → Data's trash → Restore.
  await deleteAccount();
  await dismissAllToasts(page);
  await goToSection(page, 'Data');
  const trash = page.getByRole('list', { name: 'Trash' });
  await trash.getByText(name, { exact: true }).waitFor();
  assert.match(await textOf(trash.getByRole('listitem')), /Account · deleted/);
  assert.equal(await trash.getByText('Keeper').count(), 0);
  await trash.getByRole('button', { name: `Restore ${name}`, exact: true }).click();
  await toasts(page).getByText(`“${name}” restored`).waitFor();
  await page.getByText('The trash is empty').waitFor();
  await goToSection(page, 'Accounts');
  await accountCard(page, name).waitFor();
  assert.equal(await creditsText(accountCard(page, name)), '30 of 50 credits left', 'restored as it was');

  // Delete → Undo in the toast.
  await deleteAccount();
  await toasts(page).getByRole('button', { name: 'Undo', exact: true }).click();
  await toasts(page).getByText(`Account “${name}” restored`).waitFor();
  await accountCard(page, name).waitFor();
  await goToSection(page, 'Data');
  await page.getByText('The trash is empty').waitFor();

  // The page of an account in the trash says so and offers to restore it (not the live account's actions).
  await goToSection(page, 'Accounts');
  await openAccountPage(page, name);
  const url = page.url();
  await goToSection(page, 'Accounts');
  await deleteAccount();
  await page.goto(url);
  await waitForAppReady(page);
  await h1(page, name).waitFor();
  await page.getByRole('status').getByText('This account is in the trash.', { exact: false }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Adjust credits', exact: true }).count(), 0, 'no adjusting a trashed account');
  await page.getByRole('button', { name: 'Restore account', exact: true }).click();
  await page.getByRole('button', { name: 'Adjust credits', exact: true }).waitFor();
  await goToSection(page, 'Accounts');
  await accountCard(page, name).waitFor();

  // The activity log has every step.
  await goToSection(page, 'Dashboard');
  const activity = page.getByRole('list', { name: 'Recent activity' });
  await activity.getByText(`Restored account “${name}” from the trash`).first().waitFor();
  assert.equal(await activity.getByText(`Moved account “${name}” to the trash`).count(), 3);

  assertClean(app);
});

test('the dashboard counters match the data; low accounts and recent activity are listed', async (t) => {
  const app = await open(t, { path: 'projects' });
  const { page } = app;
  await createProject(page, 'Alpha');
  await createProject(page, 'Beta');
  await setProjectStatus(page, 'Beta', 'Paused');
  await createAccount(page, { name: 'Main', platform: 'Claude', credits: 100, limit: 100 });
  await createAccount(page, { name: 'Held', platform: 'ChatGPT', credits: 50, limit: 100 });
  await createAccount(page, { name: 'Dry', platform: 'Gemini', credits: 5, limit: 100 });
  assert.equal(await accountStatus(accountCard(page, 'Dry')), 'Exhausted', 'created below the threshold');
  await accountCard(page, 'Held').getByRole('button', { name: 'Block Held', exact: true }).click();
  await eventually(async () => assert.equal(await accountStatus(accountCard(page, 'Held')), 'Blocked'));

  await goToSection(page, 'Dashboard');
  await eventually(async () => {
    const counters = await dashboardCounters(page);
    assert.equal(counters['Active projects'], '1');
    assert.equal(counters['Usable accounts'], '1');
    assert.equal(counters['Credits used this week'], '0');
    assert.equal(counters['Credits used in all'], '0');
    assert.equal(counters['Sessions completed'], '0');
  });

  const watch = page.getByRole('region', { name: 'Accounts low or refreshing soon' });
  const watched = watch.getByRole('listitem');
  await eventually(async () => assert.equal(await watched.count(), 1));
  await watched.getByRole('link', { name: 'Dry', exact: true }).waitFor();
  assert.match(await textOf(watched), /5 of 100 credits.*Exhausted/);

  const activity = page.getByRole('list', { name: 'Recent activity' }).getByRole('listitem');
  await eventually(async () => assert.match(await textOf(activity.first()), /^Blocked account “Held”/));
  const summaries = (await activity.allInnerTexts()).join('\n');
  for (const text of ['Added account “Dry”', 'Added account “Main”', '“Beta” is now paused', 'Created project “Alpha”']) {
    assert.ok(summaries.includes(text), `recent activity lists "${text}":\n${summaries}`);
  }
  await assertAccessible(page);

  // More actions: the counters follow.
  await goToSection(page, 'Accounts');
  await accountCard(page, 'Held').getByRole('button', { name: 'Unblock Held', exact: true }).click();
  await adjustCredits(page, 'Dry', '+45', 'Bought more');
  await goToSection(page, 'Projects');
  await page.getByRole('list', { name: 'Projects' }).getByRole('link', { name: 'Beta', exact: true }).click();
  await h1(page, 'Beta').waitFor();
  await setProjectStatus(page, 'Beta', 'Active');
  await goToSection(page, 'Dashboard');
  await eventually(async () => {
    const counters = await dashboardCounters(page);
    assert.equal(counters['Active projects'], '2');
    assert.equal(counters['Usable accounts'], '3');
  });
  await watch.getByText('No account is low or refreshing in the next 24 hours.').waitFor();
  await eventually(async () => assert.match(await textOf(activity.first()), /^“Beta” is now active/));

  // Trash counts too: a deleted account is not usable, a deleted project not active.
  await goToSection(page, 'Accounts');
  await accountCard(page, 'Main').getByRole('button', { name: 'Delete Main', exact: true }).click();
  await page.getByRole('dialog', { name: 'Delete “Main”?' }).getByRole('button', { name: 'Move to trash', exact: true }).click();
  await assertGone(accountCard(page, 'Main'), 'the deleted account');
  await goToSection(page, 'Dashboard');
  await eventually(async () => assert.equal((await dashboardCounters(page))['Usable accounts'], '2'));
  await reload(page);
  const counters = await dashboardCounters(page);
  assert.equal(counters['Active projects'], '2');
  assert.equal(counters['Usable accounts'], '2');

  assertClean(app);
});

test('project: edit every field, then the living state, still there after a reload', async (t) => {
  const app = await open(t, { path: 'projects' });
  const { page } = app;
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  const name = 'Living project';
  await createProject(page, name, 'A project with a state');

  // The edit dialog: an unsafe repository link is refused with a message next to the field.
  const editButton = page.getByRole('button', { name: 'Edit', exact: true });
  await editButton.click();
  const edit = page.getByRole('dialog', { name: 'Edit project' });
  await edit.waitFor();
  assert.equal(await edit.getByLabel('Name', { exact: true }).inputValue(), name);
  await edit.getByLabel('Tags', { exact: true }).fill('thesis, writing');
  const repo = edit.getByLabel('Repository link', { exact: true });
  await repo.fill('javascript:alert(1)');
  await edit.getByRole('button', { name: 'Save project', exact: true }).click();
  await assertFieldError(repo, 'Repository link must be a web address starting with http:// or https://, like https://github.com/you/project.', 'a javascript: link');
  assert.ok(await edit.isVisible(), 'the dialog stays open');
  await repo.fill('https://github.com/me/thesis');
  await assertFieldError(repo, '', 'an https link');
  await edit.getByLabel('Notes', { exact: true }).fill('Keep the tone formal');
  await edit.getByRole('button', { name: 'Save project', exact: true }).click();
  await edit.waitFor({ state: 'hidden' });
  await toasts(page).getByText(`Project “${name}” saved`).waitFor();

  const overview = page.getByRole('region', { name: 'Overview' });
  await overview.getByText('thesis', { exact: true }).waitFor();
  await overview.getByText('writing', { exact: true }).waitFor();
  const link = overview.getByRole('link', { name: 'https://github.com/me/thesis', exact: true });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), 'https://github.com/me/thesis');
  await overview.getByText('Keep the tone formal', { exact: true }).waitFor();

  // Escape cancels an edit.
  await editButton.click();
  await edit.waitFor();
  await edit.getByLabel('Name', { exact: true }).fill('Not saved');
  await page.keyboard.press('Escape');
  await edit.waitFor({ state: 'hidden' });
  await h1(page, name).waitFor();
  await editButton.click();
  assert.equal(await edit.getByLabel('Name', { exact: true }).inputValue(), name, 'the dialog opens on the stored values');
  await edit.getByRole('button', { name: 'Cancel', exact: true }).click();
  await edit.waitFor({ state: 'hidden' });

  // The living state editor.
  const section = page.getByRole('region', { name: 'Living state' });
  await section.getByRole('button', { name: 'Edit living state', exact: true }).click();
  const form = section.getByRole('form', { name: 'Edit living state' });
  await form.waitFor();
  await form.getByLabel('Goal', { exact: true }).fill('Submit chapter 3');
  await form.getByLabel('Current state', { exact: true }).fill('The draft is **half done**.\n\n<img src=x onerror=alert(1)>');

  const step = (n) => form.getByLabel(`Next step ${n}`, { exact: true });
  for (const [n, text] of [[1, 'Step A'], [2, 'Step B'], [3, 'Step C']]) {
    await form.getByRole('button', { name: 'Add next step', exact: true }).click();
    await assertFocused(page, step(n), `the new "Next step ${n}" field`);
    await page.keyboard.type(text);
  }
  const steps = async () => [await step(1).inputValue(), await step(2).inputValue(), await step(3).inputValue()];
  assert.deepEqual(await steps(), ['Step A', 'Step B', 'Step C']);

  // With the buttons (focus follows the moved item's button)…
  await form.getByRole('button', { name: 'Move Next step 1 down', exact: true }).click();
  await eventually(async () => assert.deepEqual(await steps(), ['Step B', 'Step A', 'Step C']));
  await assertFocused(page, form.getByRole('button', { name: 'Move Next step 2 down', exact: true }), 'the moved item\'s button');
  // …and with Alt+ArrowUp in the field (focus stays with the item).
  await step(3).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await eventually(async () => assert.deepEqual(await steps(), ['Step B', 'Step C', 'Step A']));
  await assertFocused(page, step(2), 'the moved item (now Next step 2)');
  await page.keyboard.press('Alt+ArrowUp');
  await eventually(async () => assert.deepEqual(await steps(), ['Step C', 'Step B', 'Step A']));
  await assertFocused(page, step(1), 'the moved item (now Next step 1)');
  // The first item cannot move further up; the last not further down.
  await page.keyboard.press('Alt+ArrowUp');
  assert.deepEqual(await steps(), ['Step C', 'Step B', 'Step A']);
  assert.equal(await form.getByRole('button', { name: 'Move Next step 4 down' }).count(), 0);

  // A removable fourth step.
  await form.getByRole('button', { name: 'Add next step', exact: true }).click();
  await step(4).fill('Step to drop');
  await form.getByRole('button', { name: 'Remove Next step 4', exact: true }).click();
  await assertGone(step(4), 'the removed step');

  await form.getByRole('button', { name: 'Add decision', exact: true }).click();
  await form.getByLabel('Decision 1', { exact: true }).fill('Write in Markdown');
  await form.getByLabel('Rationale', { exact: true }).fill('it diffs well');
  await form.getByLabel('Rejected alternatives', { exact: true }).fill('LaTeX, Word');
  await form.getByRole('button', { name: 'Add constraint', exact: true }).click();
  await form.getByLabel('Constraint 1', { exact: true }).fill('No new sources after March');
  await form.getByRole('button', { name: 'Add do not redo', exact: true }).click();
  await form.getByLabel('Do not redo 1', { exact: true }).fill('The literature search');
  await form.getByRole('button', { name: 'Add key file', exact: true }).click();
  await form.getByLabel('Key file 1 path', { exact: true }).fill('chapters/03.md');
  await form.getByRole('combobox', { name: 'Importance', exact: true }).selectOption({ label: 'Critical' });
  await form.getByLabel('Notes', { exact: true }).fill('the chapter itself');
  await assertAccessible(page);
  await form.getByRole('button', { name: 'Save living state', exact: true }).click();
  await toasts(page).getByText('Living state saved').waitFor();
  await form.waitFor({ state: 'hidden' });

  const check = async () => {
    const state = page.getByRole('region', { name: 'Living state' });
    await state.getByText('Submit chapter 3', { exact: true }).waitFor();
    // Markdown is rendered; the raw HTML is shown as text, never as an element.
    const bold = state.getByRole('strong').filter({ hasText: 'half done' });
    await bold.waitFor();
    await state.getByText('<img src=x onerror=alert(1)>', { exact: false }).waitFor();
    assert.equal(await state.getByRole('img').count(), 0, 'no image in the living state');
    assert.equal(await page.getByRole('img', { name: 'x' }).count(), 0);
    const nextSteps = state.getByRole('list', { name: 'Next steps' }).getByRole('listitem');
    assert.deepEqual(await nextSteps.allInnerTexts(), ['Step C', 'Step B', 'Step A']);
    assert.equal(
      await textOf(state.getByRole('list', { name: 'Decisions' }).getByRole('listitem')),
      'Write in Markdown — because it diffs well (rejected: LaTeX, Word)',
    );
    assert.deepEqual(await state.getByRole('list', { name: 'Constraints' }).getByRole('listitem').allInnerTexts(), ['No new sources after March']);
    assert.deepEqual(await state.getByRole('list', { name: 'Do not redo' }).getByRole('listitem').allInnerTexts(), ['The literature search']);
    assert.equal(await textOf(state.getByRole('list', { name: 'Key files' }).getByRole('listitem')), 'chapters/03.md Critical — the chapter itself');
  };
  await check();
  await reload(page);
  await h1(page, name).waitFor();
  await check();
  await page.getByRole('region', { name: 'Overview' }).getByRole('link', { name: 'https://github.com/me/thesis', exact: true }).waitFor();

  // The editor reopens on the saved order; Escape leaves it without saving.
  await section.getByRole('button', { name: 'Edit living state', exact: true }).click();
  await form.waitFor();
  assert.deepEqual(await steps(), ['Step C', 'Step B', 'Step A']);
  await form.getByLabel('Goal', { exact: true }).fill('Changed and cancelled');
  await page.keyboard.press('Escape');
  await form.waitFor({ state: 'hidden' });
  await check();

  // The project's activity lists both updates.
  const activity = page.getByRole('list', { name: 'Project activity' });
  await activity.getByText(`Updated the living state of “${name}”`).waitFor();
  await activity.getByText(`Edited project “${name}”`).waitFor();
  assert.match(await textOf(activity.getByRole('listitem').first()), /^Updated the living state/);
  assert.deepEqual(dialogs, [], 'no alert() ran');

  assertClean(app);
});

test('a second tab follows account changes within a second', async (t) => {
  const app = await open(t, { path: 'accounts' });
  const page1 = app.page;
  await createAccount(page1, { name: 'Shared', platform: 'Claude', credits: 100, limit: 100 });
  const page2 = await app.newPage();
  await page2.goto(app.at('accounts'));
  await waitForAppReady(page2);
  await accountCard(page2, 'Shared').waitFor();
  assert.equal(await creditsText(accountCard(page2, 'Shared')), '100 of 100 credits left');

  await page1.bringToFront();
  await adjustCredits(page1, 'Shared', '-30', 'From tab 1');
  await eventually(async () => assert.equal(await creditsText(accountCard(page2, 'Shared')), '70 of 100 credits left'), { timeout: 1000 });

  await accountCard(page1, 'Shared').getByRole('button', { name: 'Block Shared', exact: true }).click();
  await eventually(async () => assert.equal(await accountStatus(accountCard(page2, 'Shared')), 'Blocked'), { timeout: 1000 });

  await createAccount(page1, { name: 'Another', platform: 'Gemini', credits: 5, limit: 50 });
  await accountCard(page2, 'Another').waitFor({ timeout: 1000 });

  // And the other way: tab 2 adjusts, tab 1 (on the account's page) follows.
  await openAccountPage(page1, 'Shared');
  await page2.bringToFront();
  await adjustCredits(page2, 'Shared', '+20', 'From tab 2');
  await eventually(async () => assert.equal(await creditsText(page1.getByRole('region', { name: 'Credits' })), '90 of 100 credits left'), {
    timeout: 1000,
  });
  await eventually(async () => assert.deepEqual((await ledgerRows(page1))[0], ['+20', '90', 'Manual adjustment', 'From tab 2']), {
    timeout: 1000,
  });

  assertClean(app);
});
