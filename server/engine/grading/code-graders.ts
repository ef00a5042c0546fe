/**
 * The original code graders: NonEmpty, JSONValid, JSONSchema, Regex, Length, Contains, NotContains,
 * with their names and semantics, each failure typed.
 */
import { checkThreshold, defineGrader, type BuiltGrader, type GraderOptions } from './grader.js';
import { compileSchema, describeViolations } from './json-schema.js';
import { parseJson, parseJsonOutput, extractJsonText } from './json-text.js';
import { fail, pass, quote, toText } from './result.js';

/**
 * Fails on null/undefined, a whitespace-only string, and anything of zero length (an empty array,
 * object, Map, Set or byte array).
 *
 * @example
 * await nonEmpty().grade('  ', {}) // → { passed: false, reason: 'Output is an empty string', failureType: 'empty_response', … }
 */
export function nonEmpty(opts: GraderOptions = {}): BuiltGrader {
  return defineGrader('NonEmptyCheck', opts, (output, _ctx, name) => {
    if (output === null || output === undefined) return fail(name, `Output is ${output === null ? 'null' : 'undefined'}`, 'empty_response');
    if (typeof output === 'string' && output.trim() === '') return fail(name, 'Output is an empty string', 'empty_response');
    if (sizeOf(output) === 0) return fail(name, 'Output has zero length', 'empty_response');
    return pass(name, 'Output is not empty');
  });
}

/** Elements, keys or bytes; undefined for values without a size (numbers, booleans). */
function sizeOf(output: unknown): number | undefined {
  if (typeof output === 'string' || Array.isArray(output) || output instanceof Uint8Array) return output.length;
  if (output instanceof Map || output instanceof Set) return output.size;
  if (typeof output === 'object' && output !== null) return Object.keys(output).length;
  return undefined;
}

/**
 * Passes objects and arrays as they are; parses strings (the first ```json fence if there is one).
 *
 * @example
 * await jsonValid().grade('{"a":', {}) // → { passed: false, reason: 'Invalid JSON: Unexpected end of JSON input', metadata: { position: 5, … } }
 */
export function jsonValid(opts: GraderOptions = {}): BuiltGrader {
  return defineGrader('JSONValidCheck', opts, (output, _ctx, name) => {
    if (output !== null && typeof output === 'object' && !(output instanceof Uint8Array)) {
      return pass(name, 'Output is already a JSON value');
    }
    if (typeof output !== 'string' && !(output instanceof Uint8Array)) {
      return fail(name, `Expected a string, got ${output === null ? 'null' : typeof output}`, 'json_invalid');
    }
    const parsed = parseJson(extractJsonText(toText(output)));
    if (parsed.ok) return pass(name, 'Valid JSON');
    return fail(name, `Invalid JSON: ${parsed.message}`, 'json_invalid', parsed.where ? { metadata: { ...parsed.where } } : {});
  });
}

/**
 * Parses like {@link jsonValid}, then validates with ajv (every error; draft by `$schema`). The
 * schema is compiled here, so an invalid schema throws `JsonSchemaError` at construction.
 *
 * @example
 * const g = jsonSchema({ type: 'object', properties: { age: { type: 'integer' } } });
 * await g.grade('{"age":"x"}', {}) // → { passed: false, reason: 'Schema validation failed: /age: must be integer', failureType: 'schema_violation' }
 */
export function jsonSchema(schema: object | boolean, opts: GraderOptions = {}): BuiltGrader {
  const validate = compileSchema(schema);
  return defineGrader('JSONSchemaCheck', opts, (output, _ctx, name) => {
    const isText = typeof output === 'string' || output instanceof Uint8Array;
    const parsed = isText ? parseJsonOutput(output) : { ok: true as const, value: output };
    if (!parsed.ok) return fail(name, `Output is not valid JSON, cannot validate schema: ${parsed.message}`, 'json_invalid');
    const check = validate(parsed.value);
    if (check.valid) return pass(name, 'Schema validation passed');
    return fail(name, `Schema validation failed: ${describeViolations(check.violations)}`, 'schema_violation', {
      metadata: { violations: check.violations },
    });
  });
}

export interface RegexOptions extends GraderOptions {
  /** RegExp flags for a string pattern ('g' and 'y' are dropped: they make a RegExp stateful). */
  flags?: string;
}

/**
 * Passes when the pattern is found anywhere in the output's text. A string pattern that is not a
 * valid regular expression throws at construction.
 *
 * @example
 * await regex('^\\d{3}$').grade('123', {}) // → { passed: true, reason: 'Pattern /^\\d{3}$/ found', metadata: { match: '123' } }
 */
export function regex(pattern: string | RegExp, opts: RegexOptions = {}): BuiltGrader {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  const flags = (opts.flags ?? (typeof pattern === 'string' ? '' : pattern.flags)).replace(/[gy]/g, '');
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch (err) {
    throw new SyntaxError(`RegexCheck: invalid regular expression ${quote(source)}: ${(err as Error).message}`);
  }
  return defineGrader('RegexCheck', opts, (output, _ctx, name) => {
    const m = re.exec(toText(output));
    if (m) return pass(name, `Pattern ${re} found`, { metadata: { match: m[0] } });
    return fail(name, `Pattern ${re} not found`, 'pattern_mismatch');
  });
}

export interface LengthOptions extends GraderOptions {
  min?: number;
  max?: number;
}

/**
 * Length within [min, max] (either optional): characters of a string, elements of an array, keys of
 * an object, characters of anything else's text.
 *
 * @example
 * await length({ min: 5 }).grade('abc', {}) // → { passed: false, reason: 'Too short: 3 < 5', failureType: 'length_violation' }
 */
export function length(opts: LengthOptions): BuiltGrader {
  const { min, max } = opts;
  for (const [key, v] of [['min', min], ['max', max]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new RangeError(`LengthCheck: ${key} must be an integer ≥ 0, got ${v}`);
  }
  if (min !== undefined && max !== undefined && min > max) throw new RangeError(`LengthCheck: min (${min}) is greater than max (${max})`);
  return defineGrader('LengthCheck', opts, (output, _ctx, name) => {
    if (output === null || output === undefined) return fail(name, `Output is ${String(output)}`, 'length_violation', { metadata: { length: 0 } });
    const n = typeof output === 'string' ? codePoints(output) : (sizeOf(output) ?? codePoints(toText(output)));
    const metadata = { length: n };
    if (min !== undefined && n < min) return fail(name, `Too short: ${n} < ${min}`, 'length_violation', { metadata });
    if (max !== undefined && n > max) return fail(name, `Too long: ${n} > ${max}`, 'length_violation', { metadata });
    return pass(name, `Length within bounds (${n})`, { metadata });
  });
}

/** Characters as a reader counts them: a surrogate pair is one. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const prev = s.charCodeAt(i - 1);
      if (prev >= 0xd800 && prev <= 0xdbff) n--;
    }
  }
  return n;
}

export interface ContainsOptions extends GraderOptions {
  /** Default false: case is ignored. */
  caseSensitive?: boolean;
  /** Passing score (default 1: every string must be present). */
  threshold?: number;
}

/**
 * Partial credit: the score is the share of required strings found; passes at `threshold` (default 1).
 *
 * @example
 * await contains(['alpha', 'beta']).grade('ALPHA only', {}) // → { passed: false, score: 0.5, reason: 'Found 1/2 strings; missing: "beta"' }
 */
export function contains(required: readonly string[], opts: ContainsOptions = {}): BuiltGrader {
  const threshold = checkThreshold(opts.threshold ?? 1, opts.name ?? 'ContainsCheck');
  const fold = opts.caseSensitive ? (s: string) => s : (s: string) => s.toLowerCase();
  const targets = required.map(fold);
  return defineGrader('ContainsCheck', opts, (output, _ctx, name) => {
    if (required.length === 0) return pass(name, 'No strings required');
    const text = fold(toText(output));
    const found = required.filter((_, i) => text.includes(targets[i] as string));
    const missing = required.filter((_, i) => !text.includes(targets[i] as string));
    const score = found.length / required.length;
    const summary = `Found ${found.length}/${required.length} strings`;
    const reason = missing.length ? `${summary}; missing: ${missing.map((m) => quote(m)).join(', ')}` : summary;
    const extras = { score, metadata: { found, missing } };
    return score >= threshold ? pass(name, reason, extras) : fail(name, reason, 'pattern_mismatch', extras);
  }, threshold);
}

/**
 * Strict: any forbidden string found fails with score 0.
 *
 * @example
 * await notContains(['TODO']).grade('todo: later', {}) // → { passed: false, reason: 'Found forbidden strings: "TODO"' }
 */
export function notContains(forbidden: readonly string[], opts: Omit<ContainsOptions, 'threshold'> = {}): BuiltGrader {
  const fold = opts.caseSensitive ? (s: string) => s : (s: string) => s.toLowerCase();
  const targets = forbidden.map(fold);
  return defineGrader('NotContainsCheck', opts, (output, _ctx, name) => {
    const text = fold(toText(output));
    const found = forbidden.filter((_, i) => text.includes(targets[i] as string));
    if (found.length) {
      return fail(name, `Found forbidden strings: ${found.map((f) => quote(f)).join(', ')}`, 'pattern_mismatch', { metadata: { found } });
    }
    return pass(name, 'No forbidden strings found');
  });
}
