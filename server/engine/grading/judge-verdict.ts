/**
 * Reading a judge's answer: `{"score": number, "reasoning": string}`, tolerating a ```json fence or
 * words around the object, a numeric string for the score, and a score outside [0, 1] (clamped).
 */
import { z } from 'zod';
import { extractJsonText } from './json-text.js';
import { clamp01 } from './result.js';
import type { Verdict } from './judge-cache.js';

const NUMERIC = /^\s*-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\s*$/;

const VERDICT = z.object({
  score: z.union([z.number().finite(), z.string().regex(NUMERIC).transform(Number)]),
  reasoning: z.string().optional(),
});

export type VerdictParse = { ok: true; verdict: Verdict; clamped: boolean } | { ok: false; error: string };

/**
 * Parses a judge's reply.
 *
 * @example
 * parseVerdict('```json\n{"score": 0.8, "reasoning": "Mostly right."}\n```') // → { ok: true, verdict: { score: 0.8, reasoning: 'Mostly right.' }, clamped: false }
 * parseVerdict('{"score": 7}')   // → { ok: true, verdict: { score: 1, reasoning: 'No reasoning provided.' }, clamped: true }
 * parseVerdict('I think 0.8')    // → { ok: false, error: 'no JSON object' }
 */
export function parseVerdict(text: string): VerdictParse {
  const value = firstObject(text);
  if (value === undefined) return { ok: false, error: 'no JSON object' };
  const parsed = VERDICT.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'not a verdict' };
  }
  const raw = parsed.data.score;
  const score = clamp01(raw);
  const reasoning = parsed.data.reasoning?.trim() || 'No reasoning provided.';
  return { ok: true, verdict: { score, reasoning }, clamped: score !== raw };
}

/** The reply as a JSON object: whole, inside a fence, or the outermost {…} within other words. */
function firstObject(text: string): unknown {
  const candidates = [extractJsonText(text)];
  const open = text.indexOf('{');
  const close = text.lastIndexOf('}');
  if (open !== -1 && close > open) candidates.push(text.slice(open, close + 1));
  for (const c of candidates) {
    try {
      const v: unknown = JSON.parse(c);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v;
    } catch {
      // try the next reading
    }
  }
  return undefined;
}
