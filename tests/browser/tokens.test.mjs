// The query side of the shared tokenizer vectors (tests/vectors/tokens.json): what the built
// search page asks the index for when each query is typed. The Rust test of the same file
// (src/search/tokens.rs) checks that the build indexes what these tokens need.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serveDemo, launch, repo } from './lib.mjs';

const { cases } = JSON.parse(readFileSync(path.join(repo, 'tests/vectors/tokens.json'), 'utf8'));

let server, browser;
before(async () => {
  server = await serveDemo();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('a typed query asks for the tokens the shared vectors say', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}yd/search/`);
  await page.waitForFunction(() => typeof window.youdaiTokens === 'function');
  const made = await page.evaluate((all) => all.map((c) => ({
    asks: window.youdaiTokens(c.query),
    cover: window.youdaiTokens(c.query, true),
  })), cases);
  assert.ok(cases.length >= 25, `${cases.length} cases`);
  cases.forEach((c, i) => {
    const why = `${JSON.stringify(c.query)}: ${c.why}`;
    assert.deepEqual(made[i].asks, c.asks, why);
    // Cut to fewer tokens only where a case says so; otherwise the same clauses.
    assert.deepEqual(made[i].cover, c.cover || c.asks, `${why} (cover)`);
  });
  assert.deepEqual(errors, []);
  await page.close();
});
