// The studies and reports library in Chromium (issue 24): the public page in
// French and Arabic (a search in the PDFs' text with the matched passage
// marked, the PDF downloaded, a restricted document nowhere), a region page's
// section, and the ministry's upload in the workspace (a file that is not a
// PDF refused in French, nothing stored; a real one found at once by the
// public search); axe-core on each; screenshots to the artefacts directory.
//   node library.test.mjs URL ARTIFACTS FIXTURES
import { readFileSync } from 'node:fs';
import { assert, axeViolations, start } from './harness.mjs';

const { base, artifacts, fixtures, browser, check, finish } = await start();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));

// A one-page PDF with `line` in Helvetica (what minipdf.py writes).
function pdf(line) {
  const content = `BT /F1 11 Tf 56 780 Td (${line}) Tj ET`;
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

await check('the library in French: a search in the PDFs, the passage marked, no restricted document', async () => {
  await page.goto(`${base}/library`, { waitUntil: 'networkidle' });
  await page.waitForSelector('article.library-doc');
  assert((await page.textContent('h1')).includes('Bibliothèque des études et rapports'), 'title');
  assert(!(await page.textContent('main')).includes(fixtures.restrictedTitle), 'no restricted document');
  await page.fill('#l-q', 'gouvernance');
  await page.click('form.library-search button[type=submit]');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'gouvernance');
  await page.waitForSelector('article.library-doc mark');
  const cards = await page.$$eval('article.library-doc', (a) => a.map((x) => x.dataset.name));
  assert(cards.length === 1 && cards[0] === fixtures.publicName, `results: ${cards}`);
  assert((await page.textContent('article.library-doc mark')).toLowerCase().includes('gouvernance'), 'marked');
  const href = await page.getAttribute('article.library-doc a.download', 'href');
  const r = await page.evaluate(async (u) => {
    const res = await fetch(u);
    const b = new Uint8Array(await res.arrayBuffer());
    return { type: res.headers.get('content-type'), head: String.fromCharCode(...b.slice(0, 5)) };
  }, href);
  assert(r.type === 'application/pdf' && r.head === '%PDF-', JSON.stringify(r));
  await page.screenshot({ path: `${artifacts}/library-fr.png` });
  const v = await axeViolations(page);
  assert(v.length === 0, v.join('\n'));
});

await check('the library in Arabic, right to left', async () => {
  await page.goto(`${base}/library?lang=ar&q=gouvernance`, { waitUntil: 'networkidle' });
  await page.waitForSelector('article.library-doc');
  assert(await page.evaluate(() => document.documentElement.dir) === 'rtl', 'rtl');
  assert((await page.textContent('h1')).includes('مكتبة الدراسات والتقارير'), 'Arabic title');
  await page.screenshot({ path: `${artifacts}/library-ar.png` });
  const v = await axeViolations(page);
  assert(v.length === 0, v.join('\n'));
});

await check("a region page lists the region's documents", async () => {
  await page.goto(`${base}/regions/MA-02`, { waitUntil: 'networkidle' });
  await page.waitForSelector('#region-library article.library-doc', { timeout: 10000 });
  const names = await page.$$eval('#region-library article.library-doc', (a) => a.map((x) => x.dataset.name));
  assert(names.includes(fixtures.publicName) && !names.includes(fixtures.restrictedName), `${names}`);
});

await check('the ministry uploads in the workspace: a false PDF refused, a real one found at once', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const ws = await ctx.newPage();
  ws.on('pageerror', (e) => errors.push(String(e)));
  await ws.goto(`${base}/workspace/library`);
  await ws.waitForURL(/\/workspace\/signin/);
  await ws.fill('#username', 'analyst');
  await ws.fill('#password', fixtures.password);
  await ws.click('form.ws-signin button[type=submit]');
  await ws.waitForSelector('section.ws-document');
  // Signed in: the restricted document is listed.
  assert((await ws.textContent('main')).includes(fixtures.restrictedTitle), 'restricted for the ministry');
  // Its PDF downloads with the session's token (the public link would answer 404).
  const restricted = ws.locator('section.ws-document', { hasText: fixtures.restrictedTitle });
  const [download] = await Promise.all([ws.waitForEvent('download'), restricted.locator('a.download').click()]);
  const bytes = readFileSync(await download.path());
  assert(bytes.subarray(0, 5).toString() === '%PDF-', `a PDF: ${bytes.subarray(0, 20)}`);
  const before = await ws.$$eval('section.ws-document', (a) => a.length);
  await ws.click('summary:has-text("Ajouter un document")');
  const form = ws.locator('form[data-form=new-document]');
  await form.locator('[name=title-fr]').fill('Rapport déposé dans l’espace de travail (test)');
  await form.locator('[name=kind]').selectOption('DIAGNOSTIC');
  await form.locator('[name=regions]').selectOption(['MA-03']);
  await form.locator('[name=file]').setInputFiles({ name: 'faux.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('PK\u0003\u0004 not a pdf') });
  await form.locator('button[type=submit]').click();
  await ws.waitForFunction(() => /PDF/.test(document.querySelector('form[data-form=new-document] .ws-status')?.textContent ?? ''));
  const refusal = await form.locator('.ws-status').textContent();
  assert(refusal.includes('doit être un fichier PDF'), refusal);
  assert(await ws.$$eval('section.ws-document', (a) => a.length) === before, 'nothing stored');
  await form.locator('[name=file]').setInputFiles({ name: 'rapport.pdf', mimeType: 'application/pdf',
    buffer: pdf('Observatoire des transferts de fonds de la diaspora') });
  await form.locator('button[type=submit]').click();
  await ws.waitForFunction((n) => document.querySelectorAll('section.ws-document').length === n + 1, before);
  const v = await axeViolations(ws);
  assert(v.length === 0, v.join('\n'));
  await ws.screenshot({ path: `${artifacts}/library-workspace.png` });
  await page.goto(`${base}/library?q=transferts`, { waitUntil: 'networkidle' });
  await page.waitForSelector('article.library-doc');
  assert((await page.textContent('main')).includes('Rapport déposé dans l’espace de travail'), 'found by the public search');
  await ctx.close();
});

await check('no script error on any page', async () => {
  assert(errors.length === 0, errors.join('\n'));
});

await finish('library checks');
