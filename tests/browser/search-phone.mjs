// A citizen on a cheap phone opens search/?q=WORDS: time until the first 10 results are on
// screen, bytes and requests, for youdai and for Hugo + Pagefind on the same content.
//
//   node search-phone.mjs --youdai OUT --pagefind HUGO_OUT [--before OLD_OUT] [--runs 3]
//        [--no-service-worker] [--json FILE] [QUERY...]
//
// OUT is a `youdai build` output and HUGO_OUT a Hugo build indexed by Pagefind, both built
// for serving at the root of 127.0.0.1 (bench/search-pagefind.sh makes them). Each run is a
// new browser context (cold cache, new connections) with Lighthouse's "mobile slow 4G"
// applied through the Chrome DevTools Protocol: 562.5 ms latency per request, 1.47 Mbit/s
// down, 675 kbit/s up, CPU slowed 4x. Both sites are served uncompressed over HTTP/1.1 by
// tests/browser/lib.mjs. The sites take turns within each run of each query, and each
// query starts with the next site. "Shown" is measured in the page: the first animation
// frame after min(10, results) results are in the document and its style sheets have
// arrived (or the page says nothing was found),
// from the start of navigation. "Round trips" is the longest chain of requests each sent
// after the one before it had finished. --before adds a third site (an older youdai build,
// say) to the alternation; ratios are youdai's to Pagefind's. --no-service-worker keeps
// youdai's service worker from installing (its precache otherwise shares the network).
import { serve, launch } from './lib.mjs';
import { visit } from './search-visit.mjs';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const dirs = { youdai: opt('--youdai'), pagefind: opt('--pagefind'), before: opt('--before') };
const runs = +opt('--runs', 3);
const jsonOut = opt('--json');
const serviceWorkers = args.includes('--no-service-worker') ? 'block' : 'allow';
const flags = new Set(['--youdai', '--pagefind', '--before', '--runs', '--json']);
const queries = args.filter((a, i) => !a.startsWith('--') && !flags.has(args[i - 1]));
if (!queries.length) queries.push('医疗', '公交', '退役军人', '景区门票', '光荣牌', '优待证', '免费乘坐', '烈士遗属', '平遥 门票', '住院');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const fmt = (n) => Math.round(n).toLocaleString('en-US');

const servers = {};
for (const [name, dir] of Object.entries(dirs)) if (dir) servers[name] = await serve(path.resolve(dir));
const browser = await launch();
const names = Object.keys(servers);
const rows = [];
for (const [qi, q] of queries.entries()) {
  const order = names.map((_, i) => names[(i + qi) % names.length]);
  const row = { q };
  for (const name of names) row[name] = [];
  for (let run = 0; run < runs; run++) {
    for (const name of order) {
      const r = await visit(browser, `${servers[name].url}search/?q=${encodeURIComponent(q)}`, { serviceWorkers });
      delete r.list;
      row[name].push(r);
      process.stderr.write(`${q}\t${name}\t${r.shown.toFixed(0)} ms\t${r.bytes} B\t${r.requests} requests, depth ${r.depth}, ${r.results.length} results\n`);
    }
  }
  rows.push(row);
}
await browser.close();
for (const s of Object.values(servers)) await s.close();

const summary = rows.map((row) => {
  const out = { q: row.q };
  for (const name of names) {
    const rs = row[name];
    out[name] = {
      shown: median(rs.map((r) => r.shown)),
      bytes: median(rs.map((r) => r.bytes)),
      requests: median(rs.map((r) => r.requests)),
      depth: median(rs.map((r) => r.depth)),
      spread: [Math.min(...rs.map((r) => r.shown)), Math.max(...rs.map((r) => r.shown))],
    };
  }
  return out;
});
const both = servers.youdai && servers.pagefind ? ['youdai', 'pagefind'] : null;
const cols = [];
for (const n of names) cols.push(`${n} ms (min-max)`);
if (both) cols.push('time ratio');
for (const n of names) cols.push(`${n} bytes`);
if (both) cols.push('bytes ratio');
for (const n of names) cols.push(`${n} requests (round trips)`);
console.log(`| query | ${cols.join(' | ')} |`);
console.log(`|---|${cols.map(() => '---:').join('|')}|`);
const ratio = (s, k) => (s[both[0]][k] / s[both[1]][k]).toFixed(2);
for (const s of summary) {
  const cells = [];
  for (const n of names) cells.push(`${fmt(s[n].shown)} (${fmt(s[n].spread[0])}-${fmt(s[n].spread[1])})`);
  if (both) cells.push(ratio(s, 'shown'));
  for (const n of names) cells.push(fmt(s[n].bytes));
  if (both) cells.push(ratio(s, 'bytes'));
  for (const n of names) cells.push(`${s[n].requests} (${s[n].depth})`);
  console.log(`| ${s.q} | ${cells.join(' | ')} |`);
}
const med = { q: 'median' };
for (const n of names) med[n] = { shown: median(summary.map((s) => s[n].shown)), bytes: median(summary.map((s) => s[n].bytes)) };
const cells = [];
for (const n of names) cells.push(`**${fmt(med[n].shown)}**`);
if (both) cells.push(`**${ratio(med, 'shown')}**`);
for (const n of names) cells.push(`**${fmt(med[n].bytes)}**`);
if (both) cells.push(`**${ratio(med, 'bytes')}**`);
for (const n of names) cells.push('');
console.log(`| median | ${cells.join(' | ')} |`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ runs, rows }, null, 1));
