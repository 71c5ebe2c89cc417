// Search and the command palette: a word from a pasted transcript finds its session as you type (and
// with a typo), chosen by keyboard; commands run from the same list ("New project" opens its dialog,
// "Toggle theme"); the navigation's Search button; a record created in another tab is found; a trashed
// session's transcript is not; the palette passes axe with its combobox, listbox, groups and options.
//
// Every interaction goes through a role and an accessible name; the test ends with assertClean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, assertAccessible, screenshot, waitForAppReady } from './lib.mjs';
import { open, h1, nav, toasts, goToSection, eventually, createProject } from './helpers.mjs';

const RARE = 'zephyrquokka';
const TRANSCRIPT = [
  'User: Where should the cache live?',
  '',
  `Assistant: Put a ${RARE} cache in front of the store.`,
  'It keeps three entries.',
].join('\n');

const palette = (page) => page.getByRole('dialog', { name: 'Search', exact: true });
const box = (page) => palette(page).getByRole('combobox', { name: 'Search records and commands', exact: true });
const options = (page) => palette(page).getByRole('option');

/** Opens the palette with Control+K and waits for its box to take focus. */
async function openPalette(page) {
  await page.keyboard.press('Control+k');
  await palette(page).waitFor();
  await eventually(async () => assert.ok(await box(page).evaluate((el) => el === document.activeElement), 'the box has focus'));
}

/** Presses ArrowDown until `option` is the active descendant (at most once round the list). */
async function arrowTo(page, option) {
  const id = await option.getAttribute('id');
  const count = await options(page).count();
  for (let step = 0; step <= count; step++) {
    if ((await box(page).getAttribute('aria-activedescendant')) === id) break;
    await page.keyboard.press('ArrowDown');
  }
  assert.equal(await box(page).getAttribute('aria-activedescendant'), id, 'the option is active');
  assert.equal(await option.getAttribute('aria-selected'), 'true');
}

test('the palette finds a transcript word, opens it by keyboard, runs commands, follows other tabs', async (t) => {
  const app = await open(t, { path: 'projects' });
  const { page } = app;

  // A project, a session on it, and a transcript with a rare word.
  await createProject(page, 'Parser', 'A small parser');
  await page.locator('header.page-header').getByRole('button', { name: 'Start session', exact: true }).click();
  const start = page.getByRole('dialog', { name: 'Start session' });
  await start.getByLabel('Title', { exact: true }).fill('Write the tokenizer');
  await start.getByRole('button', { name: 'Start session', exact: true }).click();
  await h1(page, 'Session 1: Write the tokenizer').waitFor();
  const sessionUrl = page.url();
  const transcriptSection = page.getByRole('region', { name: 'Transcript' });
  await transcriptSection.getByRole('button', { name: 'Paste transcript', exact: true }).click();
  const paste = page.getByRole('dialog', { name: 'Paste transcript' });
  await paste.getByLabel('Conversation', { exact: true }).fill(TRANSCRIPT);
  await paste.getByRole('button', { name: 'Split into turns', exact: true }).click();
  await paste.getByRole('button', { name: 'Save transcript', exact: true }).click();
  await paste.waitFor({ state: 'hidden' });
  await toasts(page).getByText('Saved 2 turns to the transcript').waitFor();

  // Somewhere else, Control+K and part of the word: the turn is found, named by its session.
  await goToSection(page, 'Dashboard');
  await openPalette(page);
  // Nothing typed: the commands.
  for (const name of ['New project', 'Start session', 'Build handoff for Parser', 'Export everything', 'Toggle theme']) {
    await palette(page).getByRole('option', { name: new RegExp(`^${name}`) }).waitFor();
  }
  await box(page).pressSequentially(RARE.slice(0, 8));
  const hit = palette(page).getByRole('option', { name: /^Turn 2 Session 1: Write the tokenizer Assistant: / });
  await hit.waitFor();
  assert.equal(await hit.locator('mark').innerText(), RARE, 'the matching word is marked in the snippet');
  assert.ok((await hit.innerText()).includes('cache in front of the store'), 'the snippet shows the text around it');
  // The list says which query it shows, and is no longer busy once the snippets are in.
  const results = palette(page).getByRole('listbox', { name: 'Results', exact: true });
  await eventually(async () => assert.equal(await results.getAttribute('aria-busy'), 'false'));
  assert.equal(await results.getAttribute('data-query'), RARE.slice(0, 8));
  await palette(page).getByRole('group', { name: 'Transcripts' }).waitFor();
  await assertAccessible(page);
  await screenshot(page, 'search-palette');
  await arrowTo(page, hit);
  await page.keyboard.press('Enter');
  await palette(page).waitFor({ state: 'hidden' });
  await h1(page, 'Session 1: Write the tokenizer').waitFor();
  assert.equal(page.url(), sessionUrl);

  // A typo finds it too; Escape closes and focus goes back.
  await goToSection(page, 'Projects');
  const searchButton = nav(page).getByRole('button', { name: 'Search', exact: true });
  await searchButton.click();
  await palette(page).waitFor();
  await box(page).fill('zephyrqoukka');
  await palette(page).getByRole('option', { name: /^Turn 2 Session 1: Write the tokenizer Assistant: / }).waitFor();
  await page.keyboard.press('Escape');
  await palette(page).waitFor({ state: 'hidden' });
  await eventually(async () => assert.ok(await searchButton.evaluate((el) => el === document.activeElement), 'focus returns to Search'));

  // A record's name, fuzzily: the project opens.
  await openPalette(page);
  await box(page).fill('parsr');
  const project = palette(page).getByRole('option', { name: /^Parser/ });
  await project.waitFor();
  await arrowTo(page, project);
  await page.keyboard.press('Enter');
  await h1(page, 'Parser').waitFor();

  // A command: "New project" opens its dialog.
  await openPalette(page);
  await box(page).fill('new proj');
  const command = palette(page).getByRole('option', { name: /^New project/ });
  await command.waitFor();
  await arrowTo(page, command);
  await page.keyboard.press('Enter');
  const create = page.getByRole('dialog', { name: 'New project' });
  await create.waitFor();
  await h1(page, 'Projects').waitFor();
  await page.keyboard.press('Escape');
  await create.waitFor({ state: 'hidden' });

  // "Toggle theme" switches light and dark.
  const before = await page.evaluate(() => document.documentElement.dataset.theme ?? 'system');
  await openPalette(page);
  await box(page).fill('theme');
  await arrowTo(page, palette(page).getByRole('option', { name: /^Toggle theme/ }));
  await page.keyboard.press('Enter');
  await eventually(async () => {
    const after = await page.evaluate(() => document.documentElement.dataset.theme);
    assert.ok(after === 'light' || after === 'dark', `a theme is chosen: ${after}`);
    assert.notEqual(after, before);
  });

  // A project created in another tab is found here.
  const other = await app.newPage();
  await other.goto(app.at('projects'));
  await waitForAppReady(other);
  await createProject(other, 'Quokka garden', 'Made in the second tab');
  await page.bringToFront();
  await openPalette(page);
  await box(page).fill('quokka gar');
  await palette(page).getByRole('option', { name: /^Quokka garden/ }).waitFor({ timeout: 5000 });
  await page.keyboard.press('Escape');

  // A session in the trash is not offered, nor its transcript; Undo brings both back.
  await page.goto(sessionUrl);
  await h1(page, 'Session 1: Write the tokenizer').waitFor();
  // After the reload the index is built again in the background: found once it is.
  await openPalette(page);
  await box(page).fill(RARE);
  await palette(page).getByRole('option', { name: /^Turn 2 Session 1: Write the tokenizer/ }).waitFor();
  await page.keyboard.press('Escape');
  await palette(page).waitFor({ state: 'hidden' });
  await page.locator('header.page-header').getByRole('button', { name: 'Delete', exact: true }).click();
  await page
    .getByRole('dialog', { name: 'Delete Session 1: Write the tokenizer?' })
    .getByRole('button', { name: 'Move to trash', exact: true })
    .click();
  const undo = toasts(page)
    .getByRole('status')
    .filter({ hasText: 'Session 1: Write the tokenizer moved to the trash' })
    .getByRole('button', { name: 'Undo', exact: true });
  await undo.waitFor();
  await openPalette(page);
  await box(page).fill(RARE);
  await palette(page).getByText(`Nothing matches “${RARE}”.`).waitFor();
  await page.keyboard.press('Escape');
  await palette(page).waitFor({ state: 'hidden' });
  await undo.click();
  await openPalette(page);
  await box(page).fill(RARE);
  await palette(page).getByRole('option', { name: /^Turn 2 Session 1: Write the tokenizer/ }).waitFor();
  await page.keyboard.press('Escape');
  await goToSection(page, 'Projects');

  // The palette does not open over another dialog, and Control+K works from a field.
  await page.getByRole('button', { name: 'New project', exact: true }).click();
  await create.waitFor();
  await page.keyboard.press('Control+k');
  assert.equal(await palette(page).isVisible(), false, 'no palette over another dialog');
  await page.keyboard.press('Escape');
  await create.waitFor({ state: 'hidden' });
  await page.getByRole('search', { name: 'Filter projects' }).getByLabel('Search projects').focus();
  await openPalette(page);
  await page.keyboard.press('Escape');

  assertClean(app);
});
