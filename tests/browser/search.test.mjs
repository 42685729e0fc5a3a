// A citizen searches: typed words, pinyin and initials, full-width input, filters, expired
// entries left out, on the demo site served under /yd/; and what a first query costs on a
// generated 10,000-entry site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, serveDemo, launch, phone, repo, youdai } from './lib.mjs';

let server, browser;
before(async () => {
  server = await serveDemo();
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

/** Waits for the search to settle; returns the result titles and their link paths. */
async function results(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('status').textContent;
    return s && !/正在/.test(s);
  });
  return page.$$eval('.hits h3 a', (as) => as.map((a) => ({ title: a.textContent, href: new URL(a.href).pathname })));
}

async function search(q, extra = '') {
  const { context, page, errors } = await open(`search/?q=${encodeURIComponent(q)}${extra}`);
  const found = await results(page);
  assert.deepEqual(errors, []);
  await context.close();
  return found;
}

const titles = (found) => found.map((r) => r.title);

test('the search form on every page submits to search/ and the query stays in the box', async () => {
  const { context, page } = await open('');
  await page.fill('#q', '医疗');
  await page.press('#q', 'Enter');
  await page.waitForURL(/\/yd\/search\/\?q=/);
  const found = await results(page);
  assert.equal(await page.inputValue('#q2'), '医疗');
  assert.match(await page.textContent('#status'), /找到 \d+ 项结果/);
  // Title matches first, in category order; then entries that mention it elsewhere.
  assert.deepEqual(titles(found).slice(0, 3).sort(), ['优抚对象医疗补助', '医疗优先挂号、就诊', '残疾退役军人医疗保障'].sort());
  assert.equal(found[3].title, '太谷区老年退役军人免费健康体检', 'then the rest of the 医疗服务 category');
  assert.ok(found[0].href.startsWith('/yd/benefits/'), found[0].href);
  // Each result shows its category and region, and a snippet.
  const meta = await page.$eval('.hits li', (li) => li.querySelector('.meta').textContent);
  assert.match(meta, /医疗服务/);
  assert.match(meta, /晋中市/);
  assert.ok((await page.$eval('.hits li .snip', (p) => p.textContent)).length > 5);
  await context.close();
});

test('two Chinese characters find words inside longer ones', async () => {
  const found = titles(await search('退役'));
  for (const t of ['“最美退役军人”学习宣传', '困难退役军人帮扶援助', '退役士兵学历提升']) assert.ok(found.includes(t), t);
  const { context, page } = await open(`search/?q=${encodeURIComponent('退役军人')}`);
  await results(page);
  const numbers = await page.evaluate(() => window.youdaiSearch('退役军人'));
  const first = await results(page);
  assert.equal(first.length, 20);
  const inTitle = first.map((r) => r.title.includes('退役军人'));
  assert.ok(inTitle.filter(Boolean).length >= 7, first.map((r) => r.title).join());
  assert.deepEqual(inTitle, [...inTitle].sort((a, b) => b - a), 'titles with the words come first');
  assert.ok(numbers.length > 20);
  await context.close();
});

test('pinyin, initials and sloppy pinyin find titles', async () => {
  assert.ok(titles(await search('yiliao')).includes('优抚对象医疗补助'));
  assert.equal(titles(await search('grp'))[0], '悬挂光荣牌');
  assert.equal(titles(await search('guangrongpai'))[0], '悬挂光荣牌');
  // g dropped from guang, l typed as n: what many elderly users type.
  assert.equal(titles(await search('guanrongpai'))[0], '悬挂光荣牌');
  assert.ok(titles(await search('yiniao')).includes('优抚对象医疗补助'));
  assert.ok(titles(await search('yi liao')).includes('优抚对象医疗补助'));
  assert.ok(titles(await search('pingyao menpiao')).includes('平遥古城景区免首道门票'));
});

test('full-width and half-width forms match each other', async () => {
  assert.ok(titles(await search('ＹＩＬＩＡＯ')).includes('优抚对象医疗补助'));
  // The contact 0354-3360218, typed in full-width digits.
  assert.deepEqual(titles(await search('３３６０２１８')).sort(), ['优抚对象医疗补助', '残疾退役军人医疗保障'].sort());
});

test('expired entries and archived notices are never found', async () => {
  const home = titles(await search('光荣之家'));
  assert.ok(!home.some((t) => t.includes('2023年春节')), home.join());
  const checkups = await search('健康体检');
  assert.ok(checkups.some((r) => r.href === '/yd/benefits/taigu-laobing-tijian/'));
  assert.ok(!checkups.some((r) => r.href.includes('2023-youfu-tijian')));
  // Only the expired partner and the archived notice are about the 2024 Spring Festival shuttle.
  assert.deepEqual(await search('老兵返乡'), []);
});

test('results filter by category, group and region, following the region tree', async () => {
  const travel = await search('免费', '&cat=travel');
  assert.ok(travel.length > 2 && travel.every((r) => r.href.startsWith('/yd/benefits/')));
  const { context, page } = await open('search/?q=%E5%85%8D%E8%B4%B9&cat=travel');
  await results(page);
  const tags = await page.$$eval('.hits .meta .tag:first-child', (ts) => ts.map((t) => t.textContent));
  assert.ok(tags.every((t) => t === '文旅交通'), tags.join());
  assert.equal(await page.inputValue('select[name=cat]'), 'travel');
  // Changing a filter updates the results and the address to share.
  await page.selectOption('select[name=region]', 'pingyao');
  await page.waitForFunction(() => location.search.includes('region=pingyao'));
  const pingyao = titles(await results(page));
  assert.ok(pingyao.includes('平遥县城公交免费乘坐') && pingyao.includes('免费乘坐市内公共交通'), pingyao.join());
  assert.ok(!pingyao.some((t) => t.includes('绵山')), 'a 介休 entry does not apply in 平遥');
  await context.close();

  const housing = titles(await search('公租房', '&region=yuci'));
  assert.ok(housing.includes('榆次区公租房优抚对象专项房源'));
  assert.ok(!titles(await search('公租房', '&region=pingyao')).includes('榆次区公租房优抚对象专项房源'));
  const family = titles(await search('就业', '&group=family'));
  assert.ok(family.includes('随军家属就业安置') && !family.includes('介休市退役军人就业见习补贴'), family.join());
});

test('typing searches as you go, and long result lists load 20 at a time', async () => {
  const { context, page } = await open('search/');
  await page.locator('#q2').pressSequentially('退役', { delay: 50 });
  await page.waitForFunction(() => location.search === '?q=%E9%80%80%E5%BD%B9');
  assert.equal((await results(page)).length, 20);
  await page.click('.more');
  await page.waitForFunction(() => document.querySelectorAll('.hits li').length > 20);
  await context.close();
});

test('without JavaScript the search page points to the category, group and region pages', async () => {
  const { context, page } = await open('search/?q=x', { javaScriptEnabled: false });
  const text = await page.textContent('main');
  assert.match(text, /需要启用 JavaScript/);
  assert.ok(await page.$('main a[href="/yd/finder/"]'));
  await context.close();
});

test('a first query on a 10,000-entry site loads under 60 KB in all', async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'youdai-search-10k-'));
  try {
    const gen = spawnSync('python3', [path.join(repo, 'bench/gensite.py'), '10000', path.join(work, 'src'), '--no-hugo'], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    const big = await serve(path.join(work, 'out'));
    try {
      const b = spawnSync(youdai, ['build', '--root', path.join(work, 'src'), '--out', path.join(work, 'out'), '--today', '2025-06-01', '--base-url', big.url], { encoding: 'utf8', maxBuffer: 1 << 26 });
      assert.equal(b.status, 0, b.stderr.slice(-2000));
      const cost = async (q) => {
        const context = await browser.newContext(phone);
        const page = await context.newPage();
        const loads = [];
        page.on('response', async (r) => { try { loads.push((await r.body()).length); } catch { /* */ } });
        await page.goto(`${big.url}search/?q=${encodeURIComponent(q)}`);
        await page.waitForSelector('.hits li');
        await page.waitForLoadState('networkidle');
        await context.close();
        return loads.reduce((a, n) => a + n, 0);
      };
      const two = await cost('医疗');
      assert.ok(two <= 60 * 1024, `医疗 loaded ${two} bytes`);
      const four = await cost('退役军人');
      assert.ok(four <= 100 * 1024, `退役军人 loaded ${four} bytes`);
      console.log(`first query bytes on 10,000 entries: 医疗 ${two}, 退役军人 ${four}`);
    } finally {
      await big.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
