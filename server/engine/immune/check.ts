/**
 * What the hooks say: `checkPrompt` before a prompt or a spawned agent runs (UserPromptSubmit, the Task
 * tool), `sessionBriefing` when a session starts. Compact text for Claude Code's additionalContext,
 * deterministic for the same memory, request and time.
 */
import { redact } from '../redact.js';
import { shouldPrune } from './decay.js';
import { ago, clip, fixed } from './format.js';
import { guardrailsFor } from './guardrails.js';
import type { PatternIndex } from './matcher.js';
import { patternRank } from './risk.js';
import type { FailurePattern, ImmuneCheck } from './types.js';

/** Matches with a lower risk do not warn (tuned on test/unit/immune/repeat-failures.test.ts). */
export const DEFAULT_RISK_THRESHOLD = 0.25;
export const DEFAULT_CHECK_LIMIT = 5;
export const MAX_CONTEXT_CHARS = 1500;
/** A pattern seen once is in the session briefing while it is this recent. */
export const BRIEFING_RECENT_MS = 24 * 3_600_000;
const REASON_CHARS = 120;
const HEADER = 'Task Orchestrator immune memory:';

export interface CheckOptions {
  operation?: string;
  project?: string;
  now: number;
  threshold?: number;
  limit?: number;
}

/**
 * One line about a pattern: `- test_failure ×3 (last 2 h ago) on Bash:npm test: "3 tests failed …"`.
 *
 * @example
 * patternLine(p, now) // → '- json_invalid ×1 (last 5 min ago) on Write: "invalid JSON: Unexpected token"'
 */
export function patternLine(p: FailurePattern, now: number): string {
  const what = redact(p.lastReason || p.outputSummary || p.inputSummary);
  return `- ${p.failureType} ×${p.count} (last ${ago(p.lastSeen, now)}) on ${p.operation}: ${JSON.stringify(clip(what, REASON_CHARS))}`;
}

/** The text with the most of `lines` (in order) that fits `max`, a "… more" line for the rest; clipped if even one does not fit. */
function fitted(lead: string, lines: string[], guardrails: (shown: number) => string[], max: number): string {
  for (let shown = lines.length; shown >= 1; shown--) {
    const more = lines.length - shown;
    const text = [lead, ...lines.slice(0, shown), ...(more > 0 ? [`- … and ${more} more`] : []), ...guardrails(shown)].join('\n');
    if (text.length <= max || shown === 1) return clip(text, max);
  }
  return '';
}

/**
 * Checks a request against the immune memory: the matches whose risk reaches `threshold` (0.25) among
 * those of similarity ≥ DEFAULT_MIN_SIMILARITY (0.3), at most `limit` (5); one guardrail per distinct
 * failure type, ordered by risk then type name; and the text for additionalContext ('' when nothing
 * matched), at most 1,500 characters.
 *
 * @example
 * checkPrompt(index, 'run the auth tests and fix the login case', { project: '/p', now: Date.now() }).context
 * // → 'Task Orchestrator immune memory: this request resembles 1 past failure(s) in this project:\n- test_failure ×3 …'
 */
export function checkPrompt(index: PatternIndex, prompt: string, opts: CheckOptions): ImmuneCheck {
  const threshold = opts.threshold ?? DEFAULT_RISK_THRESHOLD;
  const limit = opts.limit ?? DEFAULT_CHECK_LIMIT;
  const matches = index
    .query(prompt, { operation: opts.operation, project: opts.project, now: opts.now, limit })
    .filter((m) => m.risk >= threshold);
  if (matches.length === 0) return { risk: 0, matches: [], guardrails: [], context: '' };
  const where = opts.project !== undefined ? ' in this project' : '';
  const lead = `${HEADER} this request resembles ${matches.length} past failure(s)${where}:`;
  const lines = matches.map((m) => `${patternLine(m.pattern, opts.now)} (similarity ${fixed(m.similarity)})`);
  const context = fitted(lead, lines, (shown) => guardrailsFor(matches.slice(0, shown)), MAX_CONTEXT_CHARS);
  return { risk: matches[0]?.risk ?? 0, matches, guardrails: guardrailsFor(matches), context };
}

/**
 * The SessionStart briefing: the project's (or project-less) most relevant failures that recurred (count ≥ 2) or happened in
 * the last 24 h, ranked by decayed relevance × count, at most `limit` (5); '' when there are none.
 *
 * @example
 * sessionBriefing(patterns, { project: '/p', now: Date.now() })
 * // → 'Task Orchestrator immune memory: recent or recurring failures in this project:\n- test_failure ×3 (last 2 h ago) on Bash:npm test: "…"\n…'
 */
export function sessionBriefing(patterns: readonly FailurePattern[], opts: { project: string; now: number; limit?: number }): string {
  const chosen = patterns
    .filter((p) => (p.project === opts.project || p.project === '') && !shouldPrune(p, opts.now) && (p.count >= 2 || opts.now - p.lastSeen <= BRIEFING_RECENT_MS))
    .map((p) => ({ p, rank: patternRank(p, opts.now) }))
    .sort((a, b) => b.rank - a.rank || b.p.lastSeen - a.p.lastSeen || (a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0))
    .slice(0, opts.limit ?? 5)
    .map((x) => x.p);
  if (chosen.length === 0) return '';
  const lead = `${HEADER} recent or recurring failures in this project:`;
  const closing = 'Before repeating one of these operations, check what made it fail.';
  return fitted(lead, chosen.map((p) => patternLine(p, opts.now)), () => [closing], MAX_CONTEXT_CHARS);
}

