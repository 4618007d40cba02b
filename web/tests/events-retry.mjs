// Issue 17, item 9: when the gateway refuses a page's event stream (503: too
// many streams from one address), the browser's EventSource gives up for
// good; the page must try again with back-off and get its stream once a slot
// is free. Run by tests/system/test_security.py against a gateway capped at
// one stream per address.
//   node web/tests/events-retry.mjs <base URL> <artifacts dir> <fixtures.json>
import { start } from './harness.mjs';

const { base, browser, check, assert, finish } = await start();
const state = (page) => page.evaluate(() => ({
  ready: window.atlasEvents ? window.atlasEvents.readyState : -1,
  retries: window.atlasEventsRetries ?? 0,
}));
async function until(page, cond, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = await state(page);
    if (cond(s)) return s;
    if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

await check('a refused stream is retried with back-off and opens once a slot is free', async () => {
  const first = await (await browser.newContext()).newPage();
  await first.goto(base + '/');
  await until(first, (s) => s.ready === 1, 20000, 'first page streaming');
  const second = await (await browser.newContext()).newPage();
  await second.goto(base + '/');
  const refused = await until(second, (s) => s.retries >= 2, 20000, 'second page retrying');
  assert(refused.ready !== 1, 'the second page cannot stream while the first holds the slot');
  await first.close();
  await until(second, (s) => s.ready === 1, 30000, 'second page streaming after the first left');
});

await finish('event stream retry checks');
