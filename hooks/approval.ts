/**
 * A REQUIRES_APPROVAL call in the inbox (docs/store.md § Approvals, docs/inbox.md): an always-rule
 * answers at once (no inbox item); otherwise the request is journaled and, while a decision surface is live, the hook
 * polls for a human's decision until the wait ends. Every outcome is journaled, so the inbox's history
 * shows it. All I/O comes in through `ApprovalIO`.
 */
import type { ApprovalRule, DecisionFile, JournalEvent } from '../server/engine/store/journal.js';

/** What the approval flow reads and writes (the store's hook-side functions, a clock, a timer). */
export interface ApprovalIO {
  append: (event: JournalEvent) => void;
  rules: () => ApprovalRule[];
  matchRule: (rules: ApprovalRule[], req: { project: string; tool: string; rule: string; summary: string }) => ApprovalRule | null;
  liveSurfaces: () => string[];
  readDecision: (approvalId: string) => DecisionFile | null;
  newId: () => string;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface ApprovalRequest {
  tool: string;
  summary: string;
  /** Redacted JSON of the tool input. */
  input: string;
  /** The classifier rule that asked. */
  rule: string;
  reason: string;
  project: string;
  session: string;
  /** How long to wait for a human when a surface is live (already capped, see deadline.ts). */
  waitMs: number;
}

export type ApprovalOutcome =
  | { kind: 'rule'; rule: ApprovalRule }
  | { kind: 'human'; approvalId: string; decision: DecisionFile }
  | { kind: 'expired'; approvalId: string; why: 'timeout' | 'no-surface' };

/** Poll interval for a decision file: cheap (one failed open) and well under human reaction time. */
export const POLL_MS = 100;
/** How often a waiting hook checks that some surface is still live (a closed `inbox watch` ends the wait). */
export const SURFACE_CHECK_MS = 1000;

/**
 * Resolve one approval request. `onWait` is called with the wait's length just before waiting starts
 * (the hook moves its watchdog). Never throws unless `io` does.
 */
export async function requestApproval(req: ApprovalRequest, io: ApprovalIO, onWait: (ms: number) => void = () => {}): Promise<ApprovalOutcome> {
  // An always-rule answers at once and creates no inbox item: the audit event says which rule decided.
  const rule = io.matchRule(io.rules(), { project: req.project, tool: req.tool, rule: req.rule, summary: req.summary });
  if (rule) return { kind: 'rule', rule };
  const approvalId = io.newId();
  const live = io.liveSurfaces();
  const waiting = live.length > 0 && req.waitMs > 0;
  const created = io.now();
  io.append({
    type: 'approval.created', id: io.newId(), ts: created, approvalId, tool: req.tool, summary: req.summary, input: req.input,
    rule: req.rule, reason: req.reason, project: req.project, session: req.session, expiresAt: created + (waiting ? req.waitMs : 0),
  });
  if (!waiting) return expire(io, approvalId, live.length ? 'timeout' : 'no-surface');

  onWait(req.waitMs);
  const end = created + req.waitMs;
  let nextSurfaceCheck = created + SURFACE_CHECK_MS;
  for (;;) {
    const decision = io.readDecision(approvalId);
    if (decision) return { kind: 'human', approvalId, decision };
    const now = io.now();
    if (now >= end) return expire(io, approvalId, 'timeout');
    if (now >= nextSurfaceCheck) {
      if (io.liveSurfaces().length === 0) return expire(io, approvalId, 'no-surface');
      nextSurfaceCheck = now + SURFACE_CHECK_MS;
    }
    await io.sleep(Math.min(POLL_MS, end - now));
  }
}

/**
 * Journal the expiry, then look once more: a human who decided in the instant before it still wins.
 * (Their decision reached state.db first, so the store ignores the later expiry.)
 */
function expire(io: ApprovalIO, approvalId: string, why: 'timeout' | 'no-surface'): ApprovalOutcome {
  const text = why === 'timeout' ? 'no human decided before the wait ended' : 'no decision surface was live';
  io.append(resolved(io, approvalId, 'expired', why, text));
  const late = io.readDecision(approvalId);
  return late ? { kind: 'human', approvalId, decision: late } : { kind: 'expired', approvalId, why };
}

function resolved(io: ApprovalIO, approvalId: string, status: 'expired', decidedBy: string, reason: string): JournalEvent {
  return { type: 'approval.resolved', id: io.newId(), ts: io.now(), approvalId, status, decidedBy, reason };
}
