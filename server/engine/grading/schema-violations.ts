/**
 * What a JSON Schema check reports, and how it reads in a reason line. Dependency-free, so the
 * hook-side grader can describe violations without loading ajv.
 */

/** One violation: where in the instance, and what is wrong. */
export interface SchemaViolation {
  /** JSON Pointer into the validated value ('' for the root). */
  instancePath: string;
  keyword: string;
  message: string;
}

export type SchemaCheck = { valid: true } | { valid: false; violations: SchemaViolation[] };

/** A compiled schema: call it on a value. */
export type SchemaValidator = (data: unknown) => SchemaCheck;

/**
 * One line naming each violation's place and message (the root is shown as "(root)").
 *
 * @example
 * describeViolations([{ instancePath: '/user/age', keyword: 'type', message: 'must be integer' }])
 * // → '/user/age: must be integer'
 */
export function describeViolations(violations: SchemaViolation[], max = 3): string {
  const shown = violations.slice(0, max).map((v) => `${v.instancePath || '(root)'}: ${v.message}`);
  const more = violations.length > max ? ` (+${violations.length - max} more)` : '';
  return shown.join('; ') + more;
}
