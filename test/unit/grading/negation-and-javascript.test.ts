// not-<assertion> and the javascript assertion (off by default, node:vm with a timeout).
import { describe, expect, test } from 'vitest';
import { contains, jsonValid, regex } from '../../../server/engine/grading/code-graders.js';
import { JavascriptDisabledError, javascriptAssertion } from '../../../server/engine/grading/javascript-grader.js';
import { negate } from '../../../server/engine/grading/negate.js';
import { errored, skip } from '../../../server/engine/grading/result.js';
import { icontains, startsWith } from '../../../server/engine/grading/text-graders.js';
import type { Grader } from '../../../server/engine/grading/types.js';

const grade = async (g: Grader, output: unknown) => g.grade(output, {});

describe('negation', () => {
  test('not-icontains passes when the text is absent, with a true reason', async () => {
    const r = await grade(negate(icontains('password')), 'no secrets here');
    expect(r).toMatchObject({ name: 'not-icontains', passed: true, score: 1, reason: 'Output does not contain "password"' });
    expect(r.failureType).toBeUndefined();
  });

  test('not-icontains fails when the text is present, saying so', async () => {
    const r = await grade(negate(icontains('password')), 'the PASSWORD is 123');
    expect(r).toMatchObject({ passed: false, score: 0, reason: 'Output contains "password"', failureType: 'pattern_mismatch' });
  });

  test('not-regex and not-starts-with', async () => {
    expect(await grade(negate(regex('^Sorry')), 'Sorry, I cannot')).toMatchObject({ name: 'not-RegexCheck', passed: false, reason: 'Pattern /^Sorry/ found' });
    expect((await grade(negate(startsWith('As an AI')), 'Paris.')).passed).toBe(true);
  });

  test('not-is-json fails on JSON output with pattern_mismatch', async () => {
    expect(await grade(negate(jsonValid()), '{"a":1}')).toMatchObject({ passed: false, reason: 'Valid JSON', failureType: 'pattern_mismatch' });
  });

  test('a negated partial score is binary', async () => {
    const r = await grade(negate(contains(['a', 'b'])), 'a');
    expect(r).toMatchObject({ passed: true, score: 1 });
  });

  test('the weight carries over unless overridden', () => {
    expect(negate(icontains('x', { weight: 3 })).weight).toBe(3);
    expect(negate(icontains('x', { weight: 3 }), { weight: 1 }).weight).toBe(1);
  });

  test('a skipped result stays skipped', async () => {
    const skipper: Grader = { name: 'judge', weight: 1, grade: () => skip('judge', 'skipped: no provider') };
    expect(await grade(negate(skipper), 'x')).toMatchObject({ name: 'not-judge', skipped: true, reason: 'skipped: no provider' });
  });

  test('a broken check is not turned into a pass', async () => {
    const broken: Grader = { name: 'broken', weight: 1, grade: () => errored('broken', new Error('boom')) };
    expect(await grade(negate(broken), 'x')).toMatchObject({ passed: false, reason: 'Grader error: boom', failureType: 'evaluation_failed' });
  });

  test('an async grader is negated asynchronously, a sync one synchronously', async () => {
    const later: Grader = { name: 'later', weight: 1, grade: async () => ({ name: 'later', passed: true, score: 1, reason: 'yes' }) };
    expect(negate(later).grade('x', {})).toBeInstanceOf(Promise);
    expect(negate(icontains('x')).grade('x', {})).not.toBeInstanceOf(Promise);
    expect((await grade(negate(later), 'x')).passed).toBe(false);
  });
});

describe('javascript', () => {
  const on = { allowJavascript: true } as const;

  test('is off by default', () => {
    expect(() => javascriptAssertion('true')).toThrow(JavascriptDisabledError);
    expect(() => javascriptAssertion('true', { allowJavascript: false })).toThrow(/pass allowJavascript: true/);
  });

  test('an expression sees the output', async () => {
    const g = javascriptAssertion('output.split(" ").length <= 3', on);
    expect(await grade(g, 'short answer')).toMatchObject({ name: 'javascript', passed: true, reason: 'javascript assertion returned true' });
    expect(await grade(g, 'a much longer answer here')).toMatchObject({ passed: false, reason: 'javascript assertion returned false', failureType: 'pattern_mismatch' });
  });

  test('a body with return sees the context', async () => {
    const g = javascriptAssertion('const words = output.split(/\\s+/);\nreturn words.includes(context.expected);', on);
    expect((await g.grade('the answer is Paris', { expected: 'Paris' })).passed).toBe(true);
  });

  test('a JSON output arrives as a value', async () => {
    expect((await grade(javascriptAssertion('output.items.length === 2', on), { items: [1, 2] })).passed).toBe(true);
  });

  test('a number is a score judged against the threshold', async () => {
    expect(await grade(javascriptAssertion('0.4', on), 'x')).toMatchObject({ passed: false, score: 0.4 });
    expect(await grade(javascriptAssertion('0.4', { ...on, threshold: 0.3 }), 'x')).toMatchObject({ passed: true, score: 0.4 });
  });

  test('an object result gives pass, score and reason', async () => {
    const r = await grade(javascriptAssertion('({ pass: false, score: 0.2, reason: "too vague" })', on), 'x');
    expect(r).toMatchObject({ passed: false, score: 0.2, reason: 'too vague' });
  });

  test('a throw becomes a failed result with the message', async () => {
    const r = await grade(javascriptAssertion('output.nope.deeper', on), 'x');
    expect(r.passed).toBe(false);
    expect(r.failureType).toBe('evaluation_failed');
    expect(r.reason).toMatch(/^javascript assertion threw: .*Cannot read properties of undefined/);
    expect(r.metadata?.['error']).toBeDefined();
  });

  test('an endless loop is cut off by the timeout', async () => {
    const r = await grade(javascriptAssertion('while (true) {}\nreturn true;', { ...on, timeoutMs: 50 }), 'x');
    expect(r.passed).toBe(false);
    expect(r.reason).toMatch(/timed out/);
  });

  test('a promise is refused: the predicate must be synchronous', async () => {
    const r = await grade(javascriptAssertion('Promise.resolve(true)', on), 'x');
    expect(r).toMatchObject({ passed: false, reason: 'javascript assertion must return synchronously (it returned a promise)' });
  });

  test('the predicate runs in a fresh context: no require, no process global', async () => {
    expect((await grade(javascriptAssertion('typeof require === "undefined" && typeof process === "undefined"', on), 'x')).passed).toBe(true);
  });

  test('the output it gets is a copy: changing it changes nothing outside', async () => {
    const output = { n: 1 };
    await grade(javascriptAssertion('(output.n = 2, true)', on), output);
    expect(output.n).toBe(1);
  });

  test('a syntax error is a construction error', () => {
    expect(() => javascriptAssertion('return (', on)).toThrow(/javascript: the assertion does not compile/);
  });
});
