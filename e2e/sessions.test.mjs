// Sessions end to end: start one from /sessions (project and account made through the UI first), the
// active-session banner across a reload, a pasted multi-line transcript reviewed before it is saved, long
// turns collapsed, copy; complete with credits (the account's card follows) and reopen (credits back); the
// previous session's report offered when the next session starts; the list's filters and its pager count;
// delete to the trash with Undo.
//
// Every interaction goes through a role and an accessible name; every test ends with assertClean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, assertAccessible, screenshot } from './lib.mjs';
import {
  open,
  h1,
  toasts,
  goToSection,
  reload,
  eventually,
  assertGone,
  describedBy,
  textOf,
  createProject,
  createAccount,
  accountCard,
  creditsText,
  goToAccounts,
} from './helpers.mjs';

// ---------------------------------------------------------------------------------------------------------
// Helpers (by role and accessible name).

const banner = (page) => page.getByRole('region', { name: 'Sessions in progress' });
const sessionList = (page) => page.getByRole('list', { name: 'Sessions' });
const pager = (page) => page.getByRole('navigation', { name: 'Pages' });
const filters = (page) => page.getByRole('search', { name: 'Filter sessions' });
const header = (page) => page.locator('header.page-header');

/** /sessions → "Start session" → fill → "Start session"; waits for the new session's heading. */
async function startSession(page, { project, account, type, title, objectives = '', budget } = {}) {
  if (new URL(page.url()).pathname !== '/sessions') await goToSection(page, 'Sessions');
  await header(page).getByRole('button', { name: 'Start session', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Start session' });
  await dialog.waitFor();
  const projectBox = dialog.getByRole('combobox', { name: 'Project', exact: true });
  await eventually(async () => assert.ok((await projectBox.locator('option').count()) > 1, 'the projects are listed'));
  await projectBox.selectOption({ label: project });
  if (account !== undefined) await dialog.getByRole('combobox', { name: 'Account', exact: true }).selectOption({ label: account });
  if (type !== undefined) await dialog.getByRole('combobox', { name: 'Type', exact: true }).selectOption({ label: type });
  await dialog.getByLabel('Title', { exact: true }).fill(title);
  await dialog.getByLabel('Objectives', { exact: true }).fill(objectives);
  if (budget !== undefined) await dialog.getByLabel('Credit budget', { exact: true }).fill(String(budget));
  await dialog.getByRole('button', { name: 'Start session', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/**
 * The dialog "End session", opened by `opener`; checks the preselected outcome when `outcome` is given, fills
 * what is given and submits with `submit` (null: leaves the dialog open).
 */
async function endSession(page, opener, { outcome, credits, accomplishments, submit = 'Complete session' } = {}) {
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'End session' });
  await dialog.waitFor();
  if (outcome !== undefined) {
    assert.equal(await selectedText(dialog.getByRole('combobox', { name: 'Outcome', exact: true })), outcome, 'the outcome is preselected');
  }
  if (credits !== undefined) await dialog.getByLabel('Credits used', { exact: true }).fill(String(credits));
  if (accomplishments !== undefined) await dialog.getByLabel('Accomplishments', { exact: true }).fill(accomplishments);
  if (submit) await dialog.getByRole('button', { name: submit, exact: true }).click();
  return dialog;
}

/** The selected option's text of a combobox. */
const selectedText = (combobox) => combobox.evaluate((el) => el.selectedOptions[0]?.textContent ?? '');

/** The status badge of the session page's Details. */
const detailsStatus = async (page) => {
  const details = page.getByRole('region', { name: 'Details' });
  return (await details.locator('.badge').innerText()).trim();
};

/** YYYY-MM-DD of a local date `days` from today (what a date input takes). */
function localDate(days = 0) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const LONG_LINES = Array.from({ length: 15 }, (_, i) => `Step ${i + 1} of the plan`);
const TRANSCRIPT = [
  'User: Please write the tokenizer.',
  'It must handle:',
  '- identifiers',
  '- numbers',
  '',
  'Assistant: Here is the plan.',
  ...LONG_LINES,
  'user: Thanks, ship it.',
].join('\n');

// ---------------------------------------------------------------------------------------------------------

test('a session from start to reopen: banner across reload, transcript, credits debited and returned', async (t) => {
  const app = await open(t, { path: 'projects' });
  const { page } = app;
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });

  await createProject(page, 'Parser', 'A small parser');
  await createAccount(page, { name: 'Work Claude', platform: 'Claude', credits: 100, limit: 100 });
  await createAccount(page, { name: 'Old Gemini', platform: 'Gemini', credits: 40, limit: 40 });
  await accountCard(page, 'Old Gemini').getByRole('button', { name: 'Block Old Gemini', exact: true }).click();
  await toasts(page).getByText('“Old Gemini” blocked').waitFor();

  // Nothing yet.
  await goToSection(page, 'Sessions');
  await page.getByText('No sessions yet').waitFor();
  assert.equal(await banner(page).count(), 0, 'no banner without a session in progress');

  // The dialog: accounts that are not blocked, with their credits; a project is required.
  await header(page).getByRole('button', { name: 'Start session', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Start session' });
  await dialog.waitFor();
  const account = dialog.getByRole('combobox', { name: 'Account', exact: true });
  await eventually(async () => assert.equal(await selectedText(account), 'Work Claude — 100 credits'));
  const accountOptions = await account.locator('option').allTextContents();
  assert.deepEqual(accountOptions, ['No account', 'Work Claude — 100 credits'], 'blocked accounts are not offered');
  await dialog.getByLabel('Title', { exact: true }).fill('Write the tokenizer');
  await dialog.getByRole('button', { name: 'Start session', exact: true }).click();
  const projectBox = dialog.getByRole('combobox', { name: 'Project', exact: true });
  await eventually(async () => assert.equal(await describedBy(projectBox), 'Choose the project this session works on.'));
  assert.equal(await projectBox.getAttribute('aria-invalid'), 'true');
  await assertAccessible(page);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  await startSession(page, { project: 'Parser', type: 'Feature', title: 'Write the tokenizer', objectives: 'Tokens for the parser', budget: 30 });
  await h1(page, 'Session 1: Write the tokenizer').waitFor();
  await toasts(page).getByText('Session 1: Write the tokenizer started on “Parser”').waitFor();
  // Nothing came before: said plainly, right after starting only.
  await page.getByRole('status').getByText('No previous handoff or report for this project.').waitFor();
  const line = banner(page).getByText(/Session 1: Write the tokenizer on Parser — in progress, started/);
  await line.waitFor();
  const details = page.getByRole('region', { name: 'Details' });
  assert.equal(await detailsStatus(page), 'In progress');
  await details.getByRole('link', { name: 'Parser', exact: true }).waitFor();
  await details.getByRole('link', { name: 'Work Claude', exact: true }).waitFor();
  await details.getByText('Feature', { exact: true }).waitFor();
  await details.getByText('0 used of a budget of 30').waitFor();
  await page.getByRole('region', { name: 'Objectives' }).getByText('Tokens for the parser').waitFor();
  await assertAccessible(page);

  // The banner is read from IndexedDB: it survives a reload (and the "no previous" note does not come back).
  await reload(page);
  await h1(page, 'Session 1: Write the tokenizer').waitFor();
  await line.waitFor();
  assert.equal(await page.getByText('No previous handoff or report for this project.').count(), 0);
  // It is on every page, with "Open" leading back.
  await goToSection(page, 'Projects');
  await line.waitFor();
  await banner(page).getByRole('link', { name: 'Open Session 1: Write the tokenizer', exact: true }).click();
  await h1(page, 'Session 1: Write the tokenizer').waitFor();

  // Paste a transcript: review the split before saving.
  const transcriptSection = page.getByRole('region', { name: 'Transcript' });
  await transcriptSection.getByText('No transcript yet.', { exact: false }).waitFor();
  await transcriptSection.getByRole('button', { name: 'Paste transcript', exact: true }).click();
  const paste = page.getByRole('dialog', { name: 'Paste transcript' });
  await paste.getByLabel('Conversation', { exact: true }).fill(TRANSCRIPT);
  await paste.getByRole('button', { name: 'Split into turns', exact: true }).click();
  const review = paste.getByRole('list', { name: 'Turns to save' });
  await review.waitFor();
  const reviewed = review.getByRole('listitem');
  assert.equal(await reviewed.count(), 3);
  const firstText = await reviewed.nth(0).innerText();
  for (const part of ['Please write the tokenizer.', 'It must handle:', '- identifiers', '- numbers']) {
    assert.ok(firstText.includes(part), `the first turn keeps "${part}" (multi-line kept whole): ${firstText}`);
  }
  const secondText = await reviewed.nth(1).innerText();
  assert.ok(secondText.startsWith('Assistant'), secondText);
  for (const part of LONG_LINES) assert.ok(secondText.includes(part), `the reply keeps "${part}"`);
  assert.match(await reviewed.nth(0).innerText(), /≈ [\d,]+ tokens?/);
  await paste.getByText(/^2 user turns, 1 assistant turn · ≈ [\d,]+ tokens? in all$/).waitFor();
  await assertAccessible(page);
  // Back to the text and split again: nothing is lost.
  await paste.getByRole('button', { name: 'Back to the text', exact: true }).click();
  assert.equal(await paste.getByLabel('Conversation', { exact: true }).inputValue(), TRANSCRIPT);
  await paste.getByRole('button', { name: 'Split into turns', exact: true }).click();
  assert.equal(await paste.getByRole('checkbox').count(), 0, 'nothing to replace yet');
  await paste.getByRole('button', { name: 'Save transcript', exact: true }).click();
  await paste.waitFor({ state: 'hidden' });
  await toasts(page).getByText('Saved 3 turns to the transcript').waitFor();

  // The saved transcript: roles as headings, the long reply collapsed behind "Show all".
  const transcript = transcriptSection.getByRole('list', { name: 'Transcript' });
  await transcript.waitFor();
  // The turns are the list's own items (a turn's markdown may hold lists of its own).
  const turns = transcript.locator(':scope > li');
  assert.equal(await turns.count(), 3);
  await transcript.getByRole('heading', { name: 'Turn 1: User', exact: true }).waitFor();
  await transcript.getByRole('heading', { name: 'Turn 2: Assistant', exact: true }).waitFor();
  // A turn is markdown: its lines stay lines, its "- " lines a list.
  const firstSaved = await turns.nth(0).innerText();
  assert.ok(firstSaved.includes('Please write the tokenizer.\nIt must handle:'), `the lines stay lines: ${firstSaved}`);
  assert.deepEqual(await turns.nth(0).getByRole('list').getByRole('listitem').allInnerTexts(), ['identifiers', 'numbers'], 'the list is a list');
  const toggle = transcript.getByRole('button', { name: 'Show all 16 lines', exact: true });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await transcript.getByText('Step 15 of the plan').count(), 0, 'a long turn starts collapsed');
  await toggle.click();
  const less = transcript.getByRole('button', { name: 'Show less', exact: true });
  assert.equal(await less.getAttribute('aria-expanded'), 'true');
  await transcript.getByText('Step 15 of the plan', { exact: false }).waitFor();
  await less.click();
  await assertGone(transcript.getByText('Step 15 of the plan', { exact: false }), 'the collapsed lines');

  // Copy one turn, and the whole transcript.
  await transcript.getByRole('button', { name: 'Copy turn 3', exact: true }).click();
  await toasts(page).getByText('Copied', { exact: true }).first().waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'Thanks, ship it.');
  await transcriptSection.getByRole('button', { name: 'Copy transcript', exact: true }).click();
  await eventually(async () => {
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(copied.startsWith('User: Please write the tokenizer.\nIt must handle:'), copied);
    assert.ok(copied.includes('\n\nAssistant: Here is the plan.'), copied);
  });

  // Pasting again offers to replace.
  await transcriptSection.getByRole('button', { name: 'Paste transcript', exact: true }).click();
  await paste.getByLabel('Conversation', { exact: true }).fill('User: one more question');
  await paste.getByRole('button', { name: 'Split into turns', exact: true }).click();
  await paste.getByRole('checkbox', { name: /^Replace the existing transcript/ }).waitFor();
  await paste.getByRole('button', { name: 'Save transcript', exact: true }).click();
  await paste.waitFor({ state: 'hidden' });
  await eventually(async () => assert.equal(await turns.count(), 4, 'appended'));

  // Complete: accomplishments are required; the credits are debited from the account.
  const dialogEnd = await endSession(page, header(page).getByRole('button', { name: 'Complete', exact: true }), {
    outcome: 'Completed',
    credits: 12,
  });
  assert.match(await dialogEnd.getByLabel('Duration (minutes)', { exact: true }).inputValue(), /^\d+$/, 'duration prefilled');
  const accomplishments = dialogEnd.getByLabel('Accomplishments', { exact: true });
  await eventually(async () =>
    assert.ok((await describedBy(accomplishments)).endsWith('Write what was accomplished to complete the session.')),
  );
  await assertAccessible(page);
  await accomplishments.fill('Tokenizer written\nwith tests');
  await dialogEnd.getByLabel('Next steps', { exact: true }).fill('Write the parser proper');
  await dialogEnd.getByRole('button', { name: 'Complete session', exact: true }).click();
  await dialogEnd.waitFor({ state: 'hidden' });
  await toasts(page).getByText('Session 1: Write the tokenizer completed').waitFor();
  await eventually(async () => assert.equal(await detailsStatus(page), 'Completed'));
  await assertGone(banner(page), 'the banner (no session in progress)');
  const report = page.getByRole('region', { name: 'Report' });
  assert.ok((await report.innerText()).includes('Tokenizer written\nwith tests'));
  await details.getByText('12 used of a budget of 30').waitFor();
  await screenshot(page, 'session-completed');

  await goToAccounts(page);
  assert.equal(await creditsText(accountCard(page, 'Work Claude')), '88 of 100 credits left');

  // Reopen: the confirmation names the credits and the account; they come back.
  await goToSection(page, 'Sessions');
  await sessionList(page).getByRole('link', { name: 'Session 1: Write the tokenizer', exact: true }).click();
  await h1(page, 'Session 1: Write the tokenizer').waitFor();
  await header(page).getByRole('button', { name: 'Reopen', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Reopen Session 1: Write the tokenizer?' });
  await confirm.getByText(/its 12 credits are credited back to Work Claude/).waitFor();
  await confirm.getByRole('button', { name: 'Reopen', exact: true }).click();
  await toasts(page).getByText('Session 1: Write the tokenizer reopened').waitFor();
  await eventually(async () => assert.equal(await detailsStatus(page), 'In progress'));
  await line.waitFor();
  await goToAccounts(page);
  assert.equal(await creditsText(accountCard(page, 'Work Claude')), '100 of 100 credits left');

  // Complete from the banner (the same dialog, "Completed" preselected, the kept report filled in).
  const fromBanner = await endSession(page, banner(page).getByRole('button', { name: 'Complete Session 1: Write the tokenizer', exact: true }), {
    outcome: 'Completed',
    submit: null,
  });
  assert.equal(await fromBanner.getByLabel('Credits used', { exact: true }).inputValue(), '12');
  assert.equal(await fromBanner.getByLabel('Accomplishments', { exact: true }).inputValue(), 'Tokenizer written\nwith tests');
  await fromBanner.getByLabel('Credits used', { exact: true }).fill('5');
  await fromBanner.getByLabel('Accomplishments', { exact: true }).fill('Tokenizer written');
  await fromBanner.getByRole('button', { name: 'Complete session', exact: true }).click();
  await fromBanner.waitFor({ state: 'hidden' });
  await assertGone(banner(page), 'the banner');
  assert.equal(await creditsText(accountCard(page, 'Work Claude')), '95 of 100 credits left');

  // The next session on the project: the previous report, ready to copy.
  await startSession(page, { project: 'Parser', title: 'Write the parser' });
  await h1(page, 'Session 2: Write the parser').waitFor();
  const previous = page.getByRole('dialog', { name: 'Previous session report' });
  await previous.waitFor();
  const text = await previous.getByLabel('Text to paste', { exact: true }).inputValue();
  assert.ok(text.startsWith('Previous session: Session 1: Write the tokenizer (completed)'), text);
  assert.ok(text.includes('Accomplishments:\nTokenizer written'), text);
  assert.ok(text.includes('Next steps:\nWrite the parser proper'), text);
  await previous.getByRole('button', { name: 'Copy', exact: true }).click();
  await toasts(page).getByText('Copied', { exact: true }).first().waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
  await page.keyboard.press('Escape');
  await previous.waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: 'Show the previous session report', exact: true }).click();
  await previous.waitFor();
  await previous.getByRole('button', { name: 'Done', exact: true }).click();
  await previous.waitFor({ state: 'hidden' });
  await screenshot(page, 'session-started');

  assertClean(app);
});

test('the list: newest first, filters, a pager with a count, edit and delete with undo', async (t) => {
  const app = await open(t, { path: 'projects' });
  const { page } = app;
  await createProject(page, 'Alpha');
  await createProject(page, 'Beta');

  // 21 sessions on Alpha (no account), then one on Beta; two of Alpha's fail.
  for (let n = 1; n <= 21; n++) {
    await startSession(page, { project: 'Alpha', account: 'No account', title: `Task ${n}` });
    await h1(page, `Session ${n}: Task ${n}`).waitFor();
    if (n === 3 || n === 7) {
      const dialog = await endSession(page, header(page).getByRole('button', { name: 'Mark failed', exact: true }), {
        outcome: 'Failed',
        submit: 'End as failed',
      });
      await dialog.waitFor({ state: 'hidden' });
      await toasts(page).getByText(`Session ${n}: Task ${n} marked failed`).waitFor();
    }
  }
  await startSession(page, { project: 'Beta', account: 'No account', type: 'Research', title: 'Look around' });
  await h1(page, 'Session 1: Look around').waitFor();

  await goToSection(page, 'Sessions');
  const rows = sessionList(page).getByRole('listitem');
  await pager(page).getByText('1–20 of 22', { exact: true }).waitFor();
  assert.equal(await rows.count(), 20);
  assert.ok((await textOf(rows.first())).startsWith('Session 1: Look around Beta No account Research'), await textOf(rows.first()));
  assert.ok((await textOf(rows.nth(1))).startsWith('Session 21: Task 21 Alpha'), 'newest first');
  assert.match(await textOf(rows.first()), /0 credits 0 turns In progress$/);
  await assertAccessible(page);
  await pager(page).getByRole('button', { name: 'Next page', exact: true }).click();
  await pager(page).getByText('21–22 of 22', { exact: true }).waitFor();
  assert.equal(await rows.count(), 2);
  assert.ok(await pager(page).getByRole('button', { name: 'Next page', exact: true }).isDisabled());
  await pager(page).getByRole('button', { name: 'Previous page', exact: true }).click();
  await pager(page).getByText('1–20 of 22', { exact: true }).waitFor();

  // Status.
  const status = filters(page).getByRole('combobox', { name: 'Status', exact: true });
  await status.selectOption({ label: 'Failed' });
  await pager(page).getByText('1–2 of 2', { exact: true }).waitFor();
  assert.deepEqual(
    (await rows.allInnerTexts()).map((row) => row.split('\n')[0]),
    ['Session 7: Task 7', 'Session 3: Task 3'],
  );
  await status.selectOption({ label: 'Completed' });
  await page.getByText('No sessions match').waitFor();
  await status.selectOption({ label: 'All statuses' });
  await pager(page).getByText('1–20 of 22', { exact: true }).waitFor();

  // Project and type.
  await filters(page).getByRole('combobox', { name: 'Project', exact: true }).selectOption({ label: 'Beta' });
  await pager(page).getByText('1–1 of 1', { exact: true }).waitFor();
  await filters(page).getByRole('combobox', { name: 'Project', exact: true }).selectOption({ label: 'All projects' });
  await filters(page).getByRole('combobox', { name: 'Type', exact: true }).selectOption({ label: 'Research' });
  await pager(page).getByText('1–1 of 1', { exact: true }).waitFor();
  await filters(page).getByRole('combobox', { name: 'Type', exact: true }).selectOption({ label: 'All types' });

  // Dates: from today keeps everything; up to yesterday leaves nothing.
  await filters(page).getByLabel('From', { exact: true }).fill(localDate(0));
  await pager(page).getByText('1–20 of 22', { exact: true }).waitFor();
  await filters(page).getByLabel('From', { exact: true }).fill('');
  await filters(page).getByLabel('To', { exact: true }).fill(localDate(-1));
  await page.getByText('No sessions match').waitFor();
  await filters(page).getByRole('button', { name: 'Clear filters', exact: true }).click();
  await pager(page).getByText('1–20 of 22', { exact: true }).waitFor();

  // Edit a session's title and type.
  await sessionList(page).getByRole('link', { name: 'Session 3: Task 3', exact: true }).click();
  await h1(page, 'Session 3: Task 3').waitFor();
  await header(page).getByRole('button', { name: 'Edit', exact: true }).click();
  const edit = page.getByRole('dialog', { name: 'Edit session' });
  await edit.getByLabel('Title', { exact: true }).fill('Task three');
  await edit.getByRole('combobox', { name: 'Type', exact: true }).selectOption({ label: 'Bug fix' });
  await edit.getByLabel('Credits used', { exact: true }).waitFor(); // an ended session's report is editable
  await edit.getByRole('button', { name: 'Save session', exact: true }).click();
  await edit.waitFor({ state: 'hidden' });
  await h1(page, 'Session 3: Task three').waitFor();
  await page.getByRole('region', { name: 'Details' }).getByText('Bug fix', { exact: true }).waitFor();

  // Delete to the trash, then Undo.
  await header(page).getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog', { name: 'Delete Session 3: Task three?' }).getByRole('button', { name: 'Move to trash', exact: true }).click();
  await h1(page, 'Sessions').waitFor();
  await pager(page).getByText('1–20 of 21', { exact: true }).waitFor();
  const toast = toasts(page).getByRole('status').filter({ hasText: 'Session 3: Task three moved to the trash' });
  await toast.getByRole('button', { name: 'Undo', exact: true }).click();
  await toasts(page).getByText('Session 3: Task three restored').waitFor();
  await pager(page).getByText('1–20 of 22', { exact: true }).waitFor();

  assertClean(app);
});
