// The extension's state service on a real store in a temporary directory, seeded through the engine's repos.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readDecision } from '../../../server/engine/store/journal.js';
import { approvalRules, approvals, budgets, costLedger } from '../../../server/engine/store/repos.js';
import { gradedTrials, immuneAlerts, immunePatterns } from '../../../server/engine/store/repos-immune.js';
import { sessionCosts } from '../../../server/engine/store/repos-sessions.js';
import { Store } from '../../../server/engine/store/store.js';
import { StateService } from '../../../extension/src/state-service.js';

const APP = '/home/dev/app';
const OTHER = '/home/dev/other';
const NOW = Date.now();
const DAY = 86_400_000;
let dir: string;
let store: Store;
let service: StateService;
let project: string | null;

const request = (id: string, over: Partial<Parameters<typeof approvals.create>[1]> = {}) => ({
  id, tool_name: 'Bash', summary: 'npm publish', input: '{}', rule: 'publish.package', reason: 'publishes a package', project: APP, session: 's1',
  created_at: NOW - 5000, expires_at: NOW + 60_000, ...over,
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'to-ext-state-'));
  store = await Store.open(dir, { journalGraceMs: 0 });
  project = APP;
  service = new StateService(() => ({ stateDir: dir, project }), { open: async () => store });
});
afterEach(() => {
  service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('inbox', () => {
  beforeEach(async () => {
    await store.write((db) => {
      approvals.create(db, request('a1', { summary: 'rm -rf build/*', created_at: NOW - 9000 }));
      approvals.create(db, request('a2', { summary: 'export TOKEN=sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789 && npm publish', created_at: NOW - 3000 }));
      approvals.create(db, request('b1', { project: OTHER }));
      approvals.create(db, request('old', { created_at: NOW - 200_000, expires_at: NOW - 100_000 }));
      approvals.create(db, request('done', { created_at: NOW - 50_000 }));
      approvals.decide(db, 'done', { status: 'denied', reason: 'not today', decidedBy: 'human:cli' });
    });
  });

  test('shows the project\'s live requests oldest first, with the always-pattern and secrets redacted', async () => {
    const s = await service.inbox(NOW);
    expect(s.project).toBe(APP);
    expect(s.pending.map((i) => i.id)).toEqual(['a1', 'a2']);
    expect(s.pending[0]).toMatchObject({ tool: 'Bash', rule: 'publish.package', reason: 'publishes a package', project: APP, session: 's1', alwaysPattern: 'rm -rf build/?' });
    expect(s.pending[1]!.summary).not.toContain('abcdefghijklmnop');
  });

  test('puts decided and overdue requests in the history, with who decided', async () => {
    const s = await service.inbox(NOW);
    const byId = new Map(s.history.map((h) => [h.id, h]));
    expect(byId.get('done')).toMatchObject({ status: 'denied', decidedBy: 'human:cli', reason: 'not today' });
    expect(byId.get('old')?.status).toBe('expired');
    expect(byId.has('b1')).toBe(false);
  });

  test('"all" shows every project', async () => {
    project = null;
    const s = await service.inbox(NOW);
    expect(s.pending.map((i) => i.id).sort()).toEqual(['a1', 'a2', 'b1']);
    expect(s.project).toBeNull();
  });

  test('a request a hook put in the journal is shown (the read folds it)', async () => {
    const { appendJournal } = await import('../../../server/engine/store/journal.js');
    appendJournal(store.paths, {
      type: 'approval.created', id: 'e1', ts: NOW, approvalId: 'h1', tool: 'Bash', summary: 'git push --force', input: '{}', rule: 'git.force_push',
      reason: 'rewrites history', project: APP, session: 's2', expiresAt: NOW + 60_000,
    });
    const s = await service.inbox(NOW);
    expect(s.pending.map((i) => i.id)).toContain('h1');
  });
});

describe('decisions', () => {
  beforeEach(async () => {
    await store.write((db) => {
      approvals.create(db, request('a1'));
      approvals.create(db, request('a2', { summary: 'rm -rf dist/*' }));
      approvals.create(db, request('a3'));
      approvals.create(db, request('gone', { created_at: NOW - 200_000, expires_at: NOW - 1000 }));
    });
  });

  test('approve records human:vscode and writes the decision file the hook waits on', async () => {
    const r = await service.decide('a1', { kind: 'approve' });
    expect(r).toEqual({ ok: true, message: 'Approved: Bash npm publish' });
    expect(readDecision(store.paths, 'a1')).toMatchObject({ status: 'approved', decidedBy: 'human:vscode' });
    expect(await store.read((db) => approvals.get(db, 'a1')?.decided_by)).toBe('human:vscode');
  });

  test('approve always adds the rule with the given pattern, scoped to the item\'s project, tool and rule', async () => {
    const r = await service.decide('a2', { kind: 'approveAlways', pattern: 'rm -rf dist/*' });
    expect(r.ok).toBe(true);
    expect(r.message).toContain('"rm -rf dist/*"');
    const rules = await store.read((db) => approvalRules.list(db, APP));
    expect(rules).toEqual([expect.objectContaining({ project: APP, tool: 'Bash', rule: 'publish.package', pattern: 'rm -rf dist/*', createdBy: 'human:vscode', sourceApproval: 'a2' })]);
    expect(JSON.parse(readFileSync(store.paths.rules, 'utf8')).rules).toHaveLength(1);
  });

  test('deny passes the reason on to the hook; an empty reason gets a default', async () => {
    expect((await service.decide('a1', { kind: 'deny', reason: '  use the staging registry ' })).ok).toBe(true);
    expect(readDecision(store.paths, 'a1')).toMatchObject({ status: 'denied', reason: 'use the staging registry', decidedBy: 'human:vscode' });
    await service.decide('a3', { kind: 'deny', reason: '' });
    expect(readDecision(store.paths, 'a3')?.reason).toBe('denied in VS Code');
  });

  test('an unknown id, a second decision, an expired item and an empty pattern come back as clear errors', async () => {
    expect(await service.decide('nope', { kind: 'approve' })).toEqual({ ok: false, message: expect.stringContaining('no approval with id nope') });
    await service.decide('a1', { kind: 'approve' });
    expect((await service.decide('a1', { kind: 'deny', reason: 'x' })).message).toMatch(/already approved \(by human:vscode/);
    expect((await service.decide('gone', { kind: 'approve' })).message).toMatch(/expired/);
    expect((await service.decide('a2', { kind: 'approveAlways', pattern: '  ' })).message).toMatch(/pattern is empty/);
    expect(await store.read((db) => approvals.get(db, 'a2')?.status)).toBe('pending');
  });

  test('a store that cannot be opened is an error message, not a rejection', async () => {
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const broken = new StateService(() => ({ stateDir: join(file, 'state'), project: null }));
    expect(await broken.decide('a1', { kind: 'approve' })).toEqual({ ok: false, message: expect.stringMatching(/could not record the decision on a1: .*could not create the state directory/) });
    const inbox = await broken.inbox(NOW);
    expect(inbox.pending).toEqual([]);
    expect(inbox.notices[0]).toMatch(/could not create the state directory/);
  });
});

describe('dashboard', () => {
  test('no graded call yet: hasData false and health no-data', async () => {
    const d = await service.dashboard(NOW);
    expect(d).toMatchObject({ hasData: false, health: { status: 'no-data' }, patterns: [], recentTrials: [] });
    expect(d.daily).toHaveLength(7);
  });

  test('maps trials, grader results, patterns and alerts of the project', async () => {
    await store.write((db) => {
      const trial = (id: string, ts: number, passed: boolean, p = APP) => gradedTrials.insert(db, {
        type: 'trial', id, ts, session: 's1', project: p, tool: 'Bash', operation: 'bash:npm test', passed, score: passed ? 1 : 0,
        failureType: passed ? null : 'test_failure', reason: passed ? 'ok' : '3 tests failed', input: 'npm test', output: '', durationMs: 10, source: 'hook',
        results: [{ name: 'exit-code', passed, score: passed ? 1 : 0, reason: passed ? 'exit 0' : 'exit 1' }],
      });
      trial('t1', NOW - 2 * DAY, true);
      trial('t2', NOW - DAY, false);
      trial('t3', NOW - 1000, false);
      trial('x1', NOW - 1000, false, OTHER);
      immunePatterns.put(db, {
        id: 'p1', signature: 'sig1', operation: 'bash:npm test', failureType: 'test_failure', project: APP, inputSummary: 'npm test', outputSummary: '3 failed',
        tokens: [], count: 2, firstSeen: NOW - DAY, lastSeen: NOW - 1000, relevance: 1, relevanceAt: NOW - 1000, lastReason: '3 tests failed',
      });
      immuneAlerts.insert(db, { id: 'al1', ts: NOW - 500, severity: 'warning', kind: 'failure_rate', message: 'failure rate 67 %', project: APP, dedupKey: 'k', data: {} });
    });
    const d = await service.dashboard(NOW);
    expect(d.hasData).toBe(true);
    expect(d.totals).toMatchObject({ trials: 3, failures: 2, patterns: 1 });
    expect(d.health.status).toBe('critical');
    expect(d.recentTrials.map((t) => t.id)).toEqual(['t3', 't2', 't1']);
    expect(d.recentTrials[0]).toMatchObject({ passed: false, failureType: 'test_failure', reason: '3 tests failed', graders: [{ name: 'exit-code', passed: false, score: 0, reason: 'exit 1' }] });
    expect(d.patterns[0]).toMatchObject({ id: 'p1', failureType: 'test_failure', operation: 'bash:npm test', count: 2, reason: '3 tests failed' });
    expect(d.patterns[0]!.relevance).toBeGreaterThan(0.9);
    expect(d.alerts).toEqual([{ id: 'al1', ts: NOW - 500, severity: 'warning', kind: 'failure_rate', message: 'failure rate 67 %', cleared: false }]);
    expect(d.daily.at(-1)).toMatchObject({ failures: 1, byType: { test_failure: 1 } });
  });
});

describe('cost', () => {
  test('nothing spent or budgeted: hasData false', async () => {
    const c = await service.cost(NOW);
    expect(c).toMatchObject({ hasData: false, providers: [], claudeSessions: [], priceDate: null });
    expect(c.daily).toHaveLength(30);
  });

  test('spend per provider against budgets, 30 days by provider, Claude Code sessions', async () => {
    await store.write((db) => {
      costLedger.insert(db, { ts: NOW - 1000, provider: 'gemini', model: 'gemini-2.5-flash', cost_usd: 0.25, price_date: '2025-06-01' });
      costLedger.insert(db, { ts: NOW - 3 * DAY, provider: 'openai', model: 'gpt-4o-mini', cost_usd: 0.5, price_date: '2025-06-01' });
      costLedger.insert(db, { ts: NOW - 40 * DAY, provider: 'openai', model: 'gpt-4o-mini', cost_usd: 9, price_date: '2025-05-01' });
      budgets.set(db, { scope: 'provider:gemini', period: 'day', limit_usd: 1, ts: NOW });
      sessionCosts.upsert(db, {
        session: 'c0ffee', project: APP, transcript: '/home/dev/.claude/t.jsonl', cost_usd: 1.5, input_tokens: 10, output_tokens: 20, cache_read_tokens: 0,
        cache_write_tokens: 0, started_at: NOW - 5000, updated_at: NOW - 1000, data: { unpriced: ['claude-next'] },
      });
    });
    const c = await service.cost(NOW);
    expect(c.hasData).toBe(true);
    const gemini = c.providers.find((p) => p.provider === 'gemini')!;
    expect(gemini.today).toEqual({ spent: 0.25, limit: 1, fraction: 0.25 });
    expect(c.providers.map((p) => p.provider)).toEqual(['gemini', 'openai']);
    expect(c.daily).toHaveLength(30);
    expect(c.daily.at(-1)!.byProvider).toEqual({ gemini: 0.25 });
    expect(c.daily.at(-4)!.byProvider).toEqual({ openai: 0.5 });
    expect(c.daily.reduce((s, d) => s + (d.byProvider.openai ?? 0), 0)).toBe(0.5);
    expect(c.claudeSessions).toEqual([{ session: 'c0ffee', project: APP, costUsd: 1.5, updatedAt: NOW - 1000, unpriced: ['claude-next'] }]);
    expect(c.priceDate).toBe('2025-06-01');
  });
});

describe('audit log', () => {
  test('lists the decisions, newest first, as text', async () => {
    await store.write((db) => void approvals.create(db, request('a1')));
    await service.decide('a1', { kind: 'deny', reason: 'not on main' });
    const text = await service.auditText();
    expect(text).toMatch(/^# Task Orchestrator audit log: 1 most recent event/);
    expect(text).toMatch(/approval\.decided {2}deny {2}Bash {2}publish\.package {2}human:vscode {2}npm publish {2}— not on main/);
    expect(existsSync(store.paths.db)).toBe(true);
  });
});
