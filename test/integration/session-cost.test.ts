// Claude Code's own session cost and the per-session cap, through the built hook run as Claude Code runs it
// (a new `node hook.cjs <Event>` per event, Claude Code's real stdin shapes, a real transcript): Stop records
// the cost (folded into session_costs), a capped session's tool calls and prompts are refused, raising the cap
// lifts it, and a missing or broken transcript only ever costs a note on stderr.
// Run against a private build: node scripts/build.mjs /tmp/a2-dist && TASK_ORCHESTRATOR_TEST_DIST=/tmp/a2-dist npx vitest run …
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '../../server/engine/store/db.js';
import { appendJournal, type JournalEvent } from '../../server/engine/store/journal.js';
import { storePaths } from '../../server/engine/store/paths.js';
import { audit } from '../../server/engine/store/repos.js';
import { sessionCosts } from '../../server/engine/store/repos-sessions.js';
import { Store } from '../../server/engine/store/store.js';
import { ROOT, runNode, SAMPLES, type Run } from './grading-helpers.js';

const DIST = process.env.TASK_ORCHESTRATOR_TEST_DIST ?? join(ROOT, 'plugin/dist');
const HOOK = join(DIST, 'hook.cjs');
const FIXTURE = join(ROOT, 'test/fixtures/claude-transcripts/cc-2.1.330-sonnet-4-5.jsonl');
/** The fixture session's cost: what Claude Code itself reports for it (its cost-state line). */
const FIXTURE_USD = 0.0468594;
const CAP_ENV = 'TASK_ORCHESTRATOR_SESSION_CAP_USD';

type Json = Record<string, unknown>;

beforeAll(() => {
  if (!existsSync(HOOK)) throw new Error(`${HOOK} does not exist: build it (npm run build, or node scripts/build.mjs DIR with TASK_ORCHESTRATOR_TEST_DIST=DIR)`);
});

/** A scratch HOME (with a Claude Code transcript), state dir and project. */
class CostSandbox {
  readonly root = mkdtempSync(join(tmpdir(), 'to-session-cost-'));
  readonly home = join(this.root, 'home');
  readonly state = join(this.root, 'state');
  readonly project = join(this.root, 'project');

  constructor() {
    for (const d of [this.home, this.state, this.project]) mkdirSync(d, { recursive: true });
  }

  /** A copy of the fixture transcript for `session`, where Claude Code keeps it. */
  transcript(session: string): string {
    const dir = join(this.home, '.claude', 'projects', '-home-dev-app');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${session}.jsonl`);
    copyFileSync(FIXTURE, file);
    return file;
  }

  policy(p: Json): void {
    writeFileSync(join(this.state, 'policy.json'), JSON.stringify(p));
  }

  async event(event: string, stdin: Json, env: NodeJS.ProcessEnv = {}): Promise<Run & { output: Json | null }> {
    const r = await runNode([HOOK, event], {
      env: { PATH: process.env.PATH, HOME: this.home, TASK_ORCHESTRATOR_HOME: this.state, TASK_ORCHESTRATOR_FOLD: 'off', ...env },
      cwd: this.project, input: JSON.stringify(stdin), timeoutMs: 30_000,
    });
    const text = r.stdout.trim();
    return { ...r, output: text ? (JSON.parse(text) as Json) : null };
  }

  /** Claude Code 2.1.330's real Stop stdin for this session. */
  stop(session: string, transcript: string, env?: NodeJS.ProcessEnv) {
    return this.event('Stop', { ...(SAMPLES.v330.Stop as Json), session_id: session, transcript_path: transcript, cwd: this.project }, env);
  }

  preToolUse(session: string, command = 'ls', env?: NodeJS.ProcessEnv) {
    const sample = SAMPLES.v330['PreToolUse:Bash'] as Json;
    return this.event('PreToolUse', { ...sample, session_id: session, cwd: this.project, tool_input: { command, description: 'list files' } }, env);
  }

  prompt(session: string, env?: NodeJS.ProcessEnv) {
    return this.event('UserPromptSubmit', { ...(SAMPLES.v330.UserPromptSubmit as Json), session_id: session, cwd: this.project, prompt: 'keep going' }, env);
  }

  marker(session: string): string {
    return join(this.state, 'sessions', `${session}.capped`);
  }

  /** Folds the journal (what `task-orchestrator store fold` does) and reads from the store. */
  async folded<T>(read: (db: Db) => T): Promise<T> {
    const store = await Store.open(this.state);
    try {
      await store.fold();
      return await store.read(read);
    } finally {
      store.close();
    }
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

let boxes: CostSandbox[] = [];
afterEach(() => {
  for (const b of boxes) b.dispose();
  boxes = [];
});
const sandbox = (): CostSandbox => {
  const b = new CostSandbox();
  boxes.push(b);
  return b;
};

const decision = (r: { output: Json | null }): string | null =>
  ((r.output?.hookSpecificOutput as Json | undefined)?.permissionDecision as string | undefined) ?? null;
const reason = (r: { output: Json | null }): string => ((r.output?.hookSpecificOutput as Json | undefined)?.permissionDecisionReason as string | undefined) ?? '';

describe('Stop records the session cost', () => {
  test('after a fold, session_costs holds the cost, the tokens and the per-model detail', async () => {
    const sb = sandbox();
    const session = 'cost-session-1';
    const transcript = sb.transcript(session);
    const r = await sb.stop(session, transcript);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const row = await sb.folded((db) => sessionCosts.get(db, session));
    expect(row).toMatchObject({
      session, project: sb.project, transcript, cost_usd: FIXTURE_USD, input_tokens: 15, output_tokens: 450, cache_read_tokens: 48273,
      cache_write_tokens: 6822, started_at: Date.parse('2026-12-01T11:00:19.978Z'),
    });
    const data = JSON.parse(row?.data ?? '{}') as Json;
    expect(data).toMatchObject({ unpriced: [], capUsd: null, models: [{ model: 'claude-sonnet-4-5-20250929', messages: 3, costUsd: FIXTURE_USD }] });
  });

  test('new lines in the transcript update the row on the next Stop; PostToolUse records too', async () => {
    const sb = sandbox();
    const session = 'cost-session-2';
    const transcript = sb.transcript(session);
    await sb.event('PostToolUse', { ...(SAMPLES.v330['PostToolUse:Bash'] as Json), session_id: session, transcript_path: transcript, cwd: sb.project });
    expect((await sb.folded((db) => sessionCosts.get(db, session)))?.output_tokens).toBe(450);
    const line = readFileSync(transcript, 'utf8').split('\n').find((l) => l.includes('"type":"assistant"')) as string;
    writeFileSync(transcript, `${readFileSync(transcript, 'utf8')}${line.replace(/msg_01Fx0002Q7mZ/g, 'msg_next')}\n`);
    await sb.stop(session, transcript);
    const row = await sb.folded((db) => sessionCosts.get(db, session));
    expect(row).toMatchObject({ output_tokens: 450 + 142, input_tokens: 15 + 4, cache_read_tokens: 48273 + 11872 });
  });
});

describe('the session cap', () => {
  test('a capped session: every tool call is denied with the reason, its prompts are refused; another session is not', async () => {
    const sb = sandbox();
    sb.policy({ budget: { sessionUsd: 0.04 } });
    const transcript = sb.transcript('capped-1');
    expect((await sb.stop('capped-1', transcript)).status).toBe(0);
    expect(JSON.parse(readFileSync(sb.marker('capped-1'), 'utf8'))).toMatchObject({ costUsd: FIXTURE_USD, capUsd: 0.04 });

    const denied = await sb.preToolUse('capped-1');
    expect(denied.status).toBe(0);
    expect(decision(denied)).toBe('deny');
    expect(reason(denied)).toBe(
      `[budget.session-cap] this session has spent $0.0469 of its $0.0400 cap; raise budget.sessionUsd in ${join(sb.state, 'policy.json')} or start a new session`,
    );
    const prompt = await sb.prompt('capped-1');
    expect(prompt.status).toBe(0);
    expect(prompt.output).toEqual({ decision: 'block', reason: reason(denied) });

    const other = await sb.preToolUse('uncapped-1');
    expect(decision(other)).not.toBe('deny');
    expect((await sb.prompt('uncapped-1')).output?.decision).toBeUndefined();

    const rows = await sb.folded((db) => audit.query(db, { session: 'capped-1' }));
    expect(rows.map((a) => [a.rule, a.decision])).toEqual([['budget.session-cap', 'deny']]);
  });

  test('raising the cap in the policy above the recorded cost lifts it', async () => {
    const sb = sandbox();
    sb.policy({ budget: { sessionUsd: 0.04 } });
    await sb.stop('capped-2', sb.transcript('capped-2'));
    expect(decision(await sb.preToolUse('capped-2'))).toBe('deny');
    sb.policy({ budget: { sessionUsd: 1 } });
    expect(decision(await sb.preToolUse('capped-2'))).not.toBe('deny');
    expect(existsSync(sb.marker('capped-2'))).toBe(false);
    expect((await sb.prompt('capped-2')).output?.decision).toBeUndefined();
  });

  test('the env variable wins both ways: it caps without a policy, and raising it lifts a policy cap', async () => {
    const sb = sandbox();
    const transcript = sb.transcript('env-1');
    await sb.stop('env-1', transcript, { [CAP_ENV]: '0.01' });
    const denied = await sb.preToolUse('env-1', 'ls', { [CAP_ENV]: '0.01' });
    expect(reason(denied)).toContain(`raise ${CAP_ENV} (now 0.01)`);
    expect(decision(await sb.preToolUse('env-1', 'ls', { [CAP_ENV]: '5' }))).not.toBe('deny');

    sb.policy({ budget: { sessionUsd: 0.04 } });
    await sb.stop('env-2', sb.transcript('env-2'));
    expect(decision(await sb.preToolUse('env-2'))).toBe('deny');
    expect(decision(await sb.preToolUse('env-2', 'ls', { [CAP_ENV]: '10' }))).not.toBe('deny');
  });

  test('a bad env value is a note on stderr and the policy cap applies', async () => {
    const sb = sandbox();
    sb.policy({ budget: { sessionUsd: 0.04 } });
    const r = await sb.stop('bad-env', sb.transcript('bad-env'), { [CAP_ENV]: 'lots' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`${CAP_ENV}: expected a number of US dollars above 0`);
    expect(existsSync(sb.marker('bad-env'))).toBe(true);
  });
});

describe('a missing or broken transcript', () => {
  test.each([
    ['missing', (sb: CostSandbox) => join(sb.home, 'nope.jsonl'), /transcript .* does not exist, not recorded/],
    ['a directory', (sb: CostSandbox) => sb.home, /cannot read transcript .*EISDIR/],
  ])('%s: exit 0, no output, a note on stderr; the uncapped session is not denied', async (_what, path, note) => {
    const sb = sandbox();
    sb.policy({ budget: { sessionUsd: 0.01 } });
    const r = await sb.stop('broken-1', path(sb));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(note);
    expect(existsSync(sb.marker('broken-1'))).toBe(false);
    expect(decision(await sb.preToolUse('broken-1'))).not.toBe('deny');
  });

  test('binary garbage and cut-off lines: exit 0, the usable lines still count', async () => {
    const sb = sandbox();
    const transcript = sb.transcript('garbage-1');
    const text = readFileSync(transcript, 'utf8');
    writeFileSync(transcript, Buffer.concat([Buffer.from('\u0000\u00ff\u00fe garbage\n{"type":"assistant","message":{"usage":\n'), Buffer.from(text)]));
    const r = await sb.stop('garbage-1', transcript);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('1 unreadable line(s)');
    expect((await sb.folded((db) => sessionCosts.get(db, 'garbage-1')))?.cost_usd).toBe(FIXTURE_USD);
  });

  test('after a tool call, a missing transcript is quiet (Stop reports it) and nothing crashes', async () => {
    const sb = sandbox();
    const r = await sb.event('PostToolUse', { ...(SAMPLES.v330['PostToolUse:Bash'] as Json), session_id: 'quiet-1', transcript_path: join(sb.home, 'nope.jsonl'), cwd: sb.project });
    expect(r).toMatchObject({ status: 0, stdout: '', stderr: '' });
  });

  test('Stop with wrongly typed fields is a note, never a crash', async () => {
    const sb = sandbox();
    const r = await sb.event('Stop', { hook_event_name: 'Stop', session_id: 42, transcript_path: ['x'] });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Stop: session_id: expected a string, got 42');
  });
});

describe('session.cost in the store', () => {
  const event = (ts: number, costUsd: number, over: Json = {}): JournalEvent => ({
    type: 'session.cost', id: `sc-${ts}`, ts, session: 'store-1', project: '/home/dev/app', transcript: '/home/dev/t.jsonl', costUsd,
    inputTokens: 1, outputTokens: 2, cacheReadTokens: 3, cacheWriteTokens: 4, startedAt: 500, models: [], unpriced: [], priceDate: '2025-12-17',
    capUsd: null, ...over,
  } as JournalEvent);

  test('readings folded out of order keep the newest; started_at keeps the earliest', async () => {
    const sb = sandbox();
    const paths = storePaths(sb.state);
    appendJournal(paths, event(2000, 0.5, { startedAt: 400 }));
    appendJournal(paths, event(1000, 0.2, { startedAt: 300 }));
    const row = await sb.folded((db) => sessionCosts.get(db, 'store-1'));
    expect(row).toMatchObject({ cost_usd: 0.5, updated_at: 2000, started_at: 400 });
    appendJournal(paths, event(3000, 0.7, { startedAt: 450 }));
    expect(await sb.folded((db) => sessionCosts.get(db, 'store-1'))).toMatchObject({ cost_usd: 0.7, updated_at: 3000, started_at: 400 });
    expect(await sb.folded((db) => sessionCosts.total(db))).toMatchObject({ sessions: 1, cost_usd: 0.7 });
  });

  test('a session.cost line with a wrong field is rejected with its reason, the others still apply', async () => {
    const sb = sandbox();
    const paths = storePaths(sb.state);
    appendJournal(paths, { ...event(1000, 0.1), costUsd: 'lots' } as unknown as JournalEvent);
    appendJournal(paths, { ...event(1001, 0.1), id: 'sc-empty', session: '' } as JournalEvent);
    appendJournal(paths, event(1002, 0.3));
    const store = await Store.open(sb.state);
    try {
      await store.fold();
      expect(store.notices.join('\n')).toMatch(/session\.cost\.costUsd: expected a number, got "lots"/);
      expect(store.notices.join('\n')).toMatch(/session\.cost\.session: must not be empty/);
      expect(await store.read((db) => sessionCosts.list(db))).toMatchObject([{ session: 'store-1', cost_usd: 0.3 }]);
    } finally {
      store.close();
    }
  });
});
