/**
 * Negation: `not-<assertion>` passes exactly when the assertion fails. Graders here state facts in
 * their reasons ("Output contains "x""), so the inner reason stays true and explains the negated
 * verdict. A negated failure is a pattern_mismatch: the output matched what it must not.
 */
import { defineGrader, type BuiltGrader, type GraderOptions } from './grader.js';
import { isErrorResult } from './result.js';
import type { Grader, GraderResult } from './types.js';

/**
 * Inverts a grader. Scores are binary (1 when the negation passes, 0 when it fails). Skipped and
 * errored results are passed through unchanged: a check that could not run is not evidence either way.
 *
 * @example
 * await negate(icontains('password')).grade('no secrets here', {})
 * // → { name: 'not-icontains', passed: true, score: 1, reason: 'Output does not contain "password"' }
 */
export function negate(inner: Grader, opts: GraderOptions = {}): BuiltGrader {
  return defineGrader(`not-${inner.name}`, { weight: inner.weight, ...opts }, (output, ctx, name) => {
    const r = inner.grade(output, ctx);
    return r instanceof Promise ? r.then((x) => invert(x, name)) : invert(r, name);
  });
}

function invert(r: GraderResult, name: string): GraderResult {
  const { failureType: _innerType, threshold: _innerThreshold, weight: _innerWeight, ...rest } = r;
  if (r.skipped || isErrorResult(r)) return { ...rest, name, ...(r.failureType ? { failureType: r.failureType } : {}) };
  const base = { ...rest, name, reason: r.reason, metadata: { ...r.metadata, negated: true } };
  return r.passed ? { ...base, passed: false, score: 0, failureType: 'pattern_mismatch' } : { ...base, passed: true, score: 1 };
}
