// The JSON Schemas of `youdai schema` as VS Code's YAML extension uses them: the real
// yaml-language-server (npm), spoken to over stdio like an editor, configured by the
// .vscode/settings.json that `youdai new` writes. It must flag nothing in valid content
// (ids or names of site.yaml's vocabularies alike) and flag what `youdai check` refuses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repo, youdai } from './lib.mjs';

const require = createRequire(import.meta.url);
const serverBin = path.join(path.dirname(require.resolve('yaml-language-server/package.json')), 'bin/yaml-language-server');

const tmp = mkdtempSync(path.join(tmpdir(), 'youdai-yls-'));
const site = path.join(tmp, 'site');
let server;

/** A minimal LSP client: Content-Length framed JSON-RPC over the server's stdin and stdout. */
class Client {
  constructor(child, settings) {
    this.child = child;
    this.settings = settings;
    this.next = 1;
    this.pending = new Map();
    this.diagnostics = new Map();
    this.waiting = [];
    let buffer = Buffer.alloc(0);
    child.stdout.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
        if (buffer.length < end + 4 + length) return;
        const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString('utf8'));
        buffer = buffer.subarray(end + 4 + length);
        this.receive(message);
      }
    });
  }

  send(message) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request(method, params) {
    const id = this.next++;
    this.send({ id, method, params });
    return new Promise((ok, fail) => this.pending.set(id, { ok, fail }));
  }

  notify(method, params) {
    this.send({ method, params });
  }

  receive(message) {
    if (message.id !== undefined && message.method) {
      // A request of the server's: its settings, or one we need not answer with more than null.
      const result = message.method === 'workspace/configuration'
        ? message.params.items.map((item) => (item.section === 'yaml' ? this.settings : {}))
        : null;
      this.send({ id: message.id, result });
    } else if (message.id !== undefined) {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiting.fail(new Error(message.error.message));
      else waiting.ok(message.result);
    } else if (message.method === 'textDocument/publishDiagnostics') {
      this.diagnostics.set(message.params.uri, message.params.diagnostics);
      for (const w of this.waiting.splice(0)) w();
    }
  }

  /** Opens a document and resolves to the diagnostics the server publishes for it. */
  async check(file, text) {
    const uri = pathToFileURL(file).href;
    this.diagnostics.delete(uri);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const deadline = Date.now() + 20000;
    while (!this.diagnostics.has(uri)) {
      assert.ok(Date.now() < deadline, `no diagnostics for ${file}`);
      await new Promise((ok) => { this.waiting.push(ok); setTimeout(ok, 200); });
    }
    this.notify('textDocument/didClose', { textDocument: { uri } });
    return this.diagnostics.get(uri);
  }
}

before(async () => {
  const made = spawnSync(youdai, ['new', site], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  // The schemas of the demo site too, to check every file of it.
  const demo = spawnSync(youdai, ['schema', path.join(tmp, 'demo-schema'), '--root', repo], { encoding: 'utf8' });
  assert.equal(demo.status, 0, demo.stderr);

  const vscode = JSON.parse(readFileSync(path.join(site, '.vscode/settings.json'), 'utf8'));
  const settings = {
    schemas: {
      ...vscode['yaml.schemas'],
      [path.join(tmp, 'demo-schema/benefit.schema.json')]: ['**/demo/benefits/**/*.yaml'],
      [path.join(tmp, 'demo-schema/partner.schema.json')]: ['**/demo/partners/**/*.yaml'],
      [path.join(tmp, 'demo-schema/site.schema.json')]: ['**/demo/site.yaml'],
    },
    validate: vscode['yaml.validate'],
    yamlVersion: vscode['yaml.yamlVersion'],
    // Never ask the network for schemas.
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
  };
  // In a network namespace of its own where the machine allows one: it has no business
  // on the network.
  const isolated = process.getuid?.() === 0 && spawnSync('unshare', ['-n', 'true']).status === 0;
  const child = isolated
    ? spawn('unshare', ['-n', process.execPath, serverBin, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] })
    : spawn(process.execPath, [serverBin, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  server = new Client(child, settings);
  const root = pathToFileURL(site).href;
  await server.request('initialize', {
    processId: process.pid,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: 'site' }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
  });
  server.notify('initialized', {});
  server.notify('workspace/didChangeConfiguration', { settings: {} });
});

after(async () => {
  if (server) {
    await server.request('shutdown', null).catch(() => {});
    server.notify('exit', null);
    server.child.kill();
  }
  rmSync(tmp, { recursive: true, force: true });
});

const shown = (ds) => ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join('\n');

test('the new site validates, ids and names alike', async () => {
  for (const rel of ['content/site.yaml', 'content/benefits/life.yaml', 'content/partners/partners.yaml']) {
    const file = path.join(site, rel);
    assert.deepEqual(shown(await server.check(file, readFileSync(file, 'utf8'))), '', rel);
  }
  const named = 'id: named\ntitle: 写名称的项目\ncategory: 生活服务\ngroups: [退役军人, active]\nregion: 东城区\nsummary: 类别、对象和地区写名称或编号都可以。\n';
  const file = path.join(site, 'content/benefits/named.yaml');
  writeFileSync(file, named);
  assert.equal(spawnSync(youdai, ['check', '--root', site]).status, 0);
  assert.deepEqual(shown(await server.check(file, named)), '');
});

test('what check refuses is flagged on its line', async () => {
  const file = path.join(site, 'content/benefits/bad.yaml');
  const bad = 'id: bad\ntitle: 写错的项目\ncategory: 生活服务\ngroups: [退伍军人]\nregion: city\nsummary: 对象写错了。\nvalid_untill: 2025-12-31\n';
  const ds = await server.check(file, bad);
  if (process.env.DEBUG) console.log(shown(ds));
  const lines = ds.map((d) => d.range.start.line + 1).sort();
  assert.deepEqual(lines, [4, 7], shown(ds));
  writeFileSync(file, bad);
  const checked = spawnSync(youdai, ['check', '--root', site], { encoding: 'utf8', env: { ...process.env, YOUDAI_LANG: 'en' } });
  assert.equal(checked.status, 1);
  assert.match(checked.stderr, /content\/benefits\/bad\.yaml:4:\d+: error: /);
  assert.match(checked.stderr, /content\/benefits\/bad\.yaml:7:1: error: /);
  rmSync(file);
});

test('every YAML file of the demo site validates', async () => {
  let count = 0;
  for (const folder of ['benefits', 'partners']) {
    const at = path.join(repo, 'content', folder);
    const names = readdirSync(at, { recursive: true }).filter((n) => n.endsWith('.yaml'));
    for (const name of names) {
      const text = readFileSync(path.join(at, name), 'utf8');
      const ds = await server.check(path.join(tmp, 'demo', folder, name), text);
      assert.equal(shown(ds), '', `content/${folder}/${name}`);
      count += 1;
    }
  }
  const site_ = readFileSync(path.join(repo, 'content/site.yaml'), 'utf8');
  assert.equal(shown(await server.check(path.join(tmp, 'demo/site.yaml'), site_)), '');
  assert.ok(count >= 5, `${count} files`);
});
