// What a phone keeps for offline use, measured: node offline-budget.mjs [SITE_ROOT]
// Builds SITE_ROOT (default: the demo site) for /yd/, visits the home page once (the
// service worker installs), then a search and a two-identity finder answer, and after each
// step prints what the worker's caches hold: files and bytes (uncompressed, as stored), by
// kind (pages, theme files, finder data, search files).
// BENCHMARKS.md, "Offline", has the figures for the demo and a 10,000-entry site.
import { build, launch, phone, repo, serve } from './lib.mjs';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(process.argv[2] || repo);
const staging = mkdtempSync(path.join(tmpdir(), 'youdai-offline-'));
const server = await serve(staging);
cpSync(build(root, `${server.url}yd/`), path.join(staging, 'yd'), { recursive: true });
const site = path.join(staging, 'yd');
const bytesUnder = (dir) => readdirSync(dir).reduce((n, f) => {
  const full = path.join(dir, f);
  return n + (statSync(full).isDirectory() ? bytesUnder(full) : statSync(full).size);
}, 0);
const browser = await launch();
const context = await browser.newContext(phone);
const page = await context.newPage();

async function held() {
  return page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      const kinds = { pages: [0, 0], 'theme files': [0, 0], 'finder data': [0, 0], 'search files': [0, 0] };
      const keys = await cache.keys();
      for (const k of keys) {
        const n = (await (await cache.match(k)).arrayBuffer()).byteLength;
        const kind = k.url.includes('/finder/data/') ? 'finder data'
          : k.url.includes('/search/') && !k.url.endsWith('/search/') ? 'search files'
          : k.url.includes('/assets/') || k.url.endsWith('/favicon.svg') ? 'theme files' : 'pages';
        kinds[kind][0] += 1;
        kinds[kind][1] += n;
      }
      const total = Object.values(kinds).reduce((t, [f, b]) => [t[0] + f, t[1] + b], [0, 0]);
      const said = (fb) => `${fb[0]} files, ${fb[1]} bytes`;
      out[name.endsWith('-kept') ? 'kept as used' : 'kept at install'] = Object.fromEntries(
        [['all', said(total)], ...Object.entries(kinds).filter(([, fb]) => fb[0]).map(([k, fb]) => [k, said(fb)])]);
    }
    return out;
  });
}

async function settle() {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60000 });
  await page.waitForTimeout(1500);
}

console.log(`site: ${root}; finder data on disk ${bytesUnder(path.join(site, 'finder/data'))} bytes, search files ${bytesUnder(path.join(site, 'search')) - statSync(path.join(site, 'search/index.html')).size} bytes`);
await page.goto(`${server.url}yd/`);
await settle();
console.log('after the first visit (home page):', JSON.stringify(await held()));
await page.goto(`${server.url}yd/search/?q=%E5%8C%BB%E7%96%97`);
await page.waitForSelector('#results a');
await settle();
console.log('after a search (医疗):', JSON.stringify(await held()));
await page.goto(`${server.url}yd/finder/?group=veteran&group=disabled&region=pingyao`);
await page.waitForSelector('#finder-results li');
await settle();
console.log('after a finder answer (veteran + disabled, pingyao):', JSON.stringify(await held()));
await browser.close();
await server.close();
rmSync(staging, { recursive: true, force: true });
