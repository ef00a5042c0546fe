// The approval inbox end to end on the built plugin: the PreToolUse hook (plugin/dist/hook.cjs) waits in
// the inbox while a surface is live, and a separate CLI process (plugin/dist/cli.mjs) decides.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { HOOK_TIMEOUT_S } from '../../hooks/deadline.js';
import { appendJournal, journalBytes, listJournal, newId } from '../../server/engine/store/journal.js';
import { ASK_COMMAND, ensureBuilt, ROOT, Sandbox, sleep } from './inbox-helpers.js';

beforeAll(ensureBuilt);
let box: Sandbox;
afterEach(() => box?.dispose());
const fresh = () => (box = new Sandbox());

describe('no decision surface', () => {
  test('an ask falls back to Claude Code\'s own prompt at once and leaves an expired item', async () => {
    fresh();
    const started = Date.now();
    const a = await box.hook(ASK_COMMAND);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(a.status).toBe(0);
    expect(a.decision).toBe('ask');
    expect(a.reason).toMatch(/^\[publish\.package\] .*no human answered in the Task Orchestrator inbox/);
    const items = box.items();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'expired', tool_name: 'Bash', summary: 'npm publish', rule: 'publish.package', decided_by: 'no-surface' });
    expect(box.items(false)).toEqual([]);
  });

  test('approvalFallback "deny" refuses instead', async () => {
    fresh();
    box.policy({ approvalFallback: 'deny' });
    const a = await box.hook(ASK_COMMAND);
    expect(a.decision).toBe('deny');
    expect(a.reason).toContain('no human answered in the Task Orchestrator inbox');
  });

  test('allow, deny and no-opinion decisions are answered as before and audited', async () => {
    fresh();
    expect((await box.hook('ls -la')).decision).toBe('allow');
    expect((await box.hook('rm -rf ~')).decision).toBe('deny');
    expect((await box.hook('echo hi > out.txt')).decision).toBeNull();
    const rows = JSON.parse(box.cli(['audit', '--json', '--kind', 'decision']).stdout) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.decision).sort()).toEqual(['allow', 'deny', 'none']);
    expect(rows.find((r) => r.decision === 'deny')).toMatchObject({ rule: 'fs.rm.critical', decided_by: 'rule:fs.rm.critical', session: 'test-session', project: box.project });
    expect(rows.find((r) => r.decision === 'none')).toMatchObject({ decided_by: null });
    expect(box.items()).toEqual([]);
  });
});

describe('with a live decision surface', () => {
  test('the hook waits; `inbox approve` from another process lets it through with the reason', async () => {
    fresh();
    box.startSurface();
    const answer = box.hook(ASK_COMMAND);
    const id = await box.pendingId();
    const item = box.items(false)[0]!;
    expect(item).toMatchObject({ status: 'pending', tool_name: 'Bash', summary: 'npm publish', rule: 'publish.package', project: box.project, session: 'test-session', decided_by: null });
    const started = Date.now();
    const r = box.cli(['inbox', 'approve', id, '--reason', 'release day']);
    expect(r.status, r.stderr).toBe(0);
    const a = await answer;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(a).toMatchObject({ status: 0, decision: 'allow', reason: '[inbox] approved by human:cli: release day' });
    expect(box.items()[0]).toMatchObject({ id, status: 'approved', decided_by: 'human:cli', decision_reason: 'release day' });
  });

  test('`inbox deny --reason` refuses the call, and Claude sees the reason', async () => {
    fresh();
    box.startSurface();
    const answer = box.hook(ASK_COMMAND);
    const id = await box.pendingId();
    expect(box.cli(['inbox', 'deny', id, '--reason', 'not from this branch']).status).toBe(0);
    expect(await answer).toMatchObject({ decision: 'deny', reason: '[inbox] denied by human:cli: not from this branch' });
  });

  test('approve --always: the next identical call is allowed at once and leaves no pending item', async () => {
    fresh();
    box.startSurface();
    const first = box.hook(ASK_COMMAND);
    const id = await box.pendingId();
    const r = box.cli(['inbox', 'approve', id, '--always']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Always-rule \w+: Bash \[publish\.package\] .* matching "npm publish"/);
    expect((await first).decision).toBe('allow');

    const started = Date.now();
    const second = await box.hook(ASK_COMMAND);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(second.decision).toBe('allow');
    expect(second.reason).toMatch(/^\[inbox\] approved by always-rule \w+: npm publish$/);
    // No inbox item for the second call (nothing for a human to do); the audit log names the rule.
    expect(box.items(false)).toEqual([]);
    const history = box.items();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ id, status: 'approved', decided_by: 'human:cli' });
    const audit = box.cli(['audit', '--json', '--kind', 'decision']);
    expect(audit.status, audit.stderr).toBe(0);
    const rows = JSON.parse(audit.stdout) as Array<Record<string, unknown>>;
    expect(rows.filter((a) => /^rule:\w+$/.test(String(a.decided_by)) && a.decision === 'allow')).toHaveLength(1);
    // A different command under the same rule still asks.
    box.stopSurface();
    expect((await box.hook('npm publish --tag next')).decision).toBe('ask');
  });

  test('approve --always --pattern widens the rule to matching commands', async () => {
    fresh();
    box.startSurface();
    const first = box.hook(ASK_COMMAND);
    const id = await box.pendingId();
    expect(box.cli(['inbox', 'approve', id, '--always', '--pattern', 'npm publish*']).status).toBe(0);
    await first;
    expect((await box.hook('npm publish --tag next')).decision).toBe('allow');
  });

  test('approvalWaitSeconds: 1 → the wait ends, the fallback answers (ask), the item is expired by timeout', async () => {
    fresh();
    box.policy({ approvalWaitSeconds: 1 });
    box.startSurface();
    const started = Date.now();
    const a = await box.hook(ASK_COMMAND);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(1000);
    expect(took).toBeLessThan(6000);
    expect(a.decision).toBe('ask');
    expect(a.reason).toContain('no human answered in the Task Orchestrator inbox before the wait ended');
    expect(box.items()[0]).toMatchObject({ status: 'expired', decided_by: 'timeout' });
    const id = box.items()[0]!.id as string;
    const late = box.cli(['inbox', 'approve', id]);
    expect(late.status).not.toBe(0);
    expect(late.stderr).toMatch(/already expired|expired/);
  });

  test('approvalWaitSeconds: 1 with approvalFallback "deny" → deny', async () => {
    fresh();
    box.policy({ approvalWaitSeconds: 1, approvalFallback: 'deny' });
    box.startSurface();
    const a = await box.hook(ASK_COMMAND);
    expect(a.decision).toBe('deny');
    expect(a.reason).toMatch(/^\[publish\.package\] .*no human answered/);
  });

  test('a surface that goes away ends the wait early (no-surface)', async () => {
    fresh();
    box.startSurface();
    const answer = box.hook(ASK_COMMAND);
    await box.pendingId();
    box.stopSurface();
    const started = Date.now();
    const a = await answer;
    expect(Date.now() - started).toBeLessThan(4000);
    expect(a.decision).toBe('ask');
    expect(box.items()[0]).toMatchObject({ status: 'expired', decided_by: 'no-surface' });
  });
});

describe('plumbing', () => {
  test('hooks.json gives the hook 120 s, which covers the longest wait plus the watchdog margin', () => {
    const hooks = JSON.parse(readFileSync(join(ROOT, 'plugin/hooks/hooks.json'), 'utf8')) as { hooks: { PreToolUse: Array<{ hooks: Array<{ timeout: number }> }> } };
    expect(hooks.hooks.PreToolUse[0]!.hooks[0]!.timeout).toBe(HOOK_TIMEOUT_S);
  });

  test('a journal backlog over 256 KiB makes a hook start a background `store fold`', async () => {
    fresh();
    const paths = box.paths;
    const padding = 'x'.repeat(1000);
    for (let i = 0; i < 300; i++) {
      appendJournal(paths, { type: 'audit', id: newId(), ts: Date.now(), session: 's', project: box.project, cwd: box.project, tool: 'Bash', decision: 'none', category: null, rule: null, reason: 'r', summary: `echo ${i} ${padding}`, decidedBy: null });
    }
    expect(journalBytes(paths)).toBeGreaterThan(256 * 1024);
    await box.hook('ls', { TASK_ORCHESTRATOR_FOLD_CHECK_EVERY: '1' });
    const end = Date.now() + 15_000;
    while (Date.now() < end && listJournal(paths).length > 0) await sleep(100);
    expect(listJournal(paths)).toEqual([]);
    const count = JSON.parse(box.cli(['audit', '--json', '--limit', '1000', '--tool', 'Bash']).stdout) as unknown[];
    expect(count.length).toBeGreaterThanOrEqual(301);
  });

  test('a project policy cannot change the wait (reported, ignored) but may make the fallback deny', async () => {
    fresh();
    mkdirSync(join(box.project, '.task-orchestrator'));
    writeFileSync(join(box.project, '.task-orchestrator/policy.json'), JSON.stringify({ approvalWaitSeconds: 0, approvalFallback: 'deny' }));
    const a = await box.hook(ASK_COMMAND);
    expect(a.decision).toBe('deny'); // "deny" is stricter: applied
    expect(a.stderr).toMatch(/approvalWaitSeconds: 0 ignored/);
  });
});
