// The preview server shows the content's errors over the last good site, in Chinese, on a
// phone and on a desktop: the editor sees what to fix and where, without a terminal.
// `SCREENSHOTS=DIR node --test serve-banner.test.mjs` also saves what it saw.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch, phone, repo, youdai } from './lib.mjs';

const root = mkdtempSync(path.join(tmpdir(), 'youdai-banner-'));
cpSync(path.join(repo, 'tests/fixtures/basic'), root, { recursive: true });
let server;
after(() => { server?.kill('SIGTERM'); rmSync(root, { recursive: true, force: true }); });

/** Starts `youdai serve` in Chinese on a free port; resolves to its address. */
function serve() {
  return new Promise((resolve, reject) => {
    server = spawn(youdai, ['serve', '--root', root, '--port', '0'], {
      env: { ...process.env, SOURCE_DATE_EPOCH: '1748736000', YOUDAI_LANG: 'zh' },
    });
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolve(m[0]);
    });
    server.on('exit', () => reject(new Error('youdai serve stopped: ' + out)));
    setTimeout(() => reject(new Error('youdai serve did not start: ' + out)), 20000);
  });
}

test('a broken file is shown over the last good site, in Chinese, on a phone and a desktop', async () => {
  const url = await serve();
  const file = path.join(root, 'content/benefits/single.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('groups: [active, veteran]', 'groups: [active, 老兵]'));
  const browser = await launch();
  try {
    for (const [name, options] of [['phone', phone], ['desktop', { viewport: { width: 1280, height: 800 } }]]) {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      await page.goto(url + 'benefits/free-bus/');
      const banner = page.locator('#youdai-errors');
      await banner.waitFor({ timeout: 20000 });
      const text = await banner.textContent();
      assert.match(text, /内容中有 1 个错误/);
      assert.match(text, /content\/benefits\/single\.yaml:\d+:\d+: error: 没有叫 `老兵` 的优待对象/);
      assert.ok(await page.locator('h1').isVisible(), 'the last good page is still there');
      if (process.env.SCREENSHOTS) {
        await page.screenshot({ path: path.join(process.env.SCREENSHOTS, `serve-errors-${name}.png`) });
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
});
