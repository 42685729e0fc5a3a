// The web form of `youdai cms`, driven through the real Decap CMS (npm's decap-cms at the
// version the form pins, served from node_modules: no network) with Decap's in-memory
// `test-repo` backend: one entry of each kind is created and saved, existing ones are
// edited, and what Decap wrote must pass `youdai check`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repo, youdai, launch } from './lib.mjs';

const require = createRequire(import.meta.url);
const decapDist = path.dirname(require.resolve('decap-cms/dist/decap-cms.js'));
const decapVersion = JSON.parse(readFileSync(path.join(decapDist, '..', 'package.json'), 'utf8')).version;
const TODAY = '2025-06-01';

const tmp = mkdtempSync(path.join(tmpdir(), 'youdai-decap-'));
const site = path.join(tmp, 'site');
const admin = path.join(site, 'content/static/admin');
let server;
let browser;
let page;
let base;
const outside = [];

function run(args, env = {}) {
  const r = spawnSync(youdai, args, { encoding: 'utf8', env: { ...process.env, YOUDAI_LANG: 'en', ...env } });
  return r;
}

/** The site's Markdown files and site.yaml, as Decap's test-repo backend keeps a repository. */
function repoTree() {
  const tree = {};
  const put = (rel) => {
    const parts = rel.split('/');
    let at = tree;
    for (const p of parts.slice(0, -1)) at = at[p] ||= {};
    at[parts.at(-1)] = { path: rel, content: readFileSync(path.join(site, rel), 'utf8') };
  };
  put('content/site.yaml');
  for (const folder of ['benefits', 'partners', 'notices', 'pages']) {
    for (const name of readdirSync(path.join(site, 'content', folder))) {
      if (name.endsWith('.md')) put(`content/${folder}/${name}`);
    }
  }
  return tree;
}

before(async () => {
  cpSync(path.join(repo, 'tests/fixtures/basic'), site, { recursive: true });
  // An entry that names its category, groups and region as site.yaml names them (SPEC §2).
  writeFileSync(path.join(site, 'content/benefits/named.md'),
    '---\nid: named\ntitle: 用名称写的项目\ncategory: 生活服务\ngroups: [退役军人]\nregion: 东县\nsummary: 类别、对象和地区都写名称。\n---\n');
  const checked = run(['check', '--root', site, '--today', TODAY]);
  assert.equal(checked.status, 0, checked.stderr);

  // The form in Chinese, as youdai makes it by default.
  const made = run(['cms', '--root', site, '--repo', 'bureau/site', '--decap-url', '/decap/decap-cms.js'], { YOUDAI_LANG: 'zh' });
  assert.equal(made.status, 0, made.stderr);

  server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const [dir, rest] = url.pathname.startsWith('/decap/')
      ? [decapDist, url.pathname.slice('/decap/'.length)]
      : [admin, url.pathname.replace(/^\/admin\/?/, '')];
    let file = path.join(dir, decodeURIComponent(rest));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const type = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.yml': 'text/yaml; charset=utf-8', '.css': 'text/css' }[path.extname(file)];
      res.writeHead(200, { 'content-type': type || 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}/`;

  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  if (process.env.DEBUG) page.on('console', (m) => console.log('console:', m.text().slice(0, 500)));
  // Nothing leaves the machine: Decap comes from node_modules, the repository is in memory.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  await page.addInitScript((files) => {
    window.CMS_MANUAL_INIT = true;
    window.repoFiles = files;
  }, repoTree());
  await page.goto(`${base}admin/`);
  await page.waitForFunction(() => window.CMS && window.CMS.init);
  // The generated config.yml, with the git host swapped for the in-memory one.
  await page.evaluate(() => window.CMS.init({ config: { backend: { name: 'test-repo' } } }));
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByText('优待项目').first().waitFor();
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
  rmSync(tmp, { recursive: true, force: true });
});

const field = (name) => page.locator(`[id^="${name}-field-"]`).first();

/** Picks an option of a select by the text the editor sees. */
async function choose(name, label) {
  await field(name).click();
  await page.keyboard.type(label);
  await page.keyboard.press('Enter');
}

async function typeBody(text) {
  const editor = page.locator('[data-slate-editor="true"]').first();
  await editor.click();
  await page.keyboard.type(text);
}

/** Saves the open entry and waits for Decap to say so; fails with what Decap said instead. */
async function save() {
  await page.getByRole('button', { name: '保存', exact: true }).click();
  const saved = page.getByText('内容已保存');
  try {
    await saved.first().waitFor({ timeout: 15000 });
  } catch {
    const said = await page.locator('body').innerText();
    assert.fail(`the form did not save:\n${said.slice(0, 3000)}`);
  }
  await saved.first().waitFor({ state: 'detached', timeout: 15000 }).catch(() => {});
}

/**
 * Opens a page of the form and waits for its field `first`. By way of the collection's list,
 * as an editor would: going from one entry straight to another keeps the first one's draft.
 */
async function open(hash, first = 'title') {
  const collection = hash.split('/').slice(0, 2).join('/');
  await page.goto(`${base}admin/#/${collection}`);
  await page.locator('[id^="id-field-"], [id^="title-field-"]').first().waitFor({ state: 'detached' });
  await page.goto(`${base}admin/#/${hash}`);
  await field(first).waitFor();
}

/** Every file Decap has written, published or waiting in a pull request, by path. */
async function written() {
  return page.evaluate(() => {
    const out = {};
    const walk = (tree) => {
      for (const v of Object.values(tree)) {
        if (v && typeof v.path === 'string' && typeof v.content === 'string') out[v.path] = v.content;
        else if (v && typeof v === 'object') walk(v);
      }
    };
    walk(window.repoFiles);
    for (const entry of Object.values(window.repoFilesUnpublished)) {
      for (const d of entry.diffs) out[d.path] = d.content;
    }
    return out;
  });
}

test('the form loads Decap at the pinned version, with its integrity hash', () => {
  const bytes = readFileSync(path.join(decapDist, 'decap-cms.js'));
  const sri = `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  const local = readFileSync(path.join(admin, 'index.html'), 'utf8');
  assert.match(local, new RegExp(`<script src="/decap/decap-cms.js" integrity="${sri.replace(/[+/]/g, '\\$&')}" crossorigin="anonymous">`));
  // By default it is the same release from a CDN: a pinned version, never a range.
  const other = path.join(tmp, 'default-admin');
  const r = run(['cms', '--root', site, '--repo', 'bureau/site', '--out', other]);
  assert.equal(r.status, 0, r.stderr);
  const html = readFileSync(path.join(other, 'index.html'), 'utf8');
  const src = html.match(/<script src="([^"]+)" integrity="([^"]+)"/);
  assert.ok(src, html);
  assert.equal(src[1], `https://unpkg.com/decap-cms@${decapVersion}/dist/decap-cms.js`);
  assert.equal(src[2], sri);
  // ...and the browser ran that file: a wrong hash would have blocked it.
  assert.deepEqual(outside, []);
});

test('a benefit saved from the form, with dates left empty or cleared', async () => {
  await open('collections/benefits/new');
  await field('id').fill('form-benefit');
  await field('title').fill('表单新增的优待');
  await choose('category', '医疗服务');
  await choose('groups', '退役军人');
  await choose('groups', '军属');
  await choose('region', '东县');
  await field('summary').fill('凭优待证优先就医。');
  await field('number').fill('12');
  await field('contact').fill('0354-3021234');
  await field('documents').fill('优待证, 身份证');
  // A date picked, then cleared: it must not be written as "".
  await field('valid_from').fill('2025-01-01');
  await field('valid_from').fill('');
  await field('valid_until').fill('2026-12-31');
  await typeBody('优先挂号、优先就诊。');
  await save();
  const text = (await written())['content/benefits/form-benefit.md'];
  assert.ok(text, Object.keys(await written()).join('\n'));
  assert.match(text, /^valid_until: 2026-12-31$/m);
  assert.doesNotMatch(text, /valid_from|updated|tags|how_to_claim/, text);
  assert.match(text, /优先挂号、优先就诊。/);
});

test('a partner saved from the form without a place on the map', async () => {
  await open('collections/partners/new', 'name');
  await field('id').fill('form-partner');
  await field('name').fill('表单新增的景区');
  await choose('kind', '旅游景区');
  await choose('region', '西县');
  await field('offer').fill('凭优待证免门票。');
  await field('website').fill('https://example.com/');
  await save();
  const text = (await written())['content/partners/form-partner.md'];
  assert.ok(text);
  assert.doesNotMatch(text, /location|lat|lon|groups|valid_/, text);
  assert.match(text, /^kind: scenic$/m);
});

test('a notice and a page saved from the form without an id', async () => {
  await open('collections/notices/new');
  await field('title').fill('春节走访慰问');
  await field('date').fill('2025-01-20');
  await field('summary').fill('春节前走访慰问优抚对象。');
  await typeBody('各区县于春节前完成走访。');
  await save();
  await open('collections/pages/new');
  await field('title').fill('如何申领优待证');
  await typeBody('携带身份证到户籍所在地服务站申领。');
  await save();
  const files = await written();
  const notice = files['content/notices/2025-01-20-notice.md'];
  const page_ = files['content/pages/page.md'];
  assert.ok(notice && page_, Object.keys(files).join('\n'));
  assert.doesNotMatch(notice, /^id:/m);
  assert.doesNotMatch(page_, /^id:/m);
});

test('existing entries keep their address, and names written in them stay chosen', async () => {
  // A page named by its file: saving it must not ask for an id.
  await open('collections/pages/entries/about');
  await field('title').fill('关于我们');
  await save();
  // An entry that names its groups: the form shows the name as the group it is...
  await open('collections/benefits/entries/named');
  const groups = page.locator('[id^="groups-field-"]').locator('xpath=ancestor::div[contains(@class, "-container")][1]');
  await assert.doesNotReject(groups.getByText('退役军人').first().waitFor({ timeout: 5000 }));
  // ...so that adding one keeps it.
  await choose('groups', '现役军人');
  await save();
  const files = await written();
  assert.match(files['content/pages/about.md'], /^title: 关于我们$/m);
  assert.doesNotMatch(files['content/pages/about.md'], /^id:/m);
  const named = files['content/benefits/named.md'];
  assert.match(named, /groups:\n {2}- veteran\n {2}- active\n/, named);
});

test('site settings saved from the form', async () => {
  await open('collections/settings/entries/site', 'description');
  assert.equal(await field('title').inputValue(), '测试市优待服务');
  await field('description').fill('表单修改过的简介');
  await save();
  assert.match((await written())['content/site.yaml'], /^description: 表单修改过的简介$/m);
});

test('everything the form saved passes youdai check', async () => {
  const files = await written();
  if (process.env.DEBUG) console.log(Object.entries(files).filter(([p]) => /form-|notice\.md|page\.md|named|about|site\.yaml/.test(p)).map(([p, t]) => `== ${p}\n${t}`).join('\n'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(site, rel)), { recursive: true });
    writeFileSync(path.join(site, rel), text);
  }
  const r = run(['check', '--root', site, '--today', TODAY, '--format', 'json']);
  const report = JSON.parse(r.stdout);
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], Object.entries(files).map(([p, t]) => `== ${p}\n${t}`).join('\n'));
  assert.equal(r.status, 0);
  assert.equal(report.ok, true);
  // The fixture's 5 benefits + named.md + 1 new; 3 partners + 1; 4 notices + 1; 1 page + 1.
  assert.deepEqual(report.counts, { benefits: 7, partners: 4, notices: 5, pages: 2 });
  assert.deepEqual(outside, []);
});
