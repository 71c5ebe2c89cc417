// XSS through an import (issue 7): the sample data is exported, every text field of every record
// of every type (names, titles, notes, markdown bodies, the living state, transcripts, bundles,
// tags, activity summaries…) is replaced by a payload of the corpus, the file is imported into an
// emptied browser, and every route and every record's page is visited: the sentinel stays 0, no
// javascript: URL is clickable, nothing a payload could add is on the page, no CSP violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { startApp, assertClean, waitForAppReady } from './lib.mjs';
import { toasts, goToSection, canonical } from './helpers.mjs';
import { ownScripts, inspect, installSentinel, SHORT } from './xss-helpers.mjs';

// Fields that are not free text: ids, dates, enums, numbers-as-text, links (validated as http/https).
const NOT_TEXT = new Set([
  'id', 'created_at', 'updated_at', 'deleted_at', 'at', 'queued_at', 'started_at', 'finished_at', 'ended_at', 'decided_at',
  'next_refresh_at', 'status', 'kind', 'type', 'role', 'category', 'importance', 'platform', 'format', 'target_platform',
  'reason', 'record_type', 'repository_url', 'email', 'severity', 'sections', 'trimmed', 'lint',
]);
// Names and titles: 1–200 characters; tags: 1–50.
const NAMES = new Set(['name', 'title', 'label', 'account_label', 'plan', 'path', 'git_ref']);

function poison(exported) {
  // A lone surrogate cannot be written to a UTF-8 file (the decoder refuses its escape), so the
  // few payloads with one go through the forms only (xss.test.mjs).
  const short = SHORT.filter((payload) => payload.trim().length > 0 && payload.isWellFormed());
  const names = short.filter((payload) => [...payload.trim()].length <= 180);
  const tags = short.filter((payload) => [...payload.trim()].length <= 45);
  let cursor = 0;
  let serial = 0;
  const pick = (list) => list[cursor++ % list.length];
  const visit = (value, key) => {
    if (Array.isArray(value)) {
      if (key === 'tags' || key === 'specializations') return value.map(() => `${pick(tags).trim()} ${++serial}`);
      return value.map((item) => visit(item, key));
    }
    if (value && typeof value === 'object') {
      const out = {};
      for (const [field, inner] of Object.entries(value)) out[field] = NOT_TEXT.has(field) || field.endsWith('_id') ? inner : visit(inner, field);
      return out;
    }
    if (typeof value !== 'string' || value === '') return value;
    // Unique names (accounts ignore case; key files are unique by path).
    if (NAMES.has(key)) return `${pick(names).trim()} ${++serial}`;
    return pick(short);
  };
  const data = {};
  for (const [store, records] of Object.entries(exported.data)) data[store] = records.map((record) => visit(record, store));
  const checksum = `sha256:${crypto.createHash('sha256').update(canonical(data)).digest('hex')}`;
  return { ...exported, checksum, data, seeded: cursor };
}

test('XSS corpus through an import: every field of every record renders as text on every route', { timeout: 10 * 60_000 }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-xss-import-'));
  const app = await startApp({ path: null });
  t.after(() => app.close());
  const { page, context } = app;
  await installSentinel(context);
  await page.goto(app.at(''));
  await waitForAppReady(page);
  const baseline = await ownScripts(page);

  await page.getByRole('button', { name: 'Try Baton with sample data' }).click();
  await toasts(page).getByText('Sample data loaded').waitFor({ timeout: 30_000 });
  await goToSection(page, 'Data');
  const exportPanel = page.getByRole('region', { name: 'Export' });
  const [download] = await Promise.all([page.waitForEvent('download'), exportPanel.getByRole('button', { name: 'Export' }).click()]);
  const file = path.join(dir, 'sample.json');
  await download.saveAs(file);
  const { seeded, ...poisoned } = poison(JSON.parse(fs.readFileSync(file, 'utf8')));
  assert.ok(seeded >= SHORT.length, `every short payload went into a field (${seeded} fields for ${SHORT.length} payloads)`);
  const poisonedFile = path.join(dir, 'poisoned.json');
  fs.writeFileSync(poisonedFile, JSON.stringify(poisoned));

  // Replace everything with the poisoned copy.
  const importRegion = page.getByRole('region', { name: 'Import' });
  await importRegion.getByLabel('Choose a file').setInputFiles(poisonedFile);
  await page.getByRole('table', { name: 'What the import changes' }).waitFor({ timeout: 30_000 }).catch(async () => {
    assert.fail(`the poisoned file was refused: ${await importRegion.innerText()}`);
  });
  await importRegion.getByRole('radio', { name: 'Replace my data' }).check();
  await page.getByRole('table', { name: 'What the import changes' }).waitFor();
  await importRegion.getByRole('button', { name: 'Apply import' }).click();
  await page.getByRole('dialog', { name: 'Replace all your data?' }).getByRole('button', { name: 'Replace my data' }).click();
  await toasts(page).getByText(/^Import done: /).waitFor({ timeout: 60_000 });

  const checked = [];
  const visit = async (rel) => {
    await page.goto(app.at(rel));
    await waitForAppReady(page);
    assert.deepEqual(await inspect(page, baseline), [], `/${rel}`);
    checked.push(rel);
  };
  const links = async (pattern) =>
    [...new Set(await page.locator('main a[href]').evaluateAll((anchors) => anchors.map((a) => new URL(a.href).pathname)))].filter((href) => pattern.test(href)).map((href) => href.slice(1));

  for (const route of ['', 'projects', 'accounts', 'sessions', 'handoffs', 'knowledge', 'insights', 'data', 'settings']) await visit(route);
  await visit('projects');
  const projects = await links(/^\/projects\/[0-9a-f-]{36}$/);
  await visit('accounts');
  const accounts = await links(/^\/accounts\/[0-9a-f-]{36}$/);
  await visit('sessions');
  const sessions = await links(/^\/sessions\/[0-9a-f-]{36}$/);
  assert.ok(projects.length >= 3 && accounts.length >= 3 && sessions.length >= 5, 'the records are listed');
  for (const project of projects) {
    await visit(project);
    await visit(`${project}/handoff`);
  }
  for (const account of accounts) await visit(account);
  for (const session of sessions) await visit(session);
  for (const handoff of poisoned.data.handoffs) await visit(`handoffs?open=${handoff.id}`);
  t.diagnostic(`${checked.length} pages checked after importing ${Object.values(poisoned.data).flat().length} poisoned records`);
  assertClean(app);
});
