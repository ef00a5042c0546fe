// The hook's approval flow (hooks/approval.ts), its answers (approval-answer.ts) and its time budget
// (deadline.ts), with a scripted clock and store.
import { describe, expect, test } from 'vitest';
import { approvalAnswer, NO_HUMAN } from '../../hooks/approval-answer.js';
import { POLL_MS, requestApproval, type ApprovalIO, type ApprovalRequest } from '../../hooks/approval.js';
import { approvalWaitMs, DEADLINE_MARGIN_MS, HOOK_DEADLINE_MS, HOOK_TIMEOUT_S, MAX_WAIT_MS } from '../../hooks/deadline.js';
import type { Classification } from '../../server/engine/policy/types.js';
import { MAX_WAIT_SECONDS } from '../../server/engine/runtime/inbox.js';
import { matchApprovalRule, type ApprovalRule, type DecisionFile, type JournalEvent } from '../../server/engine/store/journal.js';

const REQ: ApprovalRequest = {
  tool: 'Bash', summary: 'npm publish', input: '{"command":"npm publish"}', rule: 'publish.package', reason: 'Publishes a package',
  project: '/p', session: 's1', waitMs: 45_000,
};

interface Script {
  rules?: ApprovalRule[];
  /** Live surfaces as a function of the elapsed time. */
  surfaces?: (elapsed: number) => string[];
  /** The decision that appears once `at` ms have elapsed. */
  decision?: { at: number; file: Omit<DecisionFile, 'approvalId'> };
}

/** A fake store and clock: sleeping advances time; every journal event is recorded. */
function fakeIO(s: Script): ApprovalIO & { events: JournalEvent[]; elapsed: () => number; reads: number } {
  let now = 1_000_000;
  let ids = 0;
  const start = now;
  const io = {
    events: [] as JournalEvent[],
    reads: 0,
    elapsed: () => now - start,
    append: (e: JournalEvent) => void io.events.push(e),
    rules: () => s.rules ?? [],
    matchRule: matchApprovalRule,
    liveSurfaces: () => (s.surfaces ?? (() => []))(now - start),
    readDecision: (approvalId: string) => {
      io.reads++;
      return s.decision && now - start >= s.decision.at ? { approvalId, ...s.decision.file } : null;
    },
    newId: () => `id${++ids}`,
    now: () => now,
    sleep: async (ms: number) => void (now += ms),
  };
  return io;
}

const rule = (pattern: string, extra: Partial<ApprovalRule> = {}): ApprovalRule => ({
  id: 'r1', project: '/p', tool: 'Bash', rule: 'publish.package', pattern, createdAt: 0, createdBy: 'human:cli', sourceApproval: null, ...extra,
});
const always = () => ['watch-1'];

describe('requestApproval', () => {
  test('a matching always-rule approves at once and creates no inbox item (the audit event names the rule)', async () => {
    const io = fakeIO({ rules: [rule('npm publish')], surfaces: always });
    const out = await requestApproval(REQ, io);
    expect(out).toEqual({ kind: 'rule', rule: rule('npm publish') });
    expect(io.events).toEqual([]);
    expect(io.elapsed()).toBe(0);
  });

  test('a rule of another project, tool or classifier rule, or a pattern that does not match, does not apply', async () => {
    for (const r of [rule('npm publish', { project: '/q' }), rule('npm publish', { tool: 'Write' }), rule('npm publish', { rule: 'other' }), rule('npm publish --tag *')]) {
      const out = await requestApproval(REQ, fakeIO({ rules: [r] }));
      expect(out.kind).toBe('expired');
    }
  });

  test('no live surface: created and expired (no-surface) at once, without waiting', async () => {
    const io = fakeIO({});
    const waits: number[] = [];
    const out = await requestApproval(REQ, io, (ms) => waits.push(ms));
    expect(out).toEqual({ kind: 'expired', approvalId: 'id1', why: 'no-surface' });
    expect(io.events).toMatchObject([
      { type: 'approval.created', approvalId: 'id1', tool: 'Bash', summary: 'npm publish', rule: 'publish.package', project: '/p', session: 's1' },
      { type: 'approval.resolved', approvalId: 'id1', status: 'expired', decidedBy: 'no-surface' },
    ]);
    expect((io.events[0] as { expiresAt: number }).expiresAt).toBe((io.events[0] as { ts: number }).ts);
    expect(waits).toEqual([]);
  });

  test('a live surface: waits, polling every 100 ms, until the human decides', async () => {
    const io = fakeIO({ surfaces: always, decision: { at: 2_050, file: { status: 'denied', reason: 'not today', decidedBy: 'human:cli', decidedAt: 0 } } });
    const waits: number[] = [];
    const out = await requestApproval(REQ, io, (ms) => waits.push(ms));
    expect(out).toMatchObject({ kind: 'human', decision: { status: 'denied', reason: 'not today' } });
    expect(waits).toEqual([45_000]);
    expect(io.elapsed()).toBe(2_100);
    expect(io.reads).toBe(2_100 / POLL_MS + 1);
    expect(io.events.map((e) => e.type)).toEqual(['approval.created']); // the store records the human's decision
    expect((io.events[0] as { expiresAt: number }).expiresAt).toBe(1_000_000 + 45_000);
  });

  test('nobody decides: the wait ends after waitMs, expired by timeout', async () => {
    const io = fakeIO({ surfaces: always });
    const out = await requestApproval({ ...REQ, waitMs: 1_000 }, io);
    expect(out).toMatchObject({ kind: 'expired', why: 'timeout' });
    expect(io.elapsed()).toBe(1_000);
    expect(io.events[1]).toMatchObject({ type: 'approval.resolved', status: 'expired', decidedBy: 'timeout' });
  });

  test('waitMs 0 with a live surface: expired by timeout at once', async () => {
    const io = fakeIO({ surfaces: always });
    expect(await requestApproval({ ...REQ, waitMs: 0 }, io)).toMatchObject({ kind: 'expired', why: 'timeout' });
    expect(io.elapsed()).toBe(0);
  });

  test('the surface going away ends the wait within about a second (no-surface)', async () => {
    const io = fakeIO({ surfaces: (t) => (t < 3_000 ? ['watch-1'] : []) });
    const out = await requestApproval(REQ, io);
    expect(out).toMatchObject({ kind: 'expired', why: 'no-surface' });
    expect(io.elapsed()).toBeGreaterThanOrEqual(3_000);
    expect(io.elapsed()).toBeLessThanOrEqual(4_100);
  });

  test('a decision that lands as the wait ends still wins (checked once more after the expiry is journaled)', async () => {
    const io = fakeIO({ surfaces: always, decision: { at: 1_000, file: { status: 'approved', reason: 'ok', decidedBy: 'human:watch', decidedAt: 0 } } });
    // The decision becomes visible exactly at the deadline: the loop sees the deadline first.
    const out = await requestApproval({ ...REQ, waitMs: 1_000 }, { ...io, readDecision: (id) => (io.elapsed() >= 1_000 && io.events.length === 2 ? io.readDecision(id) : null) });
    expect(out).toMatchObject({ kind: 'human', decision: { status: 'approved', decidedBy: 'human:watch' } });
  });
});

const ASK: Classification = { decision: 'ask', category: 'REQUIRES_APPROVAL', rule: 'publish.package', reason: 'Publishes a package — npm publish', findings: [], trail: [] };

describe('approvalAnswer', () => {
  test('a human approval: allow, "[inbox] approved by <who>: <reason>"', () => {
    const a = approvalAnswer({ kind: 'human', approvalId: 'a', decision: { approvalId: 'a', status: 'approved', reason: 'release day', decidedBy: 'human:vscode', decidedAt: 1 } }, ASK, 'ask');
    expect(a).toEqual({ decision: 'allow', reason: '[inbox] approved by human:vscode: release day', decidedBy: 'human:vscode' });
  });

  test('a human denial: deny with the human\'s reason (Claude reads it)', () => {
    const a = approvalAnswer({ kind: 'human', approvalId: 'a', decision: { approvalId: 'a', status: 'denied', reason: 'use the staging registry', decidedBy: 'human:cli', decidedAt: 1 } }, ASK, 'ask');
    expect(a).toEqual({ decision: 'deny', reason: '[inbox] denied by human:cli: use the staging registry', decidedBy: 'human:cli' });
  });

  test('an empty human reason says so', () => {
    const a = approvalAnswer({ kind: 'human', approvalId: 'a', decision: { approvalId: 'a', status: 'approved', reason: ' ', decidedBy: 'human:cli', decidedAt: 1 } }, ASK, 'ask');
    expect(a.reason).toBe('[inbox] approved by human:cli: no reason given');
  });

  test('an always-rule: allow, naming the rule and its pattern', () => {
    expect(approvalAnswer({ kind: 'rule', rule: rule('npm publish*') }, ASK, 'deny')).toEqual({
      decision: 'allow', reason: '[inbox] approved by always-rule r1: npm publish*', decidedBy: 'rule:r1',
    });
  });

  test.each(['ask', 'deny'] as const)('no human: the fallback (%s) with the classifier\'s rule and reason', (fallback) => {
    for (const why of ['timeout', 'no-surface'] as const) {
      const a = approvalAnswer({ kind: 'expired', approvalId: 'a', why }, ASK, fallback);
      expect(a.decision).toBe(fallback);
      expect(a.decidedBy).toBe(why);
      expect(a.reason.startsWith('[publish.package] Publishes a package — npm publish — ')).toBe(true);
      expect(a.reason).toContain(NO_HUMAN);
    }
  });
});

describe('the time budget', () => {
  test('the policy\'s wait, capped so that wait + margin ends before Claude Code\'s timeout', () => {
    expect(approvalWaitMs(45, 30)).toBe(45_000);
    expect(approvalWaitMs(0, 30)).toBe(0);
    expect(approvalWaitMs(600, 0)).toBe(MAX_WAIT_MS);
    expect(approvalWaitMs(100, 5_000)).toBe(95_000);
    expect(approvalWaitMs(1.5, 0)).toBe(1_500);
    expect(approvalWaitMs(Number.NaN, 0)).toBe(0);
    expect(approvalWaitMs(45, 200_000)).toBe(0);
    for (const elapsed of [0, 100, 5_000, 50_000]) {
      expect(elapsed + approvalWaitMs(600, elapsed) + DEADLINE_MARGIN_MS).toBeLessThan(HOOK_TIMEOUT_S * 1000);
    }
  });

  test('constants agree: the engine\'s MAX_WAIT_SECONDS, the watchdog and hooks.json\'s 120 s', () => {
    expect(MAX_WAIT_SECONDS * 1000).toBe(MAX_WAIT_MS);
    expect(HOOK_TIMEOUT_S).toBe(120);
    expect(HOOK_DEADLINE_MS).toBe(20_000);
  });
});
