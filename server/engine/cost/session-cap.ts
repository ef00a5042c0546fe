/**
 * The per-session spend cap on Claude Code's own cost: `budget.sessionUsd` in the policy, or
 * `TASK_ORCHESTRATOR_SESSION_CAP_USD` (which wins). When a session's cost reaches it, the hooks that
 * compute the cost write `sessions/<session>.capped`; PreToolUse then refuses the session's tool calls and
 * UserPromptSubmit its prompts. The marker is what PreToolUse checks — one existence check, because that
 * hook runs before every tool call — and only when it exists is it compared with the cap in force, so
 * raising the cap lifts it. Node built-ins only: PreToolUse imports this.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir, unlinkQuietly, writeFileAtomic } from '../store/files.js';
import { SAFE_NAME } from '../store/journal.js';
import { formatUsd } from './money.js';

/** The rule id of a refusal for a capped session. */
export const SESSION_CAP_RULE = 'budget.session-cap';
/** Environment variable that sets the cap (USD) and wins over the policy. */
export const SESSION_CAP_ENV = 'TASK_ORCHESTRATOR_SESSION_CAP_USD';

/** The cap in force. */
export interface SessionCap {
  /** USD; null: no cap. */
  capUsd: number | null;
  /** Where it was set: the env variable's name or the policy file (null when unset). */
  source: string | null;
  /** A bad env value, worded for stderr (the policy's cap then applies). */
  problem: string | null;
}

/** What the marker file holds: the session's cost when it reached the cap. */
export interface CapMarker {
  costUsd: number;
  capUsd: number;
  at: number;
}

/**
 * The cap from the environment (wins) or the policy's `budget`. Pure.
 *
 * @example
 * sessionCap({ TASK_ORCHESTRATOR_SESSION_CAP_USD: '2.5' }, { sessionUsd: 10, source: '~/.task-orchestrator/policy.json' })
 * // → { capUsd: 2.5, source: 'TASK_ORCHESTRATOR_SESSION_CAP_USD', problem: null }
 */
export function sessionCap(
  env: Readonly<Record<string, string | undefined>>,
  budget: { sessionUsd: number | null; source: string | null } | undefined,
): SessionCap {
  const fromPolicy: SessionCap = { capUsd: budget?.sessionUsd ?? null, source: budget?.sessionUsd == null ? null : budget.source, problem: null };
  const raw = env[SESSION_CAP_ENV]?.trim();
  if (raw === undefined || raw === '') return fromPolicy;
  const usd = Number(raw);
  if (!Number.isFinite(usd) || usd <= 0) {
    const problem = `${SESSION_CAP_ENV}: expected a number of US dollars above 0 (e.g. 5 or 12.50), got ${JSON.stringify(raw)}; ignored${fromPolicy.capUsd === null ? '' : `, the policy's cap of ${formatUsd(fromPolicy.capUsd)} applies`}`;
    return { ...fromPolicy, problem };
  }
  return { capUsd: usd, source: SESSION_CAP_ENV, problem: null };
}

/**
 * Whether `costUsd` has reached the cap. Pure.
 *
 * @example
 * reachedCap(5.01, { capUsd: 5, source: null, problem: null }) // → true
 */
export function reachedCap(costUsd: number, cap: SessionCap): boolean {
  return cap.capUsd !== null && costUsd >= cap.capUsd;
}

/**
 * The refusal's reason: what was spent, the cap, and how to go on. Pure.
 *
 * @example
 * capReason(5.2, { capUsd: 5, source: '/home/dev/.task-orchestrator/policy.json', problem: null })
 * // → 'this session has spent $5.20 of its $5.00 cap; raise budget.sessionUsd in /home/dev/.task-orchestrator/policy.json or start a new session'
 */
export function capReason(costUsd: number, cap: SessionCap): string {
  const raise = cap.source === SESSION_CAP_ENV
    ? `raise ${SESSION_CAP_ENV} (now ${cap.capUsd})`
    : `raise budget.sessionUsd in ${cap.source ?? 'the policy file'}`;
  return `this session has spent ${formatUsd(costUsd)} of its ${formatUsd(cap.capUsd ?? 0)} cap; ${raise} or start a new session`;
}

/**
 * `<stateDir>/sessions/<session>.capped`, or null for a session id that cannot be a file name.
 *
 * @example
 * capMarkerPath('/home/dev/.task-orchestrator', 'f4110d2d-b829') // → '/home/dev/.task-orchestrator/sessions/f4110d2d-b829.capped'
 */
export function capMarkerPath(stateDir: string, session: string): string | null {
  return SAFE_NAME.test(session) ? join(stateDir, 'sessions', `${session}.capped`) : null;
}

/**
 * The marker, or null when there is none or it cannot be read as one.
 *
 * @example
 * readCapMarker(stateDir, session)?.costUsd // → 5.2
 */
export function readCapMarker(stateDir: string, session: string): CapMarker | null {
  const file = capMarkerPath(stateDir, session);
  if (!file) return null;
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Partial<CapMarker>;
    return typeof m.costUsd === 'number' && typeof m.capUsd === 'number' && typeof m.at === 'number' ? { costUsd: m.costUsd, capUsd: m.capUsd, at: m.at } : null;
  } catch {
    return null;
  }
}

/**
 * Writes the marker atomically (a reader sees the old or the new one). Throws the file system's errors.
 *
 * @example
 * writeCapMarker(stateDir, session, { costUsd: 5.2, capUsd: 5, at: Date.now() });
 */
export function writeCapMarker(stateDir: string, session: string, marker: CapMarker): void {
  const file = capMarkerPath(stateDir, session);
  if (!file) throw new Error(`session id ${JSON.stringify(session)} cannot name a file (expected ${SAFE_NAME})`);
  ensureDir(join(stateDir, 'sessions'));
  writeFileAtomic(file, JSON.stringify(marker), false);
}

/**
 * Removes the marker (the cap was raised or removed). Never throws.
 *
 * @example
 * clearCapMarker(stateDir, session);
 */
export function clearCapMarker(stateDir: string, session: string): void {
  const file = capMarkerPath(stateDir, session);
  if (file) unlinkQuietly(file);
}

/**
 * The reason to refuse this session's next tool call or prompt, or null. The common case costs one
 * `existsSync`; only a marked session has its marker read and compared with `cap()` — the cap in force,
 * computed only then. A marker the cap in force no longer justifies (raised, removed) or that cannot be
 * read is removed: the next cost computation writes a fresh one if the session is still over.
 *
 * @example
 * const why = cappedReason(ctx.stateDir, input.session_id, () => sessionCap(process.env, ctx.policy.budget));
 * if (why) return deny(SESSION_CAP_RULE, why);
 */
export function cappedReason(stateDir: string, session: string | undefined, cap: () => SessionCap): string | null {
  const file = session ? capMarkerPath(stateDir, session) : null;
  if (!file || !existsSync(file)) return null;
  const marker = readCapMarker(stateDir, session as string);
  const current = cap();
  if (marker && reachedCap(marker.costUsd, current)) return capReason(marker.costUsd, current);
  clearCapMarker(stateDir, session as string);
  return null;
}
