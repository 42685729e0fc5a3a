// One cold visit of a search page as a phone makes it, measured: what the benchmark
// (search-phone.mjs) and the request-count test (search.test.mjs) share.
import { phone } from './lib.mjs';

// Lighthouse's "mobile slow 4G" as its DevTools throttling sends it: 150 ms RTT × 3.75,
// 1.6 Mbit/s × 0.9 down and 750 kbit/s × 0.9 up, in bytes per second.
export const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: Math.floor((1474.56 * 1024) / 8),
  uploadThroughput: Math.floor((675 * 1024) / 8),
};

// Runs in the page before its own scripts: notes when the first results are shown, which
// is not before the page's style sheets have arrived (they hold back painting).
function watch() {
  const check = () => {
    if (window.__shown !== undefined || window.__pending) return;
    const sheets = [...document.querySelectorAll('link[rel=stylesheet]')];
    if (sheets.some((l) => !l.sheet)) return;
    const items = document.querySelectorAll('.hits li, #results li').length;
    const status = (document.getElementById('status') || {}).textContent || '';
    const found = /找到 (\d+)/.exec(status);
    if (items >= 10 || /没有找到/.test(status) || (found && items >= Math.min(10, +found[1]))) {
      window.__pending = true;
      requestAnimationFrame(() => { window.__shown = performance.now(); });
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener('load', check, true);
}

/** Applies `network` to the workers and service workers the page starts, as it is to the page. */
async function throttleWorkers(cdp, network) {
  let id = 0;
  cdp.on('Target.attachedToTarget', async ({ sessionId }) => {
    const send = (method, params = {}) => cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: ++id, method, params }) });
    await send('Network.enable');
    await send('Network.emulateNetworkConditions', network);
    await send('Runtime.runIfWaitingForDebugger');
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
}

/**
 * One cold visit of `url`. Resolves to { shown, results, list, bytes, requests, depth, files }:
 * `list` holds the requests sent by then, each with its `depth` (1 for the page).
 * `serviceWorkers: 'block'` keeps a site's service worker from installing (and from
 * precaching pages over the connections the page is using).
 */
export async function visit(browser, url, { throttle = true, network = SLOW_4G, cpu = 4, serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({ ...phone, serviceWorkers });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  // Playwright's events include the requests of workers (Pagefind searches in one) and of
  // youdai's service worker, which the network emulation of the page does not cover: it is
  // applied to them as they start.
  const finished = [];
  let started = 0, ended = 0;
  context.on('request', () => started++);
  context.on('requestfailed', () => ended++);
  context.on('requestfinished', (r) => ended++ + finished.push((async () => {
    const response = await r.response();
    // The service worker's own traffic (its script, its precache) is not the search's; it
    // still shares the network with it, which the time shows.
    if ((response && response.fromServiceWorker()) || r.serviceWorker() || /\/sw\.js$/.test(r.url())) return null;
    const t = r.timing();
    const z = await r.sizes();
    return { url: r.url(), sent: t.startTime, done: t.startTime + t.responseEnd, bytes: z.responseBodySize + z.responseHeadersSize };
  })().catch(() => null)));
  if (throttle) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
    await throttleWorkers(cdp, network);
  }
  await page.addInitScript(watch);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__shown !== undefined, null, { timeout: 120000, polling: 50 });
  const { shown, origin } = await page.evaluate(() => ({ shown: window.__shown, origin: performance.timeOrigin }));
  const results = await page.$$eval('.hits li h3 a, #results li a', (as) => as.slice(0, 10).map((a) => a.textContent));
  // The events of the requests the results needed may still be on their way here.
  for (let waited = 0; ended < started && waited < 15000; waited += 50) await page.waitForTimeout(50);
  const reqs = (await Promise.all(finished)).filter(Boolean);
  await context.close();
  // Requests sent after the results are shown do not count (the page's timeline and the
  // network's are apart by some milliseconds, so the test is on when a request was sent:
  // nothing the page sends unasked comes soon before); nor does the icon a browser asks for.
  const list = reqs
    .filter((r) => r.sent <= origin + shown && !/\/favicon\.[a-z]+$/.test(r.url))
    .sort((a, b) => a.sent - b.sent);
  for (const r of list) {
    r.path = new URL(r.url).pathname;
    r.depth = 1 + Math.max(0, ...list.filter((p) => p !== r && p.done <= r.sent).map((p) => p.depth));
    r.at = [Math.round(r.sent - origin), Math.round(r.done - origin)];
  }
  return { shown, results, list, ...summary(list) };
}

/** Bytes, requests and depth of some requests of a visit. */
export function summary(list) {
  return {
    bytes: list.reduce((s, r) => s + r.bytes, 0),
    requests: list.length,
    depth: Math.max(0, ...list.map((r) => r.depth)),
    files: list.map((r) => `${r.depth} ${r.at[0]}-${r.at[1]} ms ${r.path}${new URL(r.url).search} ${r.bytes}`),
  };
}
