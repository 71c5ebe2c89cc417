// The handoff loop end to end (issue 5): build a bundle for a target, watch the trimming follow
// the budget, redact a planted secret, copy (clipboard read back), queue, start the next session
// from the queue on the target account, paste the assistant's report into it, accept the preview,
// and see the living state, the checkpoint and the lineage updated.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { assertClean } from './lib.mjs';
import { open, createProject, createAccount, h1, toasts, eventually, textOf, goToSection } from './helpers.mjs';

const header = (page) => page.locator('header.page-header');
const PLANTED = 'ghp_FAKEFAKEFAKE1234567890abcdefghijKLMN';

async function setState(page, { goal, current, steps }) {
  const section = page.getByRole('region', { name: 'Living state' });
  await section.getByRole('button', { name: 'Edit living state' }).click();
  const form = page.getByRole('form', { name: 'Edit living state' });
  await form.getByLabel('Goal', { exact: true }).fill(goal);
  await form.getByLabel('Current state', { exact: true }).fill(current);
  for (const step of steps) {
    await form.getByRole('button', { name: 'Add next step' }).click();
    await form.getByRole('textbox', { name: /^Next step \d+$/ }).last().fill(step);
  }
  await form.getByRole('button', { name: 'Save living state' }).click();
  await toasts(page).getByText('Living state saved').waitFor();
}

async function runSession(page, { title, accomplishments }) {
  await header(page).getByRole('button', { name: 'Start session' }).click();
  const start = page.getByRole('dialog', { name: 'Start session' });
  await start.getByRole('combobox', { name: 'Account', exact: true }).selectOption({ label: 'Work Claude — 100 credits' });
  await start.getByLabel('Title', { exact: true }).fill(title);
  await start.getByRole('button', { name: 'Start session', exact: true }).click();
  await h1(page, `Session 1: ${title}`).waitFor();
  await header(page).getByRole('button', { name: 'Complete' }).click();
  const end = page.getByRole('dialog', { name: 'End session' });
  await end.getByLabel('Credits used', { exact: true }).fill('10');
  await end.getByLabel('Accomplishments', { exact: true }).fill(accomplishments);
  await end.getByRole('button', { name: 'Complete session', exact: true }).click();
  await end.waitFor({ state: 'hidden' });
}

const REPORT = `Thanks! Here is my end-of-session report:

\`\`\`handoff-report
status: completed
credits_used: 25
## ✅ Done
- Wrote the expression parser
- Added precedence climbing
## Current state
Parser handles binary operators; errors are still terse.
## Next steps
1. Improve error messages with spans
2. Add unary minus
## Blockers
- none
## Decisions
- Use precedence climbing — because it is short and fast (rejected: Pratt parser, parser generator)
## Files
- src/parser.rs — the parser
## Knowledge
- pattern: Precedence climbing — one loop handles every binary operator
\`\`\`

Let me know if you need anything else.`;

test('build, trim, redact, copy, queue, continue on the target, and apply the report', async (t) => {
  const app = await open(t, { path: 'projects' });
  const { page } = app;
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });

  await createAccount(page, { name: 'Work Claude', platform: 'Claude', credits: 100, limit: 100 });
  await createAccount(page, { name: 'Home GPT', platform: 'ChatGPT', credits: 60, limit: 60 });
  await createProject(page, 'Calculator', 'A calculator with a real parser');
  await setState(page, {
    goal: 'A calculator that parses any arithmetic expression',
    current: 'Tokenizer done; the parser is next.',
    steps: ['Write the expression parser', 'Add error messages'],
  });
  await runSession(page, { title: 'Tokenizer', accomplishments: `Tokenizer done. Deployed with token ${PLANTED} for the CI.` });

  // The builder: the ranked targets, Home GPT chosen.
  await page.getByRole('link', { name: 'Calculator' }).first().click();
  await h1(page, 'Calculator').waitFor();
  await header(page).getByRole('link', { name: 'Build handoff' }).click();
  await h1(page, 'Handoff: Calculator').waitFor();
  await page.getByRole('radio', { name: /Home GPT \(ChatGPT\)/ }).check();
  assert.equal(await page.getByRole('combobox', { name: 'Format' }).inputValue(), 'markdown', 'ChatGPT gets Markdown');
  const preview = page.getByRole('region', { name: 'Preview' });
  const bundleText = () => preview.getByLabel('Bundle text').innerText();
  await eventually(async () => assert.match(await bundleText(), /A calculator that parses any arithmetic expression/));
  assert.match(await bundleText(), /Write the expression parser/);
  assert.match(await bundleText(), /handoff-report/);

  // Trimming follows the budget.
  const trimmed = page.locator('#builder-trimmed');
  await eventually(async () => assert.equal(await textOf(trimmed), 'Nothing trimmed.'));
  const estimate = Number((await textOf(page.locator('#builder-estimate'))).match(/≈\s*([\d,]+)/)[1].replace(/,/g, ''));
  await page.getByLabel('Token budget').fill(String(estimate - 20));
  await eventually(async () => assert.match(await textOf(trimmed), /omitted: 1 older session/));
  assert.doesNotMatch(await bundleText(), /Tokenizer done\. Deployed/, 'the session is left out');
  assert.match(await textOf(page.locator('#builder-estimate')), /fits/);
  const smaller = await textOf(trimmed);
  await page.getByLabel('Token budget').fill('40');
  await eventually(async () => assert.match(await textOf(preview), /required sections alone exceed the budget/));
  await page.getByLabel('Token budget').fill('');
  await eventually(async () => assert.equal(await textOf(trimmed), 'Nothing trimmed.'));
  assert.ok(smaller.length > 0);

  // The lint finds the planted token; Redact replaces it in the bundle (not in the data).
  const findings = page.getByRole('list', { name: 'Lint findings' });
  await eventually(async () => assert.match(await textOf(findings), /GitHub/i));
  assert.match(await bundleText(), new RegExp(PLANTED));
  await findings.getByRole('button', { name: /^Redact .*GitHub/i }).click();
  await eventually(async () => assert.match(await bundleText(), /\[REDACTED:github_token\]/));
  assert.doesNotMatch(await bundleText(), new RegExp(PLANTED));

  // Copy: the clipboard holds exactly the redacted bundle.
  await preview.getByRole('button', { name: 'Copy bundle' }).click();
  const dialog = page.getByRole('dialog', { name: 'Copy with lint errors?' });
  if (await dialog.isVisible().catch(() => false)) await dialog.getByRole('button', { name: 'Copy anyway' }).click();
  await toasts(page).getByText('Bundle copied').waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied.trim(), (await bundleText()).trim());
  assert.doesNotMatch(copied, new RegExp(PLANTED));

  // Queue it, then start the next session from it on Home GPT.
  await page.getByLabel('Queue priority (1–10)').fill('8');
  await preview.getByRole('button', { name: 'Queue handoff' }).click();
  // The empty required blockers section is still a lint error: queueing asks first.
  await page.getByRole('dialog', { name: 'Queue with lint errors?' }).getByRole('button', { name: 'Queue anyway' }).click();
  await h1(page, 'Handoffs').waitFor();
  const queue = page.getByRole('list', { name: 'Handoff queue' });
  const item = queue.getByRole('listitem', { name: 'Calculator: handoff to Home GPT' });
  await item.waitFor();
  assert.match(await textOf(item), /Work Claude → Home GPT/);
  assert.match(await textOf(item), /Pending/);
  await item.getByRole('button', { name: 'Start session' }).click();
  const start = page.getByRole('dialog', { name: 'Start the next session from this handoff' });
  await eventually(async () => assert.match(await start.getByRole('combobox', { name: 'Account' }).locator('option:checked').innerText(), /Home GPT/));
  await start.getByLabel('Title', { exact: true }).fill('Parser');
  await start.getByRole('button', { name: 'Start session' }).click();
  await h1(page, 'Session 2: Parser').waitFor();
  // The bundle is offered to paste.
  const pasteDialog = page.getByRole('dialog', { name: 'Previous handoff' });
  await pasteDialog.waitFor();
  assert.match(await pasteDialog.getByLabel('Text to paste').inputValue(), /\[REDACTED:github_token\]/);
  await pasteDialog.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('link', { name: 'A queued handoff' }).waitFor();

  // Paste the report, review, accept.
  await header(page).getByRole('button', { name: 'Paste report' }).click();
  const reportDialog = page.getByRole('dialog', { name: 'Paste the session report' });
  await reportDialog.getByLabel('Report', { exact: true }).fill(REPORT);
  await reportDialog.getByRole('button', { name: 'Read the report' }).click();
  await reportDialog.getByRole('checkbox', { name: /Take the new current state/ }).waitFor();
  assert.equal(await reportDialog.getByLabel('Credits used').inputValue(), '25');
  assert.match(await reportDialog.getByLabel('New next steps, one per line (editable)').inputValue(), /Improve error messages with spans/);
  await reportDialog.getByRole('button', { name: 'Apply report' }).click();
  await toasts(page).getByText(/Report applied/).waitFor();
  await eventually(async () => assert.match(await textOf(page.getByRole('region', { name: 'Report' })), /Wrote the expression parser/));

  // The project: new living state, a checkpoint of the old one, and the lineage across accounts.
  await page.getByRole('region', { name: 'Details' }).getByRole('link', { name: 'Calculator' }).click();
  await h1(page, 'Calculator').waitFor();
  const living = page.getByRole('region', { name: 'Living state' });
  await eventually(async () => assert.match(await textOf(living), /Parser handles binary operators/));
  assert.match(await textOf(living), /Improve error messages with spans/);
  assert.match(await textOf(living), /precedence climbing/i);
  const checkpoints = page.getByRole('list', { name: 'Checkpoints' });
  await eventually(async () => assert.match(await textOf(checkpoints), /Before the report of session 2/));
  assert.match(await textOf(checkpoints), /Handoff to Home GPT/);
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await eventually(async () => assert.match(await textOf(timeline), /session 1 \(Work Claude\) → handoff → session 2 \(Home GPT\)/));

  // Home GPT paid 25 credits.
  await goToSection(page, 'Accounts');
  await eventually(async () => assert.match(await textOf(page.getByRole('list', { name: 'Accounts' })), /35 of 60 credits left/));
  assertClean(app);
});

test('the queue: fail with a reason, retry, and the AI endpoint path with its honest fallback', async (t) => {
  // A small OpenAI-compatible server: the first call fails, the second answers.
  let calls = 0;
  const bodies = [];
  const server = http.createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'content-type, authorization', 'Access-Control-Allow-Methods': 'POST, OPTIONS' };
    if (req.method === 'OPTIONS') { res.writeHead(204, cors); res.end(); return; }
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      calls += 1;
      bodies.push({ url: req.url, auth: req.headers.authorization, body });
      if (calls === 1) {
        res.writeHead(500, { ...cors, 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'model is loading' } }));
      } else {
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'CONDENSED MASTER PROMPT' } }] }));
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const endpoint = `http://127.0.0.1:${server.address().port}/v1`;

  const app = await open(t, { path: 'projects' });
  const { page } = app;
  await createProject(page, 'Notes app', 'Markdown notes');
  await header(page).getByRole('link', { name: 'Build handoff' }).click();
  await h1(page, 'Handoff: Notes app').waitFor();

  // A first visit with no data offers the walkthrough; hidden, it stays hidden.
  const guide = page.getByRole('region', { name: 'New to handoffs? A walk through the builder' });
  await guide.getByText('Step 1 of 4: Fill the living state').waitFor();
  await guide.getByRole('button', { name: 'Next step' }).click();
  await guide.getByText('Step 2 of 4: Choose who takes over').waitFor();
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'builder-target'));
  await guide.getByRole('button', { name: 'Hide this guide' }).click();
  await guide.waitFor({ state: 'detached' });

  // No endpoint: the honest fallback.
  const tools = page.getByRole('region', { name: 'Prompt tools' });
  await tools.getByRole('button', { name: 'AI-assisted condensing' }).click();
  await tools.getByText(/No AI endpoint is set up/).waitFor();

  // Condense notes (the original's levels), and the troubleshooting prompt.
  await tools.getByRole('button', { name: 'Condense notes' }).click();
  await tools.getByLabel('Notes to condense').fill('Loading…\n---\n✅ Parser works\nsmall\nIMPORTANT: keep the API stable\n');
  await tools.getByRole('radio', { name: 'High' }).check();
  await eventually(async () => assert.equal(await tools.getByLabel('Condensed notes').inputValue(), '✅ Parser works\nIMPORTANT: keep the API stable'));
  await tools.getByRole('button', { name: 'Troubleshooting prompt' }).click();
  await tools.getByRole('button', { name: 'Build the prompt' }).click();
  await eventually(async () => assert.equal(await tools.getByLabel('Error message').getAttribute('aria-invalid'), 'true'));
  await tools.getByLabel('Error message').fill('TypeError: x is undefined');
  await tools.getByRole('button', { name: 'Build the prompt' }).click();
  const prompt = await tools.getByLabel('Debugging prompt').inputValue();
  assert.match(prompt, /TypeError: x is undefined/);
  assert.match(prompt, /Notes app/);

  // Configure the endpoint in Settings (key in memory only).
  await goToSection(page, 'Settings');
  await page.getByLabel('Endpoint URL').fill(endpoint);
  await page.getByLabel('Model').fill('local-model');
  await page.getByLabel('API key').fill('sk-local-test');
  await page.getByRole('button', { name: 'Save AI endpoint' }).click();
  await toasts(page).getByText('AI endpoint saved').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('baton.preferences')).then((text) => JSON.parse(text).ai_key), null, 'the key is not remembered');

  await goToSection(page, 'Projects');
  await page.getByRole('link', { name: 'Notes app' }).first().click();
  await header(page).getByRole('link', { name: 'Build handoff' }).click();
  await h1(page, 'Handoff: Notes app').waitFor();
  assert.equal(await guide.count(), 0, 'the hidden guide stays hidden');
  await tools.getByRole('button', { name: 'AI-assisted condensing' }).click();
  await tools.getByRole('button', { name: 'Condense with AI' }).click();
  await tools.getByText(/The AI endpoint failed: .*model is loading.* The bundle above is unchanged/).waitFor();
  await tools.getByRole('button', { name: 'Condense with AI' }).click();
  await eventually(async () => assert.equal(await tools.getByLabel('Condensed by the model').inputValue(), 'CONDENSED MASTER PROMPT'));
  assert.equal(bodies.length, 2);
  assert.equal(bodies[1].url, '/v1/chat/completions');
  assert.equal(bodies[1].auth, 'Bearer sk-local-test');
  assert.equal(JSON.parse(bodies[1].body).model, 'local-model');
  await tools.getByText('Request and response').click();
  await tools.getByLabel('Request body').waitFor();

  // Queue with no target, mark failed with a reason, retry.
  await page.getByRole('region', { name: 'Preview' }).getByRole('button', { name: 'Queue handoff' }).click();
  const dialog = page.getByRole('dialog', { name: 'Copy with lint errors?' });
  // An empty living state leaves required sections empty: queueing asks first.
  await page.getByRole('dialog', { name: 'Queue with lint errors?' }).getByRole('button', { name: 'Queue anyway' }).click();
  await h1(page, 'Handoffs').waitFor();
  assert.equal(await dialog.count(), 0);
  const item = page.getByRole('list', { name: 'Handoff queue' }).getByRole('listitem', { name: 'Notes app: handoff' });
  await item.getByRole('button', { name: 'Mark failed' }).click();
  const fail = page.getByRole('dialog', { name: 'Mark the handoff failed' });
  await fail.getByLabel('Why did it fail?').fill('The target chat refused the paste');
  await fail.getByRole('button', { name: 'Mark failed' }).click();
  await page.getByRole('button', { name: /^Failed \(1\)$/ }).click();
  const failed = page.getByRole('list', { name: 'Handoff queue' }).getByRole('listitem', { name: 'Notes app: handoff' });
  assert.match(await textOf(failed), /Failed: The target chat refused the paste/);
  await failed.getByRole('button', { name: 'Retry' }).click();
  await page.getByRole('button', { name: /^Pending \(1\)$/ }).click();
  await page.getByRole('list', { name: 'Handoff queue' }).getByRole('listitem', { name: 'Notes app: handoff' }).waitFor();
  // The deliberate 500 of the first call is the only error allowed.
  assertClean(app, {
    allowOrigins: [new URL(endpoint).origin],
    allowErrors: [/status of 500 .*\/v1\/chat\/completions/],
    allowFailedRequests: [/\/v1\/chat\/completions: HTTP 500/],
  });
});

test('a bundle with lint errors asks before Download and before Queue, as it does before Copy', async (t) => {
  const app = await open(t, { path: 'projects' });
  const { page } = app;
  await createProject(page, 'Leaky', 'Holds a token');
  await setState(page, { goal: 'Ship it', current: `Deployed with token ${PLANTED} for the CI.`, steps: ['Rotate the token'] });
  await header(page).getByRole('link', { name: 'Build handoff' }).click();
  await h1(page, 'Handoff: Leaky').waitFor();
  const preview = page.getByRole('region', { name: 'Preview' });
  const findings = page.getByRole('list', { name: 'Lint findings' });
  // Two errors: the planted secret, and the required blockers section left empty.
  await eventually(async () => assert.match(await textOf(findings), /GitHub/i));
  assert.match(await textOf(findings), /The required section “Blockers and open questions” is empty/);
  let downloads = 0;
  page.on('download', () => downloads++);

  // Download: asks; Cancel downloads nothing; "Download anyway" downloads the bundle with the secret.
  await preview.getByRole('button', { name: 'Download' }).click();
  const askDownload = page.getByRole('dialog', { name: 'Download with lint errors?' });
  await askDownload.getByText('The lint found 2 errors in this bundle (see the list). Download it anyway?').waitFor();
  await askDownload.getByRole('button', { name: 'Cancel' }).click();
  await askDownload.waitFor({ state: 'hidden' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(downloads, 0, 'nothing was downloaded after Cancel');
  await preview.getByRole('button', { name: 'Download' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    askDownload.getByRole('button', { name: 'Download anyway' }).click(),
  ]);
  const fs = await import('node:fs/promises');
  assert.match(await fs.readFile(await download.path(), 'utf8'), new RegExp(PLANTED));

  // Redacting the secret leaves the empty required section: Download still asks, for 1 error.
  await findings.getByRole('button', { name: /^Redact .*GitHub/i }).click();
  await eventually(async () => assert.doesNotMatch(await preview.getByLabel('Bundle text').innerText(), new RegExp(PLANTED)));
  await preview.getByRole('button', { name: 'Download' }).click();
  await askDownload.getByText('The lint found 1 error in this bundle (see the list). Download it anyway?').waitFor();
  await page.keyboard.press('Escape');
  await askDownload.waitFor({ state: 'hidden' });

  // Queue: asks; Cancel stays on the builder with nothing queued; "Queue anyway" queues.
  await preview.getByRole('button', { name: 'Queue handoff' }).click();
  const askQueue = page.getByRole('dialog', { name: 'Queue with lint errors?' });
  await askQueue.getByText('The lint found 1 error in this bundle (see the list). Queue it anyway?').waitFor();
  await askQueue.getByRole('button', { name: 'Cancel' }).click();
  await askQueue.waitFor({ state: 'hidden' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await h1(page, 'Handoff: Leaky').waitFor();
  await preview.getByRole('button', { name: 'Queue handoff' }).click();
  await askQueue.getByRole('button', { name: 'Queue anyway' }).click();
  await h1(page, 'Handoffs').waitFor();
  const queue = page.getByRole('list', { name: 'Handoff queue' });
  await queue.getByRole('listitem', { name: 'Leaky: handoff' }).waitFor();
  assert.equal(await queue.getByRole('listitem', { name: 'Leaky: handoff' }).count(), 1, 'Cancel queued nothing');
  assert.equal(downloads, 1);
  assertClean(app);
});

test('a code block larger than a part is split with its fence closed and reopened, and the builder says so', async (t) => {
  const app = await open(t, { path: 'projects' });
  const { page } = app;
  await createProject(page, 'Big block');
  const code = Array.from({ length: 12 }, (_, n) => `let value_${n} = compute_something_long(${n});`).join('\n');
  await setState(page, { goal: 'Keep the code readable', current: `The parser:\n\n\`\`\`rust\n${code}\n\`\`\``, steps: ['Split it'] });
  await header(page).getByRole('link', { name: 'Build handoff' }).click();
  await h1(page, 'Handoff: Big block').waitFor();
  const split = page.locator('#builder-split');
  await eventually(async () => assert.equal(await textOf(split), 'One part.'));
  await page.getByLabel('Paste limit (characters)').fill('300');
  await eventually(async () => assert.match(await textOf(split), /^Split into \d+ parts\. A code block larger than a part is split across parts (\d+)–(\d+): /));
  const [, from, to] = (await textOf(split)).match(/across parts (\d+)–(\d+)/).map(Number);
  assert.ok(to > from);
  const preview = page.getByRole('region', { name: 'Preview' });
  const first = await preview.getByLabel(new RegExp(`^Part ${from} of \\d+$`)).innerText();
  assert.match(first, new RegExp(`\`\`\`\\n\\(code block continues in part ${from + 1}\\)\\s*$`));
  const next = await preview.getByLabel(new RegExp(`^Part ${from + 1} of \\d+$`)).innerText();
  assert.match(next, /^Part \d+ of \d+ — .*\n\n```rust\n/);
  assertClean(app);
});
