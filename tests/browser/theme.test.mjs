// What an elderly citizen on a phone gets from the built-in theme, checked in headless
// Chromium on the demo site: accessibility (axe-core), type size, no sideways scrolling,
// the first screen for content, 44px targets and phone numbers, the large-text mode with
// and without JavaScript, printing, and the weight of every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { serveDemo, launch, phone } from './lib.mjs';
import { pdfPages } from './pdf-text.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let server, browser, site, catalog;
before(async () => {
  server = await serveDemo();
  site = server.site;
  catalog = JSON.parse(readFileSync(path.join(site, 'api/catalog.json'), 'utf8'));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const pageTypes = {
  home: '',
  benefits: 'benefits/',
  benefit: 'benefits/free-bus/',
  expired: 'benefits/2023-youfu-tijian/',
  category: 'categories/medical/',
  group: 'groups/veteran/',
  region: 'regions/pingyao/',
  print: 'regions/pingyao/print/',
  partners: 'partners/',
  'region partners': 'regions/pingyao/partners/',
  partner: 'partners/pingyao-gucheng/',
  notices: 'notices/',
  notice: 'notices/2024-12-24-youdai-mulu/',
  page: 'about/',
  search: 'search/?q=%E5%8C%BB%E7%96%97',
  finder: 'finder/',
  'finder answer': 'finder/?group=veteran&group=disabled&region=pingyao',
  missing: '404.html',
  offline: 'offline.html',
};

async function open(url, options = {}, large = false) {
  const context = await browser.newContext({ ...phone, ...options });
  if (large) await context.addInitScript(() => localStorage.setItem('yd-modes', 'large'));
  const page = await context.newPage();
  await page.goto(url);
  if (url.includes('finder/?')) await page.waitForSelector('#finder-results li');
  return { context, page };
}

test('axe-core finds no WCAG 2.1 A/AA violations on any page type', async () => {
  const failures = [];
  for (const [name, p] of Object.entries(pageTypes)) {
    const { context, page } = await open(`${server.url}yd/${p}`);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    for (const v of result.violations) {
      failures.push(`${name} (${p}): ${v.id}: ${v.help} -> ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`);
    }
    await context.close();
  }
  assert.deepEqual(failures, []);
});

test('body text is at least 18px and no page scrolls sideways at 320px', async () => {
  for (const [name, p] of Object.entries(pageTypes)) {
    const { context, page } = await open(`${server.url}yd/${p}`, { viewport: { width: 320, height: 640 } });
    const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p, main li, main dd') || document.body).fontSize));
    assert.ok(size >= 18, `${name}: body text ${size}px`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: ${overflow}px of sideways scrolling at 320px`);
    await context.close();
  }
});

test('the 大字 toggle enlarges text, says its state, and the choice follows the reader to other pages', async () => {
  const { context, page } = await open(`${server.url}yd/benefits/free-bus/`);
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize));
  const button = page.locator('a[data-mode="large"]');
  const before = await size();
  assert.equal(await button.innerText(), '大字：关');
  assert.equal(await button.getAttribute('aria-pressed'), 'false');
  await button.click();
  const after = await size();
  assert.ok(after >= before * 1.2, `large text ${after}px vs ${before}px`);
  assert.equal(await button.innerText(), '大字：开', 'the button says the mode is on, it does not flip its label');
  assert.equal(await button.getAttribute('aria-pressed'), 'true');
  await page.goto(`${server.url}yd/partners/pingyao-gucheng/`);
  assert.ok((await size()) >= after, 'large text persists on the next page');
  assert.equal(await button.innerText(), '大字：开');
  await button.click();
  assert.equal(await size(), before, 'and can be turned off');
  assert.equal(await button.innerText(), '大字：关');
  // 高对比, in the menu, says its state the same way.
  await page.click('.menu summary');
  const contrast = page.locator('a[data-mode="contrast"]');
  assert.equal(await contrast.innerText(), '高对比：关');
  await contrast.click();
  assert.equal(await contrast.innerText(), '高对比：开');
  await context.close();
});

test('without JavaScript the 大字 link still enlarges the page and says so', async () => {
  const { context, page } = await open(`${server.url}yd/benefits/free-bus/`, { javaScriptEnabled: false });
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize));
  const before = await size();
  await page.click('a[data-mode="large"]');
  assert.ok((await size()) >= before * 1.2);
  assert.equal(await page.locator('a[data-mode="large"]').innerText(), '大字：开');
  await context.close();
});

/** The page types whose first screen is this theme's (the search page's is search.html's). */
const ownFirstScreen = Object.entries(pageTypes).filter(([name]) => name !== 'search');

for (const large of [false, true]) {
  test(`at 360x780${large ? ' in 大字 mode' : ''} the masthead is one row, the menu folded, and each page's own content starts within 240px of the top`, async () => {
    const late = [];
    for (const [name, p] of ownFirstScreen) {
      const { context, page } = await open(`${server.url}yd/${p}`, {}, large);
      const m = await page.evaluate(() => {
        const first = [...document.querySelector('main').children].find((e) => e.getClientRects().length > 0);
        return {
          top: first.getBoundingClientRect().top,
          what: first.tagName + (first.className ? '.' + first.className : ''),
          masthead: document.querySelector('.masthead').getBoundingClientRect().height,
          nav: document.querySelector('.mainnav').checkVisibility() ? 1 : 0,
          titles: [...document.querySelectorAll('body *')].filter((e) => e.children.length === 0 && e.checkVisibility() && e.textContent.trim() === document.querySelector('meta[property="og:site_name"]').content).length,
        };
      });
      if (m.top > 240) late.push(`${name}: ${m.what} at ${Math.round(m.top)}px`);
      assert.ok(m.masthead <= 60, `${name}: masthead ${m.masthead}px tall`);
      assert.equal(m.nav, 0, `${name}: the menu is folded`);
      if (name === 'home') assert.equal(m.titles, 1, 'the home page shows the site title once');
      else assert.equal(m.titles, 1, `${name}: the site title in the masthead`);
      await context.close();
    }
    assert.deepEqual(late, []);
  });
}

test('all text is at least 16px', async () => {
  const small = [];
  for (const [name, p] of Object.entries(pageTypes)) {
    const { context, page } = await open(`${server.url}yd/${p}`);
    const found = await page.evaluate(() => {
      const out = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const e = n.parentElement;
        if (!n.textContent.trim() || !e.checkVisibility() || e.closest('.visually-hidden, script, style, svg')) continue;
        const size = parseFloat(getComputedStyle(e).fontSize);
        if (size < 16) out.push(`${e.tagName}.${e.className} "${n.textContent.trim().slice(0, 12)}" ${size}px`);
      }
      return out;
    });
    small.push(...found.map((f) => `${name}: ${f}`));
    await context.close();
  }
  assert.deepEqual(small, []);
});

test('every link outside running text is a target at least 44px tall', async () => {
  const short = [];
  for (const [name, p] of Object.entries(pageTypes)) {
    if (name === 'search') continue; // search.html's own
    const { context, page } = await open(`${server.url}yd/${p}`);
    const found = await page.evaluate(() => [...document.querySelectorAll('a')]
      // Markdown bodies are running text (WCAG 2.5.8's inline exception); the skip link is off screen until focused.
      .filter((a) => a.checkVisibility() && !a.closest('.body') && !a.classList.contains('skip'))
      .flatMap((a) => [...a.getClientRects()].filter((r) => r.height < 44).map((r) => `"${a.textContent.trim().slice(0, 14)}" ${Math.round(r.height)}px`)));
    short.push(...found.map((f) => `${name}: ${f}`));
    await context.close();
  }
  assert.deepEqual(short, []);
});

test('phone numbers never wrap and every tel: link is at least 44px tall, in lists too', async () => {
  const bad = [];
  let seen = 0;
  for (const large of [false, true]) {
    for (const p of ['', 'partners/', 'regions/pingyao/', 'regions/pingyao/partners/', 'benefits/free-bus/', 'partners/pingyao-gucheng/', 'finder/?group=veteran&group=disabled&region=pingyao', 'offline.html']) {
      const { context, page } = await open(`${server.url}yd/${p}`, {}, large);
      const found = await page.evaluate(() => [...document.querySelectorAll('a[href^="tel:"]')].filter((a) => a.checkVisibility()).map((a) => {
        const rects = a.getClientRects();
        const line = parseFloat(getComputedStyle(a).fontSize) * 1.8;
        return { text: a.textContent, lines: rects.length, height: rects[0].height, wrapped: rects.length > 1 || a.scrollHeight > 44 + line };
      }));
      seen += found.length;
      for (const t of found) if (t.wrapped || t.height < 44) bad.push(`${p || 'home'}${large ? ' (大字)' : ''}: ${t.text} ${t.lines} line(s), ${t.height}px`);
      await context.close();
    }
  }
  assert.ok(seen > 30, `${seen} tel: links checked`);
  assert.deepEqual(bad, []);
});

test('大字 survives printing, and printing leaves the masthead out', async () => {
  const printed = async (large) => {
    const { context, page } = await open(`${server.url}yd/benefits/free-bus/`, {}, large);
    await page.emulateMedia({ media: 'print' });
    const r = await page.evaluate(() => ({
      size: parseFloat(getComputedStyle(document.querySelector('main p.summary')).fontSize),
      masthead: getComputedStyle(document.querySelector('.masthead')).display,
    }));
    await context.close();
    return r;
  };
  const normal = await printed(false), large = await printed(true);
  assert.equal(normal.masthead, 'none');
  assert.ok(large.size >= normal.size * 1.25, `printed text ${large.size}px in 大字, ${normal.size}px otherwise`);
});

test('every demo page weighs at most 30 KB with its CSS and JS, before gzip; a printable catalog, apart from its list', () => {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.html')) files.push(full);
    }
  };
  walk(site);
  assert.ok(files.length > 100, `${files.length} pages`);
  const heavy = [];
  for (const file of files) {
    let html = readFileSync(file, 'utf8');
    // A region's printable catalog is one document by design, the region's whole catalog
    // and its partners on paper (README, "printable catalog"): the list grows with the
    // catalog. Everything around it is held to the same 30 KB.
    if (/\/print\/index\.html$/.test(file)) html = html.replace(/<ul class="print-list">[\s\S]*?<\/ul>/g, '');
    let bytes = Buffer.byteLength(html);
    for (const [, ref] of html.matchAll(/(?:<link rel="stylesheet" href|<script src)="([^"]+)"/g)) {
      const local = path.join(site, ref.replace(/^https?:\/\/[^/]+/, '').replace(/^\/yd\//, ''));
      bytes += statSync(local).size;
    }
    if (bytes > 30 * 1024) heavy.push(`${path.relative(site, file)}: ${bytes} bytes`);
  }
  assert.deepEqual(heavy, []);
});

test('pages offer a QR code, tel: links, and 高德地图 (WGS-84) beside a geo: map link; cards with a location link to 高德地图', async () => {
  const { context, page } = await open(`${server.url}yd/partners/pingyao-gucheng/`);
  assert.equal(await page.locator('figure.qr svg[role="img"]').count(), 1);
  assert.ok((await page.locator('a[href^="tel:"]').count()) >= 1);
  assert.equal(await page.locator('a[href^="geo:"]').count(), 1);
  const amap = new URL(await page.getAttribute('a[href^="https://uri.amap.com/"]', 'href'));
  const p = catalog.partners.find((x) => x.id === 'pingyao-gucheng');
  assert.equal(amap.searchParams.get('coordinate'), 'wgs84');
  assert.equal(amap.searchParams.get('position'), `${p.location.lon},${p.location.lat}`);
  await page.goto(`${server.url}yd/partners/`);
  const cards = await page.$$eval('.cards > li', (lis) => lis.map((li) => ({
    id: new URL(li.querySelector('h3 a').href).pathname.split('/')[3],
    map: li.querySelector('a[href^="https://uri.amap.com/"]')?.href,
  })));
  for (const c of cards) {
    const partner = catalog.partners.find((x) => x.id === c.id);
    if (partner.location) assert.match(c.map, new RegExp(`position=${partner.location.lon},${partner.location.lat}&coordinate=wgs84`), c.id);
    else assert.equal(c.map, undefined, c.id);
  }
  await context.close();
});

test('the partner listing can be narrowed to a county: its own partners and the city\'s', async () => {
  const { context, page } = await open(`${server.url}yd/partners/`);
  await page.click('text=只看一个县（区）的商户');
  await page.click('.narrow a:text-is("平遥县")');
  await page.waitForURL(/regions\/pingyao\/partners\/$/);
  assert.equal(await page.locator('main h1').innerText(), '平遥县优待商户');
  const shown = (await page.$$eval('.cards h3 a', (as) => as.map((a) => new URL(a.href).pathname.split('/')[3]))).sort();
  const expected = catalog.partners.filter((p) => ['pingyao', 'jinzhong'].includes(p.region) && !(p.valid_until && p.valid_until < '2025-06-01')).map((p) => p.id).sort();
  assert.deepEqual(shown, expected);
  assert.ok(shown.length < catalog.partners.length);
  await context.close();
});

test('a printed region catalog: the catalog\'s own numbers, the region\'s partners, and page number, address and date on every page; 大字 prints larger', async () => {
  const { context, page } = await open(`${server.url}yd/regions/pingyao/print/`);
  const numbers = await page.$$eval('.print-list li', (lis) => lis.map((li) => [li.querySelector('strong').textContent, li.querySelector('.num')?.textContent]));
  for (const [title, num] of numbers) {
    const b = catalog.benefits.find((x) => x.title === title);
    if (b) assert.equal(num, b.number ? `${b.number}.` : undefined, title);
  }
  const names = numbers.map(([t]) => t);
  for (const p of catalog.partners.filter((x) => ['pingyao', 'jinzhong'].includes(x.region) && !(x.valid_until && x.valid_until < '2025-06-01'))) {
    assert.ok(names.includes(p.name), `partner ${p.name}`);
  }
  const pdf = async (pg) => pdfPages(await pg.pdf({ format: 'A4' }));
  const pages = await pdf(page);
  assert.ok(pages.length >= 2, `${pages.length} pages`);
  const address = `${server.url}yd/regions/pingyao/print/`;
  pages.forEach((text, i) => {
    const flat = text.replace(/\s+/g, '');
    assert.ok(flat.includes(`第${i + 1}/${pages.length}页`), `page ${i + 1} has its number`);
    assert.ok(flat.includes(address), `page ${i + 1} has the address`);
    assert.ok(flat.includes('2025-06-01'), `page ${i + 1} has the date`);
  });
  assert.ok(!pages[0].includes('菜单'), 'no masthead');
  await context.close();
  const large = await open(`${server.url}yd/regions/pingyao/print/`, {}, true);
  const largePages = await pdf(large.page);
  assert.ok(largePages.length > pages.length * 1.2, `大字: ${largePages.length} pages against ${pages.length}`);
  await large.context.close();
});
