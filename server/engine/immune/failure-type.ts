/** Which kind of failure a set of grader results describes. */
import type { FailureType, GraderResult } from '../grading/types.js';

/**
 * Grader names that imply a failure type, tried in order. "schema" comes before "json", so a JSON-schema
 * grader's failure is a schema violation, not invalid JSON.
 */
const BY_NAME: ReadonlyArray<readonly [RegExp, FailureType]> = [
  [/schema/i, 'schema_violation'],
  [/json/i, 'json_invalid'],
  [/regex|pattern|equals|contains|starts?with|ends?with/i, 'pattern_mismatch'],
  [/length/i, 'length_violation'],
  [/empty|non-?blank/i, 'empty_response'],
  [/halluc/i, 'hallucination'],
  [/contradict/i, 'contradiction'],
  [/cost|budget/i, 'cost_exceeded'],
  [/latency|duration|timeout/i, 'latency_exceeded'],
];

/**
 * The failure type of a failed grading: the first failing, non-skipped result that names one; else the
 * first failing result whose grader name implies one; else `evaluation_failed`.
 *
 * @example
 * failureTypeFromResults([{ name: 'JSONSchemaCheck', passed: false, score: 0, reason: 'missing "id"' }]) // → 'schema_violation'
 */
export function failureTypeFromResults(results: readonly GraderResult[]): FailureType {
  const failing = results.filter((r) => !r.passed && !r.skipped);
  const typed = failing.find((r) => r.failureType !== undefined);
  if (typed?.failureType) return typed.failureType;
  for (const r of failing) {
    for (const [re, type] of BY_NAME) if (re.test(r.name)) return type;
  }
  return 'evaluation_failed';
}
