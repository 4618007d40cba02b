// The Maisons des Marocains du Monde in Chromium (issue 24): the directory
// page in French and Arabic (cards, demo labels, a figure not reported said so,
// no contacts for the public, the region filter in the URL, the downloads),
// the map layer and its popup, a region page's section; axe-core on each;
// screenshots to the artefacts directory.
//   node maisons.test.mjs URL ARTIFACTS FIXTURES
import { assert, axeViolations, start } from './harness.mjs';

const { base, artifacts, fixtures, browser, check, finish } = await start();
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

await check('the ministry edits the directory in the workspace; a refusal is worded, nothing stored', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const ws = await ctx.newPage();
  ws.on('pageerror', (e) => errors.push(String(e)));
  await ws.goto(`${base}/workspace/maisons`);
  await ws.waitForURL(/\/workspace\/signin/);
  await ws.fill('#username', 'validator');
  await ws.fill('#password', fixtures.password);
  await ws.click('form.ws-signin button[type=submit]');
  await ws.waitForSelector('section.ws-maison');
  assert(await ws.textContent('#page-title') === 'Maisons des Marocains du Monde', 'title');
  // Signed in: the contacts are there.
  assert((await ws.textContent('main')).includes('@example.org'), 'contacts for the ministry');
  const before = await ws.$$eval('section.ws-maison', (a) => a.length);
  // A new entry with Paris's point: refused, in French, nothing stored.
  await ws.click('summary:has-text("Nouvelle Maison")');
  const form = ws.locator('form[data-form=new-maison]');
  await form.locator('[name=title-fr]').fill('Maison créée dans l’espace de travail (test)');
  await form.locator('[name=title-ar]').fill('دار أنشئت في فضاء العمل (اختبار)');
  await form.locator('[name=region]').selectOption('MA-06');
  await form.locator('[name=latitude]').fill('48.85');
  await form.locator('[name=longitude]').fill('2.35');
  await form.locator('[name=hours]').fill('1 08:30-16:30\n2 17:00-09:00');
  await form.locator('[name=services][value=legal_assistance]').check();
  await form.locator('[name=activity]').fill('2024 | | legal_assistance=12 | Registre (test)');
  await form.locator('button[type=submit]').click();
  await ws.waitForFunction(() => /Maroc/.test(document.querySelector('form[data-form=new-maison] .ws-status')?.textContent ?? ''));
  const refusal = await form.locator('.ws-status').textContent();
  assert(refusal.includes('maison.location') && refusal.includes('maison.hours[1].closes'), refusal);
  assert(await ws.$$eval('section.ws-maison', (a) => a.length) === before, 'nothing stored');
  await ws.screenshot({ path: `${artifacts}/maisons-workspace-refused.png` });
  // Corrected: Casablanca's point, hours that close after they open.
  await form.locator('[name=latitude]').fill('33.5731');
  await form.locator('[name=longitude]').fill('-7.5898');
  await form.locator('[name=hours]').fill('1 08:30-16:30\n2 09:00-17:00');
  await form.locator('button[type=submit]').click();
  await ws.waitForFunction((n) => document.querySelectorAll('section.ws-maison').length === n + 1, before);
  const created = ws.locator('section.ws-maison', { hasText: 'Maison créée dans l’espace de travail' });
  assert((await created.textContent()).includes('non communiqué'), 'visitors left empty: not reported');
  // Renamed through its edit form (only the title is sent, with the etag read).
  await created.locator('summary:has-text("Modifier")').click();
  await created.locator('[name=title-fr]').fill('Maison renommée dans l’espace de travail (test)');
  await created.locator('form button[type=submit]').click();
  await ws.waitForSelector('section.ws-maison:has-text("Maison renommée dans l’espace de travail")');
  const v = await axeViolations(ws);
  assert(v.length === 0, v.join('\n'));
  await ws.screenshot({ path: `${artifacts}/maisons-workspace.png` });
  // The public directory shows it at once.
  await page.goto(`${base}/maisons?region=MA-06`, { waitUntil: 'networkidle' });
  assert((await page.textContent('main')).includes('Maison renommée dans l’espace de travail'), 'public page follows');
  await ctx.close();
});

await check('no script error on any page', async () => {
  assert(errors.length === 0, errors.join('\n'));
});

await finish('Maisons des Marocains du Monde checks');
