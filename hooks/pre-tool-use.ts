/**
 * PreToolUse: classify the tool call and answer with Claude Code's permission decision.
 * `none` (no opinion) prints nothing, so the user's own permission mode applies.
 */
import type { Classification, ClassifyContext, ToolCall } from '../server/engine/policy/types.js';
import { preToolUseOutput, type PreToolUseInput, type PreToolUseOutput } from './protocol.js';

export interface PreToolUseDeps {
  classify: (call: ToolCall, ctx: ClassifyContext) => Promise<Classification>;
  /** The context for a call made in `cwd` (hook stdin), with the policy in force. */
  context: (cwd: string | undefined) => Promise<ClassifyContext>;
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
  const result = await deps.classify({ tool_name: input.tool_name, tool_input: input.tool_input }, ctx);
  if (result.decision === 'none') return { output: null, notes };
  return { output: preToolUseOutput(result.decision, result.rule, result.reason), notes };
}
