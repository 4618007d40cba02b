// The help pages in Chromium (issue 24): every guide and the glossary in
// French and Arabic, their tables of contents and every link among them
// resolved (page and anchor), axe-core on each, the help link of every
// workspace screen each role reaches pointing at an existing section, and a
// guide printed to PDF read back by poppler's pdftotext (text only: no header).
//   node help.test.mjs URL ARTIFACTS FIXTURES
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, axeViolations, start } from './harness.mjs';

const { base, artifacts, fixtures, browser, check, finish } = await start();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
const GUIDES = ['partners', 'validators', 'analysts', 'administrators', 'glossary'];

// Opens `target` (path, maybe #anchor) and says whether its page and anchor exist.
async function resolves(p, target) {
  const url = new URL(target, base);
  await p.goto(url.href, { waitUntil: 'networkidle' });
  await p.waitForSelector('main h1');
  if (await p.$('main [role=alert]')) return false;
  return !url.hash || (await p.$(`[id="${decodeURIComponent(url.hash.slice(1))}"]`)) !== null;
}

for (const lang of ['fr', 'ar']) {
  await check(`every guide in ${lang}: contents, links, axe-core`, async () => {
    const q = lang === 'fr' ? '' : `?lang=${lang}`;
    await page.goto(`${base}/help${q}`, { waitUntil: 'networkidle' });
    const listed = await page.$$eval('ul.help-index a', (a) => a.map((x) => x.getAttribute('href')));
    assert(listed.length === GUIDES.length, `index: ${listed}`);
    const links = new Set(listed);
    for (const g of GUIDES) {
      await page.goto(`${base}/help/${g}${q}`, { waitUntil: 'networkidle' });
      assert(await page.evaluate(() => document.documentElement.dir) === (lang === 'ar' ? 'rtl' : 'ltr'), 'direction');
      const toc = await page.$$eval('nav.help-toc a', (a) => a.map((x) => x.getAttribute('href')));
      for (const anchor of toc) assert(await page.$(`[id="${anchor.slice(1)}"]`), `${g}: ${anchor} has no section`);
      const v = await axeViolations(page);
      assert(v.length === 0, `${g} (${lang}):\n${v.join('\n')}`);
      for (const a of await page.$$eval('main a[href^="/help"]', (x) => x.map((e) => e.getAttribute('href')))) links.add(a);
      if (g === 'partners') await page.screenshot({ path: `${artifacts}/help-${lang}.png` });
    }
    const other = await browser.newPage();
    for (const l of links) assert(await resolves(other, l), `broken help link ${l}`);
    await other.close();
  });
}

await check('every workspace screen links to an existing section of the guides', async () => {
  const targets = new Map();  // help target -> the screen that links to it
  for (const user of ['editor', 'validator', 'analyst', 'admin']) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const ws = await ctx.newPage();
    ws.on('pageerror', (e) => errors.push(String(e)));
    await ws.goto(`${base}/workspace`);
    await ws.waitForURL(/\/workspace\/signin/);
    await ws.fill('#username', user);
    await ws.fill('#password', user === 'admin' ? fixtures.adminPassword : fixtures.password);
    await ws.click('form.ws-signin button[type=submit]');
    await ws.waitForFunction(() => !location.pathname.endsWith('/signin'));
    await ws.waitForSelector('nav.ws-nav');
    const screens = await ws.$$eval('nav.ws-nav a[href^="/workspace"]', (a) => a.map((x) => x.getAttribute('href')));
    for (const screen of new Set(screens)) {
      // Through the app's own navigation (a reload would start a new visit).
      await ws.click(`nav.ws-nav a[href="${screen}"]`);
      await ws.waitForFunction((p) => location.pathname === p, screen);
      try {
        await ws.waitForSelector('a[data-help=screen]', { timeout: 10000 });
      } catch {
        throw new Error(`${user} on ${screen}: no help link (${(await ws.textContent('body')).slice(0, 200)})`);
      }
      targets.set(await ws.getAttribute('a[data-help=screen]', 'href'), `${user} ${screen}`);
    }
    await ctx.close();
  }
  assert(targets.size >= 10, `help targets: ${[...targets.keys()]}`);
  const p = await browser.newPage();
  for (const [target, screen] of targets) assert(await resolves(p, target), `${screen} links to ${target}, which does not exist`);
  await p.close();
});

await check('a guide prints as its text alone (Chromium PDF read back by pdftotext)', async () => {
  await page.goto(`${base}/help/glossary`, { waitUntil: 'networkidle' });
  const file = join(artifacts, 'help-glossary-fr.pdf');
  writeFileSync(file, await page.pdf({ format: 'A4' }));
  const text = execFileSync('pdftotext', ['-q', '-enc', 'UTF-8', file, '-']).toString();
  for (const term of ['Crédits d’engagement', 'Rapport de performance', 'efficience']) {
    assert(text.includes(term), `${term} not in the printed glossary`);
  }
  assert(!text.includes('Atlas des projets') && !text.includes('Imprimer'), 'header and tools not printed');
});

await check('no script error on any page', async () => {
  assert(errors.length === 0, errors.join('\n'));
});

await finish('help checks');
