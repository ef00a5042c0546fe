/**
 * How a grader is assembled from a function: a name, a validated weight and a pass threshold, stamped
 * on every result it returns.
 */
import type { GradeContext, Grader, GraderResult } from './types.js';

/** Options every grader factory takes. */
export interface GraderOptions {
  /** Overrides the grader's default name. */
  name?: string;
  /** Weight in a pipeline's score (default 1, must be ≥ 0). */
  weight?: number;
}

/** A grader built by this module's factories. */
export interface BuiltGrader extends Grader {
  /** The score this grader needs to pass (default 1). */
  readonly threshold: number;
}

/**
 * Wraps a grading function as a {@link Grader}, checking the weight once, here, and stamping the
 * weight and threshold on every result.
 *
 * @example
 * const g = defineGrader('Always', {}, () => ({ name: 'Always', passed: true, score: 1, reason: 'ok' }));
 * g.grade('x', {}) // → { name: 'Always', passed: true, score: 1, reason: 'ok', weight: 1, threshold: 1 }
 */
export function defineGrader(
  defaultName: string,
  opts: GraderOptions,
  grade: (output: unknown, ctx: GradeContext, name: string) => GraderResult | Promise<GraderResult>,
  threshold = 1,
): BuiltGrader {
  const name = opts.name ?? defaultName;
  const weight = checkWeight(opts.weight ?? 1, name);
  const stamp = (r: GraderResult): GraderResult => ({ ...r, weight: r.weight ?? weight, threshold: r.threshold ?? threshold });
  return {
    name,
    weight,
    threshold,
    grade(output, ctx) {
      const r = grade(output, ctx, name);
      return r instanceof Promise ? r.then(stamp) : stamp(r);
    },
  };
}

/**
 * A weight must be a finite number ≥ 0.
 *
 * @example
 * checkWeight(2, 'x') // → 2
 * checkWeight(-1, 'x') // throws RangeError: x: weight must be a finite number ≥ 0, got -1
 */
export function checkWeight(weight: number, name: string): number {
  if (!Number.isFinite(weight) || weight < 0) throw new RangeError(`${name}: weight must be a finite number ≥ 0, got ${weight}`);
  return weight;
}

/**
 * A score threshold must be in [0, 1].
 *
 * @example
 * checkThreshold(0.7, 'x') // → 0.7
 */
export function checkThreshold(threshold: number, name: string): number {
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new RangeError(`${name}: threshold must be a number in [0, 1], got ${threshold}`);
  }
  return threshold;
}
