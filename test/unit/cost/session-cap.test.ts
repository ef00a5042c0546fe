// The per-session spend cap: where it comes from (policy, env), the marker PreToolUse checks, lifting it by
// raising the cap, and the hooks' side that computes the cost and writes the marker (hooks/session-cost.ts).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  cappedReason, capMarkerPath, capReason, clearCapMarker, reachedCap, readCapMarker, SESSION_CAP_ENV, sessionCap, writeCapMarker,
} from '../../../server/engine/cost/session-cap.js';
import { formatUsd } from '../../../server/engine/cost/pricing.js';
import { defaultPolicy, loadPolicy } from '../../../server/engine/policy/policy-file.js';
import { validatePolicyText } from '../../../server/engine/policy/policy-schema.js';
import type { ClassifyContext } from '../../../server/engine/policy/types.js';
import type { JournalEvent } from '../../../server/engine/store/journal.js';
import type { EventStore } from '../../../hooks/event-deps.js';
import { promptCapBlock, recordSessionCost, THROTTLE_MS } from '../../../hooks/session-cost.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURE = join(ROOT, 'test/fixtures/claude-transcripts/cc-2.1.197-sonnet-4-5.jsonl');
/** What the fixture session cost (test/unit/cost/transcript.test.ts): Claude Code's own figure. */
const FIXTURE_USD = 0.0468594;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'to-session-cap-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const policyCap = (usd: number | null) => ({ sessionUsd: usd, source: '/home/dev/.task-orchestrator/policy.json' });

describe('sessionCap: the cap in force', () => {
  test('the policy sets it; no policy value means no cap', () => {
    expect(sessionCap({}, policyCap(5))).toEqual({ capUsd: 5, source: '/home/dev/.task-orchestrator/policy.json', problem: null });
    expect(sessionCap({}, policyCap(null))).toEqual({ capUsd: null, source: null, problem: null });
    expect(sessionCap({}, undefined).capUsd).toBeNull();
  });

  test('the env variable wins over the policy', () => {
    expect(sessionCap({ [SESSION_CAP_ENV]: ' 2.5 ' }, policyCap(10))).toEqual({ capUsd: 2.5, source: SESSION_CAP_ENV, problem: null });
  });

  test.each(['abc', '-1', '0', 'Infinity'])('a bad env value (%s) is a clear problem and the policy applies', (raw) => {
    const cap = sessionCap({ [SESSION_CAP_ENV]: raw }, policyCap(10));
    expect(cap.capUsd).toBe(10);
    expect(cap.problem).toContain(`${SESSION_CAP_ENV}: expected a number of US dollars above 0`);
    expect(cap.problem).toContain(JSON.stringify(raw));
    expect(cap.problem).toContain("the policy's cap of $10.00 applies");
  });

  test('an empty env value is unset', () => {
    expect(sessionCap({ [SESSION_CAP_ENV]: '' }, policyCap(3))).toMatchObject({ capUsd: 3, problem: null });
  });

  test('reachedCap: at or over the cap; never without one', () => {
    expect(reachedCap(5, sessionCap({}, policyCap(5)))).toBe(true);
    expect(reachedCap(4.99, sessionCap({}, policyCap(5)))).toBe(false);
    expect(reachedCap(1e9, sessionCap({}, policyCap(null)))).toBe(false);
  });

  test('dollars are written as formatUsd writes them', () => {
    for (const usd of [0, 0.00004, 0.0468594, 0.5, 0.99999, 1, 5.2, 12.345, 1234.5]) {
      expect(capReason(usd, sessionCap({}, policyCap(usd)))).toBe(
        `this session has spent ${formatUsd(usd)} of its ${formatUsd(usd)} cap; raise budget.sessionUsd in /home/dev/.task-orchestrator/policy.json or start a new session`,
      );
    }
  });

  test('the reason says what was spent, the cap, and where to raise it', () => {
    expect(capReason(5.2, sessionCap({}, policyCap(5)))).toBe(
      'this session has spent $5.20 of its $5.00 cap; raise budget.sessionUsd in /home/dev/.task-orchestrator/policy.json or start a new session',
    );
    expect(capReason(0.05, sessionCap({ [SESSION_CAP_ENV]: '0.04' }, undefined))).toBe(
      `this session has spent $0.0500 of its $0.0400 cap; raise ${SESSION_CAP_ENV} (now 0.04) or start a new session`,
    );
  });
});

describe('the marker', () => {
  test('written atomically, read back, cleared', () => {
    writeCapMarker(dir, 'sess-1', { costUsd: 5.2, capUsd: 5, at: 1000 });
    expect(capMarkerPath(dir, 'sess-1')).toBe(join(dir, 'sessions', 'sess-1.capped'));
    expect(readCapMarker(dir, 'sess-1')).toEqual({ costUsd: 5.2, capUsd: 5, at: 1000 });
    clearCapMarker(dir, 'sess-1');
    expect(existsSync(join(dir, 'sessions', 'sess-1.capped'))).toBe(false);
    expect(readCapMarker(dir, 'sess-1')).toBeNull();
  });

  test('a session id that cannot be a file name has no marker and is never capped', () => {
    expect(capMarkerPath(dir, '../../etc/passwd')).toBeNull();
    expect(() => writeCapMarker(dir, '../x', { costUsd: 1, capUsd: 1, at: 0 })).toThrow(/cannot name a file/);
    expect(cappedReason(dir, '../x', () => sessionCap({}, policyCap(0.01)))).toBeNull();
    expect(cappedReason(dir, undefined, () => sessionCap({}, policyCap(0.01)))).toBeNull();
  });

  test('no marker: not capped, and the cap is not even computed', () => {
    let asked = 0;
    expect(cappedReason(dir, 'sess-1', () => (asked++, sessionCap({}, policyCap(0.01))))).toBeNull();
    expect(asked).toBe(0);
  });

  test('a marker the cap in force still justifies refuses, with the reason', () => {
    writeCapMarker(dir, 'sess-1', { costUsd: 5.2, capUsd: 5, at: 1000 });
    expect(cappedReason(dir, 'sess-1', () => sessionCap({}, policyCap(5)))).toContain('has spent $5.20 of its $5.00 cap');
    expect(existsSync(join(dir, 'sessions', 'sess-1.capped'))).toBe(true);
  });

  test('raising the cap above the recorded cost (or removing it) lifts it, and the marker goes', () => {
    writeCapMarker(dir, 'sess-1', { costUsd: 5.2, capUsd: 5, at: 1000 });
    expect(cappedReason(dir, 'sess-1', () => sessionCap({ [SESSION_CAP_ENV]: '10' }, policyCap(5)))).toBeNull();
    expect(existsSync(join(dir, 'sessions', 'sess-1.capped'))).toBe(false);
    writeCapMarker(dir, 'sess-2', { costUsd: 5.2, capUsd: 5, at: 1000 });
    expect(cappedReason(dir, 'sess-2', () => sessionCap({}, policyCap(null)))).toBeNull();
  });

  test('an unreadable marker is removed rather than refusing forever', () => {
    mkdirSync(join(dir, 'sessions'), { recursive: true });
    writeFileSync(join(dir, 'sessions', 'sess-1.capped'), '{not json');
    expect(cappedReason(dir, 'sess-1', () => sessionCap({}, policyCap(1)))).toBeNull();
    expect(existsSync(join(dir, 'sessions', 'sess-1.capped'))).toBe(false);
  });
});

describe('budget.sessionUsd in policy files', () => {
  function files(user?: unknown, project?: unknown, trusted = false) {
    const home = join(dir, 'home');
    const stateDir = join(home, '.task-orchestrator');
    const projectDir = join(home, 'src', 'app');
    const text = new Map<string, string>();
    const userFile = join(stateDir, 'policy.json');
    const projectFile = join(projectDir, '.task-orchestrator', 'policy.json');
    if (user !== undefined) text.set(userFile, JSON.stringify(trusted ? { ...(user as object), trustedProjects: [projectDir] } : user));
    if (project !== undefined) text.set(projectFile, JSON.stringify(project));
    return { userFile, projectFile, load: () => loadPolicy({ home, stateDir, projectDir, readFile: (p) => text.get(p) }) };
  }

  test('no cap by default', () => {
    expect(defaultPolicy().budget).toEqual({ sessionUsd: null, source: null });
  });

  test('the user policy sets it, naming its file', async () => {
    const f = files({ budget: { sessionUsd: 5 } });
    expect((await f.load()).budget).toEqual({ sessionUsd: 5, source: f.userFile });
  });

  test('an untrusted project may set or lower it, never raise it', async () => {
    const lower = files({ budget: { sessionUsd: 5 } }, { budget: { sessionUsd: 2 } });
    expect((await lower.load()).budget).toEqual({ sessionUsd: 2, source: lower.projectFile });
    const set = files(undefined, { budget: { sessionUsd: 2 } });
    expect((await set.load()).budget?.sessionUsd).toBe(2);
    const raise = files({ budget: { sessionUsd: 5 } }, { budget: { sessionUsd: 50 } });
    const p = await raise.load();
    expect(p.budget).toEqual({ sessionUsd: 5, source: raise.userFile });
    expect(p.errors.map((e) => e.message).join('\n')).toContain('budget.sessionUsd: 50 ignored: a project policy can only make the guard stricter');
  });

  test('a trusted project may raise it', async () => {
    const f = files({ budget: { sessionUsd: 5 } }, { budget: { sessionUsd: 50 } }, true);
    expect((await f.load()).budget).toEqual({ sessionUsd: 50, source: f.projectFile });
  });

  test('bad values get a message naming the place and the value', () => {
    expect(validatePolicyText('{"budget":{"sessionUsd":-1}}')).toMatchObject({ ok: false, errors: [expect.stringMatching(/^budget\.sessionUsd: .*got -1$/)] });
    expect(validatePolicyText('{"budget":{"sessionUsd":"5"}}')).toEqual({ ok: false, errors: ['budget.sessionUsd: expected a number, got "5"'] });
    expect(validatePolicyText('{"budget":{"sessionUSD":5}}')).toMatchObject({ ok: false, errors: [expect.stringContaining('budget.sessionUSD: unknown key')] });
  });
});

describe('recordSessionCost (hooks/session-cost.ts)', () => {
  const SESSION = 'b70042e1-35b6-4737-adde-ea6791a590fc';

  function world(budget: number | null) {
    const stateDir = join(dir, 'state');
    const transcript = join(dir, 'transcript.jsonl');
    copyFileSync(FIXTURE, transcript);
    const ctx = { cwd: dir, home: dir, projectDir: '/home/dev/app', stateDir, tmpDirs: [], policy: { ...defaultPolicy(), budget: { sessionUsd: budget, source: '/home/dev/.task-orchestrator/policy.json' } } } as ClassifyContext;
    const events: JournalEvent[] = [];
    let clock = 1_000_000;
    const store: EventStore = {
      append: (e) => events.push(e), newId: () => `id${events.length}`, now: () => clock, foldSoon: () => {}, immunePatterns: () => [],
      sessionPrompt: () => '', rememberPrompt: () => {},
    };
    const input = { hook_event_name: 'Stop', session_id: SESSION, transcript_path: transcript, cwd: dir };
    return { stateDir, transcript, ctx, events, store, input, tick: (ms: number) => (clock += ms) };
  }

  test('journals the session cost with tokens and per-model detail; the cursor is kept for next time', async () => {
    const w = world(null);
    expect(await recordSessionCost(w.input, w.ctx, w.store, { throttle: false, env: {} })).toEqual([]);
    expect(w.events).toHaveLength(1);
    expect(w.events[0]).toMatchObject({
      type: 'session.cost', session: SESSION, project: '/home/dev/app', transcript: w.transcript, costUsd: FIXTURE_USD, inputTokens: 15,
      outputTokens: 450, cacheReadTokens: 48273, cacheWriteTokens: 6822, unpriced: [], capUsd: null, startedAt: Date.parse('2026-12-01T11:00:19.333Z'),
      models: [{ model: 'claude-sonnet-4-5-20250929', messages: 3, costUsd: FIXTURE_USD }],
    });
    const state = JSON.parse(readFileSync(join(w.stateDir, 'sessions', `${SESSION}.cost.json`), 'utf8')) as { offset: number };
    expect(state.offset).toBe(readFileSync(w.transcript).length);
    // Nothing new: nothing journaled again.
    w.tick(10_000);
    await recordSessionCost(w.input, w.ctx, w.store, { throttle: false, env: {} });
    expect(w.events).toHaveLength(1);
  });

  test('reaching the cap writes the marker; PreToolUse-side check and UserPromptSubmit refuse', async () => {
    const w = world(0.04);
    await recordSessionCost(w.input, w.ctx, w.store, { throttle: false, env: {} });
    expect(readCapMarker(w.stateDir, SESSION)).toEqual({ costUsd: FIXTURE_USD, capUsd: 0.04, at: 1_000_000 });
    const block = promptCapBlock(w.input, w.ctx, {});
    expect(block).toEqual({ decision: 'block', reason: '[budget.session-cap] this session has spent $0.0469 of its $0.0400 cap; raise budget.sessionUsd in /home/dev/.task-orchestrator/policy.json or start a new session' });
    // Raised by env: lifted.
    expect(promptCapBlock(w.input, w.ctx, { [SESSION_CAP_ENV]: '1' })).toBeNull();
  });

  test('under the cap: no marker; a marker left from a lower cap is removed', async () => {
    const w = world(1);
    writeCapMarker(w.stateDir, SESSION, { costUsd: 0.03, capUsd: 0.02, at: 1 });
    await recordSessionCost(w.input, w.ctx, w.store, { throttle: false, env: {} });
    expect(existsSync(join(w.stateDir, 'sessions', `${SESSION}.capped`))).toBe(false);
  });

  test('after a tool call the transcript is read again only after 2 s or 64 KiB of growth', async () => {
    const w = world(null);
    const post = { ...w.input, hook_event_name: 'PostToolUse' };
    await recordSessionCost(post, w.ctx, w.store, { throttle: true, env: {} });
    expect(w.events).toHaveLength(1);
    const line = readFileSync(w.transcript, 'utf8').split('\n').filter((l) => l.includes('"assistant"'))[0] as string;
    writeFileSync(w.transcript, `${readFileSync(w.transcript, 'utf8')}${line.replace(/msg_01Fx0002Q7mZ/g, 'msg_new1')}\n`);
    w.tick(THROTTLE_MS - 1);
    await recordSessionCost(post, w.ctx, w.store, { throttle: true, env: {} });
    expect(w.events).toHaveLength(1); // throttled
    await recordSessionCost(w.input, w.ctx, w.store, { throttle: false, env: {} }); // Stop never is
    expect(w.events).toHaveLength(2);
    expect(w.events[1]).toMatchObject({ outputTokens: 450 + 142 });
    writeFileSync(w.transcript, `${readFileSync(w.transcript, 'utf8')}${line.replace(/msg_01Fx0002Q7mZ/g, 'msg_new2').replace('"text":"', `"text":"${'x'.repeat(70_000)}`)}\n`);
    w.tick(1);
    await recordSessionCost(post, w.ctx, w.store, { throttle: true, env: {} });
    expect(w.events).toHaveLength(3); // grew by more than 64 KiB
  });

  test('a missing or unreadable transcript is a note, never a throw; a bad env cap is a note too', async () => {
    const w = world(null);
    const missing = await recordSessionCost({ ...w.input, transcript_path: join(dir, 'gone.jsonl') }, w.ctx, w.store, { throttle: false, env: {} });
    expect(missing).toEqual([`session cost: transcript ${join(dir, 'gone.jsonl')} does not exist, not recorded`]);
    const isDir = await recordSessionCost({ ...w.input, transcript_path: dir }, w.ctx, w.store, { throttle: false, env: {} });
    expect(isDir[0]).toMatch(/^session cost: cannot read transcript .*EISDIR/);
    expect(await recordSessionCost({ ...w.input, transcript_path: undefined }, w.ctx, w.store, { throttle: false, env: {} })).toEqual(['session cost: Stop input has no transcript_path, not recorded']);
    const bad = await recordSessionCost(w.input, w.ctx, w.store, { throttle: false, env: { [SESSION_CAP_ENV]: 'lots' } });
    expect(bad).toEqual([expect.stringContaining(`${SESSION_CAP_ENV}: expected a number`)]);
    expect(w.events).toHaveLength(1);
  });

  test('an invalid prices.json is named and prices nothing (never the defaults silently)', async () => {
    const w = world(0.01);
    mkdirSync(w.stateDir, { recursive: true });
    writeFileSync(join(w.stateDir, 'prices.json'), '{"providers":{"anthropic":{"x":{"inputPerMTok":-1,"outputPerMTok":1}}}}');
    const notes = await recordSessionCost(w.input, w.ctx, w.store, { throttle: false, env: {} });
    expect(notes.join('\n')).toContain('prices.json');
    expect(notes.join('\n')).toContain('no model is priced until it is fixed');
    expect(w.events[0]).toMatchObject({ costUsd: 0, outputTokens: 450, unpriced: ['claude-sonnet-4-5-20250929'] });
  });

  test('a model priced in prices.json is priced with it', async () => {
    const w = world(null);
    mkdirSync(w.stateDir, { recursive: true });
    writeFileSync(join(w.stateDir, 'prices.json'), '{"providers":{"anthropic":{"claude-sonnet-4-5":{"inputPerMTok":0,"outputPerMTok":1000}}}}');
    await recordSessionCost(w.input, w.ctx, w.store, { throttle: false, env: {} });
    expect(w.events[0]).toMatchObject({ costUsd: 0.45, unpriced: [] });
  });
});
