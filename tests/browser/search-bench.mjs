// Measures youdai's search (and, if built, Pagefind's) on a built site: query latency with
// 4x CPU throttling, recall/precision on a labelled query set, and for youdai the rounds of
// index requests each labelled query needs. (Time, bytes and requests of a first query on
// a throttled phone: search-phone.mjs.)
//
//   node search-bench.mjs SITE_OUT [--pagefind HUGO_OUT] [--json FILE]
//
// SITE_OUT is a `youdai build` output built with --base-url http://127.0.0.1/ (root path).
// HUGO_OUT is the Hugo build of the same content with a Pagefind index in HUGO_OUT/pagefind/
// (bench/search-pagefind.sh makes both). The labelled queries are in search-queries.json; an
// entry "must be found" when its title, summary or text contains the query (after
// full-width folding), or, for pinyin queries, the Chinese word they stand for.
import { serve, launch, phone } from './lib.mjs';
import { visit } from './search-visit.mjs';
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const site = path.resolve(args[0]);
const pagefindDir = args.includes('--pagefind') ? path.resolve(args[args.indexOf('--pagefind') + 1]) : null;
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : null;
const labelled = JSON.parse(readFileSync(path.join(here, 'search-queries.json'), 'utf8'));

// --- ground truth from api/catalog.json ------------------------------------------------
const catalog = JSON.parse(readFileSync(path.join(site, 'api/catalog.json'), 'utf8'));
const today = process.env.TODAY || '2025-06-01';
const fold = (s) => Array.from(s || '', (ch) => {
  const c = ch.codePointAt(0);
  return c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : ch;
}).join('').toLowerCase();
const current = (e) => !(e.valid_until && e.valid_until < today) && !(e.valid_from && e.valid_from > today);
const names = {};
for (const k of ['categories', 'groups', 'regions', 'partner_kinds']) {
  const walk = (ts) => (ts || []).forEach((t) => { names[`${k}:${t.id}`] = t.name; walk(t.children); });
  walk(catalog[k]);
}
// What the entry's page shows it is filed under: category or kind, region, groups, tags.
const filed = (e, kind) => [names[kind + ':' + (e.category || e.kind)], names[`regions:${e.region}`],
  ...(e.groups || []).map((g) => names[`groups:${g}`]), ...(e.tags || [])].join(' ');
const docs = [];
const add = (key, title, filedUnder, rest) => docs.push({ key, title: fold(`${title} ${filedUnder}`), text: fold([title, filedUnder, ...rest].join(' ')) });
for (const b of catalog.benefits) if (current(b)) add(`benefits/${b.id}`, b.title, filed(b, 'categories'), [b.summary, b.details, b.how_to_claim, (b.documents || []).join(' '), b.department, b.basis]);
for (const p of catalog.partners) if (current(p)) add(`partners/${p.id}`, p.name, filed(p, 'partner_kinds'), [p.offer, p.details, p.address]);
for (const n of catalog.notices) if (!(n.expires && n.expires < today)) add(`notices/${n.id}`, n.title, [names[`regions:${n.region}`], ...(n.tags || [])].join(' '), [n.summary, n.body]);
for (const g of catalog.pages || []) add(g.id, g.title, '', [g.body]);
const keyOfUrl = (u) => new URL(u, 'http://x').pathname.replace(/^\/|\/(index\.html)?$/g, '');
function mustFind(q) {
  // Words separated by spaces must all be there; `a|b` accepts either.
  const words = fold(q.means || q.q).split(/\s+/).filter(Boolean).map((w) => w.split('|'));
  const field = q.scope === 'title' ? 'title' : 'text';
  return new Set(docs.filter((d) => words.every((ws) => ws.some((w) => d[field].includes(w)))).map((d) => d.key));
}

// --- youdai: row stores give entry number -> key ---------------------------------------
const rowKey = [];
const dDir = path.join(site, 'search/d');
readdirSync(dDir).map((f) => +f.split('.')[0]).sort((a, b) => a - b).forEach((i) => {
  for (const [t, , , id] of JSON.parse(readFileSync(path.join(dDir, `${i}.json`), 'utf8'))) {
    rowKey.push({ b: 'benefits/', p: 'partners/', n: 'notices/', g: '' }[t] + id);
  }
});

const server = await serve(site);
const pfServer = pagefindDir ? await serve(pagefindDir) : null;
const browser = await launch();

async function fresh(throttle) {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (throttle) await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const loads = [];
  page.on('response', async (r) => {
    try { loads.push({ url: r.url(), bytes: (await r.body()).length }); } catch { /* redirects */ }
  });
  return { context, page, loads };
}

// Latency under 4x CPU throttling: the first query after load (fetches included) and the
// same query again (index in memory), as the time from typing to results on screen.
async function youdaiLatency(queries) {
  const { context, page } = await fresh(true);
  await page.goto(`${server.url}search/`);
  const out = [];
  for (const q of queries) {
    const first = await page.evaluate(async (q) => { const t = performance.now(); await window.youdaiSearch(q); return performance.now() - t; }, q);
    const again = await page.evaluate(async (q) => { const t = performance.now(); await window.youdaiSearch(q); return performance.now() - t; }, q);
    const typed = await page.evaluate(async (q) => {
      const input = document.getElementById('q2');
      input.value = ''; input.dispatchEvent(new Event('input'));
      await new Promise((ok) => setTimeout(ok, 200));
      const t = performance.now();
      input.value = q; input.dispatchEvent(new Event('input'));
      await new Promise((ok) => {
        const check = () => (document.querySelector('.hits li') || /没有/.test(document.getElementById('status').textContent)) ? ok() : requestAnimationFrame(check);
        setTimeout(check, 150);
      });
      return performance.now() - t - 150; // minus the typing debounce
    }, q);
    out.push({ q, first, again, typed });
  }
  await context.close();
  return out;
}

async function pagefindLatency(queries) {
  const { context, page } = await fresh(true);
  await page.goto(`${pfServer.url}search/`);
  await page.evaluate(async () => { window.pf = await import('/pagefind/pagefind.js'); await window.pf.init(); });
  const out = [];
  for (const q of queries) {
    const time = () => page.evaluate(async (q) => {
      const t = performance.now();
      const r = await window.pf.search(q);
      await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
      return performance.now() - t;
    }, q);
    out.push({ q, first: await time(), again: await time() });
  }
  await context.close();
  return out;
}

async function quality(kind) {
  const { context, page } = await fresh(false);
  await page.goto(kind === 'youdai' ? `${server.url}search/` : `${pfServer.url}search/`);
  if (kind === 'pagefind') await page.evaluate(async () => { window.pf = await import('/pagefind/pagefind.js'); });
  const rows = [];
  for (const q of labelled) {
    const want = mustFind(q);
    let got;
    if (kind === 'youdai') {
      got = (await page.evaluate((q) => window.youdaiSearch(q), q.q)).map((n) => rowKey[n]);
    } else {
      got = await page.evaluate(async (q) => {
        const r = await window.pf.search(q);
        const data = await Promise.all(r.results.map((x) => x.data()));
        return data.map((d) => d.url);
      }, q.q);
      got = got.map(keyOfUrl);
    }
    const found = got.filter((k) => want.has(k)).length;
    const top = got.slice(0, 20);
    rows.push({
      q: q.q, want: want.size, got: got.length,
      recall: want.size ? found / want.size : (got.length ? 0 : 1),
      precision20: top.length ? top.filter((k) => want.has(k)).length / top.length : (want.size ? 0 : 1),
    });
  }
  await context.close();
  return rows;
}

// Rounds of index requests before the first 10 results show, for every labelled query and
// a few filters: each request delayed 100 ms so that rounds stand apart, nothing else slowed.
async function rounds() {
  const network = { offline: false, latency: 100, downloadThroughput: -1, uploadThroughput: -1 };
  const filters = [['免费', '&region=pingyao'], ['医疗', '&group=family'], ['优待', '&cat=travel'],
    ['就业', '&cat=jobs'], ['退役军人', '&group=veteran&region=yuci']];
  const out = [];
  for (const [q, extra] of [...labelled.map((l) => [l.q, '']), ...filters]) {
    const r = await visit(browser, `${server.url}search/?q=${encodeURIComponent(q)}${extra}`, { network, cpu: 1, serviceWorkers: 'block' });
    const index = r.list.filter((x) => /^\/search\/[id]\//.test(x.path));
    const round = (x) => 1 + Math.max(0, ...index.filter((p) => p.done <= x.sent).map(round));
    out.push({ q: q + extra, requests: index.length, rows: index.filter((x) => x.path.startsWith('/search/d/')).length, rounds: Math.max(0, ...index.map(round)) });
  }
  return out;
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const report = { youdai: {}, pagefind: null };
report.youdai.latency = await youdaiLatency(['医疗', '退役军人', '光荣牌', 'yiliao', 'grp', '平遥 门票']);
report.youdai.quality = await quality('youdai');
report.youdai.rounds = await rounds();
if (pagefindDir) {
  report.pagefind = {};
  report.pagefind.latency = await pagefindLatency(['医疗', '退役军人', '光荣牌', 'yiliao', 'grp', '平遥 门票']);
  report.pagefind.quality = await quality('pagefind');
}
await browser.close();
await server.close();
await pfServer?.close();

for (const [name, r] of Object.entries(report)) {
  if (!r) continue;
  console.log(`\n== ${name}`);
  for (const l of r.latency) console.log(`latency ${l.q}: first ${l.first.toFixed(1)} ms, again ${l.again.toFixed(1)} ms${l.typed !== undefined ? `, typed-to-shown ${l.typed.toFixed(1)} ms` : ''}`);
  for (const row of r.quality) console.log(`  ${row.q}\twant ${row.want}\tgot ${row.got}\trecall ${row.recall.toFixed(3)}\tP@20 ${row.precision20.toFixed(3)}`);
  console.log(`mean recall ${mean(r.quality.map((x) => x.recall)).toFixed(3)}, mean P@20 ${mean(r.quality.map((x) => x.precision20)).toFixed(3)} over ${r.quality.length} queries`);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(report, null, 1));
const byRounds = {};
for (const r of report.youdai.rounds) (byRounds[r.rounds] = byRounds[r.rounds] || []).push(r);
console.log('\nyoudai, rounds of index requests before the first 10 results:');
for (const [n, rs] of Object.entries(byRounds)) {
  console.log(`  ${n}: ${rs.length} queries, ${Math.min(...rs.map((r) => r.requests))}-${Math.max(...rs.map((r) => r.requests))} requests${n > 1 ? ': ' + rs.map((r) => `${r.q} (${r.requests}, ${r.rows} row files)`).join(', ') : ''}`);
}
