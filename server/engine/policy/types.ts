/**
 * Shared vocabulary of the policy engine. Every surface (hook, CLI, MCP server, extension)
 * speaks these types; nothing here does I/O.
 */

export type Category = 'SAFE' | 'REQUIRES_APPROVAL' | 'BLOCKED';

/** What Claude Code is told. `none` = no opinion: the user's own permission mode applies. */
export type Decision = 'allow' | 'ask' | 'deny' | 'none';

export const DECISION_OF: Record<Category, Exclude<Decision, 'none'>> = {
  SAFE: 'allow',
  REQUIRES_APPROVAL: 'ask',
  BLOCKED: 'deny',
};

/** Severity order used to combine findings: BLOCKED > REQUIRES_APPROVAL > SAFE. */
export const SEVERITY: Record<Category, number> = { SAFE: 0, REQUIRES_APPROVAL: 1, BLOCKED: 2 };

/** One tool call as Claude Code describes it in PreToolUse (`tool_name`, `tool_input`). */
export interface ToolCall {
  tool_name: string;
  tool_input: Record<string, unknown>;
}

/** A rule that fired: the unit of explanation. */
export interface Finding {
  rule: string; // stable id, e.g. "git.push.force-protected"
  category: Category;
  reason: string; // human sentence; for refusals, suggests the safe alternative
  /** The part of the input the rule looked at (a shell segment, a path, an MCP tool name). */
  subject?: string;
}

/** One step of the explain trail: what the classifier saw and did. */
export interface TraceStep {
  step: string; // e.g. "parse", "unwrap", "segment", "rule", "policy"
  detail: string;
}

export interface Classification {
  decision: Decision;
  category: Category | null; // null with decision "none"
  rule: string | null;
  reason: string;
  findings: Finding[]; // every finding, most severe first
  trail: TraceStep[];
}

/** A user- or project-defined rule (plain data from policy.json). */
export interface CustomRule {
  id: string;
  category: Category;
  reason: string;
  /** Tool-name pattern (glob, `*` wildcard); default: "Bash". */
  tool?: string;
  /** For Bash: command name (basename, after unwrapping sudo/env/…); e.g. "terraform". */
  command?: string;
  /** For Bash: regex (JS syntax, case-insensitive) tested against the normalised segment "cmd arg1 arg2…". */
  pattern?: string;
  /** For file tools: glob tested against the resolved path. */
  path?: string;
}

export type ApprovalFallback = 'ask' | 'deny';

/** The merged, validated policy in force (built-in defaults + user file + project file). */
export interface Policy {
  /** SAFE decisions become `allow`; false turns auto-allow off (SAFE → none). */
  autoAllowSafe: boolean;
  /** Branches where a force push or deletion is BLOCKED (others: REQUIRES_APPROVAL). */
  protectedBranches: string[];
  /** Extra globs treated like secrets (reading is BLOCKED). */
  protectedPaths: string[];
  /** Built-in rule ids switched off. */
  disabledRules: string[];
  /** Built-in rule ids re-categorised, e.g. {"git.reset.hard": "BLOCKED"}. */
  overrides: Record<string, Category>;
  /** Custom rules, evaluated before the built-in packs; project rules after user rules. */
  rules: CustomRule[];
  /** How long a REQUIRES_APPROVAL call waits for a human in a live inbox surface (0–600, default 45). */
  approvalWaitSeconds: number;
  /** What the hook answers when no human decided in time: "ask" (Claude Code's own prompt) or "deny". */
  approvalFallback: ApprovalFallback;
  /** PostToolUse: how a failed grade reaches Claude — "block" (the reason beside the tool result), "context" (additionalContext), "off". */
  gradeFeedback: GradeFeedback;
  /** JSON Schemas for JSON files Claude writes: a written file matching `glob` is validated against `schema` (a file path). */
  gradingSchemas: Array<{ glob: string; schema: string }>;
  /** Immune warnings before prompts (UserPromptSubmit) and at session start; `threshold` overrides the matcher's default. */
  immune: { enabled: boolean; threshold: number | null; sessionBriefing: boolean };
  /** Alerting settings from the user policy (validated by the alerting module; a project policy cannot set them). */
  alerting: Record<string, unknown> | null;
  /** `budget.sessionUsd`: Claude Code's own spend per session, in USD (null: no cap), and the file that set it. */
  budget?: { sessionUsd: number | null; source: string | null };
  /** Problems met while loading policy files (each: file, path, message). Never thrown. */
  errors: PolicyError[];
  /** Files that were loaded, for explain/doctor. */
  sources: string[];
}

export type GradeFeedback = 'block' | 'context' | 'off';

export interface PolicyError {
  file: string;
  message: string; // "rules[0].category: expected one of SAFE|REQUIRES_APPROVAL|BLOCKED, got \"NOPE\""
}

/** Where the call happens. All I/O facts come in through here, so classification stays pure. */
export interface ClassifyContext {
  cwd: string; // absolute
  home: string; // absolute
  projectDir: string; // absolute; CLAUDE_PROJECT_DIR or cwd
  /** Directory of the orchestrator's own state (TASK_ORCHESTRATOR_HOME or ~/.task-orchestrator). */
  stateDir: string;
  tmpDirs: string[]; // e.g. ["/tmp", "/var/tmp", $TMPDIR]
  policy: Policy;
}
