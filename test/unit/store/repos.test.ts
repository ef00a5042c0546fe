// Typed access over an in-memory database: approvals and their decisions, always-rules, the audit log,
// the later issues' tables, and the migrations that create them.
import { beforeEach, describe, expect, test } from 'vitest';
import { observeFailure } from '../../../server/engine/immune/patterns.js';
import { immuneAlerts, immunePatterns } from '../../../server/engine/store/repos-immune.js';
import type { Db } from '../../../server/engine/store/db.js';
import { LATEST_SCHEMA, MIGRATIONS, migrate, schemaVersion } from '../../../server/engine/store/migrations.js';
import {
  ApprovalError, approvalRules, approvals, audit, breakers, budgets, costLedger, graderResults, type NewApproval,
  tasks, trials,
} from '../../../server/engine/store/repos.js';
import { migratedDb } from '../helpers/migrated-db.js';

const migrated = migratedDb();
let db: Db;
beforeEach(() => {
  db = migrated();
});

const NOW = 1_700_000_000_000;
const request = (over: Partial<NewApproval> = {}): NewApproval => ({
  tool_name: 'Bash', summary: 'git push origin main', input: '{"command":"git push origin main"}', rule: 'git.push', reason: 'publishes commits',
  project: '/p', session: 's1', created_at: NOW, expires_at: NOW + 45_000, ...over,
});

describe('migrations', () => {
  test('the migrations create every table and set user_version', () => {
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA);
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    const tables = db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((r) => r.name);
    expect(tables).toEqual([
      'alerts', 'approval_rules', 'approvals', 'audit_events', 'breakers', 'budgets', 'cost_ledger', 'failure_patterns', 'grader_results',
      'immune_warnings', 'journal_applied', 'meta', 'session_costs', 'tasks', 'trials',
    ]);
    expect(migrate(db)).toEqual([]); // nothing left to apply
  });

  test('the inbox and audit queries use indexes', () => {
    const plan = (sql: string) => db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).map((r) => r.detail).join(' | ');
    expect(plan("SELECT * FROM approvals WHERE status = 'pending' ORDER BY created_at DESC")).toMatch(/USING INDEX approvals_status_created/);
    expect(plan("SELECT * FROM audit_events WHERE session = 's' ORDER BY ts DESC")).toMatch(/USING INDEX audit_session_ts/);
    expect(plan('SELECT * FROM audit_events WHERE ts >= 5 ORDER BY ts DESC')).toMatch(/USING INDEX audit_ts/);
  });
});

describe('approvals', () => {
  test('create → pending, with secrets in the summary and input redacted', () => {
    const a = approvals.create(db, request({ summary: 'mysql -u root -phunter2 shop', input: '{"command":"mysql -u root -phunter2 shop"}' }));
    expect(a).toMatchObject({ status: 'pending', tool_name: 'Bash', decided_by: null, summary: 'mysql -u root -p«redacted:password» shop' });
    expect(a.input).not.toContain('hunter2');
    expect(approvals.list(db, { status: 'pending' }).map((x) => x.id)).toEqual([a.id]);
  });

  test('decide records who decided and why, and an audit row', () => {
    const a = approvals.create(db, request());
    const d = approvals.decide(db, a.id, { status: 'denied', reason: 'not on main', decidedBy: 'human:cli', now: NOW + 1000 });
    expect(d).toMatchObject({ status: 'denied', decided_by: 'human:cli', decision_reason: 'not on main', decided_at: NOW + 1000 });
    expect(audit.query(db, { kind: 'approval.decided' })).toMatchObject([{ approval_id: a.id, decision: 'deny', decided_by: 'human:cli' }]);
    expect(db.afterCommit).toEqual([{ kind: 'decision', approvalId: a.id, status: 'denied', reason: 'not on main', decidedBy: 'human:cli', decidedAt: NOW + 1000 }]);
  });

  test('deciding twice is refused', () => {
    const a = approvals.create(db, request());
    approvals.decide(db, a.id, { status: 'approved', reason: '', decidedBy: 'human:vscode', now: NOW });
    expect(() => approvals.decide(db, a.id, { status: 'denied', reason: '', decidedBy: 'human:cli', now: NOW })).toThrow(
      /approval \w+ is already approved \(by human:vscode at .*\); it cannot be decided again/,
    );
  });

  test('deciding an expired item is refused: marked expired, or past its expiry time', () => {
    const a = approvals.create(db, request());
    approvals.resolve(db, a.id, { status: 'expired', decidedBy: 'timeout', reason: '', ts: NOW + 45_000 });
    expect(() => approvals.decide(db, a.id, { status: 'approved', reason: '', decidedBy: 'human:cli', now: NOW })).toThrow(/already expired/);
    const b = approvals.create(db, request());
    const err = (() => {
      try {
        approvals.decide(db, b.id, { status: 'approved', reason: '', decidedBy: 'human:cli', now: NOW + 46_000 });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ApprovalError);
    expect(err).toMatchObject({ code: 'EXPIRED' });
  });

  test('an unknown id is refused', () => {
    expect(() => approvals.decide(db, 'nope', { status: 'approved', reason: '', decidedBy: 'human:cli' })).toThrow(/no approval with id nope/);
  });

  test('a hook resolution never overwrites a human decision', () => {
    const a = approvals.create(db, request());
    approvals.decide(db, a.id, { status: 'approved', reason: '', decidedBy: 'human:cli', now: NOW });
    approvals.resolve(db, a.id, { status: 'expired', decidedBy: 'timeout', reason: '', ts: NOW + 1 });
    expect(approvals.get(db, a.id)?.status).toBe('approved');
  });

  test('list filters by status and project, newest first', () => {
    const x = approvals.create(db, request({ created_at: NOW }));
    const y = approvals.create(db, request({ created_at: NOW + 1, project: '/q' }));
    approvals.decide(db, x.id, { status: 'approved', reason: '', decidedBy: 'human:cli', now: NOW });
    expect(approvals.list(db).map((i) => i.id)).toEqual([y.id, x.id]);
    expect(approvals.list(db, { project: '/q' }).map((i) => i.id)).toEqual([y.id]);
    expect(approvals.list(db, { status: 'approved' }).map((i) => i.id)).toEqual([x.id]);
    expect(approvals.list(db, { limit: 1 })).toHaveLength(1);
  });
});

describe('approval rules', () => {
  test('add is idempotent per project/tool/rule/pattern and queues a rules.json rewrite', () => {
    const r = { project: '/p', tool: 'Bash', rule: 'git.push', pattern: 'git push origin feature/*', createdBy: 'human:cli', sourceApproval: 'a1' };
    const one = approvalRules.add(db, r);
    const two = approvalRules.add(db, r);
    expect(two).toEqual(one);
    expect(approvalRules.list(db, '/p')).toEqual([one]);
    expect(approvalRules.list(db, '/other')).toEqual([]);
    expect(db.afterCommit).toEqual([{ kind: 'rules' }]);
    expect(approvalRules.remove(db, one.id)).toBe(true);
    expect(approvalRules.remove(db, one.id)).toBe(false);
    expect(approvalRules.snapshot(db)).toEqual([]);
  });
});

describe('audit', () => {
  test('query filters, newest first; count; duplicate ids ignored', () => {
    audit.insert(db, { id: 'a', ts: 1, tool: 'Bash', decision: 'allow', session: 's1', project: '/p', rule: 'r1' });
    audit.insert(db, { id: 'b', ts: 2, tool: 'Write', decision: 'deny', session: 's2', project: '/p', rule: 'r2' });
    audit.insert(db, { id: 'c', ts: 3, tool: 'Bash', decision: 'ask', session: 's1', project: '/q', rule: 'r1' });
    audit.insert(db, { id: 'c', ts: 99, tool: 'Bash' });
    const ids = (q: Parameters<typeof audit.query>[1]) => audit.query(db, q).map((e) => e.id);
    expect(ids({})).toEqual(['c', 'b', 'a']);
    expect(ids({ tool: 'Bash' })).toEqual(['c', 'a']);
    expect(ids({ decision: 'deny' })).toEqual(['b']);
    expect(ids({ session: 's1', project: '/p' })).toEqual(['a']);
    expect(ids({ rule: 'r1', since: 2 })).toEqual(['c']);
    expect(ids({ until: 3 })).toEqual(['b', 'a']);
    expect(ids({ limit: 1 })).toEqual(['c']);
    expect(audit.count(db)).toBe(3);
    expect(audit.count(db, { tool: 'Bash' })).toBe(2);
  });

  test('reasons and summaries are redacted', () => {
    audit.insert(db, { ts: 1, summary: 'export API_TOKEN=abc123', reason: 'Authorization: Bearer zzzzzzzzzzzz' });
    expect(audit.query(db)[0]).toMatchObject({ summary: 'export API_TOKEN=«redacted:token»', reason: 'Authorization: Bearer «redacted:bearer»' });
  });
});

describe('tables for later issues', () => {
  test('insert and list round trips', () => {
    const t = trials.insert(db, { ts: 1, task_id: 'k', model: 'm', score: 0.5, data: { note: 'x' } });
    graderResults.insert(db, { trial_id: t, ts: 2, grader: 'tests', passed: true, score: 1 });
    expect(trials.list(db, { taskId: 'k' })).toMatchObject([{ id: t, score: 0.5, data: '{"note":"x"}' }]);
    expect(graderResults.forTrial(db, t)).toMatchObject([{ grader: 'tests', passed: 1 }]);
    const o = { operation: 'Bash:ls', failureType: 'command_failed' as const, project: '/p', input: 'ls x', output: 'ENOENT x', reason: 'exit 2', ts: 1 };
    const first = observeFailure(null, o);
    immunePatterns.put(db, first);
    immunePatterns.put(db, observeFailure(immunePatterns.bySignature(db, first.signature), { ...o, ts: 5 }));
    expect(immunePatterns.get(db, first.id)).toMatchObject({ count: 2, firstSeen: 1, lastSeen: 5 });
    immuneAlerts.insert(db, { id: 'al1', ts: 1, severity: 'warning', kind: 'new_pattern', message: 'new', project: '/p', dedupKey: 'k', data: {} });
    expect(immuneAlerts.list(db, { open: true })).toHaveLength(1);
    expect(immuneAlerts.claimUnsent(db, 2).map((a) => a.id)).toEqual(['al1']);
    expect(immuneAlerts.claimUnsent(db, 3)).toEqual([]);
    expect(immuneAlerts.acknowledge(db, 4, ['al1'])).toBe(1);
    expect(immuneAlerts.list(db, { open: true })).toHaveLength(0);
    costLedger.insert(db, { ts: 10, project: '/p', cost_usd: 0.25 });
    costLedger.insert(db, { ts: 20, project: '/q', cost_usd: 1 });
    expect(costLedger.total(db)).toBe(1.25);
    expect(costLedger.total(db, { project: '/p' })).toBe(0.25);
    expect(costLedger.list(db, { since: 15 })).toHaveLength(1);
    budgets.set(db, { scope: 'global', period: 'day', limit_usd: 5, ts: 1 });
    expect(budgets.set(db, { scope: 'global', period: 'day', limit_usd: 7, ts: 2 })).toMatchObject({ limit_usd: 7, created_at: 1, updated_at: 2 });
    breakers.set(db, { name: 'anthropic', state: 'open', failures: 3, opened_at: 5, ts: 5 });
    expect(breakers.get(db, 'anthropic')).toMatchObject({ state: 'open', failures: 3 });
    const k = tasks.insert(db, { title: 'fix bug', status: 'open', ts: 1 });
    expect(tasks.setStatus(db, k, 'done', 2)).toBe(true);
    expect(tasks.list(db, { status: 'done' }).map((x) => x.id)).toEqual([k]);
  });
});
