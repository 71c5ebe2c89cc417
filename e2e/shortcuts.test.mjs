// Keyboard shortcuts: "?" lists them, "g" + letter goes to a section, "n" creates a record on the
// current page, Ctrl+S saves the form, and single keys do nothing while typing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { assertClean } from './lib.mjs';
import { open, h1, toasts } from './helpers.mjs';

test('shortcuts: list, go to, new record, save, never while typing', async (t) => {
  const app = await open(t);
  const { page } = app;
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.getByText('Go to Projects').waitFor();
  await dialog.getByText('New record on this page (project, account, session, entry)').waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  await page.keyboard.press('g');
  await page.keyboard.press('p');
  await h1(page, 'Projects').waitFor();

  await page.keyboard.press('n');
  const create = page.getByRole('dialog', { name: 'New project' });
  const name = create.getByLabel('Name', { exact: true });
  await name.waitFor();
  // Typing "g", "p", "n" or "?" in a field types them.
  await name.focus();
  await page.keyboard.type('gpn? shortcut project');
  assert.equal(await name.inputValue(), 'gpn? shortcut project');
  assert.equal(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible(), false);
  await page.keyboard.press('Control+s');
  await h1(page, 'gpn? shortcut project').waitFor();
  await toasts(page).getByText('Project “gpn? shortcut project” created').waitFor();

  await page.keyboard.press('g');
  await page.keyboard.press('a');
  await h1(page, 'Accounts').waitFor();
  await page.keyboard.press('n');
  await page.getByRole('dialog', { name: 'New account' }).waitFor();
  await page.keyboard.press('Escape');
  assertClean(app);
});
