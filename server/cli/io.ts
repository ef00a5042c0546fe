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
  /** The environment (TASK_ORCHESTRATOR_HOME, CLAUDECODE, …). */
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  cwd: string;
  now: () => number;
}

/** Prints the policy loader's problems once, on stderr. */
export function reportPolicyErrors(ctx: ClassifyContext, io: CliIO): void {
  for (const e of ctx.policy.errors) io.err(`task-orchestrator: policy file ${e.file}: ${e.message}\n`);
}

/** A command failed for a reason the user can act on: the message is printed, the exit status is `code`. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}
