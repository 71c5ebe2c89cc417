// The 30-day trash purge (issue 16): the Trash page promises that what stays there 30 days is
// deleted for good, so it runs at start-up (and daily while the app is open). A project trashed
// 31 days ago is gone after a start-up; one trashed 29 days ago is still in the trash.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { assertClean } from './lib.mjs';
import { open, toasts, goToSection, canonical, reload, eventually, textOf, DAY } from './helpers.mjs';

const importRegion = (page) => page.getByRole('region', { name: 'Import' });
const trashList = (page) => page.getByRole('list', { name: 'Trash' });

/** A time as Baton writes it (seconds, UTC). */
const stamp = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Whether a record is in IndexedDB at all (trashed or not). */
const stored = (page, store, id) =>
  page.evaluate(
    async ([store, id]) => {
      const db = await new Promise((resolve, reject) => {
        const request = indexedDB.open('baton');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const value = await new Promise((resolve) => {
        const request = db.transaction([store]).objectStore(store).get(id);
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      return value !== undefined;
    },
    [store, id],
  );

test('the trash purge runs at start-up: trashed 31 days ago is deleted for good, 29 days ago is kept', async (t) => {
  const app = await open(t);
  const { page } = app;
  await page.getByRole('button', { name: 'Try Baton with sample data' }).click();
  await toasts(page).getByText('Sample data loaded').waitFor({ timeout: 30_000 });

  // An export of the sample gives a project's exact shape; two copies go to the trash at fixed ages.
  await goToSection(page, 'Data');
  const panel = page.getByRole('region', { name: 'Export' });
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export' }).click()]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-purge-'));
  const exportedFile = path.join(dir, 'export.json');
  await download.saveAs(exportedFile);
  const exported = JSON.parse(fs.readFileSync(exportedFile, 'utf8'));
  const now = Date.now();
  const trashed = (name, days) => {
    const at = stamp(now - days * DAY);
    return { ...exported.data.projects[0], id: crypto.randomUUID(), name, created_at: at, updated_at: at, deleted_at: at, rev: 1 };
  };
  const old = trashed('Trashed 31 days ago', 31);
  const recent = trashed('Trashed 29 days ago', 29);
  const data = Object.fromEntries(Object.keys(exported.data).map((store) => [store, []]));
  data.projects = [old, recent].sort((a, b) => (a.id < b.id ? -1 : 1));
  const counts = Object.fromEntries(Object.keys(exported.counts).map((store) => [store, 0]));
  counts.projects = 2;
  const checksum = `sha256:${crypto.createHash('sha256').update(canonical(data)).digest('hex')}`;
  const file = path.join(dir, 'trashed.json');
  fs.writeFileSync(file, JSON.stringify({ ...exported, counts, checksum, data }));

  await importRegion(page).getByLabel('Choose a file').setInputFiles(file);
  await page.getByRole('table', { name: 'What the import changes' }).waitFor({ timeout: 30_000 });
  await importRegion(page).getByRole('button', { name: 'Apply import' }).click();
  await toasts(page).getByText(/^Import done: /).waitFor({ timeout: 30_000 });
  // This start-up's purge ran before the import: both are in the trash now.
  await eventually(async () => {
    const text = await textOf(trashList(page));
    assert.match(text, /Trashed 31 days ago/);
    assert.match(text, /Trashed 29 days ago/);
  });
  assert.ok(await stored(page, 'projects', old.id));

  // The next start-up purges what is due, and says so.
  await reload(page);
  await toasts(page).getByText('Deleted for good 1 record kept in the trash for 30 days').waitFor({ timeout: 15_000 });
  await eventually(async () => {
    const text = await textOf(trashList(page));
    assert.doesNotMatch(text, /Trashed 31 days ago/);
    assert.match(text, /Trashed 29 days ago/);
  });
  assert.equal(await stored(page, 'projects', old.id), false, 'deleted for good, not only hidden');
  assert.equal(await stored(page, 'projects', recent.id), true);

  // Nothing more is due: another start-up reports nothing.
  await reload(page);
  await goToSection(page, 'Data');
  await trashList(page).waitFor();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(await toasts(page).getByText(/Deleted for good/).count(), 0);
  assert.match(await textOf(trashList(page)), /Trashed 29 days ago/);
  assertClean(app);
});
