// The knowledge base, end to end: create entries of different categories with tags and a scope, the order by
// usage then success after verdicts, the category, tag and text filters, safe markdown (bold rendered, raw HTML
// shown as text, no javascript: link), "Show more", edit, delete with Undo, validation, and both themes.
//
// Every interaction goes through a role and an accessible name; every test ends with assertClean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, assertClean, assertAccessible, waitForAppReady, screenshot } from './lib.mjs';


const nav = (page) => page.getByRole('navigation', { name: 'Main' });
const h1 = (page, name) => page.getByRole('heading', { level: 1, name, exact: true });
const toasts = (page) => page.getByRole('region', { name: 'Notifications' });
const entryList = (page) => page.getByRole('list', { name: 'Knowledge entries' });
const entry = (page, title) =>
  entryList(page).getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2, name: title, exact: true }) });
/** An entry's card without its (closed) edit and delete dialogs, whose fields repeat its words. */
const card = (page, title) => entry(page, title).locator(':scope > :not(dialog)');
const filters = (page) => page.getByRole('search', { name: 'Filter knowledge' });
const pager = (page) => page.getByRole('navigation', { name: 'Pages' });

async function goToSection(page, name) {
  await nav(page).getByRole('link', { name, exact: true }).click();
  await h1(page, name).waitFor();
}

async function createProject(page, name) {
  await goToSection(page, 'Projects');
  await page.getByRole('button', { name: 'New project', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByRole('button', { name: 'Create project', exact: true }).click();
  await h1(page, name).waitFor();
}

/** Knowledge → "New entry" → fill the dialog → "Add entry"; waits for the entry in the list. */
async function createEntry(page, { category, title, body, tags = '', scope = 'All projects', listed = true }) {
  await page.getByRole('button', { name: 'New entry', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New knowledge entry' });
  await dialog.waitFor();
  await dialog.getByRole('combobox', { name: 'Category' }).selectOption({ label: category });
  await dialog.getByLabel('Title', { exact: true }).fill(title);
  await dialog.getByLabel('Body', { exact: true }).fill(body);
  await dialog.getByLabel('Tags', { exact: true }).fill(tags);
  await dialog.getByRole('combobox', { name: 'Scope' }).selectOption({ label: scope });
  await dialog.getByRole('button', { name: 'Add entry', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await toasts(page).getByText(`Knowledge “${title}” added`).waitFor();
  if (listed) await entry(page, title).waitFor();
}

/** The accessible name (aria-label) of the focused element. */
const focusedName = (page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);

const titles = (page) => entryList(page).getByRole('heading', { level: 2 }).allInnerTexts();

async function eventually(check, { timeout = 5000, interval = 25 } = {}) {
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

async function dismissAllToasts(page) {
  const dismiss = toasts(page).getByRole('button', { name: 'Dismiss notification', exact: true });
  for (let left = await dismiss.count(); left > 0; left = await dismiss.count()) {
    await dismiss.first().click();
    await eventually(async () => assert.ok((await dismiss.count()) < left, 'a notification was dismissed'));
  }
}

async function open(t, opts) {
  // The served build: dist/ (scripts/test.sh), or BATON_DIST (e.g. BATON_DIST=/tmp/dist-knowledge).
  const app = await startApp(opts);
  t.after(() => app.close());
  return app;
}

const RETRY = 'Retry IndexedDB on abort';
const SHORT = 'Keep prompts short';
const UNSAFE = 'Unsafe markdown is shown safely';

test('knowledge: create, order by verdicts, filters, safe markdown, edit, delete with Undo', async (t) => {
  const app = await open(t, { path: 'knowledge' });
  const { page } = app;

  // Empty: the page says what it is for and offers the first entry.
  await h1(page, 'Knowledge').waitFor();
  await page.getByText('No knowledge yet').waitFor();
  await page.getByRole('button', { name: 'Add your first entry', exact: true }).waitFor();
  await assertAccessible(page);

  await createProject(page, 'Atlas');
  await goToSection(page, 'Knowledge');

  // Validation: a title is required; nothing half-valid is saved.
  await page.getByRole('button', { name: 'New entry', exact: true }).click();
  const newDialog = page.getByRole('dialog', { name: 'New knowledge entry' });
  await newDialog.getByRole('button', { name: 'Add entry', exact: true }).click();
  await newDialog.getByText('Title is required.', { exact: true }).waitFor();
  assert.equal(await newDialog.getByLabel('Title', { exact: true }).getAttribute('aria-invalid'), 'true');
  await assertAccessible(page);
  await newDialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await newDialog.waitFor({ state: 'hidden' });
  await page.getByText('No knowledge yet').waitFor();

  // Two entries of different categories, with tags; one for every project, one for Atlas.
  await createEntry(page, {
    category: 'Error solution',
    title: RETRY,
    body: 'Wrap the writes in one transaction and retry once when the browser aborts it.',
    tags: 'indexeddb, errors',
  });
  await createEntry(page, {
    category: 'Tip',
    title: SHORT,
    body: 'Short prompts spend fewer credits.',
    tags: 'prompting',
    scope: 'Atlas',
  });
  await pager(page).getByText('1–2 of 2').waitFor();

  // Category: icon, colour and text; scope; usage; success before any verdict.
  const retry = card(page, RETRY);
  const short = card(page, SHORT);
  await retry.getByText('Error solution', { exact: true }).waitFor();
  assert.equal(await retry.locator('.category--error_solution svg').count(), 1, 'the category has its icon');
  await short.getByText('Tip', { exact: true }).waitFor();
  assert.equal(await short.locator('.category--tip svg').count(), 1);
  await retry.getByText('All projects', { exact: true }).waitFor();
  await short.getByRole('link', { name: 'Atlas', exact: true }).waitFor();
  await retry.getByText('Not rated yet', { exact: true }).waitFor();
  await retry.getByText('Not used in a handoff yet', { exact: true }).waitFor();

  // Same usage, no verdicts: by title.
  assert.deepEqual(await titles(page), [SHORT, RETRY]);

  // Verdicts: 2 of 3 helped puts Retry first (rated before unrated) …
  await page.getByRole('button', { name: `Helped: ${RETRY}`, exact: true }).click();
  await toasts(page).getByText(`Marked “${RETRY}” as helpful`).waitFor();
  await retry.getByText('100% helpful (1 of 1)', { exact: true }).waitFor();
  await page.getByRole('button', { name: `Helped: ${RETRY}`, exact: true }).click();
  await retry.getByText('100% helpful (2 of 2)', { exact: true }).waitFor();
  await page.getByRole('button', { name: `Did not help: ${RETRY}`, exact: true }).click();
  await retry.getByText('67% helpful (2 of 3)', { exact: true }).waitFor();
  assert.deepEqual(await titles(page), [RETRY, SHORT]);
  // … and 1 of 1 puts Short ahead of it again.
  await page.getByRole('button', { name: `Helped: ${SHORT}`, exact: true }).click();
  await short.getByText('100% helpful (1 of 1)', { exact: true }).waitFor();
  await eventually(async () => assert.deepEqual(await titles(page), [SHORT, RETRY]));
  // The list was redrawn in another order: focus is still on the button that was pressed.
  await eventually(async () => assert.equal(await focusedName(page), `Helped: ${SHORT}`));
  await dismissAllToasts(page);

  // Tag filter: clicking a tag sets it.
  const tagField = filters(page).getByRole('textbox', { name: 'Tag' });
  await retry.getByRole('button', { name: 'Filter by tag indexeddb', exact: true }).click();
  assert.equal(await tagField.inputValue(), 'indexeddb');
  await pager(page).getByText('1–1 of 1').waitFor();
  assert.deepEqual(await titles(page), [RETRY]);
  await tagField.fill('prompting');
  await eventually(async () => assert.deepEqual(await titles(page), [SHORT]));
  await tagField.fill('');
  await pager(page).getByText('1–2 of 2').waitFor();

  // Category filter.
  const categoryFilter = filters(page).getByRole('combobox', { name: 'Category' });
  await categoryFilter.selectOption({ label: 'Tip' });
  await eventually(async () => assert.deepEqual(await titles(page), [SHORT]));
  await categoryFilter.selectOption({ label: 'Pattern' });
  await page.getByText('No entries match').waitFor();
  await categoryFilter.selectOption({ label: 'All categories' });
  await pager(page).getByText('1–2 of 2').waitFor();

  // Search: a word of the body, then a word found nowhere, then "Clear filters".
  const search = filters(page).getByRole('searchbox', { name: 'Search' });
  await search.fill('transaction');
  await eventually(async () => assert.deepEqual(await titles(page), [RETRY]));
  await search.fill('CREDITS');
  await eventually(async () => assert.deepEqual(await titles(page), [SHORT]));
  await search.fill('zeppelin');
  await page.getByText('No entries match').waitFor();
  await page.getByRole('button', { name: 'Clear filters', exact: true }).click();
  await pager(page).getByText('1–2 of 2').waitFor();
  assert.equal(await search.inputValue(), '');

  // Safe markdown: bold is rendered, raw HTML is text, a javascript: link is not a link. The preview first.
  const unsafeBody = [
    'This is **bold** advice.',
    '',
    '<script>alert(1)</script>',
    '',
    '[x](javascript:alert(1)) and [docs](https://example.org/docs)',
    '',
    '- one',
    '- two',
    '- three',
    '- four',
    '- five',
  ].join('\n');
  await page.getByRole('button', { name: 'New entry', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New knowledge entry' });
  await dialog.getByRole('combobox', { name: 'Category' }).selectOption({ label: 'Best practice' });
  await dialog.getByLabel('Title', { exact: true }).fill(UNSAFE);
  await dialog.getByLabel('Body', { exact: true }).fill(unsafeBody);
  const previewButton = dialog.getByRole('button', { name: 'Preview', exact: true });
  assert.equal(await previewButton.getAttribute('aria-pressed'), 'false');
  await previewButton.click();
  assert.equal(await previewButton.getAttribute('aria-pressed'), 'true');
  const preview = dialog.getByRole('region', { name: 'Body preview' });
  await preview.locator('strong', { hasText: 'bold' }).waitFor();
  // The preview is live.
  await dialog.getByLabel('Body', { exact: true }).fill(`${unsafeBody}\n\n*fresh*`);
  await preview.locator('em', { hasText: 'fresh' }).waitFor();
  await screenshot(page, 'knowledge-form-preview');
  await assertAccessible(page);
  await dialog.getByLabel('Tags', { exact: true }).fill('markdown, safety');
  await dialog.getByRole('button', { name: 'Add entry', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await entry(page, UNSAFE).waitFor();
  const unsafe = card(page, UNSAFE);
  await unsafe.locator('.prose strong', { hasText: 'bold' }).waitFor();
  await unsafe.getByText('<script>alert(1)</script>').waitFor();
  assert.equal(await page.locator('.prose script').count(), 0, 'no script element in rendered markdown');
  assert.equal(await page.locator('a[href^="javascript"]').count(), 0, 'no javascript: link anywhere');
  assert.equal(await unsafe.getByRole('link', { name: 'x', exact: true }).count(), 0);
  assert.equal(await unsafe.getByRole('link', { name: 'docs', exact: true }).getAttribute('href'), 'https://example.org/docs');
  await unsafe.getByText('Best practice', { exact: true }).waitFor();

  // A long body starts collapsed: "Show more" / "Show less" with aria-expanded.
  const more = unsafe.getByRole('button', { name: `Show more of “${UNSAFE}”`, exact: true });
  assert.equal(await more.getAttribute('aria-expanded'), 'false');
  await more.click();
  const less = unsafe.getByRole('button', { name: `Show less of “${UNSAFE}”`, exact: true });
  assert.equal(await less.getAttribute('aria-expanded'), 'true');
  await less.click();
  assert.equal(await more.getAttribute('aria-expanded'), 'false');
  assert.equal(await retry.getByRole('button', { name: /^Show more/ }).count(), 0, 'a short body has no toggle');
  await assertAccessible(page);
  await screenshot(page, 'knowledge-list');

  // Edit: the dialog holds the entry; the new title, tags and category are listed.
  await page.getByRole('button', { name: `Edit ${SHORT}`, exact: true }).click();
  const edit = page.getByRole('dialog', { name: 'Edit knowledge entry' });
  await edit.waitFor();
  assert.equal(await edit.getByLabel('Title', { exact: true }).inputValue(), SHORT);
  assert.equal(await edit.getByLabel('Tags', { exact: true }).inputValue(), 'prompting');
  assert.equal(await edit.getByRole('combobox', { name: 'Scope' }).inputValue() !== '', true, 'scoped to Atlas');
  await edit.getByLabel('Title', { exact: true }).fill('Keep prompts very short');
  await edit.getByLabel('Tags', { exact: true }).fill('prompting, credits');
  await edit.getByRole('combobox', { name: 'Category' }).selectOption({ label: 'Optimization' });
  await edit.getByRole('combobox', { name: 'Scope' }).selectOption({ label: 'All projects' });
  await edit.getByRole('button', { name: 'Save entry', exact: true }).click();
  await edit.waitFor({ state: 'hidden' });
  await toasts(page).getByText('Knowledge “Keep prompts very short” saved').waitFor();
  const edited = card(page, 'Keep prompts very short');
  await eventually(async () => assert.equal(await focusedName(page), 'Edit Keep prompts very short'));
  await edited.getByText('Optimization', { exact: true }).waitFor();
  await edited.getByRole('button', { name: 'Filter by tag credits', exact: true }).waitFor();
  await edited.getByText('All projects', { exact: true }).waitFor();
  await edited.getByText('100% helpful (1 of 1)', { exact: true }).waitFor();
  assert.equal(await entry(page, SHORT).count(), 0);

  // Delete: confirm, the entry goes; the toast's Undo brings it back.
  await dismissAllToasts(page);
  await page.getByRole('button', { name: `Delete ${RETRY}`, exact: true }).click();
  const confirm = page.getByRole('dialog', { name: `Delete “${RETRY}”?` });
  await confirm.getByRole('button', { name: 'Move to trash', exact: true }).click();
  await toasts(page).getByText(`Knowledge “${RETRY}” moved to the trash`).waitFor();
  await entry(page, RETRY).waitFor({ state: 'detached' });
  await pager(page).getByText('1–2 of 2').waitFor();
  await eventually(async () => assert.equal(await focusedName(page), 'Knowledge'), 'focus is on the page heading');
  await toasts(page).getByRole('button', { name: 'Undo', exact: true }).click();
  await toasts(page).getByText(`Knowledge “${RETRY}” restored`).waitFor();
  await card(page, RETRY).getByText('67% helpful (2 of 3)', { exact: true }).waitFor();
  await pager(page).getByText('1–3 of 3').waitFor();

  // Everything survives a reload.
  await page.reload();
  await waitForAppReady(page);
  await pager(page).getByText('1–3 of 3').waitFor();
  await entry(page, UNSAFE).waitFor();

  // Dark theme (following the system): a screenshot to look at, and axe's contrast checks.
  await page.emulateMedia({ colorScheme: 'dark' });
  await assertAccessible(page);
  await screenshot(page, 'knowledge-list-dark');

  assertClean(app);
});

test('knowledge pager: 20 a page', async (t) => {
  const app = await open(t, { path: 'knowledge' });
  const { page } = app;
  await page.getByText('No knowledge yet').waitFor();
  for (let i = 1; i <= 22; i++) {
    await createEntry(page, { category: 'Tip', title: `Tip ${String(i).padStart(2, '0')}`, body: `Body ${i}`, tags: 'paged', listed: i <= 20 });
  }
  await pager(page).getByText('1–20 of 22').waitFor();
  assert.equal((await titles(page)).length, 20);
  const previous = pager(page).getByRole('button', { name: 'Previous page', exact: true });
  const next = pager(page).getByRole('button', { name: 'Next page', exact: true });
  assert.ok(await previous.isDisabled());
  await next.click();
  await pager(page).getByText('21–22 of 22').waitFor();
  assert.deepEqual(await titles(page), ['Tip 21', 'Tip 22']);
  assert.ok(await next.isDisabled());

  // Deleting the last entries of the last page goes back a page.
  for (const title of ['Tip 21', 'Tip 22']) {
    await page.getByRole('button', { name: `Delete ${title}`, exact: true }).click();
    await page.getByRole('dialog', { name: `Delete “${title}”?` }).getByRole('button', { name: 'Move to trash', exact: true }).click();
    await entry(page, title).waitFor({ state: 'detached' });
  }
  await pager(page).getByText('1–20 of 20').waitFor();

  // A filter starts again at the first page.
  await filters(page).getByRole('searchbox', { name: 'Search' }).fill('Tip 1');
  await pager(page).getByText('1–10 of 10').waitFor();

  assertClean(app);
});
