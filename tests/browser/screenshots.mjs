// Takes phone-size screenshots of the demo site: node screenshots.mjs OUTDIR [path ...]
import { serve, build, launch, phone, repo } from './lib.mjs';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const outDir = path.resolve(process.argv[2] || 'screenshots');
const pages = process.argv.slice(3).length ? process.argv.slice(3) : ['', 'benefits/', 'finder/', 'partners/'];
mkdirSync(outDir, { recursive: true });
// Serve under a sub-path, like the real site, to prove links honour the base path.
const staging = path.join(outDir, '.root');
const server = await serve(staging);
const site = build(repo, `${server.url}yd/`);
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
const { cpSync } = await import('node:fs');
cpSync(site, path.join(staging, 'yd'), { recursive: true });
const browser = await launch();
const context = await browser.newContext(phone);
const page = await context.newPage();
for (const p of pages) {
  await page.goto(`${server.url}yd/${p}`);
  const name = (p.replace(/\/$/, '').replace(/\//g, '-') || 'home') + '.png';
  await page.screenshot({ path: path.join(outDir, name), fullPage: process.env.FULL !== '0' });
  console.log(path.join(outDir, name));
}
await browser.close();
await server.close();
rmSync(staging, { recursive: true, force: true });
