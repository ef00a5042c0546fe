/**
 * What grading produces and consumes, shared by the graders, the tool-result grader (PostToolUse), the
 * immune system and the store. Plain data only.
 */

/** The kinds of failure the immune system remembers (a pattern's `failureType`). */
export const FAILURE_TYPES = [
  'empty_response', // nothing (or only whitespace) came back
  'json_invalid', // output that should be JSON does not parse
  'schema_violation', // JSON that parses but breaks its schema
  'pattern_mismatch', // a regex / starts-with / equals / contains expectation failed
  'length_violation', // too short or too long
  'hallucination', // claims not backed by the output (a judge's verdict)
  'command_failed', // a shell command exited non-zero
  'test_failure', // a test runner reported failing tests
  'hidden_error', // exit 0, but the output holds an error (traceback, "Error:", "FAILED")
  'tool_error', // a non-shell tool (file, MCP) reported an error
  'interrupted', // the tool was interrupted or timed out
  'contradiction', // the response contradicts the request (a judge's verdict)
  'cost_exceeded', // cost above its bound
  'latency_exceeded', // latency above its bound
  'evaluation_failed', // a grader failed without a more precise type
] as const;
export type FailureType = (typeof FAILURE_TYPES)[number];

/** One grader's verdict. `score` is in [0, 1]. */
export interface GraderResult {
  name: string;
  passed: boolean;
  score: number;
  reason: string;
  /** How much this result counts in the weighted score (default 1). */
  weight?: number;
  /**
   * The score this grader needed to pass (default 1; e.g. a judge's passThreshold 0.7, a similarity
   * ratio 0.8). The pipeline's default threshold is the weighted mean of these.
   */
  threshold?: number;
  /** True when the grader could not run (e.g. "skipped: no provider"); skipped results never count. */
  skipped?: boolean;
  /** The failure type this grader's failure means (graders set it; the pipeline picks the first). */
  failureType?: FailureType;
  metadata?: Record<string, unknown>;
}

/** What a grader may know besides the output. */
export interface GradeContext {
  /** The request that produced the output (a prompt, a command). */
  prompt?: string;
  taskDescription?: string;
  expected?: string;
  costUsd?: number;
  latencyMs?: number;
  tool?: string;
}

export interface Grader {
  readonly name: string;
  /** Weight in the pipeline's score (default 1). */
  readonly weight: number;
  grade(output: unknown, ctx: GradeContext): GraderResult | Promise<GraderResult>;
}

/** A pipeline's combined verdict. */
export interface GradeSummary {
  passed: boolean;
  /** Weighted mean of the non-skipped scores (1 when every grader was skipped). */
  score: number;
  threshold: number;
  results: GraderResult[];
  /** The failure type of the first failing result that has one, else `evaluation_failed`; null when passed. */
  failureType: FailureType | null;
}

/** A Claude Code tool result, as PostToolUse / PostToolUseFailure deliver it (hook stdin, validated). */
export interface ToolResultEvent {
  event: 'PostToolUse' | 'PostToolUseFailure';
  toolName: string;
  toolInput: Record<string, unknown>;
  /** PostToolUse: `tool_response` (Bash: { stdout, stderr, interrupted, … }; MCP: content blocks; files: objects). */
  toolResponse?: unknown;
  /** PostToolUseFailure: `error` (e.g. "Exit code 2\nls: cannot access …"). */
  error?: string;
  isInterrupt?: boolean;
  durationMs?: number;
}

/** What grading one tool result yields: what the PostToolUse hook reports and the store records as a trial. */
export interface ToolResultGrade {
  tool: string;
  /**
   * What was done, coarse enough to group repeats: `Bash:<program> <subcommand>` (e.g. `Bash:npm test`,
   * `Bash:pytest`), the file tool's name, or the MCP tool's name.
   */
  operation: string;
  passed: boolean;
  score: number;
  failureType: FailureType | null;
  /** One line for Claude and the audit log, e.g. "3 tests failed (vitest): auth.test.ts > login". */
  reason: string;
  results: GraderResult[];
  /** The request, summarised (the command, the path, the MCP tool + input), at most 2 KB, not yet redacted. */
  input: string;
  /** The part of the output that shows the failure (or its start), at most 2 KB, not yet redacted. */
  output: string;
}
