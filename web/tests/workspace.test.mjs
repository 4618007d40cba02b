// Browser tests of the collaborative workspace, run by tests/system/test_web.py
// against a whole system it started:
//   node web/tests/workspace.test.mjs URL ARTIFACTS_DIR FIXTURES.json
// Sign-in with the session cookie, create → fill fr/ar → submit → rejected with
// a reason → fixed → resubmitted → published → on the public atlas; two
// editors at once (conflict view, merge, nothing lost); another organisation's
// draft refused (also by its URL); an ended session returns the user where
// they were. Screenshots in French and Arabic go to ARTIFACTS_DIR.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiFetch, assert, axeViolations, start } from './harness.mjs';

const { base, artifacts, fixtures: fx, browser, check, finish } = await start();
const errors = [];
async function open(user, path = '/workspace', password = fx.password) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}${path}`);
  await page.waitForURL(/\/workspace\/signin/);
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('form.ws-signin button[type=submit]');
  await page.waitForSelector('#page-title');
  await page.waitForFunction(() => !location.pathname.endsWith('/signin'));
  return page;
}
// The API as a partner system would see it (for checks, not for the flow).
const api = (user, method, path, body) => apiFetch(base, user, fx.password, method, path, body).then((r) => r.json());
const saved = (page) => page.waitForFunction(() => /enregistré|saved|حفظ/.test(document.querySelector('.ws-status')?.textContent ?? '')
  && !/…/.test(document.querySelector('.ws-status')?.textContent ?? ''), null, { timeout: 15000 });

const word = `Chefchaouen${Date.now() % 100000}`;
let editor, validator, projectId;
// Four parts, each its own ctest entry (issue 27: each under a third of its
// timeout): fx.part 'flow' (a project's life and history), 'review' (analysis,
// practices, a consultation), 'admin' (administration, taxonomy, access,
// sessions) or 'a11y' (screenshots, axe-core) — the last three on a published
// project of the fixtures; no part: all.
const part = fx.part ?? 'all';
const only = (wanted) => (name, fn) => (part === 'all' || part === wanted ? check(name, fn) : undefined);
const inFlow = only('flow');
const inAdmin = only('admin');
const inA11y = only('a11y');
const inReview = only('review');
if (part === 'admin' || part === 'a11y' || part === 'review') {
  editor = await open(fx.editor);
  validator = await open(fx.validator);
  projectId = fx.projectId;
}

await inFlow('an editor signs in; the session is an HttpOnly cookie, no token in storage', async () => {
  editor = await open(fx.editor);
  assert(await editor.locator('h1').textContent() !== '', 'no page');
  const stored = await editor.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  assert(!/eyJ|atlas_session/.test(stored), `token visible to scripts: ${stored.slice(0, 80)}`);
  const cookies = await editor.context().cookies();
  const c = cookies.find((x) => x.name === 'atlas_session');
  assert(c && c.httpOnly && c.secure && c.sameSite === 'Strict' && c.path === '/v1/auth', `cookie ${JSON.stringify(c)}`);
  await editor.screenshot({ path: join(artifacts, 'workspace-list-fr.png'), fullPage: true });
});

await inFlow('the editor creates a project, fills it in French and Arabic, sees field errors, submits', async () => {
  await editor.click('a.button.primary');
  await editor.waitForURL(/\/workspace\/projects\/new/);
  await editor.fill('#title-fr', `Formation numérique ${word}`);
  await saved(editor);
  await editor.waitForURL(/\/workspace\/projects\/[0-9a-f-]{36}/);
  projectId = editor.url().split('/').pop().split('?')[0];
  await editor.fill('#title-ar', `تكوين رقمي ${word}`);
  await editor.fill('#summary-fr', 'Des ateliers de compétences numériques pour les jeunes, animés par la diaspora.');
  await editor.fill('#summary-ar', 'ورشات في المهارات الرقمية للشباب يؤطرها أفراد من الجالية.');
  await editor.check('[data-field=themes] input[value=skills]');
  await editor.check('[data-field=regionCodes] input[value="MA-02"]');
  await editor.selectOption('#f-status', 'IMPLEMENTATION');
  // A latitude out of range: the API's message appears beside the field, in French.
  await editor.fill('input[name=latitude]', '123');
  await editor.fill('input[name=longitude]', '-1.9');
  await editor.waitForFunction(() => !document.querySelector('#err-location').hidden, null, { timeout: 15000 });
  const message = await editor.locator('#err-location').textContent();
  assert(/-90/.test(message), `location error: ${message}`);
  await editor.fill('input[name=latitude]', '34.68');
  await saved(editor);
  assert(await editor.locator('#err-location').isHidden(), 'error stays after the fix');
  await editor.screenshot({ path: join(artifacts, 'workspace-form-fr.png'), fullPage: true });
  await editor.click('text=Soumettre pour validation');
  await editor.waitForSelector('.ws-state.ws-submitted');
  const p = await api(fx.editor, 'GET', `/v1/projects/${projectId}?view=WORKING`);
  assert(p.state === 'SUBMITTED' && p.title.ar.includes(word) && p.summary.ar && p.regionCodes[0] === 'MA-02'
    && Math.abs(p.location.latitude - 34.68) < 1e-9, `saved ${JSON.stringify(p).slice(0, 300)}`);
});

await inFlow('a validator sees it in the queue with its changes and sends it back with a reason', async () => {
  validator = await open(fx.validator, '/workspace/queue?lang=ar');
  const card = validator.locator(`article[data-project="${projectId}"]`);
  await card.waitFor();
  assert(await card.locator('tr[data-field="title.fr"] .ws-new').textContent().then((t) => t.includes(word)), 'title not in the diff');
  assert(await validator.evaluate(() => document.documentElement.dir) === 'rtl', 'Arabic not right-to-left');
  await validator.screenshot({ path: join(artifacts, 'workspace-queue-ar.png'), fullPage: true });
  await card.locator('textarea').fill('Ajoutez le budget annuel et les partenaires.');
  await card.locator('button:not(.primary)').click();
  await validator.waitForFunction((id) => !document.querySelector(`article[data-project="${id}"]`), projectId, { timeout: 15000 });
});

await inFlow('the editor sees the reason, fixes the project and resubmits; the validator publishes; the atlas shows it', async () => {
  await editor.goto(`${base}/workspace/projects/${projectId}`);
  await editor.locator('.ws-reason').waitFor();
  assert((await editor.locator('.ws-reason').textContent()).includes('Ajoutez le budget'), 'reason not shown');
  await editor.click('[data-field=budget] button.link:last-child');
  await editor.fill('[data-field=budget] tbody tr:first-child td:nth-child(2) input', '250000');
  // Every field has its place in the form: a named place with its point, a document, a contact.
  await editor.click('[data-field=places] > div > button.link');
  await editor.fill('[data-field=places] tbody tr:first-child td:nth-child(1) input', 'Maison des jeunes, Oujda');
  await editor.fill('[data-field=places] tbody tr:first-child td:nth-child(2) input', '34.6814');
  await editor.fill('[data-field=places] tbody tr:first-child td:nth-child(3) input', '-1.9086');
  await editor.click('[data-field=documents] > div > button.link');
  await editor.fill('[data-field=documents] tbody tr:first-child td:nth-child(1) input', 'Rapport annuel');
  await editor.fill('[data-field=documents] tbody tr:first-child td:nth-child(2) input', 'https://example.org/rapport.pdf');
  await editor.selectOption('#f-mechanism', { index: 1 });
  // The map picker: a click on Casablanca-Settat adds the region; in point mode a click places the point.
  await editor.waitForFunction(() => window.atlasPicker?.loaded() && window.atlasPicker.areTilesLoaded(), null, { timeout: 30000 });
  const click = async (lng, lat) => {
    await editor.locator('.ws-picker-map').scrollIntoViewIfNeeded();
    await editor.waitForFunction(() => window.atlasPicker.loaded() && window.atlasPicker.areTilesLoaded());
    const box = await editor.locator('.ws-picker-map').boundingBox();
    const p = await editor.evaluate(([x, y]) => window.atlasPicker.project([x, y]), [lng, lat]);
    await editor.mouse.click(box.x + p.x, box.y + p.y);
  };
  await click(-7.3, 32.9);
  await editor.waitForFunction(() => document.querySelector('[data-field=regionCodes] input[value="MA-06"]').checked);
  await editor.check('input[name=picker-mode][value=point]');
  await click(-1.91, 34.68);
  await editor.waitForFunction(() => Math.abs(Number(document.querySelector('input[name=latitude]').value) - 34.68) < 0.3);
  await saved(editor);
  const fixed = await api(fx.editor, 'GET', `/v1/projects/${projectId}?view=WORKING`);
  assert(fixed.places?.[0]?.name === 'Maison des jeunes, Oujda' && Math.abs(fixed.places[0].point.latitude - 34.6814) < 1e-9
    && fixed.documents?.[0]?.url === 'https://example.org/rapport.pdf' && fixed.mechanism
    && fixed.regionCodes.includes('MA-06') && Math.abs(fixed.location.longitude + 1.91) < 0.3,
    `not saved: ${JSON.stringify(fixed).slice(0, 300)}`);
  await editor.click('text=Soumettre pour validation');
  await editor.waitForSelector('.ws-state.ws-submitted');
  await validator.goto(`${base}/workspace/queue`);
  const card = validator.locator(`article[data-project="${projectId}"]`);
  await card.waitFor();
  await card.locator('button.primary').click();
  await validator.waitForFunction((id) => !document.querySelector(`article[data-project="${id}"]`), projectId, { timeout: 15000 });
  const atlas = await browser.newPage();
  await atlas.goto(`${base}/?q=${word}`);
  await atlas.waitForFunction(() => document.querySelector('.total')?.dataset.total === '1', null, { timeout: 15000 });
  assert((await atlas.locator('.results li a').first().textContent()).includes(word), 'not on the public atlas');
  await atlas.close();
});

await inFlow('two editors at once: the second sees both versions and merges without losing text', async () => {
  const second = await open(fx.editor2, `/workspace/projects/${projectId}`);
  await editor.goto(`${base}/workspace/projects/${projectId}`);
  await editor.locator('#summary-fr').waitFor();
  await second.locator('#summary-fr').waitFor();
  // The second editor saves first: a new summary and new objectives.
  await second.fill('#summary-fr', 'Résumé du second éditeur.');
  await second.fill('#objectives-fr', 'Objectifs ajoutés par le second éditeur.');
  await saved(second);
  // The first, still on the old version, changes the summary too and the English title.
  await editor.fill('#summary-fr', 'Résumé du premier éditeur, à garder.');
  await editor.fill('#title-en', `Digital training ${word}`);
  await editor.locator('.ws-conflict').waitFor({ timeout: 15000 });
  const rows = await editor.locator('.ws-conflict tbody tr').evaluateAll((r) => r.map((x) => x.dataset.field));
  assert(rows.length === 1 && rows[0] === 'summary', `conflicting fields ${rows}`);
  assert((await editor.locator('.ws-conflict').textContent()).includes('Résumé du second éditeur.'), 'theirs not shown');
  await editor.screenshot({ path: join(artifacts, 'workspace-conflict-fr.png'), fullPage: true });
  await editor.click('.ws-conflict button.primary');  // keep mine (the default choice)
  await saved(editor);
  const p = await api(fx.editor, 'GET', `/v1/projects/${projectId}?view=WORKING`);
  assert(p.summary.fr === 'Résumé du premier éditeur, à garder.', `summary ${p.summary.fr}`);
  assert(p.title.en === `Digital training ${word}`, `title.en ${p.title.en}`);
  assert(p.objectives.fr === 'Objectifs ajoutés par le second éditeur.', `objectives ${p.objectives.fr}`);
  await second.context().close();
});

await inFlow('a comment with an @mention (completed from the directory) reaches the mentioned user\'s bell', async () => {
  await editor.goto(`${base}/workspace/projects/${projectId}`);
  await editor.locator('.ws-dialogue').waitFor();
  // Start the thread from the budget field's discussion button.
  await editor.click('.ws-form [data-field=budget] .ws-discuss');
  assert(await editor.locator('#thread-field').inputValue() === 'budget', 'the field is not preselected');
  await editor.locator('#thread-text').pressSequentially(`Le budget 2027 de ${word} est-il confirmé ? @${fx.validator.slice(0, 4)}`);
  await editor.locator('#thread-text-list li', { hasText: `@${fx.validator}` }).first().waitFor();
  await editor.keyboard.press('Enter');
  const text = await editor.locator('#thread-text').inputValue();
  assert(text.endsWith(`@${fx.validator} `), `completion: ${text}`);
  await editor.click('.ws-new-thread button[type=submit]');
  await editor.locator('.ws-thread[data-field=budget]').waitFor();
  assert((await editor.locator('.ws-form [data-field=budget] .ws-discuss').textContent()).includes('1'), 'no count on the field');
  // The validator's bell (once atlas-notify has the event: it travels through NATS).
  let arrived = null;
  for (let i = 0; i < 150 && !arrived; i++) {
    const mine = await api(fx.validator, 'GET', '/v1/notifications?pageSize=5&unreadOnly=true');
    arrived = (mine.notifications ?? []).find((n) => n.eventType.includes('comment.mentioned') && n.label.includes(word));
    if (!arrived) await new Promise((r) => setTimeout(r, 200));
  }
  if (!arrived) {
    const comments = await api(fx.editor, 'GET', `/v1/projects/${projectId}/comments`);
    const mine = await api(fx.validator, 'GET', '/v1/notifications?pageSize=5');
    throw new Error(`no notification after 30 s; comments ${JSON.stringify(comments).slice(0, 400)}; inbox ${JSON.stringify(mine).slice(0, 600)}`);
  }
  await validator.goto(`${base}/workspace`);
  await validator.waitForFunction(() => Number(document.querySelector('.ws-count')?.textContent || 0) > 0, null, { timeout: 15000 });
  await validator.click('.ws-bell');
  const item = validator.locator('.ws-bell-panel li.unread a', { hasText: `Le budget 2027 de ${word}` });
  await item.waitFor({ timeout: 15000 }).catch(async (e) => {
    await validator.screenshot({ path: join(artifacts, 'workspace-bell-failed.png') });
    throw new Error(`${e.message}\npanel: ${(await validator.locator('#ws-bell-panel').textContent().catch(() => '?'))?.slice(0, 600)}\nurl ${validator.url()}`);
  });
  const before = Number(await validator.locator('.ws-count').textContent());
  await validator.screenshot({ path: join(artifacts, 'workspace-bell-fr.png') });
  await item.click();
  await validator.waitForURL((u) => u.pathname === `/workspace/projects/${projectId}`);
  await validator.locator('.ws-thread[data-field=budget]').waitFor();
  await validator.waitForFunction((n) => Number(document.querySelector('.ws-count')?.textContent || 0) === n - 1, before,
    { timeout: 15000 });
  // Unread markers are the person's, not the browser's: "new" for the validator
  // here, never for its author, and no longer in another browser once read.
  assert(await validator.locator('.ws-thread[data-field=budget] .ws-new-mark').count() === 1, 'the thread is not new for the validator');
  await editor.reload();
  await editor.locator('.ws-thread[data-field=budget]').waitFor();
  assert(await editor.locator('.ws-thread[data-field=budget] .ws-new-mark').count() === 0, "new for its own author");
  let marked = false;
  for (let i = 0; i < 50 && !marked; i++) {  // the page marks the dialogue read after showing it
    const list = await api(fx.validator, 'GET', `/v1/projects/${projectId}/comments`);
    marked = (list.comments ?? []).every((c) => !c.unread);
    if (!marked) await new Promise((r) => setTimeout(r, 100));
  }
  assert(marked, 'the dialogue was not marked read for the validator');
  const elsewhere = await open(fx.validator, `/workspace/projects/${projectId}`);
  await elsewhere.locator('.ws-thread[data-field=budget]').waitFor();
  assert(await elsewhere.locator('.ws-thread[data-field=budget] .ws-new-mark').count() === 0, 'still new in another browser');
  await elsewhere.context().close();
  // Resolve, then reopen.
  const thread = validator.locator('.ws-thread[data-field=budget]');
  await thread.locator('> button.link').click();
  await validator.locator('.ws-thread.resolved[data-field=budget]').waitFor();
  await validator.locator('.ws-thread[data-field=budget] > button.link').click();
  await validator.locator('.ws-thread:not(.resolved)[data-field=budget]').waitFor();
});

await inFlow('history: every revision with who and when, two revisions compared side by side', async () => {
  await editor.goto(`${base}/workspace/projects/${projectId}`);
  await editor.locator('.ws-timeline li').first().waitFor();
  const revisions = await editor.locator('.ws-timeline li').count();
  assert(revisions >= 6, `only ${revisions} revisions`);
  assert((await editor.locator('.ws-timeline').textContent()).includes(`@${fx.validator}`), 'the validator is not named');
  await editor.selectOption('#rev-from', '1');
  await editor.click('.ws-history button');
  await editor.locator('.ws-compare tr[data-field="title.ar"]').waitFor();
  assert((await editor.locator('.ws-compare tr[data-field="title.ar"] .ws-new').textContent()).includes(word), 'Arabic title not in the comparison');
  await editor.locator('.ws-history').screenshot({ path: join(artifacts, 'workspace-history-fr.png') });
});

await inReview("the analysis page's totals equal the API's (list, facets, budgets recomputed at the fixed rates)", async () => {
  const analyst = await open(fx.analyst, '/workspace/analysis');
  await analyst.locator('#kpi-projects').waitFor();
  // The public list: the published portfolio, its theme facets, every budget.
  const list = await fetch(`${base}/v1/projects?pageSize=1000`).then((r) => r.json());
  const perEur = { EUR: 1, MAD: 10.8, USD: 1.08 };  // docs/registry.md: indicative fixed rates
  const budget = list.projects.reduce((sum, p) => sum + (p.totalBudget ?? 0) / perEur[p.currency ?? 'MAD'], 0);
  assert(Number(await analyst.locator('#kpi-projects').getAttribute('data-value')) === list.totalSize,
    `projects: page ${await analyst.locator('#kpi-projects').getAttribute('data-value')} vs list ${list.totalSize}`);
  const shown = Number(await analyst.locator('#kpi-budget').getAttribute('data-value'));
  assert(Math.abs(shown - budget) < 0.01 * Math.max(1, list.projects.length), `budget: page ${shown} vs list ${budget}`);
  for (const { value, count } of list.facets.find((f) => f.field === 'themes').values) {
    const cellText = await analyst.locator(`[data-theme-total="${value}"]`).textContent();
    assert(Number(cellText.replace(/\D/g, '')) === count, `theme ${value}: page ${cellText} vs facet ${count}`);
  }
  await analyst.screenshot({ path: join(artifacts, 'workspace-analysis-fr.png'), fullPage: true });
  // The partners' CSV: a name written like a formula is not one in a spreadsheet.
  const [download] = await Promise.all([analyst.waitForEvent('download'),
    analyst.locator('a[download="partners.csv"]').click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  const hostile = csv.split('\r\n').find((line) => line.includes('HYPERLINK'));
  assert(hostile && hostile.startsWith(`"'=HYPERLINK`), `partners CSV: ${hostile}`);
  await analyst.goto(`${base}/workspace/analysis?lang=ar`);
  await analyst.locator('#kpi-projects').waitFor();
  assert(await analyst.evaluate(() => document.documentElement.dir) === 'rtl', 'not right-to-left');
  await analyst.screenshot({ path: join(artifacts, 'workspace-analysis-ar.png'), fullPage: true });
  await analyst.context().close();
});

await inReview('good practices: DAC scores as a radar and a table, lessons and replicability', async () => {
  await api(fx.validator, 'POST', `/v1/projects/${projectId}:setGoodPractice`, { goodPractice: true });
  const e = await api(fx.validator, 'POST', `/v1/projects/${projectId}/evaluations`, {
    scores: [{ criterion: 'RELEVANCE', score: 4, narrative: 'Répond à une demande des jeunes.' },
             { criterion: 'COHERENCE', score: 3 }, { criterion: 'EFFECTIVENESS', score: 3 },
             { criterion: 'EFFICIENCY', score: 2 }, { criterion: 'IMPACT', score: 3 }, { criterion: 'SUSTAINABILITY', score: 2 }],
    lessonsLearned: { fr: `Leçon ${word} : associer les communes dès le début.` }, replicability: 'HIGH',
    evaluator: 'Cellule d’évaluation', evaluationDate: { year: 2026, month: 6, day: 30 } });
  assert(e.name, `evaluation not created: ${JSON.stringify(e).slice(0, 200)}`);
  await validator.goto(`${base}/workspace/practices`);
  const card = validator.locator(`article[data-project="${projectId}"]`);
  await card.waitFor();
  assert(await card.locator('canvas').count() === 1, 'no radar chart');
  assert((await card.locator('tr[data-criterion=RELEVANCE] td').first().textContent()).startsWith('4'), 'relevance score');
  assert((await card.textContent()).includes(`Leçon ${word}`), 'lessons not shown');
  await validator.screenshot({ path: join(artifacts, 'workspace-practices-fr.png'), fullPage: true });
  await validator.goto(`${base}/workspace/practices?lang=ar`);
  await card.waitFor();
  await validator.screenshot({ path: join(artifacts, 'workspace-practices-ar.png'), fullPage: true });
});

await inReview('a consultation: invited people score the practices, change their ballot until it closes, and see the ranking', async () => {
  // Two practices: this test's project (a good practice since the previous check) and another.
  const others = await fetch(`${base}/v1/projects?goodPractice=true&pageSize=5`).then((r) => r.json());
  const second = others.projects.find((p) => p.name !== `projects/${projectId}`);
  assert(second, 'a second good practice is needed');
  await validator.goto(`${base}/workspace/consultations`);
  await validator.locator('summary').click();
  await validator.fill('#c-title', `Consultation ${word}`);
  for (const c of ['COHERENCE', 'EFFICIENCY', 'IMPACT', 'SUSTAINABILITY']) await validator.uncheck(`[data-field=criteria] input[value=${c}]`);
  await validator.check(`[data-field=practices] input[value="projects/${projectId}"]`);
  await validator.check(`[data-field=practices] input[value="${second.name}"]`);
  await validator.fill('#c-invited', `@${fx.editor}, ${fx.editor2}`);
  await validator.click('.ws-admin-form button[type=submit]');
  await validator.waitForURL(/\/workspace\/consultations\/[0-9a-f-]{36}/);
  const url = validator.url();
  const vote = async (page, scores) => {
    await page.goto(url);
    await page.locator('.ws-ballot').waitFor();
    for (const [practice, criterion, score] of scores) await page.selectOption(`select[name="${practice}|${criterion}"]`, String(score));
    await page.click('.ws-ballot button[type=submit]');
    await page.waitForFunction(() => /enregistré|saved|حفظ/.test(document.querySelector('.ws-status')?.textContent ?? ''));
  };
  const a = `projects/${projectId}`, b = second.name;
  // An incomplete ballot is refused, in French, and nothing is stored.
  await editor.goto(url);
  await editor.locator('.ws-ballot').waitFor();
  await editor.selectOption(`select[name="${a}|RELEVANCE"]`, '4');
  await editor.click('.ws-ballot button[type=submit]');
  await editor.waitForFunction(() => /notez chaque pratique/.test(document.querySelector('.ws-status')?.textContent ?? ''));
  await vote(editor, [[a, 'RELEVANCE', 1], [a, 'EFFECTIVENESS', 1], [b, 'RELEVANCE', 4], [b, 'EFFECTIVENESS', 4]]);
  await vote(editor, [[a, 'RELEVANCE', 4], [a, 'EFFECTIVENESS', 3], [b, 'RELEVANCE', 2], [b, 'EFFECTIVENESS', 2]]);  // changed
  const second2 = await open(fx.editor2, url.replace(base, ''));
  await vote(second2, [[a, 'RELEVANCE', 4], [a, 'EFFECTIVENESS', 4], [b, 'RELEVANCE', 3], [b, 'EFFECTIVENESS', 1]]);
  await validator.goto(url);
  await validator.locator('.ws-ranking').waitFor();
  const rows = await validator.locator('.ws-ranking tbody tr').evaluateAll((r) => r.map((x) => [x.dataset.practice,
    Number(x.querySelector('.ws-average').dataset.value)]));
  assert(JSON.stringify(rows) === JSON.stringify([[a, 3.75], [b, 2]]), `ranking ${JSON.stringify(rows)}`);
  await validator.screenshot({ path: join(artifacts, 'workspace-consultation-fr.png'), fullPage: true });
  await validator.click('.ws-close');
  await validator.locator('.ws-close').waitFor({ state: 'detached' });
  // Closed: no ballot form, and the API refuses a change.
  await editor.goto(`${url}?lang=ar`);
  await editor.locator('.ws-ranking').waitFor();
  assert(await editor.locator('.ws-ballot').count() === 0, 'the ballot form is still offered');
  await editor.screenshot({ path: join(artifacts, 'workspace-consultation-ar.png'), fullPage: true });
  const late = await api(fx.editor, 'POST', `/v1/${url.split('/workspace/')[1]}:vote`, { scores: [] });
  assert(late.status === 'FAILED_PRECONDITION', `vote after closing: ${JSON.stringify(late).slice(0, 200)}`);
  // Not invited: not even visible.
  const outsider = await api(fx.otherEditor, 'GET', `/v1/${url.split('/workspace/')[1]}`);
  assert(outsider.code === 404, `an outsider sees it: ${JSON.stringify(outsider).slice(0, 200)}`);
  await second2.context().close();
});

if (part === 'flow' || part === 'review') {
  await check('no page reported a script error', async () => {
    assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
  });
}

await inAdmin('administration: a service account\'s secret is shown once and works; a new user signs in', async () => {
  const admin = await open(fx.admin, '/workspace/admin', fx.adminPassword);
  await admin.locator('#services-title').waitFor();
  await admin.screenshot({ path: join(artifacts, 'workspace-admin-fr.png'), fullPage: true });
  const services = admin.locator('section[aria-labelledby=services-title]');
  await services.locator('summary').click();
  await services.locator('form input').first().fill(`Synchronisation ${word}`);
  await services.locator('form button[type=submit]').click();
  await services.locator('.ws-secret').waitFor();
  const codes = await services.locator('.ws-secret code').allTextContents();
  assert(codes.length === 2 && codes[1].length >= 32, `credentials ${codes.map((c) => c.length)}`);
  const token = await fetch(`${base}/v1/auth/token`, { method: 'POST', body: new URLSearchParams({
    grant_type: 'client_credentials', client_id: codes[0], client_secret: codes[1] }) });
  assert(token.status === 200, `the shown secret does not work: ${token.status}`);
  await admin.reload();
  await admin.locator('#services-title').waitFor();
  assert(!(await admin.content()).includes(codes[1]), 'the secret is shown again');
  // A user: the initial password is shown once and signs in.
  const users = admin.locator('section[aria-labelledby=users-title]');
  await users.locator('summary').click();
  const handle = `nouvel-${word.toLowerCase()}`;
  await users.locator('form input').first().fill(handle);
  await users.locator('form button[type=submit]').click();
  await users.locator('.ws-secret code').waitFor();
  const initial = await users.locator('.ws-secret code').textContent();
  const login = await fetch(`${base}/v1/auth/token`, { method: 'POST', body: new URLSearchParams({
    grant_type: 'password', username: handle, password: initial }) });
  assert(login.status === 200, `the initial password does not work: ${login.status}`);
  await admin.goto(`${base}/workspace/admin?lang=ar`);
  await admin.locator('#services-title').waitFor();
  await admin.screenshot({ path: join(artifacts, 'workspace-admin-ar.png'), fullPage: true });
  await admin.context().close();
});

await inAdmin('the theme taxonomy: added, offered, recoloured on the map; two administrators never overwrite each other; a used theme cannot be deleted', async () => {
  const token = async (user, password) => (await fetch(`${base}/v1/auth/token`, { method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', username: user, password }) }).then((r) => r.json())).access_token;
  const adminToken = await token(fx.admin, fx.adminPassword);
  const call = (method, path, body) => fetch(`${base}${path}`, { method, body: body && JSON.stringify(body),
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json', 'Accept-Language': 'fr' } });
  const code = `sante_${Date.now() % 100000}`;
  const a = await open(fx.admin, '/workspace/admin', fx.adminPassword);
  a.on('dialog', (d) => d.accept());
  const section = a.locator('section[aria-labelledby=taxonomy-title]');
  await section.locator('[data-theme=skills]').waitFor();
  assert(await section.locator('tbody[data-theme]').count() >= 12, 'the taxonomy is not listed');
  // Added through the page.
  await section.locator('summary').click();
  const form = section.locator('form[data-form=new-theme]');
  await form.locator('input[name=code]').fill(code);
  await form.locator('input[name=label-fr]').fill(`Santé ${word}`);
  await form.locator('input[name=label-ar]').fill('الصحة والجالية');
  await form.locator('input[name=label-en]').fill('Health and diaspora');
  await form.locator('input[name=colour]').fill('#123abc');
  await form.locator('button[type=submit]').click();
  const row = section.locator(`[data-theme=${code}]`);
  await row.waitFor();
  // Bad input: a clear error in the caller's language, nothing written.
  const bad = await call('POST', '/v1/themes', { code: 'Pas Bon', colour: 'rouge', label: { fr: 'x', ar: 'x', en: 'x' } });
  const badBody = await bad.json();
  assert(bad.status === 400 && /couleur/.test(JSON.stringify(badBody)), `bad theme: ${bad.status} ${JSON.stringify(badBody)}`);
  // Offered to editors (a fresh page reads the taxonomy) and drawn in its colour on the public map.
  const ed = await open(fx.editor, '/workspace/projects/new');
  await ed.locator(`[data-field=themes] input[value=${code}]`).waitFor();
  assert((await ed.locator('[data-field=themes]').textContent()).includes(`Santé ${word}`), 'the new theme is not offered');
  const atlas = await browser.newPage();
  await atlas.goto(`${base}/`);
  await atlas.locator(`input[value=${code}]`).waitFor({ state: 'attached' });
  await atlas.waitForFunction((c) => JSON.stringify(window.atlasMap?.getPaintProperty('points', 'circle-color') ?? '').includes(c), '#123abc');
  // Two administrators at once: B read before A saved; nothing A saved is lost.
  const b = await open(fx.admin, '/workspace/admin', fx.adminPassword);
  b.on('dialog', (d) => d.accept());
  const rowB = b.locator(`section[aria-labelledby=taxonomy-title] [data-theme=${code}]`);
  await rowB.waitFor();
  await row.locator('input[aria-label$="— fr"]').fill(`Santé des migrants ${word}`);
  await row.locator('[data-action=save]').click();
  await a.locator(`[data-theme=${code}] .ws-status`).filter({ hasText: /Fait/ }).waitFor();
  await rowB.locator('input[type=color]').fill('#aa3300');
  await rowB.locator('[data-action=save]').click();
  const conflict = rowB.locator('.ws-conflict');
  await conflict.waitFor();
  assert((await conflict.textContent()).includes(fx.admin), 'the conflict does not say who');
  assert(await rowB.locator('input[aria-label$="— fr"]').inputValue() === `Santé des migrants ${word}`, "A's label was not taken");
  await conflict.scrollIntoViewIfNeeded();
  await b.screenshot({ path: join(artifacts, 'workspace-taxonomy-conflict-fr.png'), fullPage: false });
  await conflict.locator('button.primary').click();
  await b.locator(`section[aria-labelledby=taxonomy-title] [data-theme=${code}] .ws-status`).filter({ hasText: /Fait/ }).waitFor();
  const after = (await call('GET', '/v1/themes').then((r) => r.json())).themes.find((t) => t.code === code);
  assert(after.label.fr === `Santé des migrants ${word}` && after.colour === '#aa3300', `merged: ${JSON.stringify(after)}`);
  // Retired: no longer offered to new projects.
  await b.reload();
  const rowB2 = b.locator(`section[aria-labelledby=taxonomy-title] [data-theme=${code}]`);
  await rowB2.locator('input[type=checkbox]').check();
  await rowB2.locator('[data-action=save]').click();
  await b.locator(`section[aria-labelledby=taxonomy-title] [data-theme=${code}] .ws-status`).filter({ hasText: /Fait/ }).waitFor();
  await ed.reload();
  await ed.locator('[data-field=themes] input[value=skills]').waitFor();
  assert(await ed.locator(`[data-field=themes] input[value=${code}]`).count() === 0, 'a retired theme is still offered');
  // A theme projects have cannot be deleted (no button; the API says why, in French).
  assert(await b.locator('[data-theme=skills] [data-action=delete]').count() === 0, 'delete offered for a used theme');
  const refused = await call('DELETE', '/v1/themes/skills');
  assert(refused.status === 400 && /retirez-le/.test(await refused.text()), `deleting a used theme: ${refused.status}`);
  // An unused one can.
  await b.locator(`[data-theme=${code}] [data-action=delete]`).click();
  await b.locator(`[data-theme=${code}]`).waitFor({ state: 'detached' });
  const gone = await call('GET', '/v1/vocabularies').then((r) => r.json());
  assert(!JSON.stringify(gone).includes(code), 'the deleted theme is still a vocabulary term');
  await b.screenshot({ path: join(artifacts, 'workspace-taxonomy-fr.png'), fullPage: true });
  for (const p of [a, b, ed]) await p.context().close();
  await atlas.close();
});

await inAdmin("another organisation's editor cannot open the draft, even by its URL", async () => {
  const draft = await api(fx.editor, 'POST', '/v1/projects', { title: { fr: `Brouillon privé ${word}` } });
  const id = draft.name.split('/')[1];
  const other = await open(fx.otherEditor, `/workspace/projects/${id}`);
  await other.locator('.ws-error').waitFor();
  assert(await other.locator('#title-fr').count() === 0, 'the form opened');
  assert(!(await other.content()).includes('Brouillon privé'), 'the draft leaked');
  await other.goto(`${base}/workspace`);
  await other.locator('#page-title').waitFor();
  assert(!(await other.content()).includes('Brouillon privé'), 'listed to another organisation');
  await other.context().close();
});

await inA11y('screenshots of the main screens in French and Arabic', async () => {
  for (const lang of ['fr', 'ar']) {
    const q = lang === 'fr' ? '' : '?lang=ar';
    for (const [page, path, name, ready] of [
      [editor, '/workspace', 'list', '.ws-table'], [editor, `/workspace/projects/${projectId}`, 'form', '#title-fr'],
      [validator, '/workspace/queue', 'queue', '#page-title'], [validator, '/workspace/consultations', 'consultations', '#page-title']]) {
      await page.goto(`${base}${path}${q}`);
      await page.locator(ready).first().waitFor();
      assert(await page.evaluate(() => document.documentElement.dir) === (lang === 'ar' ? 'rtl' : 'ltr'), `${name} ${lang} direction`);
      await page.screenshot({ path: join(artifacts, `workspace-${name}-${lang}.png`), fullPage: true });
    }
  }
});

await inA11y('accessibility: axe-core finds no WCAG 2.1 A/AA violation on the workspace\'s screens (fr, ar)', async () => {
  const admin = await open(fx.admin, '/workspace/admin', fx.adminPassword);
  const found = [];
  let pages = 0;
  for (const q of ['', '?lang=ar']) {
    for (const [page, path] of [[editor, '/workspace'], [editor, `/workspace/projects/${projectId}`],
      [validator, '/workspace/queue'], [validator, '/workspace/analysis'], [validator, '/workspace/practices'],
      [validator, '/workspace/consultations'], [admin, '/workspace/admin'], [admin, '/workspace/taxonomy']]) {
      await page.goto(`${base}${path}${q}`);
      await page.locator('#page-title').waitFor();
      await page.waitForLoadState('load');
      await page.waitForTimeout(500);  // the page's data filled in
      for (const v of await axeViolations(page)) found.push(`${path}${q}: ${v}`);
      pages++;
    }
  }
  // The sign-in page, and the mention list open in the dialogue.
  const anon = await browser.newPage();
  await anon.goto(`${base}/workspace`);
  await anon.waitForURL(/\/workspace\/signin/);
  for (const v of await axeViolations(anon)) found.push(`sign-in: ${v}`);
  await anon.close();
  await editor.goto(`${base}/workspace/projects/${projectId}`);
  await editor.locator('.ws-dialogue').waitFor();
  await editor.locator('#thread-text').pressSequentially(`@${fx.validator.slice(0, 4)}`);
  await editor.locator('#thread-text-list li').first().waitFor();
  for (const v of await axeViolations(editor)) found.push(`mention list: ${v}`);
  pages += 2;
  await admin.context().close();
  console.log(`     axe-core: ${found.length} violation(s) on ${pages} screens`);
  assert(found.length === 0, `WCAG violations:\n       ${found.join('\n       ')}`);
});

await inAdmin('an ended session returns the user to the same page after signing in again', async () => {
  await editor.goto(`${base}/workspace/projects/${projectId}?lang=ar`);
  await editor.locator('#title-fr').waitFor();
  await editor.screenshot({ path: join(artifacts, 'workspace-form-ar.png'), fullPage: true });
  await editor.context().clearCookies();
  await editor.reload();
  await editor.waitForURL(/\/workspace\/signin\?next=/);
  await editor.fill('#username', fx.editor);
  await editor.fill('#password', fx.password);
  await editor.click('form.ws-signin button[type=submit]');
  await editor.waitForURL((u) => u.pathname === `/workspace/projects/${projectId}`);
  await editor.locator('#title-fr').waitFor();
  // Signing out ends the session on the server too.
  await editor.click('.ws-nav button.link');
  await editor.waitForURL(/\/workspace\/signin/);
  const r = await editor.evaluate(() => fetch('/v1/auth/session:refresh', { method: 'POST' }).then((x) => x.status));
  assert(r === 401, `refresh after sign-out: ${r}`);
  assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
});

if (part === 'a11y') {
  await check('no page reported a script error', async () => {
    assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
  });
}

await finish('workspace browser checks');
