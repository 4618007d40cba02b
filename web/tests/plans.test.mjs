// The co-construction workspace in Chromium (issue 24, part 3): a member's
// list and plan page in French and Arabic (the chronogramme drawn, right to
// left in Arabic; the activities' table), an activity refused then added
// through the form (the refusal worded in French, nothing stored), the
// discussion with a mention chip, the history, the iCalendar export
// downloaded with the session's token, an observer's read-only page; axe-core
// on each; screenshots to the artefacts directory.
//   node plans.test.mjs URL ARTIFACTS FIXTURES
import { readFileSync } from 'node:fs';
import { assert, axeViolations, start } from './harness.mjs';

const { base, artifacts, fixtures, browser, check, finish } = await start();
const errors = [];
const id = fixtures.plan.replace(/^plans\//, '');

async function signIn(user, path) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}${path}`);
  await page.waitForURL(/\/workspace\/signin/);
  await page.fill('#username', user);
  await page.fill('#password', fixtures.password);
  await page.click('form.ws-signin button[type=submit]');
  return { ctx, page };
}

const { ctx, page } = await signIn('editor', '/workspace/plans');

await check('a member lists its plans and opens one: the chronogramme and its table', async () => {
  await page.waitForSelector(`li.ws-plan-card[data-plan="${fixtures.plan}"]`);
  assert(await page.textContent('#page-title') === "Plans d'action conjoints", 'title');
  await page.click(`li.ws-plan-card[data-plan="${fixtures.plan}"] a`);
  await page.waitForSelector('[data-gantt] .gantt-bar');
  const bars = await page.$$eval('.gantt-bar', (a) => a.length);
  const rows = await page.$$eval('table.ws-plan-activities tbody tr', (a) => a.length);
  assert(bars === 2 && rows === 2, `bars ${bars}, rows ${rows}`);
  assert(await page.$$eval('.gantt-milestone', (a) => a.length) === 1, 'one milestone');
  const text = await page.textContent('main');
  assert(text.includes('Propriétaire') && text.includes('Lancement du guichet') && text.includes('Décision : lancer'), 'members, decisions, minutes');
  // The earlier activity starts further left (French runs left to right).
  const [a1, a2] = await page.$$eval('.gantt-row[data-activity] .gantt-bar', (b) => b.map((x) => x.getBoundingClientRect().left));
  assert(a1 < a2, `a1 at ${a1}, a2 at ${a2}`);
  await page.screenshot({ path: `${artifacts}/plan-fr.png`, fullPage: true });
  const v = await axeViolations(page);
  assert(v.length === 0, v.join('\n'));
});

await check('an activity ending before it starts is refused in French; corrected, it is added and in the history', async () => {
  await page.click('summary:has-text("Nouvelle activité")');
  const form = page.locator('form[data-form=new-activity]');
  await form.locator('[name=activity-title-fr]').fill('Campagne d’information dans les consulats (test)');
  await form.locator('[name=activity-start]').fill('2027-03-01');
  await form.locator('[name=activity-end]').fill('2027-01-31');
  await form.locator('button[type=submit]').click();
  await page.waitForFunction(() => /date de début/.test(document.querySelector('form[data-form=new-activity] .ws-status')?.textContent ?? ''));
  assert(await page.$$eval('table.ws-plan-activities tbody tr', (a) => a.length) === 2, 'nothing stored');
  await page.screenshot({ path: `${artifacts}/plan-refused.png` });
  await form.locator('[name=activity-end]').fill('2027-05-31');
  await form.locator('button[type=submit]').click();
  await page.waitForFunction(() => document.querySelectorAll('table.ws-plan-activities tbody tr').length === 3);
  assert(await page.$$eval('.gantt-bar', (a) => a.length) === 3, 'a third bar');
  await page.waitForSelector('.ws-plan-history li');
  assert((await page.textContent('.ws-plan-history li')).includes('+a3'), await page.textContent('.ws-plan-history'));
});

await check('the discussion: a mention chip, the message posted', async () => {
  await page.waitForSelector('form[data-form=comment]');
  await page.fill('[name=comment-text]', 'Merci de valider les dates');
  await page.click('.ws-mentions button[data-mention="organisations/ministry"]');
  assert((await page.inputValue('[name=comment-text]')).endsWith('@organisations/ministry '), await page.inputValue('[name=comment-text]'));
  await page.click('form[data-form=comment] button[type=submit]');
  await page.waitForSelector('.ws-comments li:has-text("Merci de valider les dates")');
  const v = await axeViolations(page);
  assert(v.length === 0, v.join('\n'));
});

await check('the iCalendar export is downloaded with the session', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export=ics]')]);
  const body = readFileSync(await download.path(), 'utf8');
  assert(body.startsWith('BEGIN:VCALENDAR\r\n') && body.includes('UID:activity-a3.'), body.slice(0, 300));
});

await check('the plan in Arabic, its chronogramme right to left', async () => {
  await page.goto(`${base}/workspace/plans/${id}?lang=ar`);
  await page.waitForSelector('[data-gantt] .gantt-bar');
  assert(await page.evaluate(() => document.documentElement.dir) === 'rtl', 'rtl');
  assert((await page.textContent('main')).includes('الجدول الزمني'), 'Arabic headings');
  const [a1, a2] = await page.$$eval('.gantt-row[data-activity="a1"] .gantt-bar, .gantt-row[data-activity="a2"] .gantt-bar',
    (b) => b.map((x) => x.getBoundingClientRect().right));
  assert(a1 > a2, `a1 ends at ${a1}, a2 at ${a2}: the earlier one further right`);
  await page.screenshot({ path: `${artifacts}/plan-ar.png`, fullPage: true });
  const v = await axeViolations(page);
  assert(v.length === 0, v.join('\n'));
});

await check('an observer reads the plan and the discussion, with no form to change it', async () => {
  const other = await signIn('other-editor', `/workspace/plans/${id}`);
  await other.page.waitForSelector('[data-gantt] .gantt-bar');
  const text = await other.page.textContent('main');
  assert(text.includes('Observateur'), 'its role');
  assert(await other.page.$$('form[data-form=new-activity], form[data-form=new-decision]').then((a) => a.length) === 0, 'no edit forms');
  assert(await other.page.$$('form[data-form=comment]').then((a) => a.length) === 1, 'the discussion is open to it');
  await other.page.screenshot({ path: `${artifacts}/plan-observer.png` });
  await other.ctx.close();
});

await check('no script error on any page', async () => {
  assert(errors.length === 0, errors.join('\n'));
});

await ctx.close();
await finish('co-construction plan checks');
