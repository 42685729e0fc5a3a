// Searching the way people talk (issue 12), on a phone of 360x780: everyday words find the
// catalog's words, a homophone typo is corrected, a site adds its own words, the citizen's
// own region comes first, and the first screen shows a result, in normal and 大字 mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, serveDemo, build, launch, phone, repo } from './lib.mjs';

let server, browser;
before(async () => {
  server = await serveDemo();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A phone with `saved` in its localStorage (as the finder and the 大字 link leave it). */
async function phoneWith(saved = {}) {
  const context = await browser.newContext(phone);
  await context.addInitScript((items) => {
    for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v);
  }, saved);
  return context;
}

/** Waits for the search to settle; returns the status and the results shown. */
async function settled(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('status').textContent;
    return s && !/正在/.test(s);
  });
  const hits = await page.$$eval('.hits li', (lis) => lis.map((li) => ({
    title: li.querySelector('h3 a').textContent,
    tags: [...li.querySelectorAll('.meta .tag')].map((t) => t.textContent),
  })));
  return { status: await page.textContent('#status'), hits, titles: hits.map((h) => h.title) };
}

async function search(q, { site = server.url + 'yd/', saved } = {}) {
  const context = await phoneWith(saved);
  const page = await context.newPage();
  const errors = [];
  const index = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => { if (/\/search\/[idy]\//.test(r.url())) index.push(new URL(r.url()).pathname); });
  await page.goto(`${site}search/?q=${encodeURIComponent(q)}`);
  const found = await settled(page);
  assert.deepEqual(errors, []);
  await context.close();
  return { ...found, index };
}

test('everyday words find the words the catalog uses, with no extra request', async () => {
  const cases = [
    // [what people say, entries it must find (none of which has the word itself), what the page names]
    ['看病', ['优抚对象医疗补助', '荣军优抚医院优待诊疗', '晋中市第一人民医院'], '医疗'],
    ['坐车', ['免费乘坐市内公共交通', '长途客运优先购票乘车', '平遥县城公交免费乘坐', '晋中市公交集团'], '公交'],
    ['老兵', ['困难退役军人帮扶援助', '带病回乡退伍军人生活补助', '退役军人创业担保贷款'], '退役军人'],
    ['军嫂', ['未就业随军家属生活补贴', '太谷区军属公益性岗位优先安置', '随军家属就业安置'], '军属'],
    ['残废', ['残疾军人伤残抚恤金', '残疾退役军人医疗保障'], '残疾'],
    ['烈属', ['烈士遗属定期抚恤', '邀请烈属参加烈士纪念活动'], '烈士遗属'],
  ];
  for (const [word, must, named] of cases) {
    const r = await search(word);
    for (const t of must) assert.ok(r.titles.includes(t), `${word} finds ${t}: ${r.titles.join(' | ')}`);
    assert.match(r.status, /找到 \d+ 项结果/, word);
    assert.ok(r.status.includes(`“${named}”`), `${word}: the page says it also looked for ${named}: ${r.status}`);
    // The synonym travels in the fragment the word's own bigram is in, with its first rows.
    assert.deepEqual(r.index.filter((p) => !p.includes('/search/i/')), [], `${word}: ${r.index.join(' ')}`);
    assert.equal(r.index.length, 1, `${word}: one index request, ${r.index.join(' ')}`);
  }
  // A synonym inside a longer query, with the rest of it.
  const home = await search('老兵返乡');
  assert.deepEqual(home.titles, ['退役返乡欢迎仪式']);
  // A word nothing has all of: what has most of it.
  const hard = await search('看病难');
  assert.match(hard.status, /没有完全符合“看病难”/);
  assert.ok(hard.titles.includes('优抚对象医疗补助'), hard.titles.join(' | '));
});

test('a homophone typo from pinyin input offers the right word and finds its entries', async () => {
  const context = await phoneWith();
  const page = await context.newPage();
  await page.goto(`${server.url}yd/search/?q=${encodeURIComponent('优待正')}`);
  const typo = await settled(page);
  assert.match(typo.status, /没有找到“优待正”。您是不是要找：优待证？/);
  for (const t of ['如何申领优待证', '关于常态化开展优待证申领工作的通知']) {
    assert.ok(typo.titles.slice(0, 5).includes(t), `${t} among the first: ${typo.titles.join(' | ')}`);
  }
  // The offer is a link: following it searches for the word itself.
  await page.click('#status a');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === '优待证');
  const right = await settled(page);
  assert.equal(await page.inputValue('#q2'), '优待证');
  assert.match(right.status, /^找到 \d+ 项结果/);
  assert.deepEqual(right.titles, typo.titles);
  await context.close();
  // Another sound-alike: 派 for 牌.
  assert.equal((await search('光荣派')).titles[0], '悬挂光荣牌');
});

test('site.yaml synonyms add words and override the built-in ones', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'youdai-synonyms-'));
  try {
    cpSync(path.join(repo, 'content'), path.join(root, 'content'), { recursive: true });
    const yaml = path.join(root, 'content/site.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('synonyms:\n', 'synonyms:\n  光荣户: [光荣牌]\n  看病: [疗养]\n'));
    const local = await serve(build(root, 'http://127.0.0.1/'));
    try {
      const site = local.url;
      const own = await search('光荣户', { site });
      assert.equal(own.titles[0], '悬挂光荣牌', own.titles.join(' | '));
      const overridden = await search('看病', { site });
      assert.ok(overridden.titles.includes('重点优抚对象短期疗养'), overridden.titles.join(' | '));
      assert.ok(!overridden.titles.includes('优抚对象医疗补助'), 'the site\'s 看病 replaces the built-in one');
      // The demo's own 优待卡: [优待证] still holds beside them.
      assert.ok((await search('优待卡', { site })).titles.includes('如何申领优待证'));
    } finally {
      await local.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('results for the region the finder remembered come before other counties\'', async () => {
  // Where an entry applies, by the region it shows: 平遥县 itself, or the whole city.
  const here = (h) => h.tags.length < 2 || ['平遥县', '晋中市'].includes(h.tags[1]);
  const apart = (hits) => {
    const last = hits.map(here).lastIndexOf(true);
    const first = hits.map(here).indexOf(false);
    return first === -1 || last < first;
  };
  const anywhere = await search('门票');
  assert.ok(!apart(anywhere.hits), `without a region 门票 mixes counties: ${anywhere.titles.join(' | ')}`);
  const remembered = await search('门票', { saved: { 'yd-region': 'pingyao' } });
  assert.ok(apart(remembered.hits), remembered.hits.map((h) => `${h.title} ${h.tags[1]}`).join(' | '));
  assert.match(remembered.status, /适用于平遥县的排在前面/);
  const count = (r) => r.status.match(/找到 (\d+) 项/)[1];
  assert.equal(count(remembered), count(anywhere), 'as many results, in another order');

  // The finder's choice is what is remembered.
  const context = await phoneWith();
  const page = await context.newPage();
  await page.goto(`${server.url}yd/finder/?group=veteran&region=pingyao`);
  await page.waitForFunction(() => /可以享受/.test(document.getElementById('finder-status').textContent));
  await page.goto(`${server.url}yd/search/?q=${encodeURIComponent('门票')}`);
  const after = await settled(page);
  assert.deepEqual(after.titles, remembered.titles.slice(0, after.titles.length));
  // A region filter says where; the remembered one then does not reorder.
  await page.goto(`${server.url}yd/search/?q=${encodeURIComponent('门票')}&region=jiexiu`);
  const filtered = await settled(page);
  assert.ok(!/平遥县的排在前面/.test(filtered.status), filtered.status);
  await context.close();
});

for (const mode of ['normal', 'large']) {
  test(`the first result is on the first screen, filters folded (${mode} text)`, async () => {
    const context = await phoneWith(mode === 'large' ? { 'yd-modes': 'large' } : {});
    const page = await context.newPage();
    await page.goto(`${server.url}yd/search/?q=${encodeURIComponent('医疗')}`);
    await settled(page);
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('large')), mode === 'large');
    const screen = await page.evaluate(() => window.innerHeight);
    assert.equal(screen, 780);
    // The first result's title and labels are in view without scrolling.
    for (const part of ['.hits li:first-child h3 a', '.hits li:first-child .meta']) {
      const box = await page.locator(part).boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= screen, `${part} at ${JSON.stringify(box)}`);
    }
    assert.equal(await page.isVisible('select[name=cat]'), false, 'filters folded');
    await page.click('.filters summary');
    assert.equal(await page.isVisible('select[name=cat]'), true, 'filters open when asked for');
    // A filter in the address stays folded and is named where it folds.
    await page.goto(`${server.url}yd/search/?q=${encodeURIComponent('免费')}&cat=travel`);
    await settled(page);
    assert.equal(await page.isVisible('select[name=cat]'), false);
    assert.match(await page.textContent('.filters summary'), /文旅交通/);
    const first = await page.locator('.hits li:first-child h3 a').boundingBox();
    assert.ok(first.y + first.height <= screen, `with a filter, first result at ${JSON.stringify(first)}`);
    await context.close();
  });
}
