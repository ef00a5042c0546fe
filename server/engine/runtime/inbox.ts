/**
 * Deciding an inbox item, the same way from every human surface (CLI, `inbox watch`, the VS Code
 * extension): the decision goes into state.db under the lock, an "always" decision adds an approval
 * rule (the store rewrites rules.json), and the waiting hook finds `inbox/decisions/<id>.json`.
 */
import type { ApprovalRule } from '../store/journal.js';
import { readDecision, writeDecision } from '../store/journal.js';
import { approvalRules, approvals, type ApprovalItem } from '../store/repos.js';
import type { Store } from '../store/store.js';

/** `decided_by` of each human surface. */
export const DECIDED_BY = { cli: 'human:cli', watch: 'human:watch', vscode: 'human:vscode' } as const;

/** Exit status of a deciding command run from inside a Claude Code tool call. */
export const AGENT_REFUSAL_EXIT = 3;

/** Why a deciding command refuses to run inside Claude Code (CLAUDECODE is set in its tool calls). */
export function agentRefusal(env: Readonly<Record<string, string | undefined>>): string | null {
  if (!env.CLAUDECODE) return null;
  return 'refused: CLAUDECODE is set, so this runs inside a Claude Code session; run this in your own terminal: the agent must not approve its own requests';
}

/**
 * The pattern "approve always" proposes: the request's summary exactly, except that a literal `*` in it
 * becomes `?` (one character), so the rule cannot match more than this call and its one-character
 * variants. A human may widen it (`--pattern 'npm publish *'`).
 *
 * @example
 * defaultAlwaysPattern('rm -rf build/*') // 'rm -rf build/?'
 */
export function defaultAlwaysPattern(summary: string): string {
  return summary.replace(/\*/g, '?');
}

export interface Decision {
  status: 'approved' | 'denied';
  reason: string;
  decidedBy: string;
  /** Approve always: add a rule with this pattern (a glob over summaries: `*` any run, `?` one character). */
  alwaysPattern?: string;
}

export interface Decided {
  item: ApprovalItem;
  rule: ApprovalRule | null;
}

/**
 * Decide approval `id`. Throws the store's ApprovalError (unknown id, already decided, expired) or
 * StoreError; nothing is written then.
 *
 * @example
 * await decideApproval(store, 'a1b2…', { status: 'denied', reason: 'not on main', decidedBy: DECIDED_BY.cli })
 */
export async function decideApproval(store: Store, id: string, d: Decision): Promise<Decided> {
  if (d.alwaysPattern !== undefined && d.status !== 'approved') throw new Error('only an approval can be "always"');
  const result = await store.write((db) =>
    db.tx(() => {
      const item = approvals.decide(db, id, { status: d.status, reason: d.reason, decidedBy: d.decidedBy });
      const rule = d.alwaysPattern === undefined
        ? null
        : approvalRules.add(db, { project: item.project, tool: item.tool_name, rule: item.rule, pattern: d.alwaysPattern, createdBy: d.decidedBy, sourceApproval: id });
      return { item, rule };
    }),
  );
  // The store publishes the decision file after its commit; make sure of it, the hook is waiting on it.
  if (!readDecision(store.paths, id)) {
    writeDecision(store.paths, { approvalId: id, status: d.status, reason: result.item.decision_reason ?? d.reason, decidedBy: d.decidedBy, decidedAt: result.item.decided_at ?? Date.now() });
  }
  return result;
}

/** The longest approval wait a hook honours (hooks.json gives it 120 s; see hooks/deadline.ts). */
export const MAX_WAIT_SECONDS = 100;
