// TEMPORARY STUB: the real classifier lands here; the signature is the contract.
import type { Classification, ClassifyContext, ToolCall } from './types.js';
export type * from './types.js';

/**
 * Classify one tool call. Pure apart from lazily loading the shell parser.
 * Never throws: an internal error yields a safe decision (see the hook's fail-safe note).
 */
export async function classify(call: ToolCall, _ctx: ClassifyContext): Promise<Classification> {
  const cmd = String((call.tool_input as { command?: unknown }).command ?? '');
  if (call.tool_name === 'Bash' && /rm\s+-rf\s+\/(\s|$)/.test(cmd)) {
    return { decision: 'deny', category: 'BLOCKED', rule: 'stub.rm-root', reason: 'stub', findings: [], trail: [] };
  }
  return { decision: 'none', category: null, rule: null, reason: 'no rule matched', findings: [], trail: [] };
}
