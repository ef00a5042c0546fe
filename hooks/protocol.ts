/**
 * The hook's messages with Claude Code, without zod (the hot path): the stdout shapes and a quick
 * acceptance check for PreToolUse input. The schema in input-schema.ts remains the definition;
 * `quickPreToolUse` accepts only inputs that schema accepts (pinned by test/integration/hook-process.test.ts),
 * because loading zod costs more than the rest of a typical decision.
 */
import type { PreToolUseInput } from './input-schema.js';

export type { PreToolUseInput } from './input-schema.js';

/** The optional string fields of PreToolUseInputSchema. */
const OPTIONAL_STRINGS = ['session_id', 'transcript_path', 'cwd', 'permission_mode', 'tool_use_id'] as const;

/** The input typed as PreToolUse when it certainly matches PreToolUseInputSchema; otherwise null. */
export function quickPreToolUse(json: unknown): PreToolUseInput | null {
  if (!isPlainObject(json)) return null;
  if (json.hook_event_name !== 'PreToolUse') return null;
  if (typeof json.tool_name !== 'string' || json.tool_name === '') return null;
  if (!isPlainObject(json.tool_input)) return null;
  for (const key of OPTIONAL_STRINGS) {
    if (json[key] !== undefined && typeof json[key] !== 'string') return null;
  }
  return json as PreToolUseInput;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export type PermissionDecision = 'allow' | 'deny' | 'ask';

/** PreToolUse stdout: exit 0 with this object. Precedence across hooks: deny > ask > allow. */
export interface PreToolUseOutput {
  hookSpecificOutput: {
    hookEventName: 'PreToolUse';
    permissionDecision: PermissionDecision;
    permissionDecisionReason: string;
  };
}

/** Claude Code caps hook output strings at 10,000 characters. */
export const REASON_LIMIT = 10_000;

/** `[rule] reason`, cut to Claude Code's limit. */
export function formatReason(rule: string | null, reason: string): string {
  const text = rule ? `[${rule}] ${reason}` : reason;
  return text.length <= REASON_LIMIT ? text : `${text.slice(0, REASON_LIMIT - 1)}…`;
}

export function preToolUseOutput(decision: PermissionDecision, rule: string | null, reason: string): PreToolUseOutput {
  return {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: decision,
      permissionDecisionReason: formatReason(rule, reason),
    },
  };
}
