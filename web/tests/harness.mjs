// What every browser test file shares: its arguments (URL, artefacts
// directory, fixtures), Debian's Chromium, and checks that print one line
// each and make the process fail if any did.
//   const { base, artifacts, fixtures, browser, check, assert, finish } = await start();
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

export function assert(cond, message) { if (!cond) throw new Error(message); }

// axe-core's WCAG 2.0/2.1 level A and AA rules run on the page as it is now;
// the violations as "rule (impact): element — what fails", one per element.
// Injected through the DevTools protocol, so the page's CSP does not apply.
const AXE = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const violations = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact,
    nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').split('\n').slice(1).join(' ').trim()}`) }))));
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n}`));
}

// The API as a partner system would see it (for checks, not for the flow):
// `user` signs in with the password grant, then one call; the Response.
export async function apiFetch(base, user, password, method, path, body) {
  const t = await fetch(`${base}/v1/auth/token`, { method: 'POST', body: new URLSearchParams({
    grant_type: 'password', username: user, password }) }).then((r) => r.json());
  return fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${t.access_token}`,
    'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
}

export async function start() {
  const [base, artifacts, fixturesFile] = process.argv.slice(2);
  const fixtures = JSON.parse(readFileSync(fixturesFile, 'utf8'));
  mkdirSync(artifacts, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  const results = [];
  async function check(name, fn) {
    const begin = Date.now();
    try {
      await fn();
      results.push({ name, ok: true });
      console.log(`ok   ${name} (${Date.now() - begin} ms)`);
    } catch (e) {
      results.push({ name, ok: false });
      console.log(`FAIL ${name}: ${e.stack ?? e}`);
    }
  }
  async function finish(what) {
    await browser.close();
    const failed = results.filter((r) => !r.ok).length;
    console.log(`${results.length - failed}/${results.length} ${what} passed`);
    process.exit(failed ? 1 : 0);
  }
  return { base, artifacts, fixtures, browser, check, assert, finish };
}
