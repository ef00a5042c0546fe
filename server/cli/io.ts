/** What the commands need from the outside world; main.ts supplies the real process, tests their own. */
import type { Classification, ClassifyContext, ToolCall } from '../engine/policy/types.js';

export interface CliIO {
  out: (text: string) => void | Promise<void>;
  err: (text: string) => void;
  /** Lines of stdin (for `classify --batch`). */
  lines: () => AsyncIterable<string>;
  classify: (call: ToolCall, ctx: ClassifyContext) => Promise<Classification>;
  /** The context for a call made in `cwd` (default: the process's working directory). */
  context: (cwd?: string) => Promise<ClassifyContext>;
}

/** Prints the policy loader's problems once, on stderr. */
export function reportPolicyErrors(ctx: ClassifyContext, io: CliIO): void {
  for (const e of ctx.policy.errors) io.err(`task-orchestrator: policy file ${e.file}: ${e.message}\n`);
}
