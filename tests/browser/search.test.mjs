// A citizen searches: typed words, pinyin and initials, full-width input, filters, expired
// entries left out, on the demo site served under /yd/; names with separators in them; and
// what a first query costs, in requests and bytes, on a generated 10,000-entry site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, serveDemo, build, launch, phone, repo, youdai } from './lib.mjs';
import { visit } from './search-visit.mjs';

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
  assert.equal(first.length, 10, 'the first 10 come first');
  const inTitle = first.map((r) => r.title.includes('退役军人'));
  assert.ok(inTitle.filter(Boolean).length >= 5, first.map((r) => r.title).join());
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
  // Only the expired partner and the archived notice are about the 2024 Spring Festival
  // shuttle; 老兵 (退役军人) 返乡 finds a current entry, never them.
  const shuttle = await search('老兵返乡');
  assert.deepEqual(titles(shuttle), ['退役返乡欢迎仪式']);
  for (const q of ['老兵返乡', '春运接驳', '接驳专线']) {
    const found = await search(q);
    assert.ok(!found.some((r) => r.href.includes('chunyun')), `${q}: ${found.map((r) => r.href).join(' ')}`);
  }
});

test('results filter by category, group and region, following the region tree', async () => {
  const travel = await search('免费', '&cat=travel');
  assert.ok(travel.length > 2 && travel.every((r) => r.href.startsWith('/yd/benefits/')));
  const { context, page } = await open('search/?q=%E5%85%8D%E8%B4%B9&cat=travel');
  await results(page);
  const tags = await page.$$eval('.hits .meta .tag:first-child', (ts) => ts.map((t) => t.textContent));
  assert.ok(tags.every((t) => t === '文旅交通'), tags.join());
  assert.equal(await page.inputValue('select[name=cat]'), 'travel');
  // Changing a filter updates the results and the address to share; the filters are
  // folded until asked for.
  await page.click('.filters summary');
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

test('typing searches as you go, and long result lists show 10, then 20 more at a time', async () => {
  const { context, page } = await open('search/');
  await page.locator('#q2').pressSequentially('退役', { delay: 50 });
  await page.waitForFunction(() => location.search === '?q=%E9%80%80%E5%BD%B9');
  const first = await results(page);
  assert.equal(first.length, 10);
  const total = +(await page.textContent('#status')).match(/找到 (\d+)/)[1];
  assert.ok(total > 10, `${total} results`);
  await page.click('.more');
  await page.waitForFunction((n) => document.querySelectorAll('.hits li').length === n, Math.min(30, total));
  const more = await page.$$eval('.hits h3 a', (as) => as.map((a) => a.textContent));
  assert.deepEqual(more.slice(0, 10), titles(first), 'the first ten stay in place');
  await context.close();
});

test('a | or a tab, newline or quote in a title or a name shows as written, in its own place', async () => {
  // Issue 9: result rows and the name lists were split on `|`, so one in a category name
  // shifted every later label.
  const root = mkdtempSync(path.join(tmpdir(), 'youdai-odd-names-'));
  try {
    cpSync(path.join(repo, 'content'), path.join(root, 'content'), { recursive: true });
    const yaml = path.join(root, 'content/site.yaml');
    const site = readFileSync(yaml, 'utf8')
      .replace('name: 荣誉激励', "name: '荣誉|激励'")
      .replace('name: 生活服务', 'name: "生活\\t\\"服务\\""')
      .replace('name: 榆次区', "name: '榆次|区'");
    writeFileSync(yaml, site);
    writeFileSync(path.join(root, 'content/benefits/odd-names.yaml'), [
      '- id: odd-names',
      '  title: "竖线|制表\\t引号\\"和\'换行\\n标题测试"',
      '  category: medical',
      '  groups: [veteran]',
      '  region: yuci',
      '  summary: "摘要里也有|竖线和\\t制表符。"',
      '',
    ].join('\n'));
    const out = build(root, 'http://127.0.0.1/');
    const local = await serve(out);
    try {
      const context = await browser.newContext(phone);
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${local.url}search/?q=${encodeURIComponent('标题测试')}`);
      const found = await results(page);
      assert.equal(found[0].title, '竖线|制表 引号"和\'换行 标题测试');
      assert.equal(found[0].href, '/benefits/odd-names/');
      const tags = await page.$$eval('.hits li:first-child .meta .tag', (ts) => ts.map((t) => t.textContent));
      assert.deepEqual(tags, ['医疗服务', '榆次|区'], 'the category after the one with a | keeps its own name');
      assert.match(await page.textContent('.hits li:first-child .snip'), /摘要里也有\|竖线和 制表符/);
      // Each category's entries carry that category's name.
      await page.goto(`${local.url}search/?q=${encodeURIComponent('优待')}&cat=life`);
      await results(page);
      const life = await page.$$eval('.hits .meta .tag:first-child', (ts) => ts.map((t) => t.textContent));
      assert.ok(life.length && life.every((t) => t === '生活\t"服务"'), life.join());
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await local.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('without JavaScript the search page points to the category, group and region pages', async () => {
  const { context, page } = await open('search/?q=x', { javaScriptEnabled: false });
  const text = await page.textContent('main');
  assert.match(text, /需要启用 JavaScript/);
  assert.ok(await page.$('main a[href="/yd/finder/"]'));
  await context.close();
});

test('a first query on a 10,000-entry site needs one round of index requests, two at most, and few bytes', async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'youdai-search-10k-'));
  try {
    const gen = spawnSync('python3', [path.join(repo, 'bench/gensite.py'), '10000', path.join(work, 'src'), '--no-hugo'], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    const big = await serve(path.join(work, 'out'));
    try {
      const b = spawnSync(youdai, ['build', '--root', path.join(work, 'src'), '--out', path.join(work, 'out'), '--today', '2025-06-01', '--base-url', big.url], { encoding: 'utf8', maxBuffer: 1 << 26 });
      assert.equal(b.status, 0, b.stderr.slice(-2000));
      // 250 ms per request, so that each round of requests is apart from the next even
      // on a busy machine (a script that starts late would otherwise seem to wait for the
      // style sheet); the bounds are on counts, never on time.
      const network = { offline: false, latency: 250, downloadThroughput: -1, uploadThroughput: -1 };
      const cost = async (query) => {
        // No service worker: its precache would share the six connections with the search.
        const r = await visit(browser, `${big.url}search/?q=${query}`, { network, cpu: 1, serviceWorkers: 'block' });
        assert.equal(r.results.length, 10, `${decodeURIComponent(query)}: the first 10 results are shown`);
        const index = r.list.filter((x) => /^\/search\/[id]\//.test(x.path));
        const round = (x) => 1 + Math.max(0, ...index.filter((p) => p.done <= x.sent).map(round));
        const fragments = index.filter((x) => x.path.startsWith('/search/i/'));
        // The page's own request is the only one the index requests wait for: not its
        // style sheet, not a script file.
        for (const f of fragments) assert.ok(f.depth <= 2, `${f.path} waits for the page only (depth ${f.depth})`);
        return { requests: index.length, rounds: Math.max(0, ...index.map(round)), bytes: r.bytes, files: r.files };
      };
      const cases = [
        // [what, query, most index requests, most rounds]
        ['one token', encodeURIComponent('医疗'), 1, 1],
        ['four characters', encodeURIComponent('退役军人'), 3, 1],
        ['pinyin', 'yiliao', 3, 1],
        ['initials', 'grp', 2, 1],
        // A synonym's record and first rows are in its own bigram's fragment; two meet
        // where neither ranks first, like two words.
        ['an everyday word', encodeURIComponent('看病'), 1, 1],
        ['two everyday words in a phrase', encodeURIComponent('老兵看病'), 12, 2],
        ['two words', encodeURIComponent('平遥 门票'), 12, 2],
        ['a region filter', `${encodeURIComponent('免费')}&region=pingyao`, 8, 2],
        ['a category filter', `${encodeURIComponent('优待')}&cat=travel`, 8, 2],
        ['a group and a region filter', `${encodeURIComponent('退役军人')}&group=veteran&region=yuci`, 12, 2],
      ];
      const seen = {};
      for (const [what, query, most, rounds] of cases) {
        const c = (seen[what] = await cost(query));
        assert.ok(c.requests >= 1 && c.requests <= most, `${what}: ${c.requests} index requests\n${c.files.join('\n')}`);
        assert.ok(c.rounds <= rounds, `${what}: ${c.rounds} rounds of index requests\n${c.files.join('\n')}`);
      }
      // Everything loaded until the first results show, page and style sheet included.
      assert.ok(seen['one token'].bytes <= 60 * 1024, `医疗 loaded ${seen['one token'].bytes} bytes`);
      assert.ok(seen['four characters'].bytes <= 100 * 1024, `退役军人 loaded ${seen['four characters'].bytes} bytes`);
      console.log(Object.entries(seen).map(([w, c]) => `${w}: ${c.requests} index requests in ${c.rounds} rounds, ${c.bytes} bytes`).join('\n'));
    } finally {
      await big.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
