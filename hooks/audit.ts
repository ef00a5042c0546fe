/** The audit event the hook journals for every PreToolUse decision (docs/store.md). Pure. */
import type { Classification, ClassifyContext } from '../server/engine/policy/types.js';
import { clip, SUMMARY_LIMIT } from '../server/engine/runtime/summary.js';
import type { JournalEvent } from '../server/engine/store/journal.js';
import type { HookAnswer } from './approval-answer.js';

export interface AuditInput {
  id: string;
  ts: number;
  session: string;
  ctx: Pick<ClassifyContext, 'projectDir' | 'cwd'>;
  tool: string;
  /** Already redacted and bounded (runtime/summary.ts). */
  summary: string;
  /** The classifier's result: its category and rule are recorded as they were. */
  result: Classification;
  /** What the hook answered (null: no opinion). For an approval, who decided it. */
  answer: HookAnswer | null;
}

/**
 * One `audit` event: the decision the hook answered, the classifier's category and rule, and who
 * decided — `rule:<classifier rule>` for a classification, `rule:<always-rule id>`, `human:<surface>`,
 * `timeout` or `no-surface` for an approval, null when nobody had an opinion.
 */
export function auditEvent(a: AuditInput): JournalEvent {
  return {
    type: 'audit', id: a.id, ts: a.ts, session: a.session, project: a.ctx.projectDir, cwd: a.ctx.cwd, tool: a.tool,
    decision: a.answer?.decision ?? 'none', category: a.result.category, rule: a.result.rule,
    reason: clip(a.answer?.reason ?? a.result.reason, SUMMARY_LIMIT), summary: a.summary, // appendJournal redacts
    decidedBy: a.answer?.decidedBy || null,
  };
}
