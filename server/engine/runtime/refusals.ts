/**
 * Decisions a surface makes itself when the engine cannot be asked: input it cannot read, or an engine
 * failure. Shared so the hook and the CLI use the same rule ids. Each is a `deny`: an unreadable tool call
 * cannot be known to be safe.
 */
import type { Classification } from '../policy/types.js';

export const REFUSAL_RULES = {
  /** The tool call could not be parsed or validated. */
  invalidInput: 'input.invalid',
  /** The input was past the size the surface reads. */
  tooLarge: 'input.too-large',
  /** The engine threw or never answered. */
  internalError: 'internal.error',
} as const;

export type RefusalRule = (typeof REFUSAL_RULES)[keyof typeof REFUSAL_RULES];

/** A deny that did not come from the classifier. */
export function refusal(rule: RefusalRule, reason: string): Classification {
  return { decision: 'deny', category: null, rule, reason, findings: [], trail: [] };
}

/** An error's message made safe for a one-line diagnostic: no control characters, bounded length. */
export function printableMessage(err: unknown, max = 300): string {
  const text = (err instanceof Error ? err.message : String(err)).replace(/[\u0000-\u001f\u007f-\u009f\ufffd]+/g, '?');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
