// The Maisons des Marocains du Monde in Chromium (issue 24): the directory
// page in French and Arabic (cards, demo labels, a figure not reported said so,
// no contacts for the public, the region filter in the URL, the downloads),
// the map layer and its popup, a region page's section; axe-core on each;
// screenshots to the artefacts directory.
//   node maisons.test.mjs URL ARTIFACTS FIXTURES
import { assert, axeViolations, start } from './harness.mjs';

const { base, artifacts, browser, check, finish } = await start();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));

await check('the directory in French: every demo entry, labelled, without contacts', async () => {
  await page.goto(`${base}/maisons`, { waitUntil: 'networkidle' });
  await page.waitForSelector('article.maison');
  const h1 = await page.textContent('h1');
  assert(h1.includes('Maisons des Marocains du Monde'), `title: ${h1}`);
  const cards = await page.$$eval('article.maison', (a) => a.length);
  assert(cards >= 12, `cards: ${cards}`);
  assert(await page.isVisible('#maisons-demo'), 'the page says its entries are demo');
  const demoTags = await page.$$eval('article.maison .demo-tag', (a) => a.length);
  assert(demoTags >= 12, `demo tags: ${demoTags}`);
  const text = await page.textContent('main');
  assert(!text.includes('@example.org') && !text.includes('+212'), 'no contact for the public');
  assert(text.includes('non communiqué'), 'a visitor count not reported says so');
  assert(text.includes('Accueil et orientation'), 'services by their French labels');
  const sections = await page.$$eval('section.maisons-region h2', (a) => a.map((x) => x.textContent));
  assert(sections.length === 12 && sections.includes("L'Oriental"), `regions: ${sections}`);
  await page.screenshot({ path: `${artifacts}/maisons-fr.png`, fullPage: false });
  const v = await axeViolations(page);
  assert(v.length === 0, v.join('\n'));
});

await check('filtering by region: in the URL, one region, the downloads follow', async () => {
  await page.selectOption('#m-region', 'MA-02');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('region') === 'MA-02');
  await page.waitForFunction(() => document.querySelectorAll('section.maisons-region').length === 1);
  const h2 = await page.textContent('section.maisons-region h2');
  assert(h2 === "L'Oriental", h2);
  const csv = await page.getAttribute('a[href*="format=csv"]', 'href');
  assert(csv.includes('regionCode=MA-02'), csv);
  const r = await page.evaluate(async (href) => {
    const res = await fetch(href);
    return { type: res.headers.get('content-type'), body: await res.text() };
  }, csv);
  assert(r.type.startsWith('text/csv') && r.body.split('\r\n')[1].includes('MA-02'), r.body.slice(0, 200));
  await page.selectOption('#m-service', 'legal_assistance');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('service') === 'legal_assistance');
});

await check('the directory in Arabic, right to left', async () => {
  await page.goto(`${base}/maisons?lang=ar`, { waitUntil: 'networkidle' });
  await page.waitForSelector('article.maison');
  assert(await page.evaluate(() => document.documentElement.dir) === 'rtl', 'rtl');
  const h1 = await page.textContent('h1');
  assert(h1.includes('دور المغاربة المقيمين بالخارج'), h1);
  const text = await page.textContent('main');
  assert(text.includes('غير مصرح به') && text.includes('الاستقبال والتوجيه'), 'Arabic labels');
  const hours = await page.$eval('.hours li span', (el) => ({ dir: el.dir, text: el.textContent }));
  assert(hours.dir === 'ltr' && hours.text.startsWith('08:30'), `hours read left to right: ${JSON.stringify(hours)}`);
  await page.screenshot({ path: `${artifacts}/maisons-ar.png`, fullPage: false });
  const v = await axeViolations(page);
  assert(v.length === 0, v.join('\n'));
});

await check('the map layer: one point per entry, a popup with the entry', async () => {
  await page.goto(`${base}/?maisons=1`, { waitUntil: 'networkidle' });
  assert(await page.isChecked('#maisons-layer'), 'the layer switch is on');
  await page.waitForFunction(() => window.atlasMap?.getLayer('maisons')
    && window.atlasMap.querySourceFeatures('maisons').length > 0, null, { timeout: 20000 });
  // Laâyoune's entry (no other test writes there), clicked where the map draws it.
  await page.evaluate(() => window.atlasMap.jumpTo({ center: [-13.2033, 27.1536], zoom: 8 }));
  await page.waitForFunction(() => window.atlasMap.loaded());
  const box = await page.$eval('#map canvas', (c) => { const r = c.getBoundingClientRect(); return { x: r.x, y: r.y }; });
  const at = await page.evaluate(() => window.atlasMap.project([-13.2033, 27.1536]));
  await page.mouse.click(box.x + at.x, box.y + at.y);
  await page.waitForSelector('.maplibregl-popup .maison h3', { timeout: 5000 });
  const title = await page.textContent('.maplibregl-popup .maison h3');
  assert(title.includes('Laâyoune (démo)'), title);
  await page.screenshot({ path: `${artifacts}/maisons-map.png` });
  // Off: the layer hidden, the URL without it.
  await page.click('#maisons-layer');
  await page.waitForFunction(() => window.atlasMap.getLayoutProperty('maisons', 'visibility') === 'none');
  assert(!page.url().includes('maisons=1'), page.url());
});

await check("a region page lists the region's Maisons", async () => {
  await page.goto(`${base}/regions/MA-02`, { waitUntil: 'networkidle' });
  await page.waitForSelector('#region-maisons article.maison', { timeout: 10000 });
  const titles = await page.$$eval('#region-maisons article.maison h3', (a) => a.map((x) => x.textContent));
  assert(titles.some((t) => t.includes('Oujda (démo)')), `${titles}`);
  const others = await page.$$eval('#region-maisons article.maison .where', (a) => a.map((x) => x.textContent));
  assert(others.every((w) => w === "L'Oriental"), `${others}`);
  await page.screenshot({ path: `${artifacts}/maisons-region.png` });
});

await check('no script error on any page', async () => {
  assert(errors.length === 0, errors.join('\n'));
});

await finish('Maisons des Marocains du Monde checks');
