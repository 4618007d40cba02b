// The peer of the PdP PDF: headless Chromium (Debian's, driven by the web
// app's playwright-core) printing the very same HTML to an A4 PDF, the
// browser launched once and kept warm. Prints one JSON line of medians in ms.
//   node bench/indicators/chromium-pdf.mjs STATE RUNS
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [state, runsArg] = process.argv.slice(2);
const runs = Math.max(1, Number(runsArg) || 11);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking'],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = {};
try {
  const page = await browser.newPage();
  for (const lang of ['fr', 'ar']) {
    const html = readFileSync(`${state}/pdp-${lang}.html`, 'utf8');
    const once = async () => {
      await page.setContent(html, { waitUntil: 'load' });
      return page.pdf({ format: 'A4', printBackground: true });
    };
    const first = await once(); // warm-up
    const ms = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await once();
      ms.push(performance.now() - t0);
    }
    out[`pdf_${lang}_ms`] = median(ms);
    out[`pdf_${lang}_bytes`] = first.length;
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
