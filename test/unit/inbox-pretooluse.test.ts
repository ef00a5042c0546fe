// hooks/pre-tool-use.ts in process: every decision is journaled once; an ask goes through the inbox.
import { describe, expect, test } from 'vitest';
import type { HookStore } from '../../hooks/hook-store.js';
import { preToolUse, type PreToolUseDeps } from '../../hooks/pre-tool-use.js';
import type { PreToolUseInput } from '../../hooks/protocol.js';
import { defaultPolicy } from '../../server/engine/policy/policy-file.js';
import type { Classification, ClassifyContext, Policy } from '../../server/engine/policy/types.js';
import { matchApprovalRule, type DecisionFile, type JournalEvent } from '../../server/engine/store/journal.js';

const input = (command: string): PreToolUseInput => ({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, session_id: 's1', cwd: '/p' });
const ctx = (policy: Partial<Policy> = {}): ClassifyContext => ({ cwd: '/p', home: '/h', projectDir: '/p', stateDir: '/state', tmpDirs: ['/tmp'], policy: { ...defaultPolicy(), ...policy } });
const result = (r: Partial<Classification>): Classification => ({ decision: 'none', category: null, rule: null, reason: 'No rule matched', findings: [], trail: [], ...r });

function store(opts: { surfaces?: string[]; decision?: DecisionFile } = {}): HookStore & { events: JournalEvent[]; folds: number } {
  let n = 0;
  const s = {
    events: [] as JournalEvent[],
    folds: 0,
    append: (e: JournalEvent) => void s.events.push(e),
    rules: () => [],
    matchRule: matchApprovalRule,
    liveSurfaces: () => opts.surfaces ?? [],
    readDecision: (id: string) => (opts.decision ? { ...opts.decision, approvalId: id } : null),
    newId: () => `id${++n}`,
    now: () => 1000,
    sleep: async () => {},
    maybeFold: async () => void s.folds++,
    foldSoon: () => void s.folds++,
    immunePatterns: () => [],
    sessionPrompt: () => "",
    rememberPrompt: () => {},
  };
  return s;
}

function deps(c: Classification, st: HookStore | undefined, policy: Partial<Policy> = {}, extend?: (ms: number) => void): PreToolUseDeps {
  return { classify: async () => c, context: async () => ctx(policy), ...(st ? { store: () => st } : {}), ...(extend ? { extendDeadline: extend } : {}), elapsedMs: () => 50 };
}

describe('preToolUse', () => {
  test('allow: answered as classified; one audit event, decided by rule:<rule>; a fold check', async () => {
    const st = store();
    const r = await preToolUse(input('ls'), deps(result({ decision: 'allow', category: 'SAFE', rule: 'safe.read-only', reason: 'Read-only' }), st));
    expect(r.output?.hookSpecificOutput).toEqual({ hookEventName: 'PreToolUse', permissionDecision: 'allow', permissionDecisionReason: '[safe.read-only] Read-only' });
    expect(st.events).toMatchObject([{ type: 'audit', decision: 'allow', rule: 'safe.read-only', decidedBy: 'rule:safe.read-only', summary: 'ls', session: 's1', project: '/p' }]);
    expect(st.folds).toBe(1);
  });

  test('none: no output, audited with decidedBy null', async () => {
    const st = store();
    const r = await preToolUse(input('echo hi'), deps(result({}), st));
    expect(r.output).toBeNull();
    expect(st.events).toMatchObject([{ type: 'audit', decision: 'none', decidedBy: null }]);
  });

  test('ask with no surface: the fallback from the policy, and the inbox history', async () => {
    const st = store();
    const r = await preToolUse(input('npm publish'), deps(result({ decision: 'ask', category: 'REQUIRES_APPROVAL', rule: 'publish.package', reason: 'Publishes' }), st, { approvalFallback: 'deny' }));
    expect(r.output?.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(st.events.map((e) => e.type)).toEqual(['approval.created', 'approval.resolved', 'audit']);
    expect(st.events[2]).toMatchObject({ decision: 'deny', rule: 'publish.package', decidedBy: 'no-surface' });
  });

  test('ask with a surface and a decision: the watchdog moves to the wait plus the margin; the human decides', async () => {
    const st = store({ surfaces: ['watch-1'], decision: { approvalId: '', status: 'approved', reason: 'fine', decidedBy: 'human:watch', decidedAt: 1 } });
    const extended: number[] = [];
    const r = await preToolUse(input('npm publish'), deps(result({ decision: 'ask', category: 'REQUIRES_APPROVAL', rule: 'publish.package', reason: 'Publishes' }), st, { approvalWaitSeconds: 30 }, (ms) => extended.push(ms)));
    expect(r.output?.hookSpecificOutput).toMatchObject({ permissionDecision: 'allow', permissionDecisionReason: '[inbox] approved by human:watch: fine' });
    expect(extended).toEqual([30_000 + 10_000]);
    expect(st.events.at(-1)).toMatchObject({ type: 'audit', decision: 'allow', decidedBy: 'human:watch' });
  });

  test('without a store (in-process classification only) ask passes through unchanged', async () => {
    const r = await preToolUse(input('npm publish'), deps(result({ decision: 'ask', category: 'REQUIRES_APPROVAL', rule: 'publish.package', reason: 'Publishes' }), undefined));
    expect(r.output?.hookSpecificOutput).toMatchObject({ permissionDecision: 'ask', permissionDecisionReason: '[publish.package] Publishes' });
  });

  test('deny is never sent to the inbox (always-rules never lift BLOCKED)', async () => {
    const st = store({ surfaces: ['watch-1'] });
    const r = await preToolUse(input('rm -rf ~'), deps(result({ decision: 'deny', category: 'BLOCKED', rule: 'fs.rm.critical', reason: 'Home' }), st));
    expect(r.output?.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(st.events.map((e) => e.type)).toEqual(['audit']);
  });
});
