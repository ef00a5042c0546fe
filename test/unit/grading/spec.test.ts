// graderFromSpec: declarative assertions, negation, thresholds and error messages that name the field.
import { describe, expect, test } from 'vitest';
import { runGraders } from '../../../server/engine/grading/pipeline.js';
import { ASSERTION_TYPES, GraderSpecError, graderFromSpec } from '../../../server/engine/grading/spec.js';

const run = async (spec: unknown, output: unknown, ctx = {}) => graderFromSpec(spec).grade(output, ctx);

describe('graderFromSpec', () => {
  test('icontains with a weight', async () => {
    const g = graderFromSpec({ type: 'icontains', value: 'paris', weight: 2 });
    expect(g).toMatchObject({ name: 'icontains', weight: 2 });
    expect((await g.grade('It is Paris.', {})).passed).toBe(true);
  });

  test('not- negates any type', async () => {
    expect(await run({ type: 'not-icontains', value: 'as an AI' }, 'As an AI model, I…')).toMatchObject({ name: 'not-icontains', passed: false, reason: 'Output contains "as an AI"' });
    expect((await run({ type: 'not-regex', value: '^Sorry' }, 'Sure!')).passed).toBe(true);
    expect((await run({ type: 'not-is-json' }, 'plain')).passed).toBe(true);
  });

  test('a name applies to the (negated) grader', () => {
    expect(graderFromSpec({ type: 'not-contains', value: 'x', name: 'no-x' }).name).toBe('no-x');
    expect(graderFromSpec({ type: 'contains', value: 'x', name: 'has-x' }).name).toBe('has-x');
  });

  test('is-json with a schema validates it; without, only parses', async () => {
    expect(await run({ type: 'is-json', value: { type: 'object', required: ['id'] } }, '{}')).toMatchObject({ passed: false, failureType: 'schema_violation' });
    expect((await run({ type: 'is-json' }, '{}')).passed).toBe(true);
  });

  test('threshold is the share for contains-all, the ratio for similarity, the distance for levenshtein', async () => {
    expect((await run({ type: 'contains-all', value: ['a', 'b', 'c', 'd'], threshold: 0.5 }, 'a b')).passed).toBe(true);
    expect((await run({ type: 'similarity', value: 'hello', threshold: 0.5 }, 'help')).passed).toBe(true);
    expect((await run({ type: 'levenshtein', value: 'hello', threshold: 1 }, 'help')).passed).toBe(false);
    expect((await run({ type: 'levenshtein', value: 'hello', threshold: 2 }, 'help')).passed).toBe(true);
  });

  test('cost and latency take their bound as threshold', async () => {
    expect(await run({ type: 'cost', threshold: 0.01 }, 'x', { costUsd: 0.5 })).toMatchObject({ passed: false, failureType: 'cost_exceeded' });
    expect(await run({ type: 'latency', threshold: 1000 }, 'x', { latencyMs: 10 })).toMatchObject({ passed: true });
  });

  test('length takes min and max', async () => {
    expect(await run({ type: 'length', value: { max: 3 } }, 'abcd')).toMatchObject({ passed: false, failureType: 'length_violation' });
  });

  test('regex takes flags', async () => {
    expect((await run({ type: 'regex', value: '^ok$', flags: 'i' }, 'OK')).passed).toBe(true);
  });

  test('javascript needs allowJavascript', async () => {
    expect(() => graderFromSpec({ type: 'javascript', value: 'true' })).toThrow(/javascript assertions are disabled/);
    const g = graderFromSpec({ type: 'javascript', value: 'output.length > 2' }, { allowJavascript: true });
    expect((await g.grade('abc', {})).passed).toBe(true);
  });

  test('model-graded types without a provider skip', async () => {
    for (const type of ['llm-rubric', 'relevance', 'accuracy', 'format']) {
      const spec = type === 'llm-rubric' ? { type, value: 'Is it polite?' } : { type };
      expect(await run(spec, 'x')).toMatchObject({ skipped: true, reason: 'skipped: no provider' });
    }
  });

  test('specs compose into a weighted pipeline', async () => {
    const graders = [
      graderFromSpec({ type: 'icontains', value: 'paris', weight: 3 }),
      graderFromSpec({ type: 'not-icontains', value: 'london', weight: 1 }),
    ];
    const s = await runGraders(graders, 'Paris and London', {});
    expect(s.score).toBeCloseTo(0.75);
    expect(s.passed).toBe(false);
  });

  test('every listed type builds from a minimal spec', () => {
    const minimal: Record<string, unknown> = {
      'json-schema': { value: { type: 'object' } }, regex: { value: 'x' }, length: { value: { min: 1 } }, equals: { value: 'x' },
      'starts-with': { value: 'x' }, contains: { value: 'x' }, icontains: { value: 'x' }, 'contains-any': { value: ['x'] },
      'contains-all': { value: ['x'] }, 'icontains-any': { value: ['x'] }, 'icontains-all': { value: ['x'] }, levenshtein: { value: 'x' },
      similarity: { value: 'x' }, cost: { threshold: 1 }, latency: { threshold: 1 }, 'llm-rubric': { value: 'x' }, javascript: { value: 'true' },
    };
    for (const type of ASSERTION_TYPES) {
      const extra = (minimal[type] ?? {}) as object;
      expect(() => graderFromSpec({ type, ...extra }, { allowJavascript: true }), type).not.toThrow();
      expect(() => graderFromSpec({ type: `not-${type}`, ...extra }, { allowJavascript: true }), type).not.toThrow();
    }
  });
});

describe('graderFromSpec errors name the field and the value', () => {
  const message = (spec: unknown): string => {
    try {
      graderFromSpec(spec);
    } catch (err) {
      expect(err).toBeInstanceOf(GraderSpecError);
      return (err as Error).message;
    }
    throw new Error('expected a GraderSpecError');
  };

  test('an unknown type', () => {
    expect(message({ type: 'icontain', value: 'x' })).toMatch(/^assertion spec: type: unknown assertion type "icontain"; expected one of .*icontains/);
  });

  test('a missing type', () => {
    expect(message({ value: 'x' })).toBe('assertion spec: type: is required (got nothing)');
  });

  test('a value of the wrong kind', () => {
    expect(message({ type: 'icontains', value: 42 })).toBe('assertion spec "icontains": value: must be a string (got 42)');
    expect(message({ type: 'contains-any', value: 'x' })).toBe('assertion spec "contains-any": value: must be an array of strings (got "x")');
    expect(message({ type: 'contains-any', value: [] })).toBe('assertion spec "contains-any": value: must list at least one string (got [])');
  });

  test('a nested value field', () => {
    expect(message({ type: 'length', value: { min: -1 } })).toMatch(/^assertion spec "length": value\.min: .* \(got -1\)$/);
  });

  test('a negative weight', () => {
    expect(message({ type: 'icontains', value: 'x', weight: -2 })).toBe('assertion spec: weight: must be ≥ 0 (got -2)');
  });

  test('a threshold out of range, or on a type that takes none', () => {
    expect(message({ type: 'similarity', value: 'x', threshold: 1.2 })).toBe('assertion spec "similarity": threshold: must be in [0, 1] (got 1.2)');
    expect(message({ type: 'equals', value: 'x', threshold: 0.5 })).toBe('assertion spec: threshold: "equals" takes no threshold (got 0.5)');
    expect(message({ type: 'cost' })).toMatch(/^assertion spec "cost": threshold: is required \(the bound\)/);
  });

  test('an unknown field', () => {
    expect(message({ type: 'icontains', value: 'x', treshold: 1 })).toMatch(/^assertion spec: \(spec\): Unrecognized key\(s\) in object: 'treshold'/);
  });

  test('a value on a type that takes none', () => {
    expect(message({ type: 'is-xml', value: 'x' })).toBe('assertion spec "is-xml": value: is not used by this type (got "x")');
  });
});
