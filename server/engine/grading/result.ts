/**
 * Building blocks every grader shares: result constructors and the output-to-text rule.
 * Pure and dependency-free, so the hook-side tool-result grader can use them too.
 */
import type { FailureType, GraderResult } from './types.js';

/** Extra fields a result may carry. */
export interface ResultExtras {
  metadata?: Record<string, unknown>;
  weight?: number;
  threshold?: number;
}

/**
 * A passing result (score 1 unless given).
 *
 * @example
 * pass('NonEmptyCheck', 'Output is not empty') // → { name, passed: true, score: 1, reason }
 */
export function pass(name: string, reason: string, extras: ResultExtras & { score?: number } = {}): GraderResult {
  const { score = 1, ...rest } = extras;
  return { name, passed: true, score: clamp01(score), reason, ...rest };
}

/**
 * A failing result (score 0 unless given) that names what its failure means.
 *
 * @example
 * fail('LengthCheck', 'Too short: 3 < 10', 'length_violation', { metadata: { length: 3 } })
 */
export function fail(name: string, reason: string, failureType: FailureType, extras: ResultExtras & { score?: number } = {}): GraderResult {
  const { score = 0, ...rest } = extras;
  return { name, passed: false, score: clamp01(score), reason, failureType, ...rest };
}

/**
 * A result for a grader that could not run. It never counts in a pipeline and never fails work.
 *
 * @example
 * skip('RelevanceGrader', 'skipped: no provider') // → { passed: true, skipped: true, score: 0, … }
 */
export function skip(name: string, reason: string, extras: ResultExtras = {}): GraderResult {
  return { name, passed: true, skipped: true, score: 0, reason, ...extras };
}

/**
 * A failed result for a grader that broke (threw, timed out): `metadata.error` marks it, so a
 * negation never turns a broken check into a pass.
 *
 * @example
 * errored('RegexCheck', new Error('boom')) // → { passed: false, reason: 'Grader error: boom', … }
 */
export function errored(name: string, err: unknown, extras: ResultExtras = {}): GraderResult {
  const message = errorMessage(err);
  return {
    name,
    passed: false,
    score: 0,
    reason: `Grader error: ${message}`,
    failureType: 'evaluation_failed',
    ...extras,
    metadata: { ...extras.metadata, error: message },
  };
}

/**
 * True for results produced by {@link errored} (or any result whose metadata carries an error).
 *
 * @example
 * isErrorResult(errored('x', new Error('boom'))) // → true
 */
export function isErrorResult(r: GraderResult): boolean {
  return r.metadata !== undefined && r.metadata['error'] !== undefined;
}

/**
 * Clamps to [0, 1]; NaN becomes 0.
 *
 * @example
 * clamp01(1.4) // → 1
 */
export function clamp01(n: number): number {
  if (Number.isNaN(n)) return 0;
  return Math.min(1, Math.max(0, n));
}

/**
 * The text a text-based grader looks at: strings as they are, null/undefined as '', Buffers decoded,
 * everything else as JSON (so an object is not "[object Object]").
 *
 * @example
 * toText({ a: 1 }) // → '{"a":1}'
 */
export function toText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (output === null || output === undefined) return '';
  if (output instanceof Uint8Array) return new TextDecoder().decode(output);
  if (typeof output === 'object') {
    try {
      return JSON.stringify(output) ?? String(output);
    } catch {
      return String(output);
    }
  }
  return String(output);
}

/**
 * A message for anything thrown.
 *
 * @example
 * errorMessage(new Error('x')) // → 'x'
 */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  // An error from another realm (node:vm) is not `instanceof Error` here.
  if (err !== null && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') return (err as { message: string }).message;
  return typeof err === 'string' ? err : toText(err);
}

/**
 * Shortens to `max` characters with an ellipsis, for reasons and excerpts.
 *
 * @example
 * truncate('abcdef', 4) // → 'abc…'
 */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * A value quoted for a reason line, shortened.
 *
 * @example
 * quote('hello') // → '"hello"'
 */
export function quote(value: string, max = 60): string {
  return JSON.stringify(truncate(value, max));
}
