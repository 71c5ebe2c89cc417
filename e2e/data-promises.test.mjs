// Promises the Data page makes, kept (issue 16): the passphrase fields are empty after an
// encrypted export and after an encrypted import (right or wrong passphrase); the import preview
// says whether a backup is taken, as the plan decides; "Remove the sample data" exists while the
// sample does, removes exactly what it added (the user's own project stays), and Undo brings it back.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertClean } from './lib.mjs';
import { open, toasts, goToSection, createProject, textOf, eventually, dismissAllToasts, projectList } from './helpers.mjs';

const importRegion = (page) => page.getByRole('region', { name: 'Import' });
const samplePanel = (page) => page.getByRole('region', { name: 'Sample data' });
const SECRET = 'correct horse battery';

test('passphrases are emptied after use, the backup sentence follows the plan, and the sample can be removed', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-promises-'));
  const app = await open(t);
  const { page } = app;
  await page.getByRole('button', { name: 'Try Baton with sample data' }).click();
  await toasts(page).getByText('Sample data loaded').waitFor({ timeout: 30_000 });
  const sampleProjects = ['Ledgerline'];

  // Encrypted export: once the file is made, both passphrase fields are empty.
  await goToSection(page, 'Data');
  await samplePanel(page).getByRole('button', { name: 'Remove the sample data' }).waitFor();
  const exportPanel = page.getByRole('region', { name: 'Export' });
  await exportPanel.getByRole('checkbox', { name: /Encrypt with a passphrase/ }).check();
  await exportPanel.getByLabel('Passphrase', { exact: true }).fill(SECRET);
  await exportPanel.getByLabel('Passphrase again').fill(SECRET);
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    exportPanel.getByRole('button', { name: 'Export' }).click(),
  ]);
  const sealed = path.join(dir, download.suggestedFilename());
  await download.saveAs(sealed);
  assert.match(fs.readFileSync(sealed, 'utf8'), /baton-export-encrypted/);
  assert.equal(await exportPanel.getByLabel('Passphrase', { exact: true }).inputValue(), '');
  assert.equal(await exportPanel.getByLabel('Passphrase again').inputValue(), '');

  // A project of the user's own, which the file does not have.
  await createProject(page, 'Mine only');
  await goToSection(page, 'Data');

  // Encrypted import: the field is empty after a wrong passphrase, and after the right one.
  await importRegion(page).getByLabel('Choose a file').setInputFiles(sealed);
  const passphrase = importRegion(page).getByLabel('Passphrase of the encrypted file');
  await passphrase.fill('wrong horse battery');
  await importRegion(page).getByRole('button', { name: 'Decrypt' }).click();
  await importRegion(page).getByRole('alert').getByText(/passphrase is not the one/).waitFor({ timeout: 30_000 });
  assert.equal(await passphrase.inputValue(), '', 'emptied after a wrong passphrase');
  await passphrase.fill(SECRET);
  await importRegion(page).getByRole('button', { name: 'Decrypt' }).click();
  const changes = page.getByRole('table', { name: 'What the import changes' });
  await changes.waitFor({ timeout: 30_000 });
  // Merge: the file holds nothing new.
  await importRegion(page).getByText('Nothing changes, so no backup is needed.', { exact: true }).waitFor();
  // Replace: the user's project would be removed, so a backup is taken first (and the confirmation says so).
  await importRegion(page).getByRole('radio', { name: 'Replace my data' }).check();
  await importRegion(page).getByText('A backup of your current data is taken first; you can restore it from the backups below.', { exact: true }).waitFor();
  await importRegion(page).getByRole('button', { name: 'Apply import' }).click();
  const replace = page.getByRole('dialog', { name: 'Replace all your data?' });
  await replace.getByText("Everything in this browser becomes the file's data. A backup of your current data is taken first; you can restore it from the backups below.").waitFor();
  await replace.getByRole('button', { name: 'Cancel' }).click();
  await importRegion(page).getByRole('button', { name: 'Cancel' }).click();
  // Choosing the file again asks for the passphrase in an empty field: nothing was kept.
  await importRegion(page).getByLabel('Choose a file').setInputFiles(sealed);
  assert.equal(await passphrase.inputValue(), '', 'emptied after the right passphrase');
  await importRegion(page).getByRole('button', { name: 'Cancel' }).click();
  await passphrase.waitFor({ state: 'hidden' });

  // Remove the sample data: confirmed, exactly the sample goes, the user's project stays.
  await samplePanel(page).getByRole('button', { name: 'Remove the sample data' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove the sample data?' });
  await confirm.getByText(/^Removes the \d+ sample records you have not changed, in one step\. A backup of your current data is taken first, so you can undo\. Your own records are not touched\.$/).waitFor();
  await confirm.getByRole('button', { name: 'Remove the sample data' }).click();
  await toasts(page).getByText(/^Sample data removed \(\d+ records\)$/).waitFor({ timeout: 30_000 });
  await samplePanel(page).waitFor({ state: 'detached' });
  await goToSection(page, 'Projects');
  await eventually(async () => assert.equal(await textOf(projectList(page)), await textOf(projectList(page).getByRole('listitem').filter({ hasText: 'Mine only' }))));
  for (const name of sampleProjects) assert.doesNotMatch(await textOf(projectList(page)), new RegExp(name));

  // Undo restores the backup taken first: the sample is back, and so is the button.
  await toasts(page).getByRole('button', { name: 'Undo' }).click();
  await toasts(page).getByText('Sample data back').waitFor({ timeout: 30_000 });
  await eventually(async () => assert.match(await textOf(projectList(page)), /Ledgerline/));
  assert.match(await textOf(projectList(page)), /Mine only/);
  await dismissAllToasts(page);
  await goToSection(page, 'Data');
  await samplePanel(page).getByRole('button', { name: 'Remove the sample data' }).waitFor();
  assertClean(app);
});
