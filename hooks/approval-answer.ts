/**
 * What the hook tells Claude Code once an approval request is resolved. Pure. The reason always says
 * who decided, and a human's reason reaches Claude verbatim, so it can act on it.
 */
import type { ApprovalFallback, Classification } from '../server/engine/policy/types.js';
import type { ApprovalOutcome } from './approval.js';
import { formatReason, type PermissionDecision } from './protocol.js';

export interface HookAnswer {
  decision: PermissionDecision;
  /** The full permissionDecisionReason. */
  reason: string;
  /** Who decided, for the audit log: 'rule:<id>', 'human:cli', 'timeout', 'no-surface'. */
  decidedBy: string;
}

/** Words every fallback reason carries (the e2e tests and users look for them). */
export const NO_HUMAN = 'no human answered in the Task Orchestrator inbox';

/**
 * @example
 * approvalAnswer({ kind: 'human', approvalId: 'a1', decision: { status: 'denied', reason: 'not on Fridays', decidedBy: 'human:cli', … } }, c, 'ask')
 * // { decision: 'deny', reason: '[inbox] denied by human:cli: not on Fridays', decidedBy: 'human:cli' }
 */
export function approvalAnswer(outcome: ApprovalOutcome, c: Classification, fallback: ApprovalFallback): HookAnswer {
  switch (outcome.kind) {
    case 'rule':
      return {
        decision: 'allow',
        reason: formatReason(null, `[inbox] approved by always-rule ${outcome.rule.id}: ${outcome.rule.pattern}`),
        decidedBy: `rule:${outcome.rule.id}`,
      };
    case 'human': {
      const d = outcome.decision;
      const verb = d.status === 'approved' ? 'approved' : 'denied';
      const why = d.reason.trim() || 'no reason given';
      return { decision: d.status === 'approved' ? 'allow' : 'deny', reason: formatReason(null, `[inbox] ${verb} by ${d.decidedBy}: ${why}`), decidedBy: d.decidedBy };
    }
    case 'expired': {
      const detail = outcome.why === 'no-surface'
        ? ': none was open (run `task-orchestrator inbox watch` or open the VS Code sidebar to decide there)'
        : ' before the wait ended';
      return { decision: fallback, reason: formatReason(c.rule, `${c.reason} — ${NO_HUMAN}${detail}`), decidedBy: outcome.why };
    }
  }
}
