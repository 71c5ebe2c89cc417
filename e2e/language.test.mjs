// Baton in Bahasa Indonesia (issue 20): the browser's language picks the interface, Settings switches
// it without a reload, and the main journey (account, project, session, report, handoff, export) shows
// only texts of the Indonesian catalogue, with Indonesian numbers and dates; the bundle speaks
// Indonesian and an Indonesian report fills the session's fields.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertClean } from './lib.mjs';
import { open, eventually, textOf } from './helpers.mjs';
import { T, translator, untranslated } from './i18n.mjs';

const id = translator('id');
const nav = (page, words) => page.getByRole('navigation', { name: words('Main') });
const heading = (page, name) => page.getByRole('heading', { level: 1, name, exact: true });
const header = (page) => page.locator('header.page-header');
const lang = (page) => page.evaluate(() => document.documentElement.lang);

/** Asserts that the page shows nothing outside the Indonesian catalogue but `data`. */
async function onlyIndonesian(page, where, data) {
  // Activity summaries and the labels of checkpoints Baton takes itself are sentences stored when
  // they were written, in English: wording them from typed values is the part of issue 20 still
  // open, so they are not checked here yet.
  const skip = ['.activity__summary', '#builder-delta-base'];
  await eventually(async () => assert.deepEqual(await untranslated(page, 'id', { data, skip }), [], `texts not from the Indonesian catalogue on ${where}`), { timeout: 3000 });
}

test('the browser language picks the interface; Settings switches it without a reload and remembers it', async (t) => {
  const app = await open(t, { contextOptions: { locale: 'id-ID' } });
  const { page } = app;
  assert.equal(await lang(page), 'id');
  await nav(page, id).getByRole('link', { name: id('Settings'), exact: true }).click();
  await heading(page, id('Settings')).waitFor();
  await page.evaluate(() => (window.__sameDocument = true));
  await page.getByRole('combobox', { name: id('Language', { area: 'settings' }) }).selectOption({ label: 'English' });
  await heading(page, 'Settings').waitFor();
  assert.equal(await lang(page), 'en');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'settings-language-choice', 'focus stays on the menu');
  await nav(page, (text) => text).getByRole('link', { name: 'Projects', exact: true }).waitFor();
  await page.reload();
  await heading(page, 'Settings').waitFor();
  assert.equal(await lang(page), 'en', 'the choice outlives the reload');
  assertClean(app);
});

const REPORT = `Terima kasih! Ini laporan akhir sesi saya:

\`\`\`handoff-report
status: selesai
kredit_terpakai: 25
## Selesai
- Menulis parser ekspresi
- Menambahkan precedence climbing
## Kondisi saat ini
Parser menangani operator biner; pesan kesalahan masih singkat.
## Langkah berikutnya
- Perbaiki pesan kesalahan dengan span
## Keputusan
- Pakai precedence climbing karena satu loop menangani semua operator; ditolak: parser Pratt
## Berkas
- src/parser.rs — parsernya
\`\`\``;

test('the main journey in Bahasa Indonesia: only Indonesian on every page, a bundle and a report in Indonesian', async (t) => {
  const app = await open(t, { path: 'settings' });
  const { page } = app;
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Bahasa Indonesia' });
  await heading(page, id('Settings')).waitFor();
  assert.equal(await lang(page), 'id');
  await onlyIndonesian(page, 'Settings', []);

  // An account, with Indonesian numbers on its card.
  await nav(page, id).getByRole('link', { name: id('Accounts'), exact: true }).click();
  await heading(page, id('Accounts')).waitFor();
  await page.getByRole('button', { name: id('New account', { area: 'accounts' }), exact: true }).first().click();
  const accountDialog = page.getByRole('dialog', { name: id('New account', { area: 'accounts' }) });
  await accountDialog.getByLabel(id('Name', { area: 'accounts' }), { exact: true }).fill('Claude Kerja');
  await accountDialog.getByLabel(id('Credits available', { area: 'accounts' }), { exact: true }).fill('1.500');
  await accountDialog.getByLabel(id('Credit limit', { area: 'accounts' }), { exact: true }).fill('2.000');
  await accountDialog.getByRole('button', { name: id('Add account', { area: 'accounts' }), exact: true }).click();
  await accountDialog.waitFor({ state: 'hidden' });
  const accounts = page.getByRole('list', { name: id('Accounts', { area: 'accounts' }) });
  await eventually(async () => assert.match(await textOf(accounts), /1\.500/));
  await onlyIndonesian(page, 'Accounts', ['Claude Kerja']);

  // A project.
  await nav(page, id).getByRole('link', { name: id('Projects'), exact: true }).click();
  await heading(page, id('Projects')).waitFor();
  await page.getByRole('button', { name: id('New project', { area: 'lists' }), exact: true }).first().click();
  const projectDialog = page.getByRole('dialog', { name: id('New project', { area: 'lists' }) });
  await projectDialog.getByLabel(id('Name', { area: 'lists' }), { exact: true }).fill('Kalkulator');
  await projectDialog.getByRole('button', { name: id('Create project', { area: 'lists' }), exact: true }).click();
  await heading(page, 'Kalkulator').waitFor();
  await onlyIndonesian(page, 'the project page', ['Kalkulator', 'Claude Kerja']);

  // A session, ended by an Indonesian report that fills its fields.
  await header(page).getByRole('button', { name: id('Start session', { area: 'project' }) }).click();
  const start = page.getByRole('dialog', { name: id('Start session', { area: 'components' }) });
  await start.getByLabel(id('Title', { area: 'components' }), { exact: true }).fill('Parser');
  await start.getByRole('button', { name: id('Start session', { area: 'components' }), exact: true }).click();
  await heading(page, T('id', 'core.session_name_titled', { number: 1, title: 'Parser' })).waitFor();
  await onlyIndonesian(page, 'the session page', ['Kalkulator', 'Claude Kerja', 'Parser']);
  await header(page).getByRole('button', { name: id('Paste report', { area: 'session' }) }).click();
  const reportDialog = page.getByRole('dialog', { name: id('Paste the session report', { area: 'session' }) });
  await reportDialog.getByLabel(id('Report', { area: 'session' }), { exact: true }).fill(REPORT);
  await reportDialog.getByRole('button', { name: id('Read the report', { area: 'session' }) }).click();
  await eventually(async () => assert.equal(await reportDialog.getByLabel(id('Credits used', { area: 'session' })).inputValue(), '25'));
  assert.match(await reportDialog.getByLabel(id('New next steps, one per line (editable)', { area: 'session' })).inputValue(), /Perbaiki pesan kesalahan dengan span/);
  await onlyIndonesian(page, 'the report preview', ['Kalkulator', 'Claude Kerja', 'Parser', 'Menulis parser ekspresi', 'Menambahkan precedence climbing', 'Parser menangani operator biner; pesan kesalahan masih singkat.', 'Perbaiki pesan kesalahan dengan span', 'Pakai precedence climbing', 'satu loop menangani semua operator', 'parser Pratt', 'src/parser.rs', 'parsernya']);
  await reportDialog.getByRole('button', { name: id('Apply report', { area: 'session' }) }).click();
  await reportDialog.waitFor({ state: 'hidden' });
  const report = page.getByRole('region', { name: id('Report', { area: 'session' }) });
  await eventually(async () => assert.match(await textOf(report), /Menulis parser ekspresi/));
  // Dates in Indonesian: "3 Des 2026" style, from Intl in the interface language.
  assert.match(await textOf(page.locator('main')), /\d{1,2} (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4}/);

  // The handoff: the bundle speaks Indonesian.
  await page.getByRole('link', { name: 'Kalkulator' }).first().click();
  await heading(page, 'Kalkulator').waitFor();
  await header(page).getByRole('link', { name: id('Build handoff', { area: 'project' }) }).click();
  const preview = page.getByRole('region', { name: id('Preview', { area: 'builder' }) });
  const bundleText = () => preview.getByLabel(id('Bundle text', { area: 'builder' })).innerText();
  await eventually(async () => assert.match(await bundleText(), /Langkah berikutnya/));
  assert.match(await bundleText(), /Keputusan/);
  assert.doesNotMatch(await bundleText(), /## Next steps|## Decisions/);
  await onlyIndonesian(page, 'the handoff builder', ['Kalkulator', 'Claude Kerja', 'Parser']);

  // The export downloads from an Indonesian Data page.
  await nav(page, id).getByRole('link', { name: id('Data'), exact: true }).click();
  await heading(page, id('Data')).waitFor();
  await onlyIndonesian(page, 'Data', ['Kalkulator', 'Claude Kerja', 'Parser']);
  const exportPanel = page.getByRole('region', { name: T('id', 'data.export.title') });
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    exportPanel.getByRole('button', { name: T('id', 'data.export.title') }).click(),
  ]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.ok(exported.data.projects.some((project) => project.name === 'Kalkulator'));
  assertClean(app);
});
