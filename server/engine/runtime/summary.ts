/**
 * What the audit log and the inbox show of a tool call: one line a human can judge at a glance, with
 * secrets redacted and the length bounded. Pure; the hook builds these on every call.
 */
import { redact } from '../redact.js';
import type { ToolCall } from '../policy/types.js';

/** Summaries are cut to this many characters (2 KB): enough to judge a command, small in the journal. */
export const SUMMARY_LIMIT = 2048;
/** The redacted input JSON stored with an approval request. */
export const INPUT_LIMIT = 8192;
/** How much of an MCP tool's input its summary shows after the tool name. */
const MCP_INPUT_LIMIT = 300;

const PATH_KEYS = ['file_path', 'notebook_path', 'path'] as const;

/**
 * The summary of a call: for Bash the command; for file tools the path; for other tools (MCP included)
 * the tool name and a short JSON of the input.
 *
 * @example
 * summarize({ tool_name: 'Bash', tool_input: { command: 'npm publish --otp 123456' } }) // 'npm publish --otp 123456'
 * summarize({ tool_name: 'mcp__mail__send', tool_input: { to: 'a@b.c' } })        // 'mcp__mail__send {"to":"a@b.c"}'
 */
export function summarize(call: ToolCall): string {
  const input = call.tool_input ?? {};
  if (call.tool_name === 'Bash' && typeof input.command === 'string') return redactClipped(input.command, SUMMARY_LIMIT);
  for (const key of PATH_KEYS) {
    const value = input[key];
    if (typeof value === 'string' && value !== '') return redactClipped(value, SUMMARY_LIMIT);
  }
  const json = safeJson(input);
  return json === '{}' ? call.tool_name : clip(`${call.tool_name} ${redactClipped(json, MCP_INPUT_LIMIT)}`, SUMMARY_LIMIT);
}

/** The call's input as redacted JSON, bounded (for the inbox's detail view). */
export function redactedInput(call: ToolCall): string {
  return redactClipped(safeJson(call.tool_input ?? {}), INPUT_LIMIT);
}

/**
 * Redact, then clip: clipping first could cut a secret in half and hide it from `redact`. A huge input
 * (stdin may hold megabytes) is first cut to a few times the limit, so redaction stays cheap; what lies
 * past that would be clipped away anyway.
 */
function redactClipped(text: string, max: number): string {
  return clip(redact(text.length > 4 * max ? text.slice(0, 4 * max) : text), max);
}

/** `text` cut to `max` characters, marked with `…` when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '[unserialisable input]';
  }
}
