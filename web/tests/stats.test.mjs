// Browser checks of the public statistics pages, run by tests/system/test_stats.py
// against a whole system it started:
//   node web/tests/stats.test.mjs URL ARTIFACTS_DIR FIXTURES.json
// French and Arabic: the chart is drawn, the table holds every country with the
// API's numbers, the source line and the flags are under it, the comparison of
// two periods, the downloads answer, and axe-core finds no WCAG A/AA violation.
import { join } from 'node:path';
import { assert, axeViolations, start } from './harness.mjs';

const { base, artifacts, fixtures: fx, browser, check, finish } = await start();
const errors = [];
async function open(path) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}${path}`);
  await page.waitForSelector('.st-table tbody tr');
  return page;
}
// Non-background pixels of the chart's canvas: drawn, not just present.
const inked = (page) => page.evaluate(async () => {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const c = document.querySelector('.st-chart canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
  return n;
});

await check('French: chart, every country with the API numbers, total, source, flags', async () => {
  const page = await open('/statistics');
  assert(/Statistiques/.test(await page.locator('h1').textContent()), 'title');
  assert(await inked(page) > 2000, 'the chart is blank');
  const rows = await page.locator('.st-dataset .st-table tbody tr').count();
  assert(rows >= 60, `only ${rows} rows`);
  const first = await page.locator('.st-dataset .st-table tbody tr').first().locator('th').textContent();
  assert(first === 'France', `first row ${first}`);
  const api = await (await fetch(`${base}/v1/datasets/undesa-ims-2020:query?groupBy=REF_AREA&filter=TIME_PERIOD%3D2020&filter=SEX%3D_T&totals=true`)).json();
  const fra = api.cells.find((c) => c.key[0] === 'FRA').value;
  const shown = (await page.locator('.st-dataset .st-table tbody tr').first().locator('td').first().textContent()).replace(/\D/g, '');
  assert(shown === fra, `France ${shown} vs API ${fra}`);
  const total = (await page.locator('.st-dataset .st-table tfoot td').first().textContent()).replace(/\D/g, '');
  assert(total === api.margins[0].value, `total ${total} vs ${api.margins[0].value}`);
  assert(/International Migrant Stock 2020/.test(await page.locator('.st-source').textContent()), 'source line');
  // The world map: every outline drawn, France in the top class, no figure hatched.
  assert(await page.locator('.st-map path').count() > 200, 'outlines');
  assert(await page.locator('.st-map path[data-code="FRA"]').getAttribute('data-class') === '5', 'France in the top class');
  const none = await page.locator('.st-map path[data-class="none"]').count();
  assert(none > 100 && none < 200, `${none} hatched outlines`);
  assert(await page.locator('.st-map path[fill="url(#st-nodata)"]').count() === none, 'hatched = no data');
  assert(/pas de donnée/.test(await page.locator('.st-legend').textContent()), 'no-data legend');
  assert(/multiple de 5/.test(await page.locator('.st-note').textContent()), 'disclosure note');
  const v = await axeViolations(page);
  assert(v.length === 0, v.join('\n'));
  await page.screenshot({ path: join(artifacts, 'statistics-fr.png'), fullPage: true });
  const csv = await page.locator('.st-downloads a').first().getAttribute('href');
  const r = await fetch(`${base}${csv}`);
  assert(r.ok && /^DATAFLOW,REF_AREA,SEX,TIME_PERIOD,OBS_VALUE/.test(await r.text()), `download ${csv}`);
  // Persons next to projects: the API's countries with projects, the demo ones flagged.
  const cov = await (await fetch(`${base}/v1/datasets/undesa-ims-2020:projectCoverage?period=2020`)).json();
  const withP = cov.countries.filter((c) => c.activeProjects > 0);
  await page.waitForSelector('.st-coverage .st-with tbody tr');
  assert(await page.locator('.st-coverage .st-with tbody tr').count() === withP.length, 'countries with projects');
  const france = page.locator('.st-coverage .st-with tbody tr', { hasText: 'France' });
  assert(/démonstration/.test(await france.textContent()), 'the demo project is flagged in its row');
  assert(await page.locator('.st-coverage .st-demo').count() === 1, 'demo note');
  assert(await page.locator('.st-coverage .st-without tbody tr').count() === 15, 'the 15 largest without projects');
});

await check('Arabic, right to left: two periods compared, then another dataset', async () => {
  const page = await open('/statistics?lang=ar&dataset=undesa-ims-2020&period=2020&compare=1990');
  assert(await page.evaluate(() => document.documentElement.dir) === 'rtl', 'not rtl');
  assert(/إحصاءات/.test(await page.locator('h1').textContent()), 'title');
  const head = await page.locator('.st-dataset .st-table thead th').allTextContents();
  assert(head.length === 5 && /1990/.test(head[3]), `head ${head}`);
  assert(await inked(page) > 2000, 'the chart is blank');
  const v = await axeViolations(page);
  assert(v.length === 0, v.join('\n'));
  await page.screenshot({ path: join(artifacts, 'statistics-ar.png'), fullPage: true });
  await page.click('a[href*="dataset=consular-2004"]');
  await page.waitForFunction(() => /2004/.test(document.querySelector('.st-dataset .st-table caption')?.textContent ?? ''));
  const rows = await page.locator('.st-dataset .st-table tbody tr').count();
  const api = await (await fetch(`${base}/v1/datasets/consular-2004:query?groupBy=REF_AREA`)).json();
  assert(rows === api.cells.length, `consular rows ${rows}, API ${api.cells.length}`);
});

// Non-background pixels of one chart (by its figure's class).
const inkedIn = (page, sel) => page.evaluate(async (sel) => {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const c = document.querySelector(`${sel} canvas`);
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
  return n;
}, sel);

for (const [lang, word] of [['fr', 'Pyramide'], ['ar', 'الهرم']]) {
  await check(`${lang}: the demo table's country profile — pyramid and education × labour, labelled demo`, async () => {
    const page = await open(`/statistics?dataset=dioc-demo&country=ESP${lang === 'fr' ? '' : `&lang=${lang}`}`);
    await page.waitForSelector('.st-profile .st-table tbody tr');
    assert(new RegExp(word).test(await page.locator('.st-pyramid figcaption').textContent()), 'pyramid caption');
    assert(await inkedIn(page, '.st-pyramid') > 2000, 'the pyramid is blank');
    assert(await inkedIn(page, '.st-education') > 2000, 'the education chart is blank');
    assert(await page.locator('.st-profile .st-demo').count() === 1, 'no demo notice on the profile');
    const tables = page.locator('.st-profile .st-table');
    assert(await tables.count() === 2, 'two tables');
    assert(await tables.first().locator('tbody tr').count() === 5, 'five age groups');
    const api = await (await fetch(`${base}/v1/datasets/dioc-demo:query?groupBy=AGE,SEX&filter=REF_AREA%3DESP&filter=TIME_PERIOD%3D2010&totals=true`)).json();
    const total = (await tables.first().locator('tfoot td').last().textContent()).replace(/\D/g, '');
    assert(total === api.margins[0].value, `total ${total} vs API ${api.margins[0].value}`);
    const young = api.cells.find((c) => c.key[0] === 'Y15T24' && c.key[1] === 'M').value;
    const shown = (await tables.first().locator('tbody tr').first().locator('td').first().textContent()).replace(/\D/g, '');
    assert(shown === young, `men 15–24 ${shown} vs API ${young}`);
    assert(/gen-dioc-demo/.test(await page.locator('.st-profile .st-source').textContent()), 'source line');
    const v = await axeViolations(page);
    assert(v.length === 0, v.join('\n'));
    await page.screenshot({ path: join(artifacts, `statistics-profile-${lang}.png`), fullPage: true });
    const csv = await page.locator('.st-profile .st-downloads a').first().getAttribute('href');
    const r = await fetch(`${base}${csv}`);
    assert(r.ok && /^DATAFLOW,REF_AREA,SEX,AGE/.test(await r.text()), `download ${csv}`);
  });
}

await check('English: the catalogue of data sources, each with its datasets', async () => {
  const page = await open('/statistics?lang=en');
  const api = await (await fetch(`${base}/v1/dataSources`)).json();
  const entries = page.locator('.st-source-entry');
  assert(await entries.count() === api.dataSources.length, `${await entries.count()} sources shown, API ${api.dataSources.length}`);
  await page.click('.st-from a');  // the dataset's source, from the dataset
  const un = page.locator('#dataSources-undesa-ims');
  await un.locator('summary').click();
  assert(/United Nations/.test(await un.textContent()), 'holder');
  assert(await un.locator('a[href*="dataset=undesa-ims-2024"]').count() === 1, 'link to its 2024 dataset');
  const v = await axeViolations(page);
  assert(v.length === 0, v.join('\n'));
  await page.screenshot({ path: join(artifacts, 'statistics-sources-en.png'), fullPage: true });
});

await check('workspace (analyst, French): a bad file gets its row report, a good one a draft, released, then diffed', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/workspace/statistics?dataset=consular-2004`);
  await page.waitForURL(/\/workspace\/signin/);
  await page.fill('#username', 'analyst');
  await page.fill('#password', fx.password);
  await page.click('form.ws-signin button[type=submit]');
  await page.waitForSelector('.st-versions tbody tr');
  const before = await page.locator('.st-versions tbody tr').count();
  const upload = async (name, text) => {
    await page.setInputFiles('#st-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.click('form.st-import button[type=submit]');
  };
  await upload('bad.csv', 'REF_AREA,SEX,TIME_PERIOD,OBS_VALUE\nFRA,_T,2006,x\nZZZ,_T,2006,1\n');
  await page.waitForSelector('.st-report tbody tr');
  const report = await page.locator('.st-report tbody tr').allTextContents();
  assert(report.length === 2 && /rows\[2\]\.OBS_VALUE/.test(report[0]) && /rows\[3\]\.REF_AREA/.test(report[1]), `report ${report}`);
  assert(/CL_AREA/.test(report[1]) && /refusé/.test(await page.locator('.st-import-result').textContent()), 'French report');
  assert(await page.locator('.st-versions tbody tr').count() === before, 'nothing written');
  await upload('good.csv', 'REF_AREA,SEX,TIME_PERIOD,OBS_VALUE\nFRA,_T,2006,1130000\nESP,_T,2006,445000\nBEL,_T,2006,210000\n');
  await page.waitForFunction(() => /brouillon/.test(document.querySelector('.st-import-result')?.textContent ?? ''));
  await page.waitForFunction((n) => document.querySelectorAll('.st-versions tbody tr').length === n, before + 1);
  const release = page.locator('.st-versions tbody tr').first().locator('button');
  await release.click();
  await page.waitForFunction(() => /publiée/.test(document.querySelector('.ws-ok')?.textContent ?? ''));
  const pub = await (await fetch(`${base}/v1/datasets/consular-2004`)).json();
  assert(pub.releasedVersion === before + 1, `released ${pub.releasedVersion}`);
  await page.click('#st-diff-title ~ form button[type=submit]');
  await page.waitForSelector('.st-diff-summary');
  assert(/ajoutées/.test(await page.locator('.st-diff-summary').textContent()), 'diff summary');
  assert(await page.locator('.st-changes tbody tr').count() > 0, 'changes listed');
  const v = await axeViolations(page);
  assert(v.length === 0, v.join('\n'));
  await page.screenshot({ path: join(artifacts, 'workspace-statistics-fr.png'), fullPage: true });
});

await check('no script error on any page', async () => {
  assert(errors.length === 0, errors.join('\n'));
});

await finish('statistics page checks');
