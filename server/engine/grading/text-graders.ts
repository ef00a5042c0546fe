/**
 * promptfoo-style string assertions: equals, starts-with, and the contains family (contains,
 * icontains, contains-any, contains-all, icontains-any, icontains-all). Reasons state what is true of
 * the output, so they stay correct when the assertion is negated.
 */
import { checkThreshold, defineGrader, type BuiltGrader, type GraderOptions } from './grader.js';
import { parseJsonOutput } from './json-text.js';
import { fail, pass, quote, toText, truncate } from './result.js';

export interface EqualsOptions extends GraderOptions {
  /** Default true. */
  caseSensitive?: boolean;
}

/**
 * A string is compared with the output's text exactly; any other expected value (object, array,
 * number) is compared structurally with the output parsed as JSON.
 *
 * @example
 * await equals('yes').grade('yes', {})           // → { passed: true, reason: 'Output equals "yes"' }
 * await equals({ a: 1 }).grade('{"a": 1}', {})   // → { passed: true, … }
 */
export function equals(expected: unknown, opts: EqualsOptions = {}): BuiltGrader {
  const caseSensitive = opts.caseSensitive ?? true;
  return defineGrader('equals', opts, (output, _ctx, name) => {
    if (typeof expected === 'string') {
      const actual = toText(output);
      const same = caseSensitive ? actual === expected : actual.toLowerCase() === expected.toLowerCase();
      if (same) return pass(name, `Output equals ${quote(expected)}`);
      return fail(name, `Output does not equal ${quote(expected)}`, 'pattern_mismatch', { metadata: { expected, actual: truncate(actual, 500) } });
    }
    const parsed = parseJsonOutput(output);
    const want = canonical(expected);
    if (parsed.ok && canonical(parsed.value) === want) return pass(name, `Output equals ${truncate(want, 60)}`);
    const actual = parsed.ok ? canonical(parsed.value) : toText(output);
    return fail(name, `Output does not equal ${truncate(want, 60)}`, 'pattern_mismatch', { metadata: { expected, actual: truncate(actual, 500) } });
  });
}

/** JSON with object keys sorted, so key order never matters. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  ) ?? 'undefined';
}

/**
 * @example
 * await startsWith('Dear').grade('Dear Sir', {}) // → { passed: true, reason: 'Output starts with "Dear"' }
 */
export function startsWith(prefix: string, opts: GraderOptions = {}): BuiltGrader {
  return defineGrader('starts-with', opts, (output, _ctx, name) => {
    if (toText(output).startsWith(prefix)) return pass(name, `Output starts with ${quote(prefix)}`);
    return fail(name, `Output does not start with ${quote(prefix)}`, 'pattern_mismatch');
  });
}

export interface ContainmentOptions extends GraderOptions {
  /** 'all' (default): every value must appear; 'any': one is enough. */
  mode?: 'all' | 'any';
  /** Default true (the i-variants pass false). */
  caseSensitive?: boolean;
  /** For 'all': the share of values that must appear (default 1). */
  threshold?: number;
}

/**
 * The contains family. 'all' scores the share found (passing at `threshold`); 'any' is 1 or 0.
 *
 * @example
 * await containment(['a', 'b'], { mode: 'any' }).grade('xbx', {}) // → { passed: true, reason: 'Output contains "b"' }
 */
export function containment(values: readonly string[], opts: ContainmentOptions = {}): BuiltGrader {
  const mode = opts.mode ?? 'all';
  const caseSensitive = opts.caseSensitive ?? true;
  const defaultName = `${caseSensitive ? '' : 'i'}contains${values.length === 1 && mode === 'all' ? '' : `-${mode}`}`;
  const threshold = mode === 'all' ? checkThreshold(opts.threshold ?? 1, opts.name ?? defaultName) : 1;
  const fold = caseSensitive ? (s: string) => s : (s: string) => s.toLowerCase();
  const targets = values.map(fold);
  const list = (xs: readonly string[]) => xs.map((x) => quote(x)).join(', ');
  return defineGrader(defaultName, opts, (output, _ctx, name) => {
    const text = fold(toText(output));
    const found = values.filter((_, i) => text.includes(targets[i] as string));
    const missing = values.filter((_, i) => !text.includes(targets[i] as string));
    const metadata = { found, missing };
    if (values.length === 0) return pass(name, 'No values given', { metadata });
    const foundText = found.length === 1 ? `Output contains ${list(found)}` : `Output contains all of: ${list(found)}`;
    if (mode === 'any') {
      return found.length ? pass(name, `Output contains ${list(found.slice(0, 1))}`, { metadata })
        : fail(name, values.length === 1 ? `Output does not contain ${list(values)}` : `Output contains none of: ${list(values)}`, 'pattern_mismatch', { metadata });
    }
    const score = found.length / values.length;
    const reason = missing.length === 0 ? foundText
      : values.length === 1 ? `Output does not contain ${list(values)}`
        : `Output is missing ${list(missing)} (${found.length}/${values.length} found)`;
    return score >= threshold ? pass(name, reason, { score, metadata }) : fail(name, reason, 'pattern_mismatch', { score, metadata });
  }, threshold);
}

/**
 * @example
 * await icontains('Error').grade('an ERROR', {}) // → { passed: true, reason: 'Output contains "Error"' }
 */
export function icontains(value: string, opts: GraderOptions = {}): BuiltGrader {
  return containment([value], { ...opts, caseSensitive: false });
}

/**
 * @example
 * await containsAny(['cat', 'dog']).grade('hotdog', {}) // → { passed: true, … }
 */
export function containsAny(values: readonly string[], opts: GraderOptions = {}): BuiltGrader {
  return containment(values, { ...opts, mode: 'any' });
}

/**
 * @example
 * await containsAll(['a', 'b']).grade('ab', {}) // → { passed: true, reason: 'Output contains all of: "a", "b"' }
 */
export function containsAll(values: readonly string[], opts: Omit<ContainmentOptions, 'mode' | 'caseSensitive'> = {}): BuiltGrader {
  return containment(values, { ...opts, mode: 'all' });
}

/**
 * @example
 * await icontainsAny(['WARN', 'ERROR']).grade('error: x', {}) // → { passed: true, … }
 */
export function icontainsAny(values: readonly string[], opts: GraderOptions = {}): BuiltGrader {
  return containment(values, { ...opts, mode: 'any', caseSensitive: false });
}

/**
 * @example
 * await icontainsAll(['Foo', 'BAR']).grade('foo bar', {}) // → { passed: true, … }
 */
export function icontainsAll(values: readonly string[], opts: Omit<ContainmentOptions, 'mode' | 'caseSensitive'> = {}): BuiltGrader {
  return containment(values, { ...opts, mode: 'all', caseSensitive: false });
}
