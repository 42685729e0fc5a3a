// 朗读: a button on benefit, partner and notice pages reads the page's text aloud in
// Chinese, stops on a second press, works in 大字 mode, and is absent where the browser
// cannot speak.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, phone, serveDemo } from './lib.mjs';

let browser, demo;
before(async () => { demo = await serveDemo(); browser = await launch(); });
after(async () => { await browser?.close(); await demo?.close(); });

/** A page whose speechSynthesis records what it is asked to say instead of saying it. */
async function withStubbedSpeech(path, large = false) {
  const context = await browser.newContext(phone);
  await context.addInitScript((large) => {
    if (large) localStorage.setItem('yd-modes', 'large');
    window.__spoken = [];
    window.__cancelled = 0;
    const synth = {
      speak: (u) => { window.__spoken.push({ text: u.text, lang: u.lang }); },
      cancel: () => { window.__cancelled += 1; },
      speaking: false,
    };
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  }, large);
  const page = await context.newPage();
  await page.goto(demo.url + 'yd/' + path);
  return { context, page };
}

for (const path of ['benefits/free-bus/', 'partners/pingyao-gucheng/', 'notices/2024-12-24-youdai-mulu/']) {
  test(`朗读 on ${path} reads the page from its title, and a second press stops`, async () => {
    const { context, page } = await withStubbedSpeech(path);
    const title = (await page.locator('main h1').textContent()).trim();
    const button = page.getByRole('button', { name: '朗读' });
    await button.click();
    const spoken = await page.evaluate(() => window.__spoken);
    assert.equal(spoken.length, 1);
    assert.ok(spoken[0].text.startsWith(title), `spoken text starts with "${title}": ${spoken[0].text.slice(0, 40)}`);
    assert.equal(spoken[0].lang, 'zh-CN');
    assert.ok(spoken[0].text.length > title.length + 10, 'the page text follows the title');
    assert.equal(await button.getAttribute('aria-pressed'), 'true');
    await page.getByRole('button', { name: '停止朗读' }).click();
    assert.ok(await page.evaluate(() => window.__cancelled) >= 2, 'the second press cancels');
    assert.equal(await page.locator('button.read-aloud').getAttribute('aria-pressed'), 'false');
    await context.close();
  });
}

test('朗读 works in 大字 mode and its button is a large target', async () => {
  const { context, page } = await withStubbedSpeech('benefits/free-bus/', true);
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('large')));
  const button = page.locator('button.read-aloud');
  const box = await button.boundingBox();
  assert.ok(box.height >= 44 && box.width >= 44, `${box.width}x${box.height}`);
  await button.click();
  assert.equal((await page.evaluate(() => window.__spoken)).length, 1);
  await context.close();
});

test('without speech synthesis there is no 朗读 button', async () => {
  const context = await browser.newContext(phone);
  await context.addInitScript(() => {
    delete window.speechSynthesis;
    Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true });
    delete window.SpeechSynthesisUtterance;
  });
  const page = await context.newPage();
  await page.goto(demo.url + 'yd/benefits/free-bus/');
  assert.equal(await page.locator('button.read-aloud').isVisible(), false);
  await context.close();
});
