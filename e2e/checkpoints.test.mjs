// Checkpoints on the project page: take one, edit the living state, compare the two, restore the
// first, undo the restore; the timeline lists them (issue 4).
import test from 'node:test';
import assert from 'node:assert/strict';
import { assertClean } from './lib.mjs';
import { open, createProject, h1, toasts, dismissAllToasts, reload, eventually, goToSection, textOf, assertGone, projectLink } from './helpers.mjs';

async function setGoal(page, goal, steps = []) {
  const section = page.getByRole('region', { name: 'Living state' });
  await section.getByRole('button', { name: 'Edit living state' }).click();
  const form = page.getByRole('form', { name: 'Edit living state' });
  await form.getByLabel('Goal', { exact: true }).fill(goal);
  for (const step of steps) {
    await form.getByRole('button', { name: 'Add next step' }).click();
    const fields = form.getByRole('textbox', { name: /^Next step \d+$/ });
    await fields.last().fill(step);
  }
  await form.getByRole('button', { name: 'Save living state' }).click();
  await toasts(page).getByText('Living state saved').waitFor();
}

async function takeCheckpoint(page, label) {
  const section = page.getByRole('region', { name: 'Checkpoints' });
  await section.getByRole('button', { name: 'Take checkpoint' }).click();
  const dialog = page.getByRole('dialog', { name: 'Take checkpoint' });
  await dialog.getByLabel('Label', { exact: true }).fill(label);
  await dialog.getByLabel('Git commit or branch').fill('main@abc123');
  await dialog.getByRole('button', { name: 'Take checkpoint' }).click();
  await toasts(page).getByText(`Checkpoint “${label}” taken`).waitFor();
}

const goalText = (page) => page.getByRole('region', { name: 'Living state' }).getByText(/^Ship /);

test('checkpoints: take, compare, restore and undo the restore', async (t) => {
  const app = await open(t);
  const { page } = app;
  await createProject(page, 'Checkpointed');
  await setGoal(page, 'Ship version one', ['Write the parser']);
  await takeCheckpoint(page, 'First cut');
  await dismissAllToasts(page);
  await setGoal(page, 'Ship version two', ['Write the renderer']);
  await takeCheckpoint(page, 'Second cut');
  await dismissAllToasts(page);

  const list = page.getByRole('list', { name: 'Checkpoints' });
  assert.equal(await list.getByRole('listitem').count(), 2);
  // The timeline shows both checkpoints.
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await timeline.getByText('Checkpoint: First cut').waitFor();
  await timeline.getByText('Checkpoint: Second cut').waitFor();

  // Compare: what changed between the two, field by field.
  await list.getByRole('checkbox', { name: 'Compare First cut' }).check();
  await list.getByRole('checkbox', { name: 'Compare Second cut' }).check();
  await page.getByRole('button', { name: 'Compare selected' }).click();
  const compare = page.getByRole('dialog', { name: 'Compare checkpoints' });
  await compare.getByText('From “First cut” to “Second cut”').waitFor();
  await compare.getByText('Ship version one').waitFor();
  await compare.getByText('Ship version two').waitFor();
  const summary = await compare.getByRole('list', { name: 'Summary of changes' }).innerText();
  assert.match(summary, /Goal/);
  await page.keyboard.press('Escape');
  await compare.waitFor({ state: 'hidden' });

  // Restore the first: the goal goes back; a checkpoint of the replaced state is kept.
  await list.getByRole('button', { name: 'Restore First cut' }).click();
  await page.getByRole('dialog', { name: 'Restore “First cut”?' }).getByRole('button', { name: 'Restore checkpoint' }).click();
  await eventually(async () => assert.equal(await goalText(page).innerText(), 'Ship version one'));
  await eventually(async () => assert.equal(await list.getByRole('listitem').count(), 3));
  await list.getByRole('checkbox', { name: 'Compare Before restoring “First cut”' }).waitFor();

  // Undo from the toast: the replaced state comes back.
  await toasts(page).getByRole('button', { name: 'Undo' }).click();
  await eventually(async () => assert.equal(await goalText(page).innerText(), 'Ship version two'));
  await reload(page);
  await h1(page, 'Checkpointed').waitFor();
  assert.equal(await goalText(page).innerText(), 'Ship version two');

  // View shows the checkpoint's living state.
  await page.getByRole('list', { name: 'Checkpoints' }).getByRole('button', { name: 'View First cut' }).click();
  const view = page.getByRole('dialog', { name: 'First cut' });
  await view.getByText('Ship version one').waitFor();
  await page.keyboard.press('Escape');
  assertClean(app);
});

test('checkpoints: edit the label and note (never the captured state), delete with Undo, restore from the Trash', async (t) => {
  const app = await open(t);
  const { page } = app;
  await createProject(page, 'Edited checkpoints');
  await setGoal(page, 'Ship version one');
  await takeCheckpoint(page, 'Draft label');
  await dismissAllToasts(page);
  await setGoal(page, 'Ship version two');
  const list = page.getByRole('list', { name: 'Checkpoints' });

  // Edit by keyboard: the form holds the checkpoint's own words; saving changes them only.
  await list.getByRole('button', { name: 'Edit Draft label' }).focus();
  await page.keyboard.press('Enter');
  const edit = page.getByRole('dialog', { name: 'Edit checkpoint' });
  const label = edit.getByLabel('Label', { exact: true });
  assert.equal(await label.inputValue(), 'Draft label');
  assert.equal(await edit.getByLabel('Git commit or branch').inputValue(), 'main@abc123');
  await label.fill('');
  await edit.getByRole('button', { name: 'Save checkpoint' }).click();
  await edit.getByText('Label is required.').waitFor();
  assert.equal(await edit.isVisible(), true, 'an empty label is refused and the dialog stays open');
  await label.fill('Parser done');
  await edit.getByLabel('Note', { exact: true }).fill('Before the renderer work');
  await edit.getByRole('button', { name: 'Save checkpoint' }).click();
  await toasts(page).getByText('Checkpoint “Parser done” saved').waitFor();
  await edit.waitFor({ state: 'hidden' });
  await eventually(async () => assert.match(await textOf(list), /Parser done.*Before the renderer work/));
  assert.doesNotMatch(await textOf(list), /Draft label/);
  await page.getByRole('list', { name: 'Timeline' }).getByText('Checkpoint: Parser done').waitFor();
  // The captured state is the one of when it was taken, not the current one.
  await list.getByRole('button', { name: 'View Parser done' }).click();
  const view = page.getByRole('dialog', { name: 'Parser done' });
  await view.getByText('Ship version one').waitFor();
  await page.keyboard.press('Escape');
  await view.waitFor({ state: 'hidden' });
  await reload(page);
  await h1(page, 'Edited checkpoints').waitFor();
  await list.getByRole('button', { name: 'View Parser done' }).waitFor();
  await dismissAllToasts(page);

  // Delete: to the trash, with Undo in the toast.
  await list.getByRole('button', { name: 'Delete Parser done' }).click();
  await toasts(page).getByText('Checkpoint “Parser done” moved to the trash').waitFor();
  await page.getByText('No checkpoints yet.', { exact: false }).waitFor();
  await toasts(page).getByRole('button', { name: 'Undo' }).click();
  await toasts(page).getByText('Checkpoint restored').waitFor();
  await list.getByRole('button', { name: 'View Parser done' }).waitFor();
  await dismissAllToasts(page);

  // Deleted again, it waits in the Data page's trash and comes back from there.
  await list.getByRole('button', { name: 'Delete Parser done' }).click();
  await toasts(page).getByText('Checkpoint “Parser done” moved to the trash').waitFor();
  await goToSection(page, 'Data');
  const trash = page.getByRole('list', { name: 'Trash' });
  await eventually(async () => assert.match(await textOf(trash), /Parser done Checkpoint · deleted/));
  await trash.getByRole('button', { name: 'Restore Parser done', exact: true }).click();
  await toasts(page).getByText('“Parser done” restored').waitFor();
  await assertGone(trash.getByRole('button', { name: 'Restore Parser done', exact: true }), 'the trash entry');
  await goToSection(page, 'Projects');
  await projectLink(page, 'Edited checkpoints').click();
  await h1(page, 'Edited checkpoints').waitFor();
  await list.getByRole('button', { name: 'View Parser done' }).waitFor();
  assertClean(app);
});
