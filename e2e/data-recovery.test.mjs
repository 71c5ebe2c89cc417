// The recovery path through the Data page (issue 16): a database that already holds records that no
// longer read back (a float `rev`, a year 10000) still exports, and "delete all my data" still
// works; both tell the user which records they skipped.
import test from 'node:test';
import assert from 'node:assert/strict';
import { assertClean } from './lib.mjs';
import { open, toasts, goToSection } from './helpers.mjs';

/** Stores two spoiled copies of stored records straight into IndexedDB (no Baton code). */
const spoil = (page) =>
  page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('baton');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const first = (store) =>
      new Promise((resolve) => {
        const request = db.transaction([store]).objectStore(store).openCursor();
        request.onsuccess = () => resolve(request.result.value);
      });
    const project = await first('projects');
    const knowledge = await first('knowledge');
    const transaction = db.transaction(['projects', 'knowledge'], 'readwrite');
    transaction.objectStore('projects').put({ ...project, id: 'spoiled-float-rev', rev: 1.5 });
    transaction.objectStore('knowledge').put({ ...knowledge, id: 'spoiled-year-10000', updated_at: '+010000-01-01T00:00:00Z' });
    await new Promise((resolve) => (transaction.oncomplete = resolve));
    db.close();
  });

const count = (page, store) =>
  page.evaluate(async (store) => {
    const db = await new Promise((resolve) => {
      const request = indexedDB.open('baton');
      request.onsuccess = () => resolve(request.result);
    });
    const result = await new Promise((resolve) => {
      const request = db.transaction([store]).objectStore(store).count();
      request.onsuccess = () => resolve(request.result);
    });
    db.close();
    return result;
  }, store);

test('with unreadable records stored, the export and "delete all my data" work and name what they skipped', async (t) => {
  const app = await open(t);
  const { page } = app;
  await page.getByRole('button', { name: 'Try Baton with sample data' }).click();
  await toasts(page).getByText('Sample data loaded').waitFor({ timeout: 30_000 });
  await spoil(page);

  await goToSection(page, 'Data');
  const panel = page.getByRole('region', { name: 'Export' });
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export' }).click()]);
  assert.match(download.suggestedFilename(), /\.json$/);
  const exportNote = toasts(page).getByText(/^2 stored records could not be read and are not in the file/);
  await exportNote.waitFor();
  const exportText = await exportNote.innerText();
  assert.match(exportText, /projects record “spoiled-float-rev”/);
  assert.match(exportText, /knowledge record “spoiled-year-10000”/);

  await page.getByRole('button', { name: 'Delete all my data…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete all your data?' });
  await dialog.getByLabel('Type “delete all my data” to confirm').fill('delete all my data');
  await dialog.getByRole('button', { name: 'Delete everything' }).click();
  await toasts(page).getByText(/^All data deleted/).waitFor({ timeout: 30_000 });
  await toasts(page).getByText(/^2 stored records could not be read and were deleted too/).waitFor();
  assert.equal(await count(page, 'projects'), 0);
  assert.equal(await count(page, 'knowledge'), 0);
  assertClean(app);
});
