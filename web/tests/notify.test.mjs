// Browser checks of notifications, run by tests/system/test_notify.py:
//   node web/tests/notify.test.mjs URL ARTIFACTS_DIR FIXTURES.json
// The bell hears a new notification live (no reload) and announces it; the
// subscriptions page in French and Arabic lists the role's defaults, takes a
// new e-mail subscription, names a bad address in the page's language, and
// has no WCAG A/AA violation (axe-core).
import { join } from 'node:path';
import { assert, axeViolations, start } from './harness.mjs';

const { base, artifacts, fixtures: fx, browser, check, finish } = await start();
const errors = [];
async function open(user, path) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}${path}`);
  await page.waitForURL(/\/workspace\/signin/);
  await page.fill('#username', user);
  await page.fill('#password', fx.password);
  await page.click('form.ws-signin button[type=submit]');
  await page.waitForSelector('#page-title');
  await page.waitForFunction(() => !location.pathname.endsWith('/signin'));
  return page;
}

await check('the bell receives a live notification without a reload', async () => {
  const page = await open('editor', '/workspace');
  await page.waitForSelector('.ws-bell');
  const before = (await page.locator('.ws-count').textContent()) || '0';
  await page.waitForTimeout(500);  // the stream is open
  const started = Date.now();
  const r = await fetch(`${base}/v1/${fx.project}:publish`, { method: 'POST', body: '{}',
    headers: { Authorization: `Bearer ${fx.adminToken}`, 'Content-Type': 'application/json' } });
  assert(r.status === 200, `publish: ${r.status}`);
  await page.waitForFunction((label) => document.querySelector('[data-bell-live]')?.textContent.includes(label),
    fx.label, { timeout: 5000 });
  const ms = Date.now() - started;
  await page.waitForFunction((n) => Number(document.querySelector('.ws-count').textContent || 0) > n, Number(before));
  console.log(`     publish -> bell in the browser: ${ms} ms`);
  assert(ms < 2000, `the bell heard it after ${ms} ms`);
  await page.click('.ws-bell');
  await page.waitForSelector('#ws-bell-panel li.unread');
  assert((await page.locator('#ws-bell-panel').textContent()).includes(fx.label), 'listed in the panel');
  await page.screenshot({ path: join(artifacts, 'bell-live.png') });
});

for (const [lang, title, bad] of [['fr', 'Mes notifications', 'adresse électronique'], ['ar', 'إشعاراتي', 'عنوان بريد إلكتروني']]) {
  await check(`${lang}: the subscriptions page — role defaults, a new e-mail subscription, a bad address named`, async () => {
    const page = await open('validator', `/workspace/subscriptions${lang === 'fr' ? '' : `?lang=${lang}`}`);
    await page.waitForSelector('.sub-list li');
    assert((await page.locator('#page-title').textContent()).includes(title), 'title');
    assert(await page.locator('html').getAttribute('dir') === (lang === 'ar' ? 'rtl' : 'ltr'), 'direction');
    assert(await page.locator('.sub-list li .sub-default').count() >= 1, 'the role defaults');
    const rows = await page.locator('.sub-list li').count();
    await page.check('input[name=kind][value="project.submitted"]');
    await page.selectOption('select[name=channel]', 'email');
    await page.fill('input[name=email]', 'pas-une-adresse@');
    await page.click('form.sub-form button[type=submit]');
    await page.waitForFunction((t) => document.querySelector('.ws-status')?.textContent.includes(t), bad);
    await page.fill('input[name=email]', `validation-${lang}@example.org`);
    await page.selectOption('select[name=cadence]', 'daily');
    await page.click('form.sub-form button[type=submit]');
    await page.waitForFunction((n) => document.querySelectorAll('.sub-list li').length === n + 1, rows);
    assert((await page.locator('.sub-list').textContent()).includes(`validation-${lang}@example.org`), 'listed');
    const violations = await axeViolations(page);
    assert(violations.length === 0, `axe: ${violations.join('\n')}`);
    await page.screenshot({ path: join(artifacts, `subscriptions-${lang}.png`), fullPage: true });
  });
}

await check('ar: the unsubscribe page an e-mail links to switches the subscription off in one click', async () => {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/unsubscribe?token=${fx.unsubscribeToken}&lang=ar`);
  await page.waitForSelector('#page-title');
  assert(await page.locator('html').getAttribute('dir') === 'rtl', 'right to left');
  await page.click('main button');
  await page.waitForFunction(() => document.querySelector('[role=status]')?.textContent.includes('dataset.released'));
  const violations = await axeViolations(page);
  assert(violations.length === 0, `axe: ${violations.join('\n')}`);
  await page.screenshot({ path: join(artifacts, 'unsubscribe-ar.png') });
});

await check('no page error', async () => { assert(errors.length === 0, errors.join('\n')); });
await finish('notification checks');
