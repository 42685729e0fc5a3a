// What an elderly citizen on a phone gets from the built-in theme, checked in headless
// Chromium on the demo site: accessibility (axe-core), type size, no sideways scrolling,
// the large-text mode with and without JavaScript, and the weight of every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { serveDemo, launch, phone } from './lib.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let server, browser, site;
before(async () => {
  server = await serveDemo();
  site = server.site;
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
  partner: 'partners/pingyao-gucheng/',
  notices: 'notices/',
  notice: 'notices/2024-12-24-youdai-mulu/',
  page: 'about/',
  search: 'search/?q=%E5%8C%BB%E7%96%97',
  finder: 'finder/',
  missing: '404.html',
};

async function open(url, options = {}) {
  const context = await browser.newContext({ ...phone, ...options });
  const page = await context.newPage();
  await page.goto(url);
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

test('the 大字 toggle enlarges text and the choice follows the reader to other pages', async () => {
  const { context, page } = await open(`${server.url}yd/benefits/free-bus/`);
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize));
  const before = await size();
  await page.click('a[data-mode="large"]');
  const after = await size();
  assert.ok(after >= before * 1.2, `large text ${after}px vs ${before}px`);
  await page.goto(`${server.url}yd/partners/pingyao-gucheng/`);
  assert.ok((await size()) >= after, 'large text persists on the next page');
  await page.click('a[data-mode="large"]');
  assert.equal(await size(), before, 'and can be turned off');
  await context.close();
});

test('without JavaScript the 大字 link still enlarges the page', async () => {
  const { context, page } = await open(`${server.url}yd/benefits/free-bus/`, { javaScriptEnabled: false });
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize));
  const before = await size();
  await page.click('a[data-mode="large"]');
  assert.ok((await size()) >= before * 1.2);
  await context.close();
});

test('every demo page weighs at most 30 KB with its CSS and JS, before gzip', () => {
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
    const html = readFileSync(file, 'utf8');
    let bytes = Buffer.byteLength(html);
    for (const [, ref] of html.matchAll(/(?:<link rel="stylesheet" href|<script src)="([^"]+)"/g)) {
      const local = path.join(site, ref.replace(/^https?:\/\/[^/]+/, '').replace(/^\/yd\//, ''));
      bytes += statSync(local).size;
    }
    if (bytes > 30 * 1024) heavy.push(`${path.relative(site, file)}: ${bytes} bytes`);
  }
  assert.deepEqual(heavy, []);
});

test('pages offer a QR code, tel: links and a geo: map link', async () => {
  const { context, page } = await open(`${server.url}yd/partners/pingyao-gucheng/`);
  assert.equal(await page.locator('figure.qr svg[role="img"]').count(), 1);
  assert.ok((await page.locator('a[href^="tel:"]').count()) >= 1);
  assert.equal(await page.locator('a[href^="geo:"]').count(), 1);
  await context.close();
});
