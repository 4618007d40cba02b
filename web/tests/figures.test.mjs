// Browser checks that every figure says what it is (issue 23), run by
// tests/system/test_web.py against a whole system it started:
//   node web/tests/figures.test.mjs URL ARTIFACTS_DIR FIXTURES.json
// Missing is not zero (maps, legends, popups), per-capita figures name their
// denominator, EUR totals are indicative with their rates' date, demo data is
// said where it is summed (region page, analysis and its CSV files), in French
// and Arabic. Screenshots to ARTIFACTS_DIR; axe-core on every changed screen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiFetch, assert, axeViolations, start } from './harness.mjs';

const { base, artifacts, fixtures: fx, browser, check, finish } = await start();
const errors = [];
// Two parts, each its own ctest entry (issue 27: each under a third of its
// timeout): fx.part 'atlas' (maps, legends, sheet, region page, signage) or
// 'workspace' (analysis, feed, security, exchange, evaluations); no part: both.
const part = fx.part ?? 'all';
const only = (wanted) => (name, fn) => (part === 'all' || part === wanted ? check(name, fn) : undefined);
const inAtlas = only('atlas');
const inWorkspace = only('workspace');

async function atlas(path, width = 1280) {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(base + path);
  await page.waitForFunction(() => window.atlasMap?.loaded() && window.atlasMap.areTilesLoaded()
    && window.atlasMap.getSource('areas'), null, { timeout: 30000 });
  await page.locator('.legend li').first().waitFor();
  // The areas are drawn once MapLibre has their data in its worker.
  await page.waitForFunction(() => window.atlasMap.queryRenderedFeatures({ layers: ['areas-fill'] }).length > 0,
                             null, { timeout: 20000 });
  return page;
}
// The areas drawn by a layer, by code.
const drawn = (page, layer) => page.evaluate((l) => [...new Set(window.atlasMap
  .queryRenderedFeatures({ layers: [l] }).map((f) => f.properties.code))], layer);
// Clicks an area's label point (its representative point in the answer).
async function clickArea(page, code) {
  const at = await page.evaluate((c) => {
    const m = window.atlasMap;
    const f = m.querySourceFeatures('areas').find((x) => x.properties.code === c);
    if (!f) return null;
    // A point well inside the area (the middle one of its pixels on a grid,
    // not one on its edge) where nothing (the legend, a control) covers the map.
    const canvas = m.getCanvas();
    const r = canvas.getBoundingClientRect();
    const inside = [];
    for (let y = 10; y < canvas.clientHeight; y += 6) {
      for (let x = 10; x < canvas.clientWidth; x += 6) {
        const hit = m.queryRenderedFeatures([x, y], { layers: ['areas-fill'] })[0];
        if (hit?.properties.code === c && document.elementFromPoint(r.left + x, r.top + y) === canvas) inside.push({ x, y });
      }
    }
    return inside[Math.floor(inside.length / 2)] ?? null;
  }, code);
  assert(at, `${code} is not on screen`);
  const box = await page.locator('#map canvas').boundingBox();
  await page.mouse.click(box.x + at.x, box.y + at.y);
  await page.locator('.area-popup').waitFor();
  return page.locator('.area-popup').textContent();
}

for (const lang of ['fr', 'ar']) {
  const say = { fr: { noBudget: /aucun budget/, noPopulation: /population inconnue/, consular: /consulats/, census: /recensement/,
                      rates: /taux fixes du 29 nov. 2026/, ratePair: /1 EUR = 10,8 MAD/, zero: /aucun projet/, demo: /démonstration/ },
                ar: { noBudget: /لا تذكر أي ميزانية/, noPopulation: /عدد السكان غير معروف/, consular: /القنصليات/, census: /الإحصاء/,
                      rates: /أسعار صرف ثابتة بتاريخ/, ratePair: /1 EUR = /, zero: /لا مشروع/, demo: /تجريبية/ } }[lang];

  await inAtlas(`${lang}: an area whose projects report no budget is hatched "no data", not "no project"`, async () => {
    const page = await atlas(`/?mode=regions&metric=budget&lang=${lang}`);
    await page.waitForFunction((c) => window.atlasMap.queryRenderedFeatures({ layers: ['areas-no-data'] })
      .some((f) => f.properties.code === c), fx.noBudgetRegion, { timeout: 10000 })
      .catch(() => { throw new Error(`${fx.noBudgetRegion} not hatched`); });
    const hatched = await drawn(page, 'areas-no-data');
    const reason = page.locator('.legend li[data-class="no-data"]');
    assert(await reason.count() === 1, 'no "no data" entry in the legend');
    assert(say.noBudget.test(await reason.textContent()), `legend: ${await reason.textContent()}`);
    assert(say.zero.test(await page.locator('.legend li[data-class="zero"]').textContent()), 'the zero entry');
    // An area with no project at all is a zero, not missing.
    assert(!hatched.includes(fx.emptyRegion), `${fx.emptyRegion} (no project) is drawn as missing`);
    const text = await clickArea(page, fx.noBudgetRegion);
    assert(say.noBudget.test(text), `popup: ${text}`);
    // EUR totals are indicative, with the rates' date.
    const rates = await page.locator('.legend .rates').textContent();
    assert(say.rates.test(rates) && say.ratePair.test(rates), `rates note: ${rates}`);
    await page.screenshot({ path: join(artifacts, `figures-no-budget-${lang}.png`) });
    await page.close();
  });

  await inAtlas(`${lang}: budget per inhabitant by region names the 2014 census, by country the 2004 consular registrations`, async () => {
    let page = await atlas(`/?mode=regions&metric=budget_per_capita&lang=${lang}`);
    let note = await page.locator('.legend .denominator').textContent();
    assert(say.census.test(note) && /2014/.test(note) && /HCP/.test(note), `region denominator: ${note}`);
    const text = await clickArea(page, fx.pricedRegion);
    assert(/2014/.test(text) && say.census.test(text), `region popup: ${text}`);
    await page.screenshot({ path: join(artifacts, `figures-per-capita-regions-${lang}.png`) });
    await page.close();
    page = await atlas(`/?mode=world&metric=budget_per_capita&lang=${lang}`);
    note = await page.locator('.legend .denominator').textContent();
    assert(say.consular.test(note) && /2004/.test(note), `country denominator: ${note}`);
    assert(await page.locator(`.legend .denominator a[href="/statistics?dataset=consular-2004&lang=${lang}"]`).count() === 1,
           'no link to the source line');
    // A country with projects but no registration figure is missing, said why.
    await page.waitForFunction((c) => window.atlasMap.queryRenderedFeatures({ layers: ['areas-no-data'] })
      .some((f) => f.properties.code === c), fx.noPopulationCountry, { timeout: 10000 })
      .catch(async () => {
        const seen = await page.evaluate((c) => window.atlasMap.querySourceFeatures('areas')
          .filter((f) => f.properties.code === c).map((f) => JSON.stringify(f.properties)), fx.noPopulationCountry);
        await page.screenshot({ path: join(artifacts, `figures-failed-world-${lang}.png`) });
        const view = await page.evaluate(() => [window.atlasMap.getCenter(), window.atlasMap.getZoom(), window.atlasMap.getBounds()]);
        throw new Error(`${fx.noPopulationCountry} not hatched: ${seen} ${JSON.stringify(view)}`);
      });
    const hatched = await drawn(page, 'areas-no-data');
    // No project: zero per inhabitant, whatever its population.
    assert(!hatched.includes('BRA') && hatched.length < 5, `hatched without a budget: ${hatched}`);
    assert(say.noPopulation.test(await page.locator('.legend li[data-class="no-data"]').textContent()), 'legend reason');
    await page.screenshot({ path: join(artifacts, `figures-per-capita-world-${lang}.png`) });
    // The source line is one click away and shows the measure, year and source.
    await page.locator('.legend .denominator a').click();
    await page.waitForURL(/\/statistics\?dataset=consular-2004/);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    await page.waitForFunction(() => /2004/.test(document.body.textContent) && /Fargues/.test(document.body.textContent),
                               null, { timeout: 15000 });
    // …and says which "2.6 million" it is not: the Moroccan-born in OECD countries (DIOC 2010/11).
    await page.waitForFunction(() => /DIOC 2010\/11/.test(document.body.textContent) && /2 616 871/.test(document.body.textContent),
                               null, { timeout: 5000 }).catch(() => { throw new Error('no "not to be confused" note on the source page'); });
    await page.screenshot({ path: join(artifacts, `figures-source-consular-${lang}.png`), fullPage: true });
    await page.close();
  });

  await inAtlas(`${lang}: a sheet in MAD shows its indicative EUR with the rates' date`, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/projects/${fx.madProject}?lang=${lang}`);
    await page.locator('#sheet-title').waitFor();
    const eur = await page.locator('#sheet .eur-indicative').textContent();
    assert(/€|EUR/.test(eur) && say.rates.test(eur), `sheet: ${eur}`);
    // The server's PDF of the sheet, in the page's language (pdftotext reads it in test_registry).
    const pdf = await page.locator('#sheet-pdf').getAttribute('href');
    assert(pdf === `/v1/projects/${fx.madProject}:sheet?lang=${lang}`, `PDF link ${pdf}`);
    const r = await fetch(base + pdf);
    assert(r.status === 200 && r.headers.get('content-type') === 'application/pdf', `PDF ${r.status}`);
    await page.screenshot({ path: join(artifacts, `figures-sheet-mad-${lang}.png`) });
    await page.close();
  });

  await inAtlas(`${lang}: the region page says its totals count demo projects`, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/regions/MA-02?lang=${lang}`);
    await page.locator('#sheet-title').waitFor();
    await page.locator('#region-demo').waitFor({ timeout: 10000 });
    assert(say.demo.test(await page.locator('#region-demo').textContent()), 'region notice');
    await page.screenshot({ path: join(artifacts, `figures-region-demo-${lang}.png`) });
    await page.close();
  });

  await inWorkspace(`${lang}: the analysis page and its CSV files say they include demo projects and the rates' date`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${base}/workspace/analysis?lang=${lang}`);
    await page.waitForURL(/\/workspace\/signin/);
    await page.fill('#username', fx.analyst);
    await page.fill('#password', fx.password);
    await page.click('form.ws-signin button[type=submit]');
    await page.locator('#analysis-demo').waitFor({ timeout: 15000 });
    const notice = await page.locator('#analysis-demo').textContent();
    assert(notice.includes(String(fx.demoPublished)), `demo notice: ${notice}`);
    assert(say.rates.test(await page.locator('#analysis-rates').textContent()), 'rates note');
    // The matrix's CSV: every row says what it includes.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[download="matrix.csv"]').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    const [head, first] = csv.replace(/^\ufeff/, '').split('\r\n');
    assert(head === 'theme,region,projects,budget_eur_indicative,demo_projects_included,eur_indicative_rates_as_of', `CSV header: ${head}`);
    assert(first.endsWith(`,${fx.demoPublished},2026-11-29`), `CSV row: ${first}`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifacts, `figures-analysis-${lang}.png`) });
    const found = await axeViolations(page);
    assert(found.length === 0, `axe-core: ${found.join('; ')}`);
    await context.close();
  });
}

for (const lang of ['fr', 'ar']) {
  await inAtlas(`${lang}: the region page shows its budget by theme and year, its diaspora links, its gaps, and no invented emigrant figure`, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${base}/regions/MA-02?lang=${lang}`);
    await page.locator('#region-budget').waitFor({ timeout: 15000 });
    // The same total as the map's (geo sums the same budget lines at the same rates).
    const areas = await fetch(`${base}/v1/map/areas?level=region&metric=budget`).then((r) => r.json());
    const expected = areas.features.find((f) => f.id === 'MA-02').properties.budgetEur;
    const shown = await page.evaluate(() => document.querySelector('#region-budget .total').textContent);
    const digits = Number(shown.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660)).replace(/[^0-9]/g, ''));
    assert(Math.abs(digits - expected) <= 1, `region total ${shown} (${digits}) != the map's ${expected}`);
    assert(await page.locator('#region-budget .bars').first().locator('li').count() === fx.regionThemes,
           'budget bars per theme');
    const countries = await page.locator('#region-diaspora li').evaluateAll((ls) => ls.map((l) => l.dataset.country).sort());
    assert(JSON.stringify(countries) === JSON.stringify(fx.regionCountries), `diaspora links ${countries}`);
    const gaps = await page.locator('#region-gaps li').evaluateAll((ls) => ls.map((l) => l.dataset.theme));
    assert(gaps.length === fx.allThemes - fx.regionThemes && !gaps.includes('investment'), `gaps ${gaps}`);
    assert((await page.locator('#region-emigrants p').textContent()).length > 40, 'no word on emigrants by region of birth');
    await page.screenshot({ path: join(artifacts, `figures-region-${lang}.png`), fullPage: true });
    const found = await axeViolations(page);
    assert(found.length === 0, `axe-core: ${found.join('; ')}`);
    await page.close();
  });

  await inAtlas(`${lang}: region names as the official signage writes them (Arabic, Tifinagh, French)`, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${base}/?lang=${lang}&view=5.5/33.5/-5.5`);
    await page.waitForFunction(() => window.atlasMap?.loaded() && window.atlasMap.areTilesLoaded(), null, { timeout: 30000 });
    await page.selectOption('#names', 'signage');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('names') === 'signage');
    await page.waitForFunction(() => JSON.stringify(window.atlasMap.getLayoutProperty('labels', 'text-field')).includes('name_tfng'),
                               null, { timeout: 10000 });
    assert(await page.evaluate(() => document.fonts.check('12px "Noto Sans Tifinagh"', '\u2D30')), 'the Tifinagh font is not loaded');
    await page.waitForFunction(() => window.atlasMap.areTilesLoaded());
    const labelled = await page.evaluate(() => window.atlasMap.queryRenderedFeatures({ layers: ['labels'] })
      .filter((f) => f.properties.level === 'region' && f.properties.name_tfng).map((f) => f.properties.name_tfng));
    assert(labelled.length >= 3, `region labels with Tifinagh names drawn: ${labelled}`);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(artifacts, `figures-signage-${lang}.png`) });
    // The option is in the URL: shared, it opens the same way.
    await page.goto(`${base}/?lang=${lang}&names=signage&view=5.5/33.5/-5.5`);
    await page.waitForFunction(() => JSON.stringify(window.atlasMap?.getLayoutProperty('labels', 'text-field') ?? '').includes('name_tfng'),
                               null, { timeout: 30000 });
    assert(await page.locator('#names').inputValue() === 'signage', 'the select does not show the option');
    await page.close();
  });
}

// Screens for what only the API did (issue 23, point 6).
async function signIn(user, password, path, lang) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => d.accept());
  await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
  await page.waitForURL(/\/workspace\/signin/);
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('form.ws-signin button[type=submit]');
  await page.waitForFunction(() => !location.pathname.endsWith('/signin'));
  return page;
}
async function apiAs(user, password, method, path, body) {
  const r = await apiFetch(base, user, password, method, path, body);
  return { status: r.status, body: await r.json().catch(() => ({})) };
}
const IATI = `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03"><iati-activity xml:lang="fr" default-currency="EUR">
  <iati-identifier>XM-TEST-WEB-IMPORT-1</iati-identifier>
  <title><narrative>Projet importé par l'écran (test)</narrative></title>
  <description type="1"><narrative>Résumé.</narrative></description>
  <activity-status code="2"/><recipient-country code="MA"/><location ref="MA-02"/>
  <sector vocabulary="1" code="15110"/><sector vocabulary="98" code="skills"/>
</iati-activity></iati-activities>`;

for (const [i, lang] of ['fr', 'ar'].entries()) {
  const expect = { fr: { recorded: /Évaluation enregistrée/, corrected: /Évaluation corrigée/, stale: /modifié par quelqu'un d'autre/, checked: /rien n’a été écrit/ },
                   ar: { recorded: /تم تسجيل التقييم/, corrected: /تم تصحيح التقييم/, stale: /عُدِّل/, checked: /لم يُكتب شيء/ } }[lang];

  await inWorkspace(`${lang}: a validator records a DAC evaluation and archives a project from its page`, async () => {
    const before = (await apiAs(fx.validator, fx.password, 'GET', `/v1/projects/${fx.practiceProject}/evaluations`)).body.evaluations ?? [];
    const page = await signIn(fx.validator, fx.password, `/workspace/projects/${fx.practiceProject}`, lang);
    await page.locator('#validator-tools summary').click();
    for (const c of ['RELEVANCE', 'COHERENCE', 'EFFECTIVENESS', 'EFFICIENCY', 'IMPACT', 'SUSTAINABILITY']) {
      await page.selectOption(`#eval-${c}`, c === 'RELEVANCE' ? '4' : '2');
    }
    await page.fill('#eval-RELEVANCE-why', lang === 'ar' ? 'يستجيب لحاجة حقيقية (اختبار).' : 'Répond à un besoin réel (test).');
    await page.fill('#eval-evaluator', `Bureau d'évaluation (test ${lang})`);
    await page.selectOption('#eval-replicability', 'MEDIUM');
    await page.fill('#eval-date', '2026-10-15');
    await page.screenshot({ path: join(artifacts, `figures-evaluation-form-${lang}.png`), fullPage: true });
    await page.click('#evaluation-form button[type=submit]');
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('#evaluation-form .ws-status').textContent),
                               expect.recorded.source, { timeout: 10000 })
      .catch(async () => { throw new Error(`not recorded: ${await page.locator('#evaluation-form .ws-status').textContent()}`); });
    const after = (await apiAs(fx.validator, fx.password, 'GET', `/v1/projects/${fx.practiceProject}/evaluations`)).body.evaluations ?? [];
    assert(after.length === before.length + 1, `evaluations ${before.length} -> ${after.length}`);
    assert(after[0].scores.find((x) => x.criterion === 'RELEVANCE').score === 4, 'the score stored');
    // Corrected from the page: EFFICIENCY 2 -> 3, from the revision read.
    const mine = page.locator(`#evaluations li[data-evaluation="${after[0].name}"] button`);
    await mine.click();
    await page.selectOption('#eval-EFFICIENCY', '3');
    await page.click('#evaluation-form button[type=submit]');
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('#evaluation-form .ws-status').textContent),
                               expect.corrected.source, { timeout: 10000 })
      .catch(async () => { throw new Error(`not corrected: ${await page.locator('#evaluation-form .ws-status').textContent()}`); });
    const fixed = (await apiAs(fx.validator, fx.password, 'GET', `/v1/projects/${fx.practiceProject}/evaluations`)).body.evaluations[0];
    assert(fixed.etag === 'r2' && fixed.scores.find((x) => x.criterion === 'EFFICIENCY').score === 3, `corrected: ${fixed.etag}`);
    // Someone else corrects it meanwhile: this page's correction is refused, nothing lost.
    await mine.click();
    const other = await apiAs(fx.validator, fx.password, 'PATCH', `/v1/${fixed.name}`, { ...fixed, evaluator: 'Autre validateur (test)' });
    assert(other.status === 200, `the other correction: ${other.status}`);
    await page.selectOption('#eval-IMPACT', '1');
    await page.click('#evaluation-form button[type=submit]');
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('#evaluation-form .ws-status').textContent),
                               expect.stale.source, { timeout: 10000 })
      .catch(async () => { throw new Error(`stale not refused: ${await page.locator('#evaluation-form .ws-status').textContent()}`); });
    const kept = (await apiAs(fx.validator, fx.password, 'GET', `/v1/projects/${fx.practiceProject}/evaluations`)).body.evaluations[0];
    assert(kept.evaluator === 'Autre validateur (test)' && kept.scores.find((x) => x.criterion === 'IMPACT').score === 2,
           'the stale correction overwrote the other');
    // Archive another published project.
    await page.goto(`${base}/workspace/projects/${fx.archiveProjects[i]}?lang=${lang}`);
    await page.locator('#archive').click();
    // The page reloads the project: archived, it offers no archive button any more.
    await page.locator('#archive').waitFor({ state: 'detached', timeout: 10000 });
    await page.locator('#validator-tools').waitFor();
    const p = await apiAs(fx.validator, fx.password, 'GET', `/v1/projects/${fx.archiveProjects[i]}`);
    assert(p.body.state === 'ARCHIVED', `state ${p.body.state}`);
    await page.context().close();
  });

  await inWorkspace(`${lang}: good practices searched by DAC criterion and score`, async () => {
    const page = await signIn(fx.analyst, fx.password, '/workspace/practices', lang);
    await page.locator('#practice-count').waitFor();
    const all = await page.locator('article.ws-practice').count();
    await page.selectOption('#practice-criterion', 'RELEVANCE');
    await page.selectOption('#practice-min', '4');
    const shown = await page.locator('article.ws-practice:not([hidden])').evaluateAll((as) => as.map((a) => a.dataset.project));
    assert(JSON.stringify(shown) === JSON.stringify([fx.practiceProject]), `RELEVANCE ≥ 4: ${shown} of ${all}`);
    await page.selectOption('#practice-criterion', 'EFFICIENCY');
    await page.selectOption('#practice-min', '3');
    assert(await page.locator('article.ws-practice:not([hidden])').count() === 1, 'EFFICIENCY ≥ 3 (corrected to 3)');
    await page.selectOption('#practice-criterion', 'IMPACT');
    assert(await page.locator('article.ws-practice:not([hidden])').count() === 0, 'IMPACT ≥ 3 should match none');
    await page.screenshot({ path: join(artifacts, `figures-practices-search-${lang}.png`), fullPage: true });
    await page.context().close();
  });

  await inWorkspace(`${lang}: the platform feed, and security (signing keys, audit log) for administrators`, async () => {
    let page = await signIn(fx.validator, fx.password, '/workspace/feed', lang);
    await page.locator('#feed tbody tr').first().waitFor({ timeout: 10000 });
    const types = await page.locator('#feed tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.type));
    assert(types.some((t) => /project\.published/.test(t)), `feed types: ${[...new Set(types)]}`);
    await page.screenshot({ path: join(artifacts, `figures-feed-${lang}.png`) });
    const found = await axeViolations(page);
    assert(found.length === 0, `axe-core (feed): ${found.join('; ')}`);
    // Not an administrator: the security page's data is refused by the API.
    await page.goto(`${base}/workspace/security?lang=${lang}`);
    await page.locator('#signing-keys .ws-error').waitFor({ timeout: 10000 });
    await page.context().close();
    // A failed sign-in, then the administrator reads it in the audit log.
    await fetch(`${base}/v1/auth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', username: fx.validator, password: 'wrong' }) });
    page = await signIn('admin', fx.adminPassword, '/workspace/security', lang);
    await page.locator('#signing-keys tr[data-active="true"]').waitFor({ timeout: 10000 });
    await page.locator('#audit tbody tr').first().waitFor();
    await page.selectOption('#audit-kind', 'login.failed');
    await page.waitForFunction(() => { const k = [...document.querySelectorAll('#audit tbody tr')].map((r) => r.dataset.kind);
      return k.length > 0 && k.every((x) => x === 'login.failed'); }, null, { timeout: 10000 });
    await page.screenshot({ path: join(artifacts, `figures-security-${lang}.png`), fullPage: true });
    const found2 = await axeViolations(page);
    assert(found2.length === 0, `axe-core (security): ${found2.join('; ')}`);
    await page.context().close();
  });

  await inWorkspace(`${lang}: IATI/CSV export links and an IATI import checked, with its report`, async () => {
    const page = await signIn(fx.editor, fx.password, '/workspace/exchange', lang);
    const iati = await page.locator('#export-iati').getAttribute('href');
    const xml = await fetch(base + iati).then((r) => r.text());
    assert(xml.includes('<iati-activities') && xml.includes('atlas:demo="true"'), 'the IATI export');
    await page.setInputFiles('#import-file', { name: 'activities.xml', mimeType: 'application/xml', buffer: Buffer.from(IATI) });
    await page.click('#import-form button[type=submit]');
    await page.locator('#import-counts').waitFor({ timeout: 10000 });
    assert(expect.checked.test(await page.locator('#import-form .ws-status').textContent()), 'check only');
    const issues = await page.locator('.import-issue').allTextContents();
    assert(issues.some((t) => t.includes("sector[@code='15110']")), `issues: ${issues}`);
    await page.screenshot({ path: join(artifacts, `figures-exchange-${lang}.png`), fullPage: true });
    const found = await axeViolations(page);
    assert(found.length === 0, `axe-core (exchange): ${found.join('; ')}`);
    await page.context().close();
    // Check only wrote nothing.
    const r = await apiAs(fx.editor, fx.password, 'GET', '/v1/projects?q=importé+par+l%27écran&view=WORKING');
    assert((r.body.totalSize ?? 0) === 0, 'a check-only import wrote a project');
  });
}

await inAtlas('axe-core: the legends and popups with their notes (fr, ar)', async () => {
  const found = [];
  for (const path of ['/?mode=regions&metric=budget', '/?mode=world&metric=budget_per_capita&lang=ar']) {
    const page = await atlas(path);
    for (const v of await axeViolations(page)) found.push(`${path}: ${v}`);
    await page.close();
  }
  assert(found.length === 0, found.join('\n'));
});

await check('no page error on any page of this part', async () => {
  assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
});

await finish('figure checks');
