/**
 * PreToolUse: classify the tool call and answer with Claude Code's permission decision. A
 * REQUIRES_APPROVAL call goes through the inbox first (approval.ts); every call leaves one audit event in
 * the journal. `none` (no opinion) prints nothing, so the user's own permission mode applies.
 */
import { cappedReason, SESSION_CAP_RULE, sessionCap } from '../server/engine/cost/session-cap.js';
import type { Classification, ClassifyContext, ToolCall } from '../server/engine/policy/types.js';
import { redactedInput, summarize } from '../server/engine/runtime/summary.js';
import { approvalAnswer, type HookAnswer } from './approval-answer.js';
import { requestApproval } from './approval.js';
import { auditEvent } from './audit.js';
import { approvalWaitMs, DEADLINE_MARGIN_MS } from './deadline.js';
import type { HookStore } from './hook-store.js';
import { formatReason, preToolUseOutput, type PreToolUseInput, type PreToolUseOutput } from './protocol.js';

export interface PreToolUseDeps {
  classify: (call: ToolCall, ctx: ClassifyContext) => Promise<Classification>;
  /** The context for a call made in `cwd` (hook stdin), with the policy in force. */
  context: (cwd: string | undefined) => Promise<ClassifyContext>;
  /** The state directory's hook-side files. Without it the hook only classifies (no audit, no inbox). */
  store?: (stateDir: string) => HookStore;
  /** Moves the process watchdog: the answer must be out within `ms` from now. */
  extendDeadline?: (ms: number) => void;
  /** Milliseconds since the hook process started. */
  elapsedMs?: () => number;
}

export interface PreToolUseResult {
  output: PreToolUseOutput | null;
  /** Diagnostics for stderr (policy file problems). */
  notes: string[];
}

/** Throws only if the engine does; the caller turns that into a deny. */
export async function preToolUse(input: PreToolUseInput, deps: PreToolUseDeps): Promise<PreToolUseResult> {
  const ctx = await deps.context(input.cwd);
  const notes = ctx.policy.errors.map((e) => `policy file ${e.file}: ${e.message}`);
  const call: ToolCall = { tool_name: input.tool_name, tool_input: input.tool_input };
  // A session over its spend cap: one existsSync when it is not (server/engine/cost/session-cap.ts).
  const capped = cappedReason(ctx.stateDir, input.session_id, () => sessionCap(process.env, ctx.policy.budget));
  const result = capped === null ? await deps.classify(call, ctx) : capRefusal(capped);
  const store = deps.store?.(ctx.stateDir);
  if (!store) return { output: result.decision === 'none' ? null : preToolUseOutput(result.decision, result.rule, result.reason), notes };

  const summary = summarize(call);
  const session = input.session_id ?? '';
  let answer: HookAnswer | null = classifierAnswer(result);
  if (result.decision === 'ask' && capped === null) {
    const outcome = await requestApproval(
      {
        tool: call.tool_name, summary, input: redactedInput(call), rule: result.rule ?? '', reason: result.reason,
        project: ctx.projectDir, session, waitMs: approvalWaitMs(ctx.policy.approvalWaitSeconds, deps.elapsedMs?.() ?? 0),
      },
      store,
      (ms) => deps.extendDeadline?.(ms + DEADLINE_MARGIN_MS),
    );
    answer = approvalAnswer(outcome, result, ctx.policy.approvalFallback);
  }
  store.append(auditEvent({ id: store.newId(), ts: store.now(), session, ctx, tool: call.tool_name, summary, result, answer }));
  await store.maybeFold();
  return { output: answer ? preToolUseOutput(answer.decision, null, answer.reason) : null, notes };
}

/** A capped session's refusal, shaped as a classification so that it is answered and audited like one. */
function capRefusal(reason: string): Classification {
  return { decision: 'deny', category: 'BLOCKED', rule: SESSION_CAP_RULE, reason, findings: [], trail: [] };
}

/** The classifier's own decision, as the hook answers it (null: no opinion). */
function classifierAnswer(c: Classification): HookAnswer | null {
  if (c.decision === 'none') return null;
  return { decision: c.decision, reason: formatReason(c.rule, c.reason), decidedBy: c.rule ? `rule:${c.rule}` : '' };
}
