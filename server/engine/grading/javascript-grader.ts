/**
 * The javascript assertion: a predicate written by the user, run with node:vm in a fresh context
 * with a timeout. OFF unless the caller passes `allowJavascript: true`.
 *
 * NOT A SECURITY SANDBOX. node:vm separates globals, not privileges: code that wants to can reach
 * the host process. Enable it only for assertions you would run as a script yourself (your own
 * configuration), never for assertions that come from a model, a repository you have not reviewed,
 * or any other untrusted source. The output and context are passed in as JSON and rebuilt inside the
 * context, so the predicate never holds a host object, and a synchronous loop is cut off by the timeout.
 */
import { Script } from 'node:vm';
import { checkThreshold, defineGrader, type BuiltGrader, type GraderOptions } from './grader.js';
import { clamp01, errorMessage, fail, pass, toText, truncate } from './result.js';

export interface JavascriptOptions extends GraderOptions {
  /** Must be true: javascript assertions are off by default. */
  allowJavascript?: boolean;
  /** Milliseconds the predicate may run (default 100). */
  timeoutMs?: number;
  /** A numeric result passes at this score (default 0.5). */
  threshold?: number;
}

/** Thrown when a javascript assertion is built without `allowJavascript: true`. */
export class JavascriptDisabledError extends Error {
  constructor() {
    super('javascript assertions are disabled; pass allowJavascript: true to enable them (they run code, see javascript-grader.ts)');
    this.name = 'JavascriptDisabledError';
  }
}

/**
 * Builds the predicate from `source`: an expression (`output.includes('x')`) or, when it contains
 * `return`, a function body. It sees `output` (the output's text, or the output itself when it is a
 * JSON value that is not a string) and `context` (the GradeContext), and returns a boolean, a score in
 * [0, 1], or `{ pass, score?, reason? }`.
 *
 * @example
 * const g = javascriptAssertion('output.split(" ").length <= 5', { allowJavascript: true });
 * g.grade('short answer', {}) // → { passed: true, reason: 'javascript assertion returned true', … }
 */
export function javascriptAssertion(source: string, opts: JavascriptOptions = {}): BuiltGrader {
  if (opts.allowJavascript !== true) throw new JavascriptDisabledError();
  const timeout = opts.timeoutMs ?? 100;
  if (!Number.isFinite(timeout) || timeout <= 0) throw new RangeError(`javascript: timeoutMs must be a positive number, got ${timeout}`);
  const threshold = checkThreshold(opts.threshold ?? 0.5, opts.name ?? 'javascript');
  const body = /\breturn\b/.test(source) ? source : `return (${source});`;
  // Compiled once, here: a syntax error is a construction error, not a failed grade.
  let script: Script;
  try {
    script = new Script(`(function (output, context) {\n${body}\n})(JSON.parse(__output), JSON.parse(__context))`);
  } catch (err) {
    throw new SyntaxError(`javascript: the assertion does not compile: ${errorMessage(err)}`);
  }

  return defineGrader('javascript', opts, (output, ctx, name) => {
    let value: unknown;
    try {
      const isText = typeof output === 'string' || output === undefined || output instanceof Uint8Array;
      const sandbox = { __output: JSON.stringify(isText ? toText(output) : output) ?? '""', __context: JSON.stringify(ctx) ?? '{}' };
      value = script.runInNewContext(sandbox, { timeout, microtaskMode: 'afterEvaluate', displayErrors: false });
    } catch (err) {
      return fail(name, `javascript assertion threw: ${truncate(errorMessage(err), 160)}`, 'evaluation_failed', { metadata: { error: errorMessage(err) } });
    }
    return interpret(value, name, threshold);
  }, threshold);
}

function interpret(value: unknown, name: string, threshold: number) {
  if (typeof value === 'boolean') {
    return value ? pass(name, 'javascript assertion returned true') : fail(name, 'javascript assertion returned false', 'pattern_mismatch');
  }
  if (typeof value === 'number' && !Number.isNaN(value)) {
    const score = clamp01(value);
    const reason = `javascript assertion scored ${score.toFixed(2)} (threshold ${threshold.toFixed(2)})`;
    return score >= threshold ? pass(name, reason, { score }) : fail(name, reason, 'pattern_mismatch', { score });
  }
  if (value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function') {
    const message = 'javascript assertion must return synchronously (it returned a promise)';
    return fail(name, message, 'evaluation_failed', { metadata: { error: message } });
  }
  if (value !== null && typeof value === 'object' && typeof (value as { pass?: unknown }).pass === 'boolean') {
    const r = value as { pass: boolean; score?: unknown; reason?: unknown };
    const score = typeof r.score === 'number' ? clamp01(r.score) : r.pass ? 1 : 0;
    const reason = typeof r.reason === 'string' && r.reason ? truncate(r.reason, 200) : `javascript assertion returned pass: ${r.pass}`;
    return r.pass ? pass(name, reason, { score, threshold: Math.min(threshold, score) }) : fail(name, reason, 'pattern_mismatch', { score });
  }
  const message = `javascript assertion returned ${value === null ? 'null' : typeof value}; expected a boolean, a number or { pass }`;
  return fail(name, message, 'evaluation_failed', { metadata: { error: message } });
}
