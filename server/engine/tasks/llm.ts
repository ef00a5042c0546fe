/**
 * How the task features talk to a model: the caller passes `generate` (its provider call with budgets
 * and breakers around it), and answers that should be JSON are parsed without trusting them.
 */
import type { LLMRequest, LLMResponse, LLMUsage } from '../providers/types.js';

/** A provider call as the caller wraps it; usage is reported only if the provider reported it. */
export type Generate = (req: LLMRequest) => Promise<Pick<LLMResponse, 'text'> & Partial<Pick<LLMResponse, 'usage' | 'model' | 'provider'>>>;

/** What an LLM-made result says about the call that made it. Usage is the provider's own figure or null, never an estimate. */
export interface LlmCall {
  provider: string | null;
  model: string | null;
  usage: LLMUsage | null;
}

/**
 * The call facts from a response.
 * @example callOf(await generate(req)).usage?.outputTokens
 */
export function callOf(r: Partial<Pick<LLMResponse, 'usage' | 'model' | 'provider'>>): LlmCall {
  return { provider: r.provider ?? null, model: r.model ?? null, usage: r.usage ?? null };
}

/**
 * The JSON object in a model's answer (bare, or in a ```json fence, or the outermost {…}), or an error.
 * @example parseJsonObject('```json\n{"a":1}\n```') // { ok: true, value: { a: 1 } }
 */
export function parseJsonObject(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text)?.[1];
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  const trimmed = text.trim();
  const candidates = [/^[[{]/.test(trimmed) ? trimmed : undefined, fenced?.trim(), first >= 0 && last > first ? text.slice(first, last + 1) : undefined];
  let error = 'no JSON object in the answer';
  for (const c of candidates) {
    if (!c) continue;
    try {
      const v: unknown = JSON.parse(c);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) return { ok: true, value: v as Record<string, unknown> };
      error = 'the answer is JSON but not an object';
    } catch (err) {
      error = `invalid JSON: ${(err as Error).message}`;
    }
  }
  return { ok: false, error };
}

/**
 * The message of whatever a generate call threw, one line.
 * @example errorText(new Error('budget\nreached')) // 'budget reached'
 */
export function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 300);
}
