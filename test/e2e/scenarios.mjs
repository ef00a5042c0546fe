// The end-to-end scenarios: each runs the real Claude Code CLI (per version) with our plugin loaded,
// a scripted mock model, and a scratch HOME + project, then checks what really happened on disk.
import fs from 'node:fs';
import path from 'node:path';
import { FAKE_SECRET } from './lib/sandbox.mjs';
import { checkSessionHealthy, expectAsked, expectDenied, expectRan, session } from './lib/session.mjs';
import { installFromDirectory, installFromGit, validate } from './lib/marketplace.mjs';
import { inboxScenarios } from './scenarios-inbox.mjs';
import { immuneScenarios } from './scenarios-immune.mjs';
import { mcpScenarios } from './scenarios-mcp.mjs';

const bash = (command) => ({ tool: 'Bash', input: { command, description: 'scripted by the e2e mock' } });
const MCP_FIXTURE = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'mcp-server.mjs');

/** Register the fixture MCP server as "fixture" (tools mcp__fixture__*), logging calls to a file. */
function mcpArgs(ctx) {
  const calls = path.join(ctx.sb.root, 'mcp-calls.jsonl');
  const config = path.join(ctx.sb.root, 'mcp.json');
  fs.writeFileSync(config, JSON.stringify({ mcpServers: { fixture: {
    type: 'stdio', command: process.execPath, args: [MCP_FIXTURE], env: { E2E_MCP_CALLS: calls } } } }));
  const recorded = () => (fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).name) : []);
  return { extraArgs: ['--mcp-config', config, '--strict-mcp-config'], recorded };
}

/** @type {{ name: string, title: string, run: (ctx: any, t: any) => Promise<void> }[]} */
export const scenarios = [
  {
    name: 'validate',
    title: '`claude plugin validate` accepts the plugin and the marketplace',
    async run(ctx, t) {
      for (const [what, dir] of [['plugin', ctx.pluginDir], ['marketplace', ctx.marketplaceRoot]]) {
        const v = await validate(ctx, dir);
        t.check(`validate ${what} ${dir} passes`, v.code === 0 && /Validation passed/.test(v.stdout + v.stderr),
          `exit ${v.code}: ${(v.stdout + v.stderr).slice(-600)}`);
        for (const w of v.notes) t.info(`${what}: ${w}`);
      }
    },
  },
  {
    name: 'deny-beats-bypass',
    title: 'deleting HOME or its contents is denied even in bypassPermissions; the files survive',
    async run(ctx, t) {
      const docs = path.join(ctx.sb.home, 'Documents', 'notes.txt');
      fs.mkdirSync(path.dirname(docs));
      fs.writeFileSync(docs, 'precious\n');
      const turns = [bash('rm -rf "$HOME"'), bash('rm -rf ~'), bash('rm -rf ~/Documents'), bash("find ~ -name '*.txt' -delete")];
      const r = await session(ctx, { mode: 'bypassPermissions', turns });
      checkSessionHealthy(t, r);
      // Claude Code itself refuses `rm -rf` of HOME, /, or the working directory and its parents, even in
      // bypass ("Dangerous rm operation detected"); ~/Documents and find -delete it runs, so those two calls
      // are the ones that prove our deny on disk.
      expectDenied(t, r, 0, 'rm -rf "$HOME"');
      expectDenied(t, r, 1, 'rm -rf ~');
      expectDenied(t, r, 2, 'rm -rf ~/Documents');
      expectDenied(t, r, 3, "find ~ -name '*.txt' -delete");
      t.check('~/Documents/notes.txt still exists', fs.existsSync(docs), '', { classifier: true });
      t.check('~/keep-me.txt still exists', fs.existsSync(path.join(ctx.sb.home, 'keep-me.txt')), '', { classifier: true });
    },
  },
  {
    name: 'no-opinion-runs',
    title: 'harmless commands run: in bypassPermissions and in default mode',
    async run(ctx, t) {
      const marker = path.join(ctx.sb.project, 'marker.txt');
      const r = await session(ctx, { mode: 'bypassPermissions', turns: [bash('echo e2e-ok > marker.txt'), bash('ls')] });
      checkSessionHealthy(t, r);
      expectRan(t, r, 0, 'bypass: echo e2e-ok > marker.txt');
      t.check('marker.txt was written by the command', fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === 'e2e-ok');
      expectRan(t, r, 1, 'bypass: ls', 'marker.txt');
      const d = await session(ctx, { mode: 'default', turns: [bash('ls'), bash('echo hi')] });
      checkSessionHealthy(t, d);
      expectRan(t, d, 0, 'default: ls', 'README.md');
      expectRan(t, d, 1, 'default: echo hi', 'hi');
    },
  },
  {
    name: 'ask-not-run-in-print',
    title: 'ask-level commands are not executed by `claude -p` (default mode and bypass)',
    async run(ctx, t) {
      const appJs = path.join(ctx.sb.project, 'app.js');
      fs.appendFileSync(appJs, '// uncommitted change\n');
      // Shims record any real npm/kubectl invocation; the hook itself only needs `node`.
      const shimDir = path.join(ctx.sb.root, 'shims');
      const shimLog = path.join(ctx.sb.root, 'shim-calls.log');
      fs.mkdirSync(shimDir);
      for (const tool of ['npm', 'kubectl']) {
        fs.writeFileSync(path.join(shimDir, tool), `#!/bin/sh\necho "${tool} $*" >> "${shimLog}"\n`, { mode: 0o755 });
      }
      const env = { PATH: `${shimDir}:${process.env.PATH}` };
      const turns = [bash('git reset --hard'), bash('npm publish'), bash('kubectl delete pod x')];
      const r = await session(ctx, { mode: 'default', turns, env });
      checkSessionHealthy(t, r);
      ['git reset --hard', 'npm publish', 'kubectl delete pod x'].forEach((c, i) => expectAsked(t, r, i, `default: ${c}`));
      const b = await session(ctx, { mode: 'bypassPermissions', turns: [bash('git reset --hard')], env });
      checkSessionHealthy(t, b);
      expectAsked(t, b, 0, 'bypass: git reset --hard');
      t.check('the uncommitted change to app.js survived', fs.readFileSync(appJs, 'utf8').includes('// uncommitted change'), '', { classifier: true });
      const shimCalls = fs.existsSync(shimLog) ? fs.readFileSync(shimLog, 'utf8').trim() : '';
      t.check('npm publish / kubectl delete never ran', shimCalls === '', shimCalls, { classifier: true });
    },
  },
  {
    name: 'secrets-blocked',
    title: 'reading .env (Read tool, cat) is denied even in bypass; the secret never reaches the model',
    async run(ctx, t) {
      const turns = [{ tool: 'Read', input: { file_path: path.join(ctx.sb.project, '.env') } }, bash('cat .env')];
      const r = await session(ctx, { mode: 'bypassPermissions', turns });
      checkSessionHealthy(t, r);
      expectDenied(t, r, 0, 'Read .env');
      expectDenied(t, r, 1, 'cat .env');
      t.check('the mock received requests carrying the tool results', r.mock.mainRequests().length >= 2,
        `main requests=${r.mock.mainRequests().length}`);
      t.check('the secret is in no request the model API received', !r.mock.allBodiesText().includes(FAKE_SECRET), '', { classifier: true });
      t.check('the secret is nowhere in the stream-json output', !r.stdout.includes(FAKE_SECRET), '', { classifier: true });
    },
  },
  {
    name: 'mcp-tools',
    title: 'MCP tools: send_email/delete_records ask, DROP DATABASE denied, a harmless tool runs',
    async run(ctx, t) {
      const mcp = mcpArgs(ctx);
      const call = (tool, input) => ({ tool: `mcp__fixture__${tool}`, input });
      const d = await session(ctx, { mode: 'default', extraArgs: mcp.extraArgs, turns: [
        call('send_email', { to: 'ceo@example.com', subject: 'Q3', body: 'numbers attached' }),
        call('delete_records', { table: 'customers', where: 'created < 2020' }),
      ] });
      t.check('the fixture MCP server connected', d.init?.mcp_servers?.some((s) => s.name === 'fixture' && s.status === 'connected'),
        JSON.stringify(d.init?.mcp_servers));
      checkSessionHealthy(t, d);
      expectAsked(t, d, 0, 'default: mcp__fixture__send_email');
      expectAsked(t, d, 1, 'default: mcp__fixture__delete_records');
      const b = await session(ctx, { mode: 'bypassPermissions', extraArgs: mcp.extraArgs, turns: [
        call('echo', { text: 'ping' }),
        call('run_sql', { query: 'DROP DATABASE prod;' }),
        call('send_email', { to: 'all@example.com', subject: 'hi' }),
      ] });
      checkSessionHealthy(t, b);
      expectRan(t, b, 0, 'bypass: mcp__fixture__echo (control)', 'echo: ping');
      expectDenied(t, b, 1, 'bypass: run_sql DROP DATABASE prod');
      expectAsked(t, b, 2, 'bypass: mcp__fixture__send_email');
      const calls = mcp.recorded();
      t.check('the MCP server saw exactly the echo call (no send_email, delete_records, run_sql)',
        calls.length === 1 && calls[0] === 'echo', JSON.stringify(calls), { classifier: true });
    },
  },
  {
    name: 'marketplace-dir',
    title: 'installed via `plugin marketplace add <repo dir>` + `plugin install`: the hook fires without --plugin-dir',
    async run(ctx, t) {
      const inst = await installFromDirectory(ctx, t);
      if (!inst.ok) return;
      const r = await session(ctx, { mode: 'bypassPermissions', pluginDir: null, turns: [bash('rm -rf "$HOME"')] });
      const loaded = r.init?.plugins?.find((p) => p.source === `${ctx.pluginName}@${ctx.marketplaceName}`);
      t.check('init lists the plugin from the marketplace', loaded != null, JSON.stringify(r.init?.plugins));
      t.info(`plugin loaded from ${loaded?.path} (a directory marketplace is read in place, not from the cache copy)`);
      checkSessionHealthy(t, r);
      expectDenied(t, r, 0, 'rm -rf "$HOME"');
      t.check('HOME survived', fs.existsSync(path.join(ctx.sb.home, 'keep-me.txt')), '', { classifier: true });
    },
  },
  {
    name: 'marketplace-git',
    title: 'installed from a git marketplace (cloned over HTTP): the hook runs from ~/.claude/plugins/cache',
    async run(ctx, t) {
      const inst = await installFromGit(ctx, t);
      if (!inst.ok) return;
      const r = await session(ctx, { mode: 'bypassPermissions', pluginDir: null, turns: [bash('rm -rf "$HOME"')] });
      const loaded = r.init?.plugins?.find((p) => p.source === `${ctx.pluginName}@${ctx.marketplaceName}`);
      const cache = path.join(ctx.sb.home, '.claude', 'plugins', 'cache');
      t.check('the plugin is loaded from the installed copy under ~/.claude/plugins/cache',
        typeof loaded?.path === 'string' && loaded.path.startsWith(cache + path.sep), JSON.stringify(loaded ?? r.init?.plugins));
      checkSessionHealthy(t, r);
      expectDenied(t, r, 0, 'rm -rf "$HOME" (installed copy)');
      t.check('HOME survived', fs.existsSync(path.join(ctx.sb.home, 'keep-me.txt')), '', { classifier: true });
    },
  },
  ...inboxScenarios,
  ...immuneScenarios,
  ...mcpScenarios,
];
