// Takes phone-size screenshots of the demo site: node screenshots.mjs OUTDIR [path ...]
// Without paths, the README's: the first screen of the home page and of a benefit (in 大字
// too), the finder's answer for two identities, the page shown offline for a page never
// opened, the printed finder list and a printed county catalog (first A4 page), the search.
// FULL=1 takes whole pages instead of first screens.
import { serve, build, launch, phone, repo } from './lib.mjs';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const outDir = path.resolve(process.argv[2] || 'screenshots');
const asked = process.argv.slice(3).map((p) => ({ name: (p.replace(/\/$/, '').replace(/[/?&=]+/g, '-') || 'home'), path: p }));
const shots = asked.length ? asked : [
  { name: 'home', path: '' },
  { name: 'benefits-free-bus', path: 'benefits/free-bus/' },
  { name: 'benefits-free-bus-large', path: 'benefits/free-bus/', large: true },
  { name: 'finder', path: 'finder/?group=veteran&group=disabled&region=pingyao' },
  { name: 'offline', path: 'benefits/zinv-ruxue/', offline: true },
  { name: 'finder-print', path: 'finder/?group=veteran&group=disabled&region=pingyao', print: true },
  { name: 'regions-pingyao-print', path: 'regions/pingyao/print/', print: true },
  { name: 'search', path: 'search/?q=yiliao' },
];
mkdirSync(outDir, { recursive: true });
// Serve under a sub-path, like the real site, to prove links honour the base path.
const staging = path.join(outDir, '.root');
const server = await serve(staging);
const site = build(repo, `${server.url}yd/`);
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
cpSync(site, path.join(staging, 'yd'), { recursive: true });
const browser = await launch();
for (const shot of shots) {
  // A printed page is A4 (794 x 1123 CSS px) whatever the phone.
  const context = await browser.newContext(shot.print ? { viewport: { width: 794, height: 1123 }, deviceScaleFactor: 1 } : phone);
  if (shot.large) await context.addInitScript(() => localStorage.setItem('yd-modes', 'large'));
  const page = await context.newPage();
  if (shot.offline) {
    // One visit to the home page, then no signal.
    await page.goto(`${server.url}yd/`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15000 });
    await page.goto(`${server.url}yd/benefits/free-bus/`);
    await context.setOffline(true);
  }
  await page.goto(`${server.url}yd/${shot.path}`).catch(() => {});
  if (shot.path.startsWith('finder/?')) await page.waitForSelector('#finder-results li');
  if (shot.path.startsWith('search/?')) await page.waitForSelector('#results a').catch(() => {});
  if (shot.offline) await page.waitForSelector('#opened:not([hidden])').catch(() => {});
  if (shot.print) await page.emulateMedia({ media: 'print' });
  const file = path.join(outDir, `${shot.name}.png`);
  await page.screenshot({ path: file, fullPage: process.env.FULL === '1' });
  console.log(file);
  await context.close();
}
await browser.close();
await server.close();
rmSync(staging, { recursive: true, force: true });
