/**
 * The gate for run_with_error_capture: the command is judged by the same classifier the PreToolUse
 * hook uses, as if Claude had made a Bash tool call with it.
 */
import { classify } from '../policy/index.js';
import type { ClassifyContext, Decision } from '../policy/types.js';
import { redact } from '../redact.js';
import { ExecError } from './types.js';

export interface Gate {
  /** deny: refuse; ask: run only after a human approves; allow: run; none: no rule has an opinion. */
  decision: Decision;
  rule: string | null;
  /** Human reason, redacted. */
  reason: string;
}

/**
 * Classify a command as a Bash tool call. Build `ctx` with the directory the command will run in
 * (`buildContext({ ...processFacts(), cwd })`), since rules judge paths against it.
 *
 * @example
 * await gateCommand('rm -rf ~', ctx) // → { decision: 'deny', rule: 'fs.rm.critical', reason: 'Recursively deletes …' }
 * await gateCommand('ls -la', ctx)   // → { decision: 'allow', rule: 'safe.read-only', reason: '…' }
 */
export async function gateCommand(command: string, ctx: ClassifyContext): Promise<Gate> {
  if (typeof command !== 'string' || !command.trim()) throw new ExecError('command: must be a non-empty string');
  const c = await classify({ tool_name: 'Bash', tool_input: { command } }, ctx);
  return { decision: c.decision, rule: c.rule, reason: redact(c.reason) };
}
