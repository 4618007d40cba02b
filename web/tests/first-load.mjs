// First load of the atlas on a throttled network with an empty cache: time to
// the first paint, to the largest paint, and to the map drawn (style, tiles and
// clusters rendered, then checked on a screenshot: land and clusters on
// screen), and the bytes transferred. CPU not slowed.
//   node first-load.mjs URL RUNS [PROFILE]      prints one JSON line
// PROFILE `fast3g` (default): Lighthouse's mobile "Fast 3G" (150 ms RTT,
// 1.6 Mbps down, 750 kbps up); `devtools-fast3g`: Chrome DevTools' preset
// (562.5 ms latency, 1.44 Mbps down, 675 kbps up); `none`: no throttling.
import { chromium } from 'playwright-core';
import { mapPixels } from './map-pixels.mjs';

const [url, runs = '3', profile = 'fast3g'] = process.argv.slice(2);
const PROFILES = {
  fast3g: { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 },
  'devtools-fast3g': { latency: 562.5, downloadThroughput: (1.6 * 1024 * 1024) / 8 * 0.9,
                       uploadThroughput: (750 * 1024) / 8 * 0.9 },
  // No throttling: what the page costs this machine's CPU (software WebGL).
  none: { latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
};
if (!PROFILES[profile]) throw new Error(`unknown profile ${profile}`);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
const out = [];
for (let i = 0; i < Number(runs); i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...PROFILES[profile] });
  let bytes = 0, jsCss = 0;
  const types = new Map();
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    if (/\.(js|css)(\?|$)/.test(types.get(e.requestId) ?? '')) jsCss += e.encodedDataLength;
  });
  const start = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  try {
    await page.waitForFunction(() => window.atlasMap && window.atlasMap.loaded() && window.atlasMap.areTilesLoaded()
      && window.atlasMap.queryRenderedFeatures({ layers: ['clusters'] }).length > 0, null, { timeout: 60000, polling: 50 });
    // …and that frame on screen: two animation frames later it has been composited.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  } catch (e) {
    const state = await page.evaluate(() => ({ map: !!window.atlasMap, loaded: window.atlasMap?.loaded(),
      tiles: window.atlasMap?.areTilesLoaded(), clusters: window.atlasMap?.queryRenderedFeatures({ layers: ['clusters'] }).length,
      total: document.querySelector('.total')?.dataset.total })).catch((x) => String(x));
    console.error(`${url}: the map was not drawn in 60 s: ${JSON.stringify(state)}`);
    throw e;
  }
  const mapMs = Date.now() - start;
  // Loaded is not drawn: the screen must show the land and the clusters.
  const shown = await mapPixels(page);
  if (shown.land < 0.05 || shown.cluster <= 0) {
    throw new Error(`${url}: the map was loaded but the screen does not show it: ${JSON.stringify(shown)}`);
  }
  const paints = await page.evaluate(() => new Promise((resolve) => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
    new PerformanceObserver((list) => {
      const e = list.getEntries();
      resolve({ fcp, lcp: e[e.length - 1]?.startTime ?? null });
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    setTimeout(() => resolve({ fcp, lcp: null }), 1000);
  }));
  out.push({ mapMs, fcpMs: paints.fcp, lcpMs: paints.lcp, bytes, jsCssBytes: jsCss });
  await context.close();
}
await browser.close();
const median = (k) => out.map((r) => r[k]).filter((v) => v !== null).sort((a, b) => a - b)[Math.floor(out.length / 2)];
console.log(JSON.stringify({ profile, runs: out.length, mapMs: median('mapMs'), fcpMs: median('fcpMs'), lcpMs: median('lcpMs'),
                             bytes: median('bytes'), jsCssBytes: median('jsCssBytes') }));
