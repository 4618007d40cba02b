// Browser checks of the public programme pages, run by
// tests/system/test_indicators.py against a whole system with the demo framework:
//   node web/tests/indicators.test.mjs URL ARTIFACTS_DIR FIXTURES.json
// French and Arabic: every indicator of the programme has its chart drawn and
// its table; missing years say why (never 0); an off-track indicator is flagged;
// the demo notice is shown; the PdP/RdP links answer the report in the page's
// language; axe-core finds no WCAG A/AA violation.
import { join } from 'node:path';
import { assert, axeViolations, start } from './harness.mjs';

const { base, artifacts, browser, check, finish, fixtures: fx } = await start();
const errors = [];
async function open(path) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}${path}`);
  await page.waitForSelector('.in-indicator .in-table tbody tr');
  return page;
}

for (const [lang, title] of [['fr', /Programmes, objectifs/], ['ar', /البرامج والأهداف/]]) {
  await check(`${lang}: a programme's objectives and indicators, missing as missing, off track flagged`, async () => {
    const page = await open(`/programmes?programme=demo-102${lang === 'fr' ? '' : `&lang=${lang}`}`);
    assert(title.test(await page.locator('h1').textContent()), 'title');
    const api = await (await fetch(`${base}/v1/programmes/demo-102:dashboard`)).json();
    const indicators = api.objectives.flatMap((o) => o.indicators);
    assert(await page.locator('.in-indicator').count() === indicators.length, 'one card per indicator');
    // Charts drawn: non-background pixels in each canvas.
    // (Polled: on a busy machine the last charts are drawn a few frames later.)
    const drawn = () => [...document.querySelectorAll('.in-indicator canvas')].map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    await page.waitForFunction(`(${drawn})().every((n) => n > 500)`, null, { timeout: 10000 })
      .catch(() => {});
    const inked = await page.evaluate(`(${drawn})()`);
    assert(inked.every((n) => n > 500), `blank charts: ${inked}`);
    const missing = indicators.flatMap((i) => i.points.filter((p) => p.value === undefined));
    assert(await page.locator('.in-table tbody tr .st-missing').count() === missing.length, 'every missing year says so');
    assert(!(await page.locator('.in-table tbody tr[data-basis="NOT_MEASURED"] td').first().textContent()).includes('0'), 'missing is not 0');
    const off = indicators.filter((i) => i.projection?.offTrack).length;
    assert(await page.locator('.in-indicator.in-flagged').count() === off, 'off-track indicators flagged');
    assert(await page.locator('.in-dashboard > .st-demo').count() === 1, 'demo notice');
    // Credits of the adopted version: the region table adds up to the API's totals, the map of CP drawn.
    await page.waitForSelector('.in-credits tbody tr');
    const adopted = (await (await fetch(`${base}/v1/programmings`)).json()).programmings.filter((v) => v.state === 'adopted').pop();
    const lines = await (await fetch(`${base}/v1/${adopted.name}/lines?programme=programmes/demo-102`)).json();
    const regions = new Set(lines.totals.map((x) => x.region));
    assert(await page.locator('.in-credits tbody tr').count() === regions.size, 'one row per region');
    const ce = lines.totals.filter((x) => x.year === adopted.firstYear).reduce((a, x) => a + Number(x.ce), 0);
    const shownCe = (await page.locator('.in-credits tfoot td').first().textContent()).replace(/[^0-9]/g, '');
    assert(shownCe === String(Math.round(ce / 1e5)), `CE 2025 ${shownCe} vs ${ce}`);
    assert(await page.locator('.in-budget .st-map path').count() === 12, 'the 12 regions drawn');
    // Forecast against executed: one row per year; paid where execution was reported, "not
    // reported" (never 0) where it was not.
    const v1 = await (await fetch(`${base}/v1/programmings/1/lines?programme=programmes/demo-102`)).json();
    const paid2025 = v1.lines.filter((l) => l.year === 2025).reduce((a, l) => a + Number(l.paid ?? 0), 0);
    const text = await page.locator('.in-forecast-table tr[data-year="2025"] td').nth(-2).textContent();
    const shownPaid = Number(text.replace(/[^0-9,.]/g, '').replace(',', '.'));  // millions, one decimal at most
    assert(Math.abs(shownPaid - paid2025 / 1e6) <= 0.05, `paid 2025 ${text} vs ${paid2025}`);
    assert(await page.locator('.in-forecast-table tr[data-year="2027"] td.st-missing').count() === 1, 'not reported, not 0');
    // The PdP and RdP in the page's language: the PDF links answer a PDF, the
    // HTML one opens the report in the same language and direction.
    const links = page.locator('.in-reports a.in-report');
    assert(await links.count() === 4, 'four report links');
    const pdf = await page.locator('.in-reports a[data-kind="pdp"][data-format="pdf"]').getAttribute('href');
    assert(pdf.includes(`lang=${lang}`), `report link in ${lang}: ${pdf}`);
    const got = await fetch(`${base}${pdf}`);
    assert(got.status === 200 && got.headers.get('content-type') === 'application/pdf', `PdP PDF: ${got.status}`);
    assert(new TextDecoder().decode((await got.arrayBuffer()).slice(0, 5)) === '%PDF-', 'a PDF');
    const report = await (await browser.newContext()).newPage();
    await report.goto(`${base}${await page.locator('.in-reports a[data-kind="rdp"][data-format="html"]').getAttribute('href')}`);
    assert(await report.locator('html').getAttribute('dir') === (lang === 'ar' ? 'rtl' : 'ltr'), 'report direction');
    assert(await report.locator('table').count() > 4, 'report tables');
    await report.screenshot({ path: join(artifacts, `rdp-${lang}.png`), fullPage: false });
    // The chronogramme: one bar per scheduled action, every milestone, a region filter, printable.
    await page.waitForSelector('.in-gantt');
    const chrono = await (await fetch(`${base}/v1/programmes/demo-102:chronogramme`)).json();
    assert(await page.locator('.in-gantt rect.in-bar').count() === chrono.actions.length, 'one bar per action');
    const milestones = chrono.actions.reduce((a, x) => a + (x.milestones ?? []).length, 0);
    assert(await page.locator('.in-gantt .in-milestone').count() === milestones, 'every milestone');
    const region = chrono.actions[0].region;
    await page.selectOption('#chrono-region', region);
    await page.waitForFunction((n) => document.querySelectorAll('.in-gantt rect.in-bar').length === n,
      chrono.actions.filter((a) => a.region === region).length);
    await page.emulateMedia({ media: 'print' });
    assert(await page.locator('.in-chrono-tools').isHidden(), 'tools hidden in print');
    await page.locator('.in-chrono').screenshot({ path: join(artifacts, `chronogramme-print-${lang}.png`) });
    await page.emulateMedia({ media: 'screen' });
    const v = await axeViolations(page);
    assert(v.length === 0, v.join('\n'));
    await page.screenshot({ path: join(artifacts, `programmes-${lang}.png`), fullPage: true });
  });
}

for (const lang of ['fr', 'ar']) {
  await check(`${lang}: the budget of all programmes — treemap and table agree with the API; two adopted versions compared`, async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${base}/programmes/budget${lang === 'fr' ? '' : `?lang=${lang}`}`);
    await page.waitForSelector('.in-budget-table tbody tr');
    const versions = (await (await fetch(`${base}/v1/programmings`)).json()).programmings.filter((v) => v.state === 'adopted');
    const v = versions[versions.length - 1];
    const lines = (await (await fetch(`${base}/v1/${v.name}/lines`)).json()).lines.filter((l) => l.year === v.firstYear);
    const parts = new Set(lines.filter((l) => Number(l.cp) > 0).map((l) => `${l.programme}|${l.chapter}`));
    assert(await page.locator('.in-treemap rect[data-kind]').count() === parts.size, 'one rectangle per programme and chapter');
    const cp = lines.reduce((a, l) => a + Number(l.cp), 0);
    const shown = (await page.locator('.in-budget-table tfoot td').last().textContent()).replace(/[^0-9]/g, '');
    assert(shown === String(Math.round(cp / 1e5)), `CP total ${shown} vs ${cp}`);
    if (versions.length > 1) {
      await page.waitForSelector('.in-diff-summary');
      const d = await (await fetch(`${base}/v1/programmings:compare?from=${versions[versions.length - 2].name}&to=${v.name}`)).json();
      const changed = d.changes.filter((c) => c.kind === 'changed').length;
      assert(await page.locator('.in-diff-table tbody tr').count() === Math.min(changed, 100), 'changed lines listed');
      assert(changed > 0 && (await page.locator('.in-diff-table').textContent()).includes('test du comparatif'), 'reasons shown');
    } else {
      assert(await page.locator('.in-diff p').count() === 1, 'nothing to compare said');
    }
    const violations = await axeViolations(page);
    assert(violations.length === 0, violations.join('\n'));
    await page.screenshot({ path: join(artifacts, `budget-${lang}.png`), fullPage: true });
  });
}

await check('workspace (analyst, French): a scenario created, credits moved, a bad move named, promoted', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/workspace/scenarios`);
  await page.waitForURL(/\/workspace\/signin/);
  await page.fill('#username', 'analyst');
  await page.fill('#password', fx.password);
  await page.click('form.ws-signin button[type=submit]');
  await page.waitForSelector('form.sc-create');
  await page.fill('#sc-title', 'Scénario de test (navigateur)');
  await page.selectOption('#sc-base', 'programmings/1');
  await page.click('form.sc-create button[type=submit]');
  await page.waitForSelector('form.sc-move');
  // From demo-101's first line to demo-102's first line of the same year: 1 000 MAD of CP.
  await page.selectOption('#sc-from-programme', 'programmes/demo-101');
  await page.selectOption('#sc-to-programme', 'programmes/demo-102');
  const year = async (sel) => (await page.locator(`${sel} option:checked`).textContent()).split(' · ')[4].slice(0, 4);
  const wanted = await year('#sc-from-line');
  const to = await page.locator('#sc-to-line option').evaluateAll((os, y) => os.find((o) => o.textContent.split(' · ')[4].startsWith(y))?.value, wanted);
  await page.selectOption('#sc-to-line', to);
  // Too much first: the amount named, in French; nothing moved.
  await page.fill('#sc-amount', '999999999999');
  await page.click('form.sc-move button[type=submit]');
  await page.waitForSelector('.sc-detail .ws-error');
  const error = await page.locator('.sc-detail .ws-error').textContent();
  assert(/move\.amount/.test(error) && /dépasse/.test(error), `named error: ${error}`);
  await page.fill('#sc-amount', '1000');
  await page.fill('#sc-reason', 'essai (test)');
  await page.click('form.sc-move button[type=submit]');
  await page.waitForSelector('.sc-moves tbody tr');
  assert(await page.locator('.sc-shifts tbody tr').count() === 2, 'two programme-years changed');
  assert(await page.locator('.sc-regions tbody tr').count() > 0, 'regional shares');
  const v = await axeViolations(page);
  assert(v.length === 0, v.join('\n'));
  await page.screenshot({ path: join(artifacts, 'workspace-scenario-fr.png'), fullPage: true });
  await page.click('button.sc-promote');
  await page.waitForSelector('.sc-detail .ws-ok');
  assert(/Promu en programmings\/\d+/.test(await page.locator('.sc-detail .ws-ok').textContent()), 'promoted');
  assert(await page.locator('form.sc-move').count() === 0, 'a promoted scenario has no move form');
});

await check('workspace (analyst, French): roll a version, a line refused then saved, a value refused then recorded', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/workspace/programming?programme=programmes/demo-105`);
  await page.waitForURL(/\/workspace\/signin/);
  await page.fill('#username', 'analyst');
  await page.fill('#password', fx.password);
  await page.click('form.ws-signin button[type=submit]');
  await page.waitForSelector('.pg-lines tbody tr');
  const adopted = (await (await fetch(`${base}/v1/programmings`)).json()).programmings.pop();
  await page.selectOption('#pg-version', adopted.name);
  await page.waitForSelector('button.pg-roll');
  assert(await page.locator('.pg-lines input:not([disabled])').count() === 0, 'an adopted version is frozen');
  await page.click('button.pg-roll');
  await page.waitForSelector('button.pg-save');
  const row = page.locator('.pg-lines tbody tr').first();
  const ce = Number(await row.locator('input').nth(0).inputValue());
  await row.locator('input').nth(1).fill(String(ce * 10 + 1000));  // CP over what CE allows
  await row.locator('button.pg-save').click();
  await row.locator('.ws-error').waitFor();
  const refused = await row.locator('.ws-error').textContent();
  assert(/line\.cp/.test(refused), `CP over CE named: ${refused}`);
  await row.locator('input').nth(1).fill('0');
  await row.locator('input').nth(2).fill('réduction (test navigateur)');
  await row.locator('button.pg-save').click();
  await row.locator('.ws-ok').waitFor();
  await page.click('form.pg-measure button[type=submit]');  // no source: refused by the browser
  await page.fill('#pg-source', ' ');
  await page.click('form.pg-measure button[type=submit]');
  await page.waitForSelector('.pg-measure ~ div .ws-error');
  const noSource = await page.locator('.pg-measure ~ div .ws-error').textContent();
  assert(/measurement\.source/.test(noSource), `source named: ${noSource}`);
  await page.fill('#pg-source', 'Rapport annuel (test navigateur)');
  await page.fill('#pg-value', '42');
  await page.click('form.pg-measure button[type=submit]');
  await page.waitForSelector('.pg-measure ~ div .ws-ok');
  const v = await axeViolations(page);
  assert(v.length === 0, v.join('\n'));
  await page.screenshot({ path: join(artifacts, 'workspace-programming-fr.png'), fullPage: true });
});

await check('an action page lists its projects; an editor sees the actions funding its organisation', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/programmes?action=demo-102-a02`);
  await page.waitForSelector('.in-action');
  assert(/D102\.02/.test(await page.locator('#action-title').textContent()), 'action title');
  assert(await page.locator(`.in-action-projects a[href="/${fx.project}"]`).count() === 1, 'the linked project listed');
  let v = await axeViolations(page);
  assert(v.length === 0, v.join('\n'));
  await page.goto(`${base}/workspace/actions`);
  await page.waitForURL(/\/workspace\/signin/);
  await page.fill('#username', 'editor');
  await page.fill('#password', fx.password);
  await page.click('form.ws-signin button[type=submit]');
  await page.waitForSelector('.ma-actions tbody tr');
  const row = page.locator('.ma-actions tbody tr', { hasText: 'D102.02' });
  assert(await row.count() === 1, 'the action funding our project');
  assert(await row.locator(`a[href="/${fx.project}"]`).count() === 1, 'with our project');
  v = await axeViolations(page);
  assert(v.length === 0, v.join('\n'));
  await page.screenshot({ path: join(artifacts, 'workspace-actions-fr.png'), fullPage: true });
});

await check('no script error on any page', async () => {
  assert(errors.length === 0, errors.join('\n'));
});

await finish('programme page checks');
