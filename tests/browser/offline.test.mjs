// A citizen who opened a few pages keeps them, the home page and the finder with no signal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDemo, launch, phone } from './lib.mjs';

let server, browser;
before(async () => {
  server = await serveDemo();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('opened pages, the home page and the finder work offline through the service worker', async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(`${server.url}yd/benefits/free-bus/`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The first visit installs the worker; pages opened while it runs are kept.
  await page.reload();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => new Promise((r) => setTimeout(r, 300))));
  await context.setOffline(true);
  for (const [p, text] of [['benefits/free-bus/', '免费乘坐'], ['', '晋中市军人军属优待服务'], ['finder/', '我能享受哪些优待']]) {
    await page.goto(`${server.url}yd/${p}`);
    assert.match(await page.locator('h1').innerText(), new RegExp(text), `${p || 'home'} offline`);
  }
  await page.goto(`${server.url}yd/partners/never-opened/`).catch(() => {});
  assert.match(await page.locator('h1').innerText(), /页面未找到/, 'unknown pages fall back to the cached 404 page');
  await context.close();
});
