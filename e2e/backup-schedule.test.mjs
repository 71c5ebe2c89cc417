// The weekly automatic backup: made once the page has been left alone for 30 s (it serialises
// everything, so it waits for a quiet moment), then listed on the Data page as "Weekly" and not
// made again on the next visit.
import test from 'node:test';
import assert from 'node:assert/strict';
import { assertClean } from './lib.mjs';
import { open, goToSection, createProject, reload } from './helpers.mjs';

const backupItems = (page) => page.getByRole('list', { name: 'Backups', exact: true }).getByRole('listitem');

test('the weekly backup is made when the page is left alone, once', async (t) => {
  const app = await open(t, { path: 'projects' });
  const { page } = app;
  await createProject(page, 'Backed up', 'Kept safe weekly');

  // Hands off for a while: the backup waits for 30 s without input, then is checked every 5 s.
  await page.waitForTimeout(38_000);
  await goToSection(page, 'Data');
  await backupItems(page).filter({ hasText: /^Weekly · / }).first().waitFor({ timeout: 10_000 });
  assert.equal(await backupItems(page).filter({ hasText: /^Weekly · / }).count(), 1);

  // Due again only in a week: another quiet spell after a reload adds none.
  await reload(page);
  await page.waitForTimeout(38_000);
  await goToSection(page, 'Data');
  await backupItems(page).first().waitFor();
  assert.equal(await backupItems(page).filter({ hasText: /^Weekly · / }).count(), 1);
  await assertClean(app);
});
