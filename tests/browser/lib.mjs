// Shared helpers for the browser tests: build a site, serve it on 127.0.0.1, drive Chromium.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { mkdtempSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const youdai = path.join(repo, 'target/release/youdai');

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.xml': 'application/xml', '.svg': 'image/svg+xml', '.pdf': 'application/pdf',
};

/** Serves `dir` on a free loopback port; resolves to { url, close }. */
export async function serve(dir) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': types['.html'] }).end(await readFile(path.join(dir, '404.html')).catch(() => ''));
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

const made = [];
process.on('exit', () => { for (const dir of made) rmSync(dir, { recursive: true, force: true }); });

/** Builds `root` for serving at `baseUrl`; returns the output folder (removed at exit). */
export function build(root, baseUrl, today = '2025-06-01') {
  const out = mkdtempSync(path.join(tmpdir(), 'youdai-browser-'));
  made.push(out);
  const r = spawnSync(youdai, ['build', '--root', root, '--out', path.join(out, 'site'), '--today', today, '--base-url', baseUrl], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`youdai build failed: ${r.stderr}`);
  return path.join(out, 'site');
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const phone = { viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/**
 * Builds the demo site for `today` and serves it under /yd/, as the real site is served,
 * so links prove they honour the base path. Resolves to { url, site, close }: `url` is the
 * server's root, `site` the folder served at /yd/.
 */
export async function serveDemo(today = '2025-06-01') {
  const root = mkdtempSync(path.join(tmpdir(), 'youdai-served-'));
  const server = await serve(root);
  const site = path.join(root, 'yd');
  cpSync(build(repo, `${server.url}yd/`, today), site, { recursive: true });
  return {
    url: server.url,
    site,
    close: async () => { await server.close(); rmSync(root, { recursive: true, force: true }); },
  };
}
