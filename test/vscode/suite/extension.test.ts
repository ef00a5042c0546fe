/**
 * Runs inside a real VS Code extension host (code-server's, or Electron's under @vscode/test-electron):
 * the extension activates, contributes its views and commands, beats the heartbeat that makes hooks wait,
 * reads the store the test set (TASK_ORCHESTRATOR_HOME), sees a request a real hook process queued, and
 * its approve command / decide API let that hook through or refuse it, recorded as human:vscode.
 *
 * Environment (set by host.mjs or run-electron.mjs): TASK_ORCHESTRATOR_HOME, TO_VSCODE_HOOK and
 * TO_VSCODE_CLI (the built plugin/dist/hook.cjs and cli.mjs), TO_VSCODE_WORKSPACE (the folder opened).
 */
import { spawn, spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { waitFor } from '../../helpers/wait-for.js';

const EXTENSION_ID = 'task-orchestrator.task-orchestrator';
const VIEWS = ['taskOrchestrator.inbox', 'taskOrchestrator.dashboard', 'taskOrchestrator.cost'];

interface Api {
  stateDir(): string;
  inbox(): Promise<{ pending: Array<{ id: string; summary: string; rule: string; tool: string; project: string; session: string; alwaysPattern: string }>; history: Array<{ id: string; status: string; decidedBy: string | null; summary: string }>; notices: string[] }>;
  refresh(): Promise<void>;
  decide(id: string, action: { kind: 'approve' } | { kind: 'deny'; reason: string } | { kind: 'approveAlways'; pattern: string }): Promise<{ ok: boolean; message: string }>;
}

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this suite through test/vscode/host.mjs or run-electron.mjs`);
  return v;
}


// Under Electron process.execPath is the Electron binary: ELECTRON_RUN_AS_NODE makes it plain Node.
const nodeEnv = (): NodeJS.ProcessEnv => ({ ...process.env, ELECTRON_RUN_AS_NODE: '1' });

function cli(args: string[]): unknown {
  const r = spawnSync(process.execPath, [need('TO_VSCODE_CLI'), ...args], { encoding: 'utf8', env: nodeEnv(), cwd: need('TO_VSCODE_WORKSPACE'), timeout: 30_000 });
  assert.equal(r.status, 0, `task-orchestrator ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

interface HookAnswer {
  status: number | null;
  decision: string | null;
  reason: string;
}

/** The built PreToolUse hook as Claude Code runs it, for a Bash `command` in the workspace folder. */
function hook(command: string): Promise<HookAnswer> {
  const cwd = need('TO_VSCODE_WORKSPACE');
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [need('TO_VSCODE_HOOK'), 'PreToolUse'], { cwd, env: nodeEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', fail);
    child.on('close', (status) => {
      clearTimeout(timer);
      const text = out.trim();
      if (!text) return done({ status, decision: null, reason: '' });
      const o = JSON.parse(text) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
      done({ status, decision: o.hookSpecificOutput.permissionDecision, reason: o.hookSpecificOutput.permissionDecisionReason });
    });
    child.stdin.end(JSON.stringify({
      session_id: 'vscode-host-session', transcript_path: '/dev/null', cwd, permission_mode: 'default',
      hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: `toolu_host_${Date.now()}`,
    }));
  });
}

type Item = { id: string; status: string; decided_by: string | null; decision_reason?: string | null; summary: string };
const items = (): Item[] => cli(['inbox', 'list', '--all', '--json']) as Item[];

suite('Task Orchestrator in a real VS Code extension host', () => {
  let api: Api;
  const state = need('TASK_ORCHESTRATOR_HOME');
  const workspace = need('TO_VSCODE_WORKSPACE');

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath wrong?)`);
    api = await ext.activate();
  });

  test('the extension activates and returns its API', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.equal(ext.isActive, true);
    for (const f of ['stateDir', 'inbox', 'refresh', 'decide'] as const) assert.equal(typeof api[f], 'function', `api.${f}`);
  });

  test('the three views and every contributed command are registered', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributes = ext.packageJSON.contributes as { views: Record<string, Array<{ id: string }>>; commands: Array<{ command: string }> };
    assert.deepEqual(contributes.views.taskOrchestrator?.map((v) => v.id), VIEWS);
    const all = new Set(await vscode.commands.getCommands(true));
    const declared = contributes.commands.map((c) => c.command);
    assert.ok(declared.length >= 6, `only ${declared.length} commands declared`);
    for (const c of declared) assert.ok(all.has(c), `command ${c} is declared but not registered`);
    // VS Code registers `<view id>.focus` only for views that exist in the workbench.
    for (const v of VIEWS) assert.ok(all.has(`${v}.focus`), `view ${v} is not in the workbench`);
    await vscode.commands.executeCommand('taskOrchestrator.openInbox');
  });

  test('it reads the state directory the test set', () => {
    assert.equal(realpathSync(api.stateDir()), realpathSync(state));
  });

  test('its heartbeat makes it a live decision surface for the hooks', async () => {
    // Heartbeat files are named <surface>-<pid>; the extension host's pid is this process's.
    await waitFor('the vscode heartbeat', () => (cli(['status', '--json']) as { liveSurfaces: string[] }).liveSurfaces.includes(`vscode-${process.pid}`));
  });

  test('the state service shows the seeded store: a request nobody answered is in the history', async () => {
    // host.mjs ran one `npm publish` hook before VS Code started: no surface was live, so it expired.
    const seeded = items().find((i) => i.decided_by === 'no-surface');
    assert.ok(seeded, 'the runner did not seed an expired request');
    const s = await api.inbox();
    assert.deepEqual(s.notices, []);
    const h = s.history.find((x) => x.id === seeded.id);
    assert.ok(h, `history lacks ${seeded.id}: ${JSON.stringify(s.history)}`);
    assert.equal(h.status, 'expired');
    assert.equal(h.decidedBy, 'no-surface');
    assert.equal(h.summary, 'npm publish');
  });

  test('a request queued by a real hook appears; the approve command lets that hook through', async () => {
    const answer = hook('npm publish --tag next');
    const item = await waitFor('the pending request in the state service', async () => (await api.inbox()).pending.find((p) => p.summary === 'npm publish --tag next'));
    assert.equal(item.tool, 'Bash');
    assert.equal(item.rule, 'publish.package');
    assert.equal(realpathSync(item.project), realpathSync(workspace));
    assert.equal(item.session, 'vscode-host-session');
    assert.equal(item.alwaysPattern, 'npm publish --tag next');
    await vscode.commands.executeCommand('taskOrchestrator.approveSelected', item.id);
    const a = await answer;
    assert.equal(a.status, 0);
    assert.equal(a.decision, 'allow');
    assert.match(a.reason, /^\[inbox\] approved by human:vscode/);
    const stored = items().find((i) => i.id === item.id);
    assert.equal(stored?.status, 'approved');
    assert.equal(stored?.decided_by, 'human:vscode');
    assert.equal((await api.inbox()).pending.some((p) => p.id === item.id), false);
  });

  test('deny with a reason refuses the waiting hook, and Claude reads the reason', async () => {
    const answer = hook('npm publish --access public');
    const item = await waitFor('the second pending request', async () => (await api.inbox()).pending.find((p) => p.summary === 'npm publish --access public'));
    const r = await api.decide(item.id, { kind: 'deny', reason: 'use the staging registry' });
    assert.equal(r.ok, true, r.message);
    const a = await answer;
    assert.equal(a.decision, 'deny');
    assert.equal(a.reason, '[inbox] denied by human:vscode: use the staging registry');
    assert.equal(items().find((i) => i.id === item.id)?.decided_by, 'human:vscode');
  });

  test('deciding an item twice or an unknown id is a clear refusal, not a crash', async () => {
    const decided = items().find((i) => i.status === 'approved')!;
    const again = await api.decide(decided.id, { kind: 'deny', reason: 'too late' });
    assert.equal(again.ok, false);
    assert.ok(again.message.length > 0);
    const unknown = await api.decide('0000000000000000', { kind: 'approve' });
    assert.equal(unknown.ok, false);
    assert.match(unknown.message, /\S/);
    assert.equal(items().find((i) => i.id === decided.id)?.status, 'approved');
  });
});
