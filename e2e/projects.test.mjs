// The first project slice, end to end: create (with validation), rename, status and the status filter,
// delete to the trash (restore from the Data page, the toast's Undo, Empty trash), two tabs kept in step,
// the theme, the whole slice by keyboard only, and the pager.
//
// Every interaction goes through a role and an accessible name (getByRole / getByLabel), as a user of a
// screen reader would find the controls; every test ends with assertClean (no console error, no page error,
// no request to another origin).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, assertClean, assertAccessible, waitForAppReady, screenshot } from './lib.mjs';

// ---------------------------------------------------------------------------------------------------------
// Helpers (all by role and accessible name).

const nav = (page) => page.getByRole('navigation', { name: 'Main' });
const h1 = (page, name) => page.getByRole('heading', { level: 1, name, exact: true });
const toasts = (page) => page.getByRole('region', { name: 'Notifications' });
const projectList = (page) => page.getByRole('list', { name: 'Projects' });
const projectLink = (page, name) => projectList(page).getByRole('link', { name, exact: true });
const pager = (page) => page.getByRole('navigation', { name: 'Pages' });

/** Follow a main-navigation link and wait for the section's heading. */
async function goToSection(page, name) {
  await nav(page).getByRole('link', { name, exact: true }).click();
  await h1(page, name).waitFor();
}

/** Projects → "New project" → fill the dialog → "Create project"; waits for the project's page. */
async function createProject(page, name, description = '') {
  if (new URL(page.url()).pathname !== '/projects') await goToSection(page, 'Projects');
  await page.getByRole('button', { name: 'New project', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  if (description) await dialog.getByLabel('Description', { exact: true }).fill(description);
  await dialog.getByRole('button', { name: 'Create project', exact: true }).click();
  await h1(page, name).waitFor();
  await dialog.waitFor({ state: 'hidden' });
}

/** Project page → "Delete" → confirm "Move to trash"; waits for the Projects list. */
async function deleteProject(page, name) {
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: `Delete “${name}”?` });
  await confirm.getByRole('button', { name: 'Move to trash', exact: true }).click();
  await h1(page, 'Projects').waitFor();
  assert.equal(new URL(page.url()).pathname, '/projects');
}

/**
 * The status badge's text as the accessibility tree presents it: the first text of the Overview's first
 * definition (Status), before its visually hidden label and the combobox.
 */
async function badgeText(overview) {
  const snapshot = await overview.getByRole('definition').first().ariaSnapshot();
  return snapshot.match(/^\s*- text: (\S+)/m)?.[1] ?? `(no text in ${snapshot})`;
}

/** Close every notification with its "Dismiss notification" button. */
async function dismissAllToasts(page) {
  const dismiss = toasts(page).getByRole('button', { name: 'Dismiss notification', exact: true });
  for (let left = await dismiss.count(); left > 0; left = await dismiss.count()) {
    await dismiss.first().click();
    await eventually(async () => assert.ok((await dismiss.count()) < left, 'a notification was dismissed'));
  }
}

/** Poll an async assertion until it passes (or rethrow its last failure after `timeout` ms). */
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

async function assertGone(locator, what) {
  await locator.waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
  assert.equal(await locator.count(), 0, `${what} is gone`);
}

const isFocused = (locator) => locator.evaluate((el) => el === document.activeElement, null, { timeout: 2000 });

/** What has focus, for error messages. */
const describeFocus = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '<body>';
    const name = el.getAttribute('aria-label') || el.textContent?.trim().slice(0, 60) || el.getAttribute('id') || '';
    return `<${el.tagName.toLowerCase()}> "${name}"`;
  });

/**
 * Press Tab (or Shift+Tab) until `locator` has focus; at most `max` presses. Returns the number of presses.
 * The locator must match exactly one element (waited for first, so a page still loading is fine).
 */
async function tabTo(page, locator, { max = 60, key = 'Tab' } = {}) {
  await locator.waitFor();
  for (let presses = 0; presses <= max; presses++) {
    if (await isFocused(locator)) return presses;
    await page.keyboard.press(key);
  }
  assert.fail(`${key} ${max} times did not reach ${locator}; focus is on ${await describeFocus(page)}`);
}

async function assertFocused(page, locator, what) {
  await eventually(async () => assert.ok(await isFocused(locator), `${what} has focus (focus is on ${await describeFocus(page)})`));
}

/**
 * The focused element shows a focus indicator: a visible outline (style not none, width > 0, colour not
 * transparent), or a box-shadow that differs from the element's resting one (buttons carry a shadow anyway;
 * the resting shadow is read from an unfocused shallow copy, inserted and removed in the same task).
 */
async function assertFocusVisible(locator, what) {
  const style = await locator.evaluate((el) => {
    const cs = getComputedStyle(el);
    const probe = el.cloneNode(false);
    probe.removeAttribute('id');
    probe.removeAttribute('autofocus');
    el.after(probe);
    const restingShadow = getComputedStyle(probe).boxShadow;
    probe.remove();
    return {
      focused: el === document.activeElement,
      outlineStyle: cs.outlineStyle,
      outlineWidth: cs.outlineWidth,
      outlineColor: cs.outlineColor,
      boxShadow: cs.boxShadow,
      restingShadow,
    };
  });
  assert.ok(style.focused, `${what} has focus`);
  const transparent = /^(transparent|rgba\(.*,\s*0\))$/.test(style.outlineColor);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && !transparent;
  const shadow = style.boxShadow !== 'none' && style.boxShadow !== style.restingShadow;
  assert.ok(outline || shadow, `${what} shows where focus is: ${JSON.stringify(style)}`);
}

/** Start the app, register cleanup, and return it. */
async function open(t, opts) {
  const app = await startApp(opts);
  t.after(() => app.close());
  return app;
}

// ---------------------------------------------------------------------------------------------------------

test('create a project: lands on its page, survives a reload, is listed', async (t) => {
  const app = await open(t, { path: 'projects' });
  const { page } = app;
  const name = 'Thesis chapter 3';

  await createProject(page, name, 'Literature review, carried from Claude to ChatGPT');
  assert.match(new URL(page.url()).pathname, /^\/projects\/[^/]+$/);
  await toasts(page).getByRole('status').getByText(`Project “${name}” created`).waitFor();
  await page.getByText('Literature review, carried from Claude to ChatGPT').waitFor();
  await page.getByRole('combobox', { name: 'Status' }).waitFor();
  assert.equal(await page.getByRole('combobox', { name: 'Status' }).inputValue(), 'active');
  await page.getByRole('list', { name: 'Project activity' }).getByText(`Created project “${name}”`).waitFor();
  await assertAccessible(page);

  await page.reload();
  await waitForAppReady(page);
  await h1(page, name).waitFor();

  await goToSection(page, 'Projects');
  await projectLink(page, name).waitFor();
  assert.equal(await projectList(page).getByRole('listitem').count(), 1);
  await pager(page).getByText('1–1 of 1').waitFor();
  await assertAccessible(page);

  assertClean(app);
});

test('new-project validation: empty name is refused; Escape closes and focus returns', async (t) => {
  const app = await open(t, { path: 'projects' });
  const { page } = app;
  await page.getByText('No projects yet').waitFor();

  const opener = page.getByRole('button', { name: 'New project', exact: true });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.waitFor();
  const nameField = dialog.getByLabel('Name', { exact: true });
  await assertFocused(page, nameField, 'the Name field (autofocus)');

  // No error before the first submit.
  assert.equal(await dialog.getByText('Name is required.').count(), 0);

  await dialog.getByRole('button', { name: 'Create project', exact: true }).click();
  await dialog.getByText('Name is required.', { exact: true }).waitFor();
  assert.equal(await nameField.getAttribute('aria-invalid'), 'true');
  // The message is tied to the field (its accessible description), not just near it.
  const description = await nameField.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
      .join(' ')
      .trim(),
  );
  assert.equal(description, 'Name is required.');
  await assertAccessible(page);

  // Only spaces is still empty.
  await nameField.fill('   ');
  await dialog.getByRole('button', { name: 'Create project', exact: true }).click();
  await dialog.getByText('Name is required.', { exact: true }).waitFor();
  assert.ok(await dialog.isVisible(), 'the dialog stays open');
  assert.equal(new URL(page.url()).pathname, '/projects');

  // Typing a name clears the error (validation follows the input after the first submit).
  await nameField.fill('Something');
  await assertGone(dialog.getByText('Name is required.'), 'the error');
  await nameField.fill('');
  await dialog.getByText('Name is required.', { exact: true }).waitFor();

  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await assertFocused(page, opener, 'the "New project" button');

  // Nothing was created.
  await page.getByText('No projects yet').waitFor();
  assert.equal(await projectList(page).count(), 0);

  // Reopening starts clean.
  await opener.click();
  await dialog.waitFor();
  assert.equal(await nameField.inputValue(), '');
  assert.equal(await dialog.getByText('Name is required.').count(), 0);
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });

  assertClean(app);
});

test('rename and change status; the status filter follows', async (t) => {
  const app = await open(t, { path: 'projects' });
  const { page } = app;
  await createProject(page, 'Old name', 'A project to rename');

  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Rename project' });
  const nameField = dialog.getByLabel('Name', { exact: true });
  assert.equal(await nameField.inputValue(), 'Old name');

  // An empty name is refused here too.
  await nameField.fill('');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await dialog.getByText('Name is required.', { exact: true }).waitFor();

  await nameField.fill('New name');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await h1(page, 'New name').waitFor();
  await dialog.waitFor({ state: 'hidden' });
  await toasts(page).getByText('Project renamed to “New name”').waitFor();

  await page.reload();
  await waitForAppReady(page);
  await h1(page, 'New name').waitFor();

  // Status → Paused: the badge says so (in text, not only colour), and it survives a reload.
  const overview = page.getByRole('region', { name: 'Overview' });
  const status = overview.getByRole('combobox', { name: 'Status' });
  await status.selectOption({ label: 'Paused' });
  await toasts(page).getByText('“New name” is now paused').waitFor();
  await eventually(async () => assert.equal(await badgeText(overview), 'Paused'));
  assert.equal(await status.inputValue(), 'paused');
  await page.reload();
  await waitForAppReady(page);
  assert.equal(await overview.getByRole('combobox', { name: 'Status' }).inputValue(), 'paused');
  assert.equal(await badgeText(overview), 'Paused');

  // The list's status filter.
  await goToSection(page, 'Projects');
  const filter = page.getByRole('search', { name: 'Filter projects' }).getByRole('combobox', { name: 'Status' });
  await filter.selectOption({ label: 'Paused' });
  await projectLink(page, 'New name').waitFor();
  assert.equal(await projectList(page).getByRole('listitem').count(), 1);
  assert.match(await projectList(page).getByRole('listitem').innerText(), /Paused/);

  await filter.selectOption({ label: 'Completed' });
  await page.getByText('No projects match').waitFor();
  assert.equal(await projectLink(page, 'New name').count(), 0);

  await filter.selectOption({ label: 'All statuses' });
  await projectLink(page, 'New name').waitFor();

  assertClean(app);
});

test('delete to the trash: restore from Data, Undo from the toast, Empty trash', async (t) => {
  const app = await open(t, { path: 'projects' });
  const { page } = app;
  const name = 'Doomed project';
  await createProject(page, 'Keeper');
  await createProject(page, name);

  // Round 1: delete → trash → restore from the Data page.
  await deleteProject(page, name);
  await toasts(page).getByRole('status').getByText(`Project “${name}” moved to the trash`).waitFor();
  assert.equal(await toasts(page).getByRole('button', { name: 'Undo', exact: true }).count(), 1);
  // Dismiss the notifications (the next round's Undo must be the only one).
  await dismissAllToasts(page);
  await assertGone(toasts(page).getByText(`Project “${name}” moved to the trash`), 'the dismissed toast');
  await projectLink(page, 'Keeper').waitFor();
  await assertGone(projectLink(page, name), 'the deleted project in the list');

  await goToSection(page, 'Data');
  const trash = page.getByRole('list', { name: 'Trash' });
  await trash.getByText(name, { exact: true }).waitFor();
  assert.equal(await trash.getByText('Keeper').count(), 0);
  await assertAccessible(page);
  await trash.getByRole('button', { name: `Restore ${name}`, exact: true }).click();
  await toasts(page).getByText(`“${name}” restored`).waitFor();
  await page.getByText('The trash is empty').waitFor();
  await goToSection(page, 'Projects');
  await projectLink(page, name).waitFor();

  // Round 2: delete → the toast's Undo.
  await projectLink(page, name).click();
  await h1(page, name).waitFor();
  await deleteProject(page, name);
  await assertGone(projectLink(page, name), 'the deleted project in the list');
  await toasts(page).getByRole('button', { name: 'Undo', exact: true }).click();
  await toasts(page).getByText(`Project “${name}” restored`).waitFor();
  await projectLink(page, name).waitFor();
  await goToSection(page, 'Data');
  await page.getByText('The trash is empty').waitFor();

  // Round 3: delete → Empty trash (with its confirmation; Cancel first, then for real).
  await goToSection(page, 'Projects');
  await projectLink(page, name).click();
  await h1(page, name).waitFor();
  await deleteProject(page, name);
  await goToSection(page, 'Data');
  await trash.getByText(name, { exact: true }).waitFor();
  const emptyButton = page.getByRole('button', { name: 'Empty trash', exact: true });
  const confirm = page.getByRole('dialog', { name: 'Empty the trash?' });
  await emptyButton.click();
  await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();
  await confirm.waitFor({ state: 'hidden' });
  await trash.getByText(name, { exact: true }).waitFor();
  await emptyButton.click();
  await confirm.getByText('This cannot be undone.').waitFor();
  await confirm.getByRole('button', { name: 'Delete for good', exact: true }).click();
  await toasts(page).getByText('Trash emptied: 1 deleted for good').waitFor();
  await page.getByText('The trash is empty').waitFor();
  await assertGone(emptyButton, 'the "Empty trash" button');

  await goToSection(page, 'Projects');
  await projectLink(page, 'Keeper').waitFor();
  assert.equal(await projectLink(page, name).count(), 0);
  await page.reload();
  await waitForAppReady(page);
  await projectLink(page, 'Keeper').waitFor();
  assert.equal(await projectLink(page, name).count(), 0);

  assertClean(app);
});

test('two tabs stay in step without a reload', async (t) => {
  const app = await open(t, { path: 'projects' });
  const page1 = app.page;
  const page2 = await app.newPage();
  await page2.goto(app.at('projects'));
  await waitForAppReady(page2);
  await page2.getByText('No projects yet').waitFor();

  // The tab being used is in front (a background tab's animation frames are throttled, which slows
  // Playwright's clicks); the tab that must follow stays behind, as it would for a user.
  await page1.bringToFront();
  await createProject(page1, 'Shared project');
  await projectLink(page2, 'Shared project').waitFor({ timeout: 1000 });

  // Rename in tab 2; tab 1, still on the project's page, follows.
  await page2.bringToFront();
  await projectLink(page2, 'Shared project').click();
  await h1(page2, 'Shared project').waitFor();
  await page2.getByRole('button', { name: 'Rename', exact: true }).click();
  const dialog = page2.getByRole('dialog', { name: 'Rename project' });
  await dialog.getByLabel('Name', { exact: true }).fill('Renamed elsewhere');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await h1(page2, 'Renamed elsewhere').waitFor();
  await h1(page1, 'Renamed elsewhere').waitFor({ timeout: 1000 });

  // Delete in tab 1; tab 2 shows the project as trashed.
  await page1.bringToFront();
  await deleteProject(page1, 'Renamed elsewhere');
  await page2.getByRole('button', { name: 'Restore project', exact: true }).waitFor({ timeout: 1000 });

  assertClean(app);
});

test('theme: Dark is applied, kept across a reload, and System removes it', async (t) => {
  const app = await open(t, { path: 'settings' });
  const { page } = app;
  const theme = () => page.evaluate(() => document.documentElement.getAttribute('data-theme'));
  assert.equal(await theme(), null);
  const system = page.getByRole('radio', { name: 'System', exact: true });
  const dark = page.getByRole('radio', { name: 'Dark', exact: true });
  assert.ok(await system.isChecked(), 'System is the default');

  await dark.check();
  await eventually(async () => assert.equal(await theme(), 'dark'));
  await page.reload();
  await waitForAppReady(page);
  assert.equal(await theme(), 'dark');
  assert.ok(await dark.isChecked(), 'Dark is checked after a reload');
  assert.ok(!(await system.isChecked()));

  // Screenshots in dark mode, for a human to look at.
  await createProject(page, 'Dark mode check', 'How the list and the project page look in the dark theme');
  await screenshot(page, 'project-page-dark');
  await goToSection(page, 'Projects');
  await projectLink(page, 'Dark mode check').waitFor();
  await screenshot(page, 'projects-list-dark');

  await goToSection(page, 'Settings');
  await page.getByRole('radio', { name: 'Light', exact: true }).check();
  await eventually(async () => assert.equal(await theme(), 'light'));
  await system.check();
  await eventually(async () => assert.equal(await theme(), null));
  await page.reload();
  await waitForAppReady(page);
  assert.equal(await theme(), null);
  assert.ok(await system.isChecked());

  assertClean(app);
});

test('keyboard only: create, open, rename, delete and restore a project', async (t) => {
  const app = await open(t, { path: '' });
  const { page } = app;
  const kb = page.keyboard;
  const name = 'Keyboard project';
  await h1(page, 'Dashboard').waitFor();
  // From here on: no mouse, only page.keyboard (locators only to wait and to check focus).

  const projectsLink = nav(page).getByRole('link', { name: 'Projects', exact: true });
  await tabTo(page, projectsLink);
  await assertFocusVisible(projectsLink, 'the "Projects" navigation link');
  await kb.press('Enter');
  await h1(page, 'Projects').waitFor();

  // Create.
  const newProject = page.getByRole('button', { name: 'New project', exact: true });
  await tabTo(page, newProject);
  await assertFocusVisible(newProject, 'the "New project" button');
  await kb.press('Enter');
  const createDialog = page.getByRole('dialog', { name: 'New project' });
  await createDialog.waitFor();
  const nameField = createDialog.getByLabel('Name', { exact: true });
  await assertFocused(page, nameField, 'the Name field');
  await assertFocusVisible(nameField, 'the Name field');
  // Escape first: focus goes back to "New project".
  await kb.press('Escape');
  await createDialog.waitFor({ state: 'hidden' });
  await assertFocused(page, newProject, 'the "New project" button');
  await kb.press('Space');
  await createDialog.waitFor();
  await assertFocused(page, nameField, 'the Name field');
  await kb.type('Keyboard proj');
  await tabTo(page, createDialog.getByLabel('Description', { exact: true }), { max: 3 });
  await kb.type('Made without a mouse');
  // Focus is trapped in the modal dialog: Tab reaches its buttons, never the page behind.
  const create = createDialog.getByRole('button', { name: 'Create project', exact: true });
  await tabTo(page, create, { max: 5 });
  await assertFocusVisible(create, 'the "Create project" button');
  // Back to the name to finish it, then Enter in the field submits the form.
  await tabTo(page, nameField, { max: 5, key: 'Shift+Tab' });
  await kb.press('End');
  await kb.type('ect');
  await kb.press('Enter');
  await h1(page, name).waitFor();
  await createDialog.waitFor({ state: 'hidden' });
  await page.getByText('Made without a mouse').waitFor();

  // Open it from the list.
  await tabTo(page, projectsLink);
  await kb.press('Enter');
  await h1(page, 'Projects').waitFor();
  const link = projectLink(page, name);
  await tabTo(page, link);
  await assertFocusVisible(link, 'the project link');
  await kb.press('Enter');
  await h1(page, name).waitFor();

  // Rename.
  const rename = page.getByRole('button', { name: 'Rename', exact: true });
  await tabTo(page, rename);
  await assertFocusVisible(rename, 'the "Rename" button');
  await kb.press('Enter');
  const renameDialog = page.getByRole('dialog', { name: 'Rename project' });
  await renameDialog.waitFor();
  const renameField = renameDialog.getByLabel('Name', { exact: true });
  await tabTo(page, renameField, { max: 5 });
  await kb.press('ControlOrMeta+A');
  await kb.type('Renamed by keyboard');
  await kb.press('Enter');
  await h1(page, 'Renamed by keyboard').waitFor();
  await renameDialog.waitFor({ state: 'hidden' });
  await assertFocused(page, rename, 'the "Rename" button (focus returns to the opener)');

  // Status by arrow key; focus stays on the combobox while the page updates.
  const overview = page.getByRole('region', { name: 'Overview' });
  const status = overview.getByRole('combobox', { name: 'Status' });
  await tabTo(page, status, { max: 10 });
  await assertFocusVisible(status, 'the Status combobox');
  await kb.press('ArrowDown');
  await toasts(page).getByText('“Renamed by keyboard” is now paused').waitFor();
  await eventually(async () => assert.equal(await badgeText(overview), 'Paused'));
  await assertFocused(page, status, 'the Status combobox');

  // Delete: Escape cancels the confirmation, then confirm for real.
  const del = page.getByRole('button', { name: 'Delete', exact: true });
  await tabTo(page, del);
  await kb.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Delete “Renamed by keyboard”?' });
  await confirm.waitFor();
  await kb.press('Escape');
  await confirm.waitFor({ state: 'hidden' });
  await assertFocused(page, del, 'the "Delete" button');
  await kb.press('Enter');
  await confirm.waitFor();
  const moveToTrash = confirm.getByRole('button', { name: 'Move to trash', exact: true });
  await tabTo(page, moveToTrash, { max: 5 });
  await assertFocusVisible(moveToTrash, 'the "Move to trash" button');
  await kb.press('Enter');
  await h1(page, 'Projects').waitFor();
  await assertGone(projectLink(page, 'Renamed by keyboard'), 'the deleted project in the list');

  // Restore from the trash.
  const dataLink = nav(page).getByRole('link', { name: 'Data', exact: true });
  await tabTo(page, dataLink);
  await kb.press('Enter');
  await h1(page, 'Data').waitFor();
  const restore = page.getByRole('list', { name: 'Trash' }).getByRole('button', { name: 'Restore Renamed by keyboard', exact: true });
  await tabTo(page, restore);
  await assertFocusVisible(restore, 'the "Restore" button');
  await kb.press('Space');
  await toasts(page).getByText('“Renamed by keyboard” restored').waitFor();
  await page.getByText('The trash is empty').waitFor();

  await tabTo(page, projectsLink);
  await kb.press('Enter');
  await projectLink(page, 'Renamed by keyboard').waitFor();

  assertClean(app);
});

test('pager: 20 a page, "Next page" shows the rest', async (t) => {
  const app = await open(t, { path: 'projects' });
  const { page } = app;
  const COUNT = 25;
  const started = Date.now();
  for (let i = 1; i <= COUNT; i++) {
    await createProject(page, `Paged project ${String(i).padStart(2, '0')}`);
  }
  t.diagnostic(`created ${COUNT} projects through the UI in ${Date.now() - started} ms`);

  await goToSection(page, 'Projects');
  await pager(page).getByText('1–20 of 25').waitFor();
  assert.equal(await projectList(page).getByRole('listitem').count(), 20);
  // Most recently updated first.
  await projectLink(page, 'Paged project 25').waitFor();
  assert.equal(await projectLink(page, 'Paged project 01').count(), 0);
  const previous = pager(page).getByRole('button', { name: 'Previous page', exact: true });
  const next = pager(page).getByRole('button', { name: 'Next page', exact: true });
  assert.ok(await previous.isDisabled(), 'no previous page on the first page');
  await screenshot(page, 'projects-list');

  await next.click();
  await pager(page).getByText('21–25 of 25').waitFor();
  assert.equal(await projectList(page).getByRole('listitem').count(), 5);
  await projectLink(page, 'Paged project 01').waitFor();
  assert.ok(await next.isDisabled(), 'no next page on the last page');

  await previous.click();
  await pager(page).getByText('1–20 of 25').waitFor();

  // A filter starts again at the first page.
  await next.click();
  await pager(page).getByText('21–25 of 25').waitFor();
  await page.getByRole('searchbox', { name: 'Search projects' }).fill('Paged project 0');
  await pager(page).getByText('1–9 of 9').waitFor();

  assertClean(app);
});
