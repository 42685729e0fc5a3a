// What real clients make of the output, checked by tools nobody here wrote, on the demo site
// and on the hostile fixture (tests/fixtures/unsafe): the Nu HTML checker (npm vnu-jar, run
// once on every page), libxml2 (Debian's xmllint) against the sitemaps.org schema that npm's
// `sitemap` package ships, a feed reader's parser (npm @rowanmanning/feed-parser), and
// Python's JSON reader told to refuse a key written twice.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { build, repo } from './lib.mjs';

const require = createRequire(import.meta.url);
const vnu = require.resolve('vnu-jar/build/dist/vnu.jar');
const sitemapXsd = path.join(path.dirname(require.resolve('sitemap/package.json')), 'schema/sitemap.xsd');

// Both served under a path, as a bureau's site usually is, so that "absolute" means it.
const sites = {
  demo: { root: repo, base: 'https://example.gov.cn/yd/' },
  unsafe: { root: path.join(repo, 'tests/fixtures/unsafe'), base: 'https://safe.example/sub/' },
};

before(() => {
  for (const site of Object.values(sites)) site.out = build(site.root, site.base);
});

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.html'))
    .map((f) => path.join(dir, f))
    .sort();
}

function run(command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`cannot run ${command}: ${r.error.message} (scripts/test.sh installs it)`);
  return r;
}

test('the Nu HTML checker finds no error on any page of either site', () => {
  const files = [...htmlFiles(sites.demo.out), ...htmlFiles(sites.unsafe.out)];
  // Every page type is among them (listing page 2, print page and 404 included).
  for (const rel of ['index.html', 'benefits/index.html', 'benefits/page/2/index.html',
    'benefits/free-bus/index.html', 'categories/medical/index.html', 'groups/veteran/index.html',
    'regions/pingyao/index.html', 'regions/pingyao/print/index.html', 'partners/index.html',
    'partners/pingyao-gucheng/index.html', 'notices/index.html',
    'notices/2024-03-15-youdai-zheng-shenling/index.html', 'about/index.html',
    'search/index.html', 'finder/index.html', '404.html']) {
    assert.ok(files.includes(path.join(sites.demo.out, rel)), `the demo has ${rel}`);
  }
  const r = run('java', ['-jar', vnu, '--errors-only', '--format', 'json', ...files]);
  const messages = JSON.parse(r.stderr).messages;
  const errors = messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map((m) => `${m.url.replace(/^file:/, '')}:${m.lastLine}: ${m.message}`);
  assert.deepEqual(errors, [], `${errors.length} errors:\n${errors.join('\n')}`);
  assert.equal(r.status, 0, r.stderr.slice(0, 2000));
});

for (const [name, site] of Object.entries(sites)) {
  test(`${name}: the sitemap is valid by the sitemaps.org schema and robots.txt names it`, () => {
    const sitemap = path.join(site.out, 'sitemap.xml');
    const r = run('xmllint', ['--noout', '--nonet', '--schema', sitemapXsd, sitemap]);
    assert.equal(r.status, 0, r.stderr);
    const locs = [...readFileSync(sitemap, 'utf8').matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);
    assert.ok(locs.length > 5, `${locs.length} pages`);
    for (const loc of locs) assert.ok(loc.startsWith(site.base), loc);

    const robots = readFileSync(path.join(site.out, 'robots.txt'), 'utf8');
    assert.match(robots, /^User-agent: \*$/m);
    assert.ok(robots.split('\n').includes(`Sitemap: ${site.base}sitemap.xml`), robots);
  });

  test(`${name}: the Atom feed is well-formed XML and a feed parser finds every notice with absolute links`, () => {
    const file = path.join(site.out, 'notices/atom.xml');
    const r = run('xmllint', ['--noout', '--nonet', file]);
    assert.equal(r.status, 0, `not well-formed:\n${r.stderr}`);

    const feed = parseFeed(readFileSync(file, 'utf8'));
    assert.ok(feed.title, 'the feed has a title');
    assert.equal(feed.url, `${site.base}notices/`);
    const catalog = JSON.parse(readFileSync(path.join(site.out, 'api/catalog.json'), 'utf8'));
    assert.equal(feed.items.length, Math.min(catalog.notices.length, 50), 'every notice, up to 50');
    for (const item of feed.items) {
      assert.ok(item.title && item.title.trim(), `${item.id} has a title`);
      assert.ok(item.url.startsWith(`${site.base}notices/`), item.url);
      assert.ok(item.published instanceof Date && !isNaN(item.published), `${item.url} has a date`);
      // A reader shows the body away from its page: every address in it must stand alone.
      for (const [, attr, value] of (item.content || '').matchAll(/\b(href|src)="([^"]*)"/g)) {
        assert.match(value, /^(https?:|mailto:|tel:|geo:)/, `${item.url}: ${attr}="${value}"`);
      }
    }
    if (name === 'demo') {
      const notice = feed.items.find((i) => i.url.endsWith('/2024-03-15-youdai-zheng-shenling/'));
      assert.ok(notice.content.includes(`href="${site.base}apply-card/"`), 'a relative link is resolved');
    } else {
      const pasted = feed.items.find((i) => i.url.endsWith('/pasted/'));
      assert.ok(pasted.content.includes(`href="${site.base}notices/clean/"`), pasted.content);
    }
  });

  test(`${name}: api/catalog.json has no key written twice`, () => {
    const catalog = path.join(site.out, 'api/catalog.json');
    assert.ok(existsSync(catalog));
    const check = [
      'import json, sys',
      'def pairs(items):',
      '    keys = [k for k, _ in items]',
      '    dups = sorted({k for k in keys if keys.count(k) > 1})',
      '    if dups: raise SystemExit(f"duplicate keys {dups} in {dict(items).get(\'id\', \'an object\')}")',
      '    return dict(items)',
      'json.load(open(sys.argv[1], encoding="utf-8"), object_pairs_hook=pairs)',
    ].join('\n');
    const r = run('python3', ['-c', check, catalog]);
    assert.equal(r.status, 0, r.stderr);
  });
}
