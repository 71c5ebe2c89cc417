// XSS-proof rendering: every payload of e2e/xss-payloads.json goes through the app's forms into the text
// fields that end up on screen — project name, description, tags, repository link and notes; the living
// state's goal, current state, next steps, decisions (text, rationale, rejected alternatives), constraints,
// "do not redo" and key files; account name, plan, specialisations and notes; knowledge title, body and tags —
// then every route and every record's page is visited. On each page: the sentinel stays 0 (alert, confirm,
// prompt and print only count), no javascript:/data:/vbscript: URL is clickable or loadable, no element
// carries an on* attribute, no <script> but the app's own and no element a payload could smuggle in
// (iframe, object, embed, base, style, img, svg animation…); and, through assertClean, no CSP violation, no
// error and no request to another origin.
//
// The payloads are batched so the test runs in a few minutes: each text field of each record takes the next
// payload in turn (every payload lands in at least one plain-text field), and the markdown fields (the
// living state's current state, knowledge bodies) take the whole corpus split into groups, one payload per
// paragraph. The very long payloads (50,000 characters) go into a few long-text fields, and into a name or a
// title, which validation refuses: the refusal is shown beside the field and nothing of it is saved.
//
// Every interaction goes through a role and an accessible name; the test ends with assertClean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, assertClean, waitForAppReady } from './lib.mjs';
import { toasts, goToSection, eventually, dismissAllToasts } from './helpers.mjs';
import { ownScripts, inspect, installSentinel, PAYLOADS, SHORT, LONG } from './xss-helpers.mjs';

// ---------------------------------------------------------------------------------------------------------
// The corpus.


/** The next short payload, in turn. */
let cursor = 0;
const next = () => SHORT[cursor++ % SHORT.length];

/** The short payloads split into `count` markdown documents, one payload per paragraph. */
function markdownGroups(count) {
  const groups = Array.from({ length: count }, () => []);
  SHORT.forEach((payload, index) => groups[index % count].push(payload));
  return groups.map((group) => group.join('\n\n'));
}

// ---------------------------------------------------------------------------------------------------------
// What validation refuses (the service's rules: names 1–200 characters, tags 1–50 characters and at most 50
// of them, short texts 2,000, web links http(s) only), so the test knows which submissions must be refused.

const chars = (text) => [...text].length;
const parseTags = (text) => {
  const seen = new Set();
  return text
    .split(/[,\n]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag && !seen.has(tag.toLowerCase()) && seen.add(tag.toLowerCase()));
};

/** The message validation gives for `value` in a field of `kind`, as a pattern, or null when accepted. */
function refusal(kind, value) {
  const text = value.trim();
  switch (kind) {
    case 'name':
      if (!text) return /is required\./;
      return chars(text) > 200 ? /is too long: [\d,]+ characters, the limit is 200\./ : null;
    case 'tags': {
      const tags = parseTags(value);
      if (tags.length > 50) return /^Too many \w+: \d+, the limit is 50\.$/;
      return tags.some((tag) => chars(tag) > 50) ? /is too long: [\d,]+ characters, the limit is 50\./ : null;
    }
    case 'short':
      return chars(text) > 2000 ? /is too long: [\d,]+ characters, the limit is 2,000\./ : null;
    case 'long':
      return chars(text) > 100_000 ? /is too long/ : null;
    case 'url': {
      if (!text) return null;
      if (chars(text) > 2000) return /is too long/;
      const lower = text.toLowerCase();
      const rest = lower.startsWith('https://') ? lower.slice(8) : lower.startsWith('http://') ? lower.slice(7) : null;
      if (rest === null) return /must be a web address starting with http:\/\/ or https:\/\//;
      if (!rest || rest.startsWith('/') || /\s/.test(text)) return /must be a web address/;
      return null;
    }
    default:
      throw new Error(`unknown field kind ${kind}`);
  }
}

/** The error message shown for a field (its aria-describedby elements of class field__error). */
const fieldError = (field) =>
  field.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id))
      .filter((node) => node?.classList.contains('field__error'))
      .map((node) => node.textContent.trim())
      .join(' '),
  );

const refusals = [];

/**
 * Fill a form's fields, submit it, and check validation: when a value must be refused, the form stays open
 * with the message beside that field (and none beside the others); the refused values are then replaced by
 * their fallback and the form submitted again. Resolves, once the dialog has closed, to the saved values
 * (trimmed) by `what`.
 * @param {{dialog, submit: string, fields: {field, kind: string, value: string, fallback?: string, what: string}[]}} form
 */
async function submitForm(page, { dialog, submit, fields }) {
  for (const f of fields) await f.field.fill(f.value);
  const refused = [];
  for (const f of fields) {
    const actual = await f.field.inputValue(); // what the browser kept (single-line fields drop line breaks)
    const expected = refusal(f.kind, actual);
    if (expected) refused.push({ ...f, expected, actual });
  }
  const saved = {};
  for (const f of fields) saved[f.what] = (await f.field.inputValue()).trim();
  for (const f of refused) saved[f.what] = (f.fallback ?? '').trim();
  await dialog.getByRole('button', { name: submit, exact: true }).click();
  if (refused.length === 0) {
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 }).catch(async (e) => {
      const shown = [];
      for (const f of fields) shown.push(`${f.what}: ${await fieldError(f.field)}`);
      e.message = `the form was expected to save, but it stayed open:\n  ${shown.join('\n  ')}`;
      throw e;
    });
    return saved;
  }
  for (const f of fields) {
    const refusedHere = refused.find((r) => r.field === f.field);
    if (refusedHere) {
      await eventually(async () => assert.match(await fieldError(f.field), refusedHere.expected, `${f.what}: the refusal is shown`));
      assert.equal(await f.field.getAttribute('aria-invalid'), 'true', `${f.what}: aria-invalid`);
      refusals.push(`${f.what}: ${await fieldError(f.field)}`.slice(0, 160));
    } else {
      assert.equal(await fieldError(f.field), '', `${f.what}: no message`);
    }
  }
  assert.ok(await dialog.isVisible(), 'a refused form stays open');
  for (const f of refused) await f.field.fill(f.fallback ?? '');
  await dialog.getByRole('button', { name: submit, exact: true }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  return saved;
}

// ---------------------------------------------------------------------------------------------------------
// What must never be on a page.

// (ownScripts and inspect live in xss-helpers.mjs, shared with the import journey.)

// ---------------------------------------------------------------------------------------------------------

test('XSS corpus: every payload through every text field renders as text on every route', { timeout: 15 * 60_000 }, async (t) => {
  assert.ok(PAYLOADS.length >= 100, `at least 100 payloads (${PAYLOADS.length})`);
  assert.ok(LONG.length >= 3 && LONG.every((payload) => payload.length === 50_000), 'very long payloads of 50,000 characters');

  const app = await startApp({ path: null });
  t.after(() => app.close());
  const { page, context } = app;
  await installSentinel(context);
  await page.goto(app.at(''));
  await waitForAppReady(page);
  const baseline = await ownScripts(page);
  assert.ok(baseline.length >= 1, "the app's own scripts");

  // The checks see what they look for: the sentinel counts, and planted elements are reported (and the CSP
  // refuses the planted inline handler: that violation and its console message are this check's own).
  assert.equal(await page.evaluate(() => (window.alert(1), window.__xss)), 1, 'alert moves the sentinel');
  const recorded = { errors: app.records.errors.length, violations: app.records.violations.length };
  const planted = await page.evaluate(() => {
    window.__xss = 0;
    const probe = document.createElement('div');
    probe.id = 'xss-probe';
    probe.innerHTML = '<a href="javascript:void(0)">x</a><span onclick="void 0">y</span><iframe></iframe>';
    document.body.append(probe);
    return probe.childElementCount;
  });
  assert.equal(planted, 3);
  const found = await inspect(page, baseline);
  await page.evaluate(() => document.getElementById('xss-probe').remove());
  assert.ok(found.length >= 3, `the inspection finds planted elements: ${JSON.stringify(found)}`);
  assert.deepEqual(await inspect(page, baseline), [], 'and nothing once they are gone');
  await eventually(async () => assert.ok(app.records.violations.length > recorded.violations, 'the CSP refused the planted inline handler'));
  const own = /inline event handler|script-src/;
  for (const list of ['errors', 'violations']) {
    const added = app.records[list].splice(recorded[list]);
    assert.ok(added.every((entry) => own.test(entry)), `only the planted handler was refused: ${added.join('; ')}`);
  }

  const checked = [];
  /** Fail on anything a payload could have done on the current page. */
  const check = async (where) => {
    const problems = await inspect(page, baseline);
    assert.deepEqual(problems, [], `${where} (${page.url()})`);
    checked.push(where);
  };
  /** Open an app path with a full load, wait for it, check it. */
  const visit = async (rel, where = rel) => {
    await check(`before leaving ${new URL(page.url()).pathname}`);
    await page.goto(app.at(rel));
    await waitForAppReady(page);
    await eventually(async () => assert.equal(await page.locator('[aria-busy="true"]:visible').count(), 0, 'loaded'), { timeout: 10_000 });
    await check(where);
  };

  const PROJECTS = 6;
  const ENTRIES = 10;
  const ACCOUNTS = 6;
  const groups = markdownGroups(PROJECTS + ENTRIES);

  // ---- Projects: create (name, description), edit (tags, repository link, notes), living state.
  const projects = [];
  // Repository links: web addresses with payloads in them (kept) in turn with other schemes (refused).
  const webUrls = SHORT.filter((payload) => /^https?:\/\//.test(payload));
  const otherUrls = SHORT.filter((payload) => /^\s*(javascript|java\s|vbscript|data|&#)/i.test(payload));
  const urlPayload = (k) => (k % 2 === 0 ? webUrls : otherUrls)[(k >> 1) % (k % 2 === 0 ? webUrls : otherUrls).length];
  for (let k = 0; k < PROJECTS; k++) {
    if (new URL(page.url()).pathname !== '/projects') await goToSection(page, 'Projects');
    await page.getByRole('button', { name: 'New project', exact: true }).click();
    const create = page.getByRole('dialog', { name: 'New project' });
    await create.waitFor();
    const fallbackName = `Project ${k + 1}`;
    const created = await submitForm(page, {
      dialog: create,
      submit: 'Create project',
      fields: [
        // The first project's name is 50,000 characters: refused.
        { field: create.getByLabel('Name', { exact: true }), kind: 'name', value: k === 0 ? LONG[0] : next(), fallback: fallbackName, what: `project ${k + 1} name` },
        { field: create.getByLabel('Description', { exact: true }), kind: 'long', value: k === 0 ? LONG[1] : next(), what: `project ${k + 1} description` },
      ],
    });
    await page.waitForURL(/\/projects\/[^/]+$/);
    await waitForAppReady(page);
    const path = new URL(page.url()).pathname;
    projects.push({ path, title: created[`project ${k + 1} name`] });
    await check(`project ${k + 1} after creating`);

    await page.locator('header.page-header').getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('dialog', { name: 'Edit project' });
    await edit.waitFor();
    await submitForm(page, {
      dialog: edit,
      submit: 'Save project',
      fields: [
        { field: edit.getByLabel('Tags', { exact: true }), kind: 'tags', value: next(), fallback: `tag${k + 1}`, what: `project ${k + 1} tags` },
        { field: edit.getByLabel('Repository link', { exact: true }), kind: 'url', value: urlPayload(k), fallback: '', what: `project ${k + 1} repository link` },
        { field: edit.getByLabel('Notes', { exact: true }), kind: 'long', value: k === 2 ? LONG[3] : next(), what: `project ${k + 1} notes` },
      ],
    });
    await check(`project ${k + 1} after editing`);

    const section = page.getByRole('region', { name: 'Living state' });
    await section.getByRole('button', { name: 'Edit living state', exact: true }).click();
    const form = page.getByRole('form', { name: 'Edit living state' });
    await form.getByLabel('Goal', { exact: true }).fill(next());
    await form.getByLabel('Current state', { exact: true }).fill(groups[k]);
    for (const [button, label, count] of [
      ['Add next step', 'Next step', 3],
      ['Add constraint', 'Constraint', 2],
      ['Add do not redo', 'Do not redo', 2],
    ]) {
      for (let i = 1; i <= count; i++) {
        await form.getByRole('button', { name: button, exact: true }).click();
        await form.getByLabel(`${label} ${i}`, { exact: true }).fill(next());
      }
    }
    await form.getByRole('button', { name: 'Add decision', exact: true }).click();
    await form.getByLabel('Decision 1', { exact: true }).fill(next());
    await form.getByLabel('Rationale', { exact: true }).fill(next());
    const rejected = form.getByLabel('Rejected alternatives', { exact: true });
    await rejected.fill(next());
    await rejected.press('Tab'); // the list is read when the field changes
    await form.getByRole('button', { name: 'Add key file', exact: true }).click();
    await form.getByLabel('Key file 1 path', { exact: true }).fill(next());
    await form.getByLabel('Notes', { exact: true }).fill(next());
    await form.getByRole('button', { name: 'Save living state', exact: true }).click();
    await toasts(page).getByText('Living state saved', { exact: true }).first().waitFor();
    await form.waitFor({ state: 'detached' });
    await check(`project ${k + 1} after its living state`);
    await dismissAllToasts(page);
  }

  // ---- Knowledge: title, body (markdown, previewed first), tags; three more with the long bodies.
  await goToSection(page, 'Knowledge');
  const entryBodies = [...groups.slice(PROJECTS), LONG[1], LONG[2], LONG[3]];
  for (let k = 0; k < entryBodies.length; k++) {
    await page.getByRole('button', { name: 'New entry', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New knowledge entry' });
    await dialog.waitFor();
    const body = dialog.getByLabel('Body', { exact: true });
    await body.fill(entryBodies[k]);
    await dialog.getByRole('button', { name: 'Preview', exact: true }).click();
    await dialog.getByRole('region', { name: 'Body preview' }).waitFor();
    await check(`knowledge entry ${k + 1}: the markdown preview`);
    const long = k >= ENTRIES;
    await submitForm(page, {
      dialog,
      submit: 'Add entry',
      fields: [
        // The last entry's title is 50,000 characters: refused.
        { field: dialog.getByLabel('Title', { exact: true }), kind: 'name', value: k === entryBodies.length - 1 ? LONG[3] : long ? `Long body ${k - ENTRIES + 1}` : next(), fallback: `Entry ${k + 1}`, what: `knowledge ${k + 1} title` },
        { field: body, kind: 'long', value: entryBodies[k], what: `knowledge ${k + 1} body` },
        { field: dialog.getByLabel('Tags', { exact: true }), kind: 'tags', value: next(), fallback: '', what: `knowledge ${k + 1} tags` },
      ],
    });
    await check(`knowledge after entry ${k + 1}`);
  }
  await dismissAllToasts(page);

  // ---- Accounts: name, plan, specialisations, notes (names are unique ignoring case).
  const accountNames = new Set();
  for (let k = 0; k < ACCOUNTS; k++) {
    await goToSection(page, 'Accounts');
    await page.getByRole('button', { name: 'New account', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New account' });
    await dialog.waitFor();
    let name = k === 1 ? LONG[3] : next();
    while (accountNames.has(name.trim().toLowerCase())) name = next();
    if (chars(name.trim()) <= 200) accountNames.add(name.trim().toLowerCase());
    await dialog.getByLabel('Credits available', { exact: true }).fill('100');
    await dialog.getByLabel('Credit limit', { exact: true }).fill('100');
    await submitForm(page, {
      dialog,
      submit: 'Add account',
      fields: [
        { field: dialog.getByLabel('Name', { exact: true }), kind: 'name', value: name, fallback: `Account ${k + 1}`, what: `account ${k + 1} name` },
        { field: dialog.getByLabel('Plan', { exact: true }), kind: 'short', value: next(), fallback: '', what: `account ${k + 1} plan` },
        { field: dialog.getByLabel('Specialisations', { exact: true }), kind: 'tags', value: next(), fallback: '', what: `account ${k + 1} specialisations` },
        { field: dialog.getByLabel('Notes', { exact: true }), kind: 'long', value: k === 0 ? LONG[2] : next(), what: `account ${k + 1} notes` },
      ],
    });
    await check(`accounts after account ${k + 1}`);
  }
  await dismissAllToasts(page);
  assert.ok(cursor >= SHORT.length, `every short payload went into a plain-text field (${cursor} of ${SHORT.length})`);

  // ---- Nothing refused was saved: no name or title over 200 characters anywhere.
  await visit('projects');
  const projectNames = await page.getByRole('list', { name: 'Projects' }).getByRole('link').evaluateAll((links) => links.map((link) => link.textContent));
  assert.equal(projectNames.length, PROJECTS, 'every project was saved once');
  assert.ok(projectNames.includes('Project 1'), 'the refused name was replaced, not saved');
  assert.ok(projectNames.every((name) => [...name].length <= 200), 'no name over 200 characters was saved');
  await visit('accounts');
  const accountTitles = await page.getByRole('list', { name: 'Accounts' }).locator(':scope > li').count();
  assert.equal(accountTitles, ACCOUNTS, 'every account was saved once');
  await page.getByRole('list', { name: 'Accounts' }).getByRole('link', { name: 'Account 2', exact: true }).waitFor();
  await visit('knowledge');
  const entryTitles = await page.getByRole('list', { name: 'Knowledge entries' }).getByRole('heading', { level: 2 }).allTextContents();
  assert.equal(entryTitles.length, entryBodies.length, 'every knowledge entry was saved once');
  assert.ok(entryTitles.includes(`Entry ${entryBodies.length}`), 'the refused title was replaced, not saved');
  assert.ok(entryTitles.every((title) => [...title].length <= 200), 'no title over 200 characters was saved');
  // Expand every long body, so all of it is on the page.
  const more = page.getByRole('button', { name: /^Show more/ });
  for (let left = await more.count(); left > 0; left = await more.count()) await more.first().click();
  await check('knowledge, every entry expanded');

  // ---- Every route and every record's page.
  const accountPaths = [];
  await visit('accounts');
  for (const href of await page.getByRole('list', { name: 'Accounts' }).getByRole('link').evaluateAll((links) => links.map((link) => new URL(link.href).pathname))) {
    accountPaths.push(href);
  }
  const routes = ['', 'projects', 'sessions', 'handoffs', 'knowledge', 'insights', 'accounts', 'data', 'settings'];
  for (const route of routes) await visit(route, `/${route}`);
  for (const { path, title } of projects) {
    await visit(path);
    // The name is shown as the text it was typed.
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), title, `${path}: the name is shown as text`);
    await visit(`${path}/handoff`);
  }
  for (const path of accountPaths) await visit(path);

  // A refused value shows up nowhere.
  await visit('');
  t.diagnostic(`${PAYLOADS.length} payloads; ${checked.length} page checks; refused as expected:\n${refusals.join('\n')}`);
  assert.ok(refusals.some((line) => /project 1 name: Name is too long: 50,000 characters/.test(line)), 'the 50,000-character name was refused');
  assertClean(app);
});
