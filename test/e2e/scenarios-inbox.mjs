// The approval inbox end to end: the real Claude Code CLI asks for an approval-level command, our hook
// waits in the inbox while a decision surface is live (`task-orchestrator inbox watch`), and a separate
// process — standing in for the human — decides through the CLI. What Claude Code then does is checked
// on disk (a shim records whether the command really ran) and in what the model was told.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkSessionHealthy, expectAsked, resultFor, session } from './lib/session.mjs';

const bash = (command) => ({ tool: 'Bash', input: { command, description: 'scripted by the e2e mock' } });

/** The inbox world of one scenario: the CLI, a live surface, a shim that records real `npm` runs. */
function inboxWorld(ctx) {
  const cli = path.join(ctx.pluginDir, 'dist', 'cli.mjs');
  const stateDir = path.join(ctx.sb.home, '.task-orchestrator');
  const env = { ...process.env, HOME: ctx.sb.home, TASK_ORCHESTRATOR_HOME: stateDir };
  delete env.CLAUDECODE;
  const shimDir = path.join(ctx.sb.root, 'shims');
  const shimLog = path.join(ctx.sb.root, 'npm-calls.log');
  fs.mkdirSync(shimDir, { recursive: true });
  fs.writeFileSync(path.join(shimDir, 'npm'), `#!/bin/sh\necho "npm $*" >> "${shimLog}"\necho "published"\n`, { mode: 0o755 });
  const runCli = (...args) => spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8', timeout: 30_000 });
  const items = (all = true) => {
    const r = runCli('inbox', 'list', '--json', ...(all ? ['--all'] : []));
    try { return JSON.parse(r.stdout); } catch { return []; }
  };
  return {
    cli, stateDir, env, runCli, items,
    claudeEnv: { PATH: `${shimDir}:${process.env.PATH}`, TASK_ORCHESTRATOR_HOME: stateDir },
    npmCalls: () => (fs.existsSync(shimLog) ? fs.readFileSync(shimLog, 'utf8').trim().split('\n').filter(Boolean) : []),
    writePolicy: (policy) => {
      fs.mkdirSync(stateDir, { recursive: true });
      fs.writeFileSync(path.join(stateDir, 'policy.json'), JSON.stringify({ version: 1, ...policy }));
    },
    /** `inbox watch` with a non-TTY stdin: a real decision surface (it keeps the heartbeat fresh). */
    startSurface: () => {
      const child = spawn(process.execPath, [cli, 'inbox', 'watch'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
      return { stop: () => { try { child.kill('SIGTERM'); } catch { /* gone */ } } };
    },
    /** The human: waits (bounded) for a pending item whose summary matches, then runs `decide` on it. */
    human: (match, decide) => {
      let stopped = false;
      const done = (async () => {
        const until = Date.now() + 60_000;
        while (!stopped && Date.now() < until) {
          const pending = items(false).find((i) => i.status === 'pending' && match.test(i.summary));
          if (pending) return decide(pending.id);
          await new Promise((r) => setTimeout(r, 200));
        }
        return null;
      })();
      return { done, stop: () => { stopped = true; } };
    },
  };
}

/** The hook's answer for the n-th tool call. */
const hookAnswer = (r, n) => r.preToolUse[n] ?? {};

export const inboxScenarios = [
  {
    name: 'inbox-approve',
    title: 'a live inbox holds an ask-level command; a human approves it through the CLI; Claude Code runs it',
    async run(ctx, t) {
      const w = inboxWorld(ctx);
      const surface = w.startSurface();
      const human = w.human(/npm publish/, (id) => w.runCli('inbox', 'approve', id, '--reason', 'release 1.2 signed off'));
      try {
        const r = await session(ctx, { mode: 'default', turns: [bash('npm publish')], env: w.claudeEnv });
        const decided = await human.done;
        checkSessionHealthy(t, r);
        t.check('the human found the pending item and `inbox approve` exited 0', decided?.status === 0, `${decided?.stdout ?? ''}${decided?.stderr ?? ''}`);
        const h = hookAnswer(r, 0);
        t.check('the hook answered allow with the human\'s reason', h.decision === 'allow' && /release 1\.2 signed off/.test(h.reason ?? ''), JSON.stringify(h));
        t.check('npm publish really ran (the shim recorded it)', w.npmCalls().some((c) => /publish/.test(c)), JSON.stringify(w.npmCalls()));
        const item = w.items().find((i) => /npm publish/.test(i.summary));
        t.check('the inbox item is approved, decided by a human through the CLI', item?.status === 'approved' && /human:cli/.test(item?.decided_by ?? ''), JSON.stringify(item));
      } finally {
        human.stop();
        surface.stop();
      }
    },
  },
  {
    name: 'inbox-deny',
    title: 'a human denies with a reason: Claude Code does not run the command and the model sees the reason',
    async run(ctx, t) {
      const w = inboxWorld(ctx);
      const surface = w.startSurface();
      const human = w.human(/npm publish/, (id) => w.runCli('inbox', 'deny', id, '--reason', 'not before the changelog is done'));
      try {
        const r = await session(ctx, { mode: 'bypassPermissions', turns: [bash('npm publish')], env: w.claudeEnv });
        const decided = await human.done;
        checkSessionHealthy(t, r);
        t.check('`inbox deny` exited 0', decided?.status === 0, `${decided?.stdout ?? ''}${decided?.stderr ?? ''}`);
        const h = hookAnswer(r, 0);
        t.check('the hook answered deny with the human\'s reason', h.decision === 'deny' && /changelog/.test(h.reason ?? ''), JSON.stringify(h));
        const res = resultFor(r, 0);
        t.check('the model got the reason in the tool result', res?.is_error === true && /changelog/.test(res.text), JSON.stringify(res));
        t.check('npm publish never ran', w.npmCalls().length === 0, JSON.stringify(w.npmCalls()));
      } finally {
        human.stop();
        surface.stop();
      }
    },
  },
  {
    name: 'inbox-always',
    title: '"approve always" creates a project rule: the same command later runs with no new inbox item',
    async run(ctx, t) {
      const w = inboxWorld(ctx);
      const surface = w.startSurface();
      const human = w.human(/npm publish/, (id) => w.runCli('inbox', 'approve', id, '--always'));
      try {
        const r = await session(ctx, { mode: 'default', turns: [bash('npm publish'), bash('npm publish')], env: w.claudeEnv });
        await human.done;
        checkSessionHealthy(t, r);
        t.check('first call: allowed by the human', hookAnswer(r, 0).decision === 'allow', JSON.stringify(hookAnswer(r, 0)));
        t.check('second call: allowed at once by the always-rule', hookAnswer(r, 1).decision === 'allow' && /rule/i.test(hookAnswer(r, 1).reason ?? ''), JSON.stringify(hookAnswer(r, 1)));
        const items = w.items().filter((i) => /npm publish/.test(i.summary));
        t.check('exactly one inbox item was ever created (the second call created none)', items.length === 1 && items[0].decided_by === 'human:cli', JSON.stringify(items));
        const audit = w.runCli('audit', '--json', '--kind', 'decision');
        let rows = [];
        try { rows = JSON.parse(audit.stdout); } catch { /* checked below */ }
        t.check('the audit log says the always-rule decided the second call', rows.some((a) => a.decision === 'allow' && /^rule:[0-9a-f]+$/.test(a.decided_by ?? '')), audit.stdout.slice(0, 2000));
        t.check('npm publish ran twice', w.npmCalls().filter((c) => /publish/.test(c)).length === 2, JSON.stringify(w.npmCalls()));
      } finally {
        human.stop();
        surface.stop();
      }
    },
  },
  {
    name: 'inbox-timeout',
    title: 'nobody answers: after approvalWaitSeconds the hook falls back to Claude Code\'s own ask; the item expires',
    async run(ctx, t) {
      const w = inboxWorld(ctx);
      w.writePolicy({ approvalWaitSeconds: 2 });
      const surface = w.startSurface();
      try {
        const started = Date.now();
        const r = await session(ctx, { mode: 'default', turns: [bash('npm publish')], env: w.claudeEnv });
        checkSessionHealthy(t, r);
        expectAsked(t, r, 0, 'npm publish after the wait');
        t.check('the hook waited about 2 s (not the default 45 s)', Date.now() - started < 40_000, `${Date.now() - started} ms`);
        t.check('npm publish never ran', w.npmCalls().length === 0, JSON.stringify(w.npmCalls()));
        const item = w.items().find((i) => /npm publish/.test(i.summary));
        t.check('the item is marked expired (decided by timeout), not deleted', item?.status === 'expired' && /timeout/.test(item?.decided_by ?? ''), JSON.stringify(item));
      } finally {
        surface.stop();
      }
    },
  },
  {
    name: 'inbox-self-approval',
    title: 'the agent cannot approve its own request: the CLI\'s deciding commands and the state files are refused',
    async run(ctx, t) {
      const w = inboxWorld(ctx);
      const turns = [
        bash(`node ${w.cli} inbox approve abc123`),
        bash('task-orchestrator inbox deny abc123 --reason x'),
        bash(`echo '{"approvalId":"abc123","status":"approved"}' > ${path.join(w.stateDir, 'inbox', 'decisions', 'abc123.json')}`),
        { tool: 'Write', input: { file_path: path.join(w.stateDir, 'rules.json'), content: '[]' } },
      ];
      const r = await session(ctx, { mode: 'bypassPermissions', turns, env: w.claudeEnv });
      checkSessionHealthy(t, r);
      turns.forEach((_, n) => t.check(`attempt ${n + 1}: hook says deny`, hookAnswer(r, n).decision === 'deny', JSON.stringify(hookAnswer(r, n))));
      t.check('no decision file was written', !fs.existsSync(path.join(w.stateDir, 'inbox', 'decisions', 'abc123.json')));
    },
  },
];
