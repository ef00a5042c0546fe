/**
 * The grading pipeline: run graders (concurrently where they are async), turn a grader that throws
 * into a failed result, and combine the results into one verdict.
 *
 * The pass rule:
 * - Skipped results never count: not in the score, not in the threshold, not as failures.
 * - score = weighted mean of the counted scores (weights from the results, else the graders; 1 when
 *   nothing counts or every weight is 0).
 * - threshold = `opts.threshold`, else the weighted mean of the counted graders' own pass thresholds:
 *   1.0 for a code-only pipeline, lower when judges (0.7) or similarity checks take part. With this
 *   default, "every grader passed" implies "score ≥ threshold", so a passing judge at 0.8 never fails
 *   a pipeline whose bar it met.
 * - passed = every counted grader passed AND score ≥ threshold. With `requireAll: false` the score
 *   alone decides (promptfoo's test-level threshold: some assertions may fail if the weighted score
 *   still reaches the threshold).
 * - failureType = the first failing counted result's failureType, else 'evaluation_failed'; null when passed.
 */
import { clamp01, errored } from './result.js';
import type { GradeContext, GradeSummary, Grader, GraderResult } from './types.js';

export interface PipelineOptions {
  /** The weighted score needed to pass, in [0, 1]. Default: see the module comment. */
  threshold?: number;
  /** Default true: every non-skipped grader must also pass. */
  requireAll?: boolean;
}

/** Float sums of the same terms in another order may differ in the last bit. */
const EPSILON = 1e-9;

/**
 * Runs every grader on the output and combines the results (see the module comment for the rule).
 * Never rejects because of a grader: a throw or rejection becomes a failed "Grader error: …" result.
 * Rejects only for an invalid `threshold` (a programming error).
 *
 * @example
 * const summary = await runGraders([nonEmpty(), jsonValid({ weight: 2 })], '{"a":1}', {});
 * // → { passed: true, score: 1, threshold: 1, failureType: null, results: [ … ] }
 */
export async function runGraders(graders: readonly Grader[], output: unknown, ctx: GradeContext = {}, opts: PipelineOptions = {}): Promise<GradeSummary> {
  if (opts.threshold !== undefined && !(opts.threshold >= 0 && opts.threshold <= 1)) {
    throw new RangeError(`runGraders: threshold must be a number in [0, 1], got ${opts.threshold}`);
  }
  const results = await Promise.all(graders.map((g) => runOne(g, output, ctx)));
  return summarise(results, opts);
}

async function runOne(g: Grader, output: unknown, ctx: GradeContext): Promise<GraderResult> {
  const weight = Number.isFinite(g.weight) && g.weight >= 0 ? g.weight : 1;
  try {
    const r = await g.grade(output, ctx);
    if (r === null || typeof r !== 'object') return errored(g.name, new Error('grader returned no result'), { weight });
    const threshold = r.threshold ?? (g as { threshold?: number }).threshold ?? 1;
    return { ...r, name: r.name || g.name, score: clamp01(r.score), weight: r.weight ?? weight, threshold: clamp01(threshold) };
  } catch (err) {
    return errored(g.name, err, { weight });
  }
}

/**
 * Combines results already computed (the rule in the module comment).
 *
 * @example
 * summarise([{ name: 'a', passed: true, score: 1, reason: '' }, { name: 'b', passed: false, score: 0, reason: '', failureType: 'json_invalid' }])
 * // → { passed: false, score: 0.5, threshold: 1, failureType: 'json_invalid', results: [ … ] }
 */
export function summarise(results: GraderResult[], opts: PipelineOptions = {}): GradeSummary {
  const counted = results.filter((r) => !r.skipped);
  const totalWeight = counted.reduce((sum, r) => sum + (r.weight ?? 1), 0);
  const weightedMean = (pick: (r: GraderResult) => number): number =>
    totalWeight > 0 ? counted.reduce((sum, r) => sum + (r.weight ?? 1) * pick(r), 0) / totalWeight : 1;
  const score = weightedMean((r) => r.score);
  const threshold = opts.threshold ?? weightedMean((r) => r.threshold ?? 1);
  const failing = counted.filter((r) => !r.passed);
  const requireAll = opts.requireAll ?? true;
  const passed = (!requireAll || failing.length === 0) && score >= threshold - EPSILON;
  const failureType = passed ? null : (failing.find((r) => r.failureType)?.failureType ?? 'evaluation_failed');
  return { passed, score, threshold, results, failureType };
}
