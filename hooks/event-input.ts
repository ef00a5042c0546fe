/**
 * Quick acceptance checks for the events other than PreToolUse (no zod: these run on every tool call
 * too). What they accept is what Claude Code sends (samples in test/fixtures/claude-code/); anything
 * else gets no output — these events grade and warn, they never decide whether a tool runs.
 */

interface Common {
  session_id?: string;
  cwd?: string;
  transcript_path?: string;
}

export interface PostToolUseInput extends Common {
  hook_event_name: 'PostToolUse' | 'PostToolUseFailure';
  tool_name: string;
  tool_input: Record<string, unknown>;
  tool_response?: unknown;
  error?: string;
  is_interrupt?: boolean;
  duration_ms?: number;
}

export interface PromptInput extends Common {
  hook_event_name: 'UserPromptSubmit';
  prompt: string;
}

export interface SessionStartInput extends Common {
  hook_event_name: 'SessionStart';
  source?: string;
}

export type OtherEventInput = PostToolUseInput | PromptInput | SessionStartInput;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optString = (v: unknown): boolean => v === undefined || typeof v === 'string';

/** The input typed by its event, or a one-line reason it is not one we handle. */
export function parseOtherEvent(json: unknown): OtherEventInput | string {
  if (!isObject(json)) return 'hook input is not a JSON object';
  for (const k of ['session_id', 'cwd', 'transcript_path'] as const) if (!optString(json[k])) return `${k}: expected a string`;
  switch (json.hook_event_name) {
    case 'PostToolUse':
    case 'PostToolUseFailure':
      if (typeof json.tool_name !== 'string' || json.tool_name === '') return 'tool_name: expected a non-empty string';
      if (!isObject(json.tool_input)) return 'tool_input: expected an object';
      if (!optString(json.error)) return 'error: expected a string';
      if (json.duration_ms !== undefined && typeof json.duration_ms !== 'number') return 'duration_ms: expected a number';
      return json as unknown as PostToolUseInput;
    case 'UserPromptSubmit':
      return typeof json.prompt === 'string' ? (json as unknown as PromptInput) : 'prompt: expected a string';
    case 'SessionStart':
      return optString(json.source) ? (json as unknown as SessionStartInput) : 'source: expected a string';
    default:
      return `event ${JSON.stringify(json.hook_event_name)} has no handler here`;
  }
}
