/**
 * What every helper agent's answer is graded with: it is not empty, it was not cut off at the token
 * limit, it is JSON when JSON was asked for, plus the caller's own assertions and, when asked, a judge.
 * The judge is another model call, so it goes through the same budget and breaker (its provider is
 * guarded) and is skipped, not faked, when no provider is configured.
 */
import { defineGrader } from '../grading/grader.js';
import { jsonValid, nonEmpty } from '../grading/code-graders.js';
import { relevanceGrader } from '../grading/model-graders.js';
import { fail, pass } from '../grading/result.js';
import { type AssertionSpec, graderFromSpec } from '../grading/spec.js';
import type { Grader } from '../grading/types.js';
import type { LLMProvider } from '../providers/types.js';

/** Finish reasons that mean the model stopped at the token limit (Gemini, OpenAI). */
const CUT_OFF = new Set(['MAX_TOKENS', 'length']);

/** @example completion('MAX_TOKENS').grade('partial…', {}) // → failed, length_violation */
export function completion(finishReason: string | undefined): Grader {
  return defineGrader('Completion', {}, (_output, _ctx, name) =>
    finishReason && CUT_OFF.has(finishReason)
      ? fail(name, `the answer was cut off at the token limit (finish reason ${finishReason}); raise max_tokens or ask for less`, 'length_violation')
      : pass(name, finishReason ? `finished (${finishReason})` : 'finished'),
  );
}

export interface AgentGraderOptions {
  finishReason: string | undefined;
  json?: boolean;
  expect?: readonly AssertionSpec[];
  /** A guarded judge provider, or null when none is configured. Only used when `judge` is true. */
  judge?: LLMProvider | null;
  judgeModel?: string;
  useJudge?: boolean;
}

/**
 * Throws GraderSpecError for an invalid assertion (the caller reports it before any model call).
 * @example
 * agentGraders({ finishReason: 'STOP', expect: [{ type: 'icontains', value: 'paris' }] }) // → [NonEmpty, Completion, icontains]
 */
export function agentGraders(opts: AgentGraderOptions): Grader[] {
  const graders: Grader[] = [nonEmpty(), completion(opts.finishReason)];
  if (opts.json) graders.push(jsonValid());
  for (const spec of opts.expect ?? []) graders.push(graderFromSpec(spec, { provider: opts.judge ?? null, ...(opts.judgeModel ? { model: opts.judgeModel } : {}) }));
  if (opts.useJudge) graders.push(relevanceGrader({ provider: opts.judge ?? null, ...(opts.judgeModel ? { model: opts.judgeModel } : {}) }));
  return graders;
}

/** Validates assertions before anything is sent: the same construction, thrown away. */
export function checkAssertions(expect: readonly AssertionSpec[] | undefined): void {
  for (const spec of expect ?? []) graderFromSpec(spec, { provider: null });
}
