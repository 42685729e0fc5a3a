// "What can I get?": a service-station worker sends finder/?group=ID&region=ID (the group
// may repeat: a disabled veteran is both), and the citizen sees every current benefit and
// partner for any of those groups there, the city's included, each with its summary, can
// print it as "my list" and keep its link; without JavaScript the home page and the finder
// still lead to every group and region page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serveDemo, launch, phone } from './lib.mjs';

let server, browser, catalog;
before(async () => {
  server = await serveDemo();
  catalog = JSON.parse(readFileSync(path.join(server.site, 'api/catalog.json'), 'utf8'));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(p, options = {}) {
  const context = await browser.newContext({ ...phone, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}yd/${p}`);
  return { context, page, errors };
}

async function found(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('finder-status').textContent;
    return s && !/正在/.test(s);
  });
  return {
    status: await page.textContent('#finder-status'),
    headings: await page.$$eval('#finder-results h2', (hs) => hs.map((h) => h.textContent)),
    links: await page.$$eval('#finder-results li a', (as) => as.map((a) => ({ name: a.textContent, href: new URL(a.href).pathname }))),
    summaries: await page.$$eval('#finder-results li', (lis) => lis.map((li) => li.querySelector('p').textContent)),
  };
}

/** The identities ticked in the (unfolded) form. */
async function ticked(page) {
  return page.$$eval('input[name=group]:checked', (bs) => bs.map((b) => b.value));
}

/** Unfolds the form when an answer has folded it. */
async function unfold(page) {
  if (!(await page.isVisible('select[name=region]'))) await page.click('#finder-choose summary');
}

const names = (f) => f.links.map((l) => l.name);

test('a veteran in 平遥 sees the city-wide and the county entries, grouped by category', async () => {
  const { context, page, errors } = await open('finder/?group=veteran&region=pingyao');
  const f = await found(page);
  assert.deepEqual(errors, []);
  assert.deepEqual(await ticked(page), ['veteran']);
  assert.equal(await page.inputValue('select[name=region]'), 'pingyao');
  assert.match(f.status, /退役军人在平遥县可以享受 \d+ 项优待，优待商户 \d+ 家/);
  const n = names(f);
  for (const t of ['悬挂光荣牌', '平遥县城公交免费乘坐', '平遥古城景区免首道门票', '平遥古城景区', '晋中市公交集团']) assert.ok(n.includes(t), t);
  for (const t of ['榆次区公租房优抚对象专项房源', '义务兵家庭优待金', '常家庄园', '2024年春运老兵返乡免费接驳专线']) assert.ok(!n.includes(t), t);
  // Categories in the site's order, then partners by kind.
  const order = catalog.categories.map((c) => c.name).filter((c) => f.headings.includes(c));
  assert.deepEqual(f.headings.slice(0, order.length), order);
  assert.ok(f.headings.some((h) => h.startsWith('优待商户')));
  const guangrong = f.links.find((l) => l.name === '悬挂光荣牌');
  assert.equal(guangrong.href, '/yd/benefits/guangrong-pai/');
  await context.close();
});

test('a soldier\'s family in 榆次 sees its own list, and changing the choice updates the link', async () => {
  const { context, page } = await open('finder/?group=family&region=yuci');
  const n = names(await found(page));
  for (const t of ['义务兵家庭优待金', '榆次区驻地部队子女学位保障', '惠民购物广场（榆次顺城街店）']) assert.ok(n.includes(t), t);
  for (const t of ['平遥县城公交免费乘坐', '常家庄园', '退役士兵学历提升']) assert.ok(!n.includes(t), t);
  await unfold(page);
  await page.uncheck('input[name=group][value=family]');
  await page.check('input[name=group][value=veteran]');
  await page.waitForFunction(() => location.search === '?group=veteran&region=yuci');
  const after = names(await found(page));
  assert.ok(after.includes('常家庄园') && !after.includes('义务兵家庭优待金'));
  await context.close();
});

test('half a choice asks for the other half', async () => {
  const { context, page } = await open('finder/?group=veteran');
  assert.match((await found(page)).status, /请再选择您所在的地区/);
  await context.close();
});

test('without JavaScript the home page and the finder link to every category, group and region page', async () => {
  const every = [
    ...catalog.categories.map((c) => `/yd/categories/${c.id}/`),
    ...catalog.groups.map((g) => `/yd/groups/${g.id}/`),
  ];
  const regions = [];
  const walk = (rs) => (rs || []).forEach((r) => { regions.push(`/yd/regions/${r.id}/`); walk(r.children); });
  walk(catalog.regions);
  const { context, page } = await open('', { javaScriptEnabled: false });
  const home = await page.$$eval('a', (as) => as.map((a) => new URL(a.href).pathname));
  for (const href of [...every, ...regions]) assert.ok(home.includes(href), `home links ${href}`);

  await page.click('main a[href="/yd/finder/"]');
  await page.waitForURL(/\/yd\/finder\/$/);
  assert.equal(await page.isVisible('#finder-form'), false, 'the form needs JavaScript, so it stays hidden');
  assert.equal(await page.isVisible('#finder-print'), false, 'and so does the print button');
  const finder = await page.$$eval('main a', (as) => as.map((a) => new URL(a.href).pathname));
  for (const href of [...catalog.groups.map((g) => `/yd/groups/${g.id}/`), ...regions]) assert.ok(finder.includes(href), `finder links ${href}`);
  // Following the links is the finder without JavaScript.
  await page.click('main a[href="/yd/groups/veteran/"]');
  await page.waitForURL(/groups\/veteran\/$/);
  assert.match(await page.textContent('main'), /困难退役军人帮扶援助/);
  await page.goBack();
  await page.click('main a[href="/yd/regions/pingyao/"]');
  assert.match(await page.textContent('main'), /平遥县城公交免费乘坐/);
  assert.match(await page.textContent('main'), /悬挂光荣牌/, 'the city\'s entries apply in the county');
  await context.close();
});

test("the finder shows the chosen region's own office, not the city's", async () => {
  const { context, page, errors } = await open('finder/?group=veteran&region=pingyao');
  await found(page);
  const office = await page.textContent('#finder-office');
  assert.ok(office.includes('平遥县') && office.includes('0354-5621234'), office);
  assert.ok(!office.includes('0354-3021234'), office);
  // A county without an office of its own shows the city's.
  await unfold(page);
  await page.selectOption('select[name=region]', 'qixian');
  await found(page);
  const city = await page.textContent('#finder-office');
  assert.ok(city.includes('晋中市') && city.includes('0354-3021234'), city);
  assert.deepEqual(errors, []);
  await context.close();
});

test('two identities show what either is eligible for: the union of the two one-identity answers, each once, with its summary', async () => {
  const answer = async (q) => {
    const { context, page, errors } = await open(`finder/?${q}`);
    const f = await found(page);
    assert.deepEqual(errors, []);
    await context.close();
    return f;
  };
  const veteran = await answer('group=veteran&region=pingyao');
  const disabled = await answer('group=disabled&region=pingyao');
  const both = await answer('group=veteran&group=disabled&region=pingyao');
  const hrefs = (f) => f.links.map((l) => l.href);
  const union = [...new Set([...hrefs(veteran), ...hrefs(disabled)])].sort();
  assert.deepEqual([...hrefs(both)].sort(), union, 'exactly the union');
  assert.equal(new Set(hrefs(both)).size, hrefs(both).length, 'no entry twice');
  assert.ok(union.length > hrefs(veteran).length && union.length > hrefs(disabled).length, 'each identity adds entries of its own');
  const nb = (f) => f.links.filter((l) => l.href.includes('/benefits/')).length;
  const np = (f) => f.links.filter((l) => l.href.includes('/partners/')).length;
  assert.match(both.status, new RegExp(`残疾军人、退役军人在平遥县可以享受 ${nb(both)} 项优待，优待商户 ${np(both)} 家`));
  // Every result carries its one-line summary, as the catalog has it.
  const summaries = Object.fromEntries([...catalog.benefits.map((b) => [`/yd/benefits/${b.id}/`, b.summary]), ...catalog.partners.map((p) => [`/yd/partners/${p.id}/`, p.offer])]);
  both.links.forEach((l, i) => assert.equal(both.summaries[i], summaries[l.href], l.name));
  // A benefit for disabled soldiers only is there, and says whom it is for.
  const { context, page } = await open('finder/?group=veteran&group=disabled&region=pingyao');
  await found(page);
  const canji = catalog.benefits.find((b) => b.id === 'canji-fuxu');
  assert.deepEqual(canji.groups, ['disabled']);
  assert.match(await page.textContent('#finder-results li:has(a[href$="/benefits/canji-fuxu/"])'), /适用：残疾军人$/);
  assert.deepEqual(await ticked(page), ['disabled', 'veteran']);
  await context.close();
});

test('an answer opened from a link comes first, and its link reopens the same answer', async () => {
  const { context, page } = await open('finder/?group=veteran&group=disabled&region=pingyao');
  const first = await found(page);
  assert.equal(await page.isVisible('select[name=region]'), false, 'the form is folded');
  const top = await page.$eval('#finder-status', (s) => s.getBoundingClientRect().top);
  assert.ok(top < 400, `the answer starts ${top}px down`);
  const href = await page.getAttribute('#finder-link', 'href');
  assert.equal(new URL(href).search, '?group=veteran&group=disabled&region=pingyao');
  const again = await context.newPage();
  await again.goto(href);
  assert.deepEqual((await found(again)).links, first.links);
  await context.close();
});

test('打印我的优待清单 prints a clean list: the answer, the office and the link, no masthead, form or footer', async () => {
  const { context, page } = await open('finder/?group=veteran&group=disabled&region=pingyao');
  await found(page);
  let printed = 0;
  await page.exposeFunction('__printed', () => { printed += 1; });
  await page.evaluate(() => { window.print = () => window.__printed(); });
  await page.click('text=打印我的优待清单');
  assert.equal(printed, 1, 'the button opens the print dialog');
  await page.emulateMedia({ media: 'print' });
  const visible = async (sel) => page.$eval(sel, (e) => getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0).catch(() => false);
  for (const sel of ['.masthead', '.crumbs', '.footer', '#finder-choose', '#f-group', '#f-region', '#finder-print']) {
    assert.equal(await visible(sel), false, `${sel} is not printed`);
  }
  for (const sel of ['#finder-status', '#finder-office', '#finder-results', '#finder-url']) {
    assert.equal(await visible(sel), true, `${sel} is printed`);
  }
  const text = await page.evaluate(() => document.body.innerText);
  assert.match(text, /悬挂光荣牌/);
  assert.match(text, /0354-5621234/, 'the office to call');
  assert.ok(text.includes('finder/?group=veteran&group=disabled&region=pingyao'), 'the link that reopens the list is printed as an address');
  assert.match(text, /打印于 \d{4}/);
  await context.close();
});
