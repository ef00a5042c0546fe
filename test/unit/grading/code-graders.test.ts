// The original code graders: names, semantics, reasons and failure types.
import { describe, expect, test } from 'vitest';
import { contains, jsonSchema, jsonValid, length, nonEmpty, notContains, regex } from '../../../server/engine/grading/code-graders.js';
import { JsonSchemaError } from '../../../server/engine/grading/json-schema.js';
import type { GraderResult } from '../../../server/engine/grading/types.js';

const grade = async (g: { grade(o: unknown, c: object): GraderResult | Promise<GraderResult> }, output: unknown) => g.grade(output, {});

describe('NonEmpty', () => {
  test('is named NonEmptyCheck and passes ordinary text', async () => {
    const r = await grade(nonEmpty(), 'hello');
    expect(r).toMatchObject({ name: 'NonEmptyCheck', passed: true, score: 1, reason: 'Output is not empty', weight: 1 });
  });

  test('null and undefined fail as empty_response', async () => {
    expect(await grade(nonEmpty(), null)).toMatchObject({ passed: false, score: 0, reason: 'Output is null', failureType: 'empty_response' });
    expect(await grade(nonEmpty(), undefined)).toMatchObject({ passed: false, reason: 'Output is undefined', failureType: 'empty_response' });
  });

  test('a whitespace-only string fails', async () => {
    expect(await grade(nonEmpty(), ' \n\t ')).toMatchObject({ passed: false, reason: 'Output is an empty string', failureType: 'empty_response' });
  });

  test('zero-length values fail: [], {}, an empty Map, empty bytes', async () => {
    for (const v of [[], {}, new Map(), new Uint8Array(0)]) {
      expect(await grade(nonEmpty(), v)).toMatchObject({ passed: false, reason: 'Output has zero length' });
    }
  });

  test('numbers, false and non-empty containers pass', async () => {
    for (const v of [0, false, [0], { a: 1 }]) expect((await grade(nonEmpty(), v)).passed).toBe(true);
  });

  test('a custom name and weight are kept on the result', async () => {
    const r = await grade(nonEmpty({ name: 'answer-present', weight: 3 }), 'x');
    expect(r).toMatchObject({ name: 'answer-present', weight: 3 });
  });

  test('a negative weight is refused at construction', () => {
    expect(() => nonEmpty({ weight: -1 })).toThrow(/weight must be a finite number ≥ 0, got -1/);
  });
});

describe('JSONValid', () => {
  test('objects and arrays pass as they are', async () => {
    expect(await grade(jsonValid(), { a: 1 })).toMatchObject({ name: 'JSONValidCheck', passed: true, reason: 'Output is already a JSON value' });
    expect((await grade(jsonValid(), [1, 2])).passed).toBe(true);
  });

  test('a JSON string is parsed', async () => {
    expect(await grade(jsonValid(), '{"a": [1, 2, null]}')).toMatchObject({ passed: true, reason: 'Valid JSON' });
  });

  test('a fenced json block is parsed, the prose around it ignored', async () => {
    const out = 'Here is the result:\n```json\n{"status": "ok"}\n```\nLet me know!';
    expect((await grade(jsonValid(), out)).passed).toBe(true);
  });

  test('an unlabelled fence is read too (as the original did)', async () => {
    expect((await grade(jsonValid(), '```\n[1, 2]\n```')).passed).toBe(true);
  });

  test('invalid JSON fails with the parser message and its position', async () => {
    const r = await grade(jsonValid(), '[1 2]');
    expect(r.passed).toBe(false);
    expect(r.failureType).toBe('json_invalid');
    expect(r.reason).toMatch(/^Invalid JSON: Expected ',' or ']'/);
    expect(r.metadata).toMatchObject({ position: 3, line: 1, column: 4 });
  });

  test('a position on a later line is reported as line and column', async () => {
    const r = await grade(jsonValid(), '{\n  "a": 1,\n  "b" 2}');
    expect(r.reason).toBe('Invalid JSON: Unexpected number in JSON at position 18');
    expect(r.metadata).toEqual({ position: 18, line: 3, column: 7 });
  });

  test('truncated JSON fails at its end', async () => {
    const r = await grade(jsonValid(), '{"a":');
    expect(r).toMatchObject({ passed: false, reason: 'Invalid JSON: Unexpected end of JSON input' });
    expect(r.metadata).toMatchObject({ position: 5 });
  });

  test('a number is not JSON text', async () => {
    expect(await grade(jsonValid(), 42)).toMatchObject({ passed: false, reason: 'Expected a string, got number', failureType: 'json_invalid' });
  });
});

describe('JSONSchema', () => {
  const schema = {
    type: 'object',
    required: ['name', 'age'],
    properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } },
    additionalProperties: false,
  };

  test('a matching document passes', async () => {
    expect(await grade(jsonSchema(schema), '{"name": "Ada", "age": 36}')).toMatchObject({ name: 'JSONSchemaCheck', passed: true, reason: 'Schema validation passed' });
  });

  test('the reason names the instance path and the message', async () => {
    const r = await grade(jsonSchema(schema), '{"name": "Ada", "age": "old"}');
    expect(r).toMatchObject({ passed: false, failureType: 'schema_violation', reason: 'Schema validation failed: /age: must be integer' });
  });

  test('every error is reported, not just the first', async () => {
    const r = await grade(jsonSchema(schema), '{"age": -1, "extra": true}');
    const violations = (r.metadata?.['violations'] ?? []) as Array<{ keyword: string }>;
    expect(violations.map((v) => v.keyword).sort()).toEqual(['additionalProperties', 'minimum', 'required']);
    expect(r.reason).toContain('(root): must have required property');
  });

  test('unparsable output is json_invalid, not a schema violation', async () => {
    const r = await grade(jsonSchema(schema), 'I could not produce JSON, sorry');
    expect(r).toMatchObject({ passed: false, failureType: 'json_invalid' });
    expect(r.reason).toMatch(/^Output is not valid JSON, cannot validate schema/);
  });

  test('an object output is validated directly', async () => {
    expect((await grade(jsonSchema(schema), { name: 'Ada', age: 1 })).passed).toBe(true);
  });

  test('a fenced block is validated', async () => {
    expect((await grade(jsonSchema(schema), '```json\n{"name":"A","age":2}\n```')).passed).toBe(true);
  });

  test('an invalid schema is a clear error at construction', () => {
    expect(() => jsonSchema({ type: 'nope' })).toThrow(JsonSchemaError);
    expect(() => jsonSchema({ type: 'nope' })).toThrow(/^Invalid JSON Schema: schema is invalid: data\/type/);
  });

  test('the draft follows $schema: 2020-12 prefixItems versus draft-07 items arrays', async () => {
    const modern = jsonSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', prefixItems: [{ type: 'string' }], items: false });
    expect((await grade(modern, '["a"]')).passed).toBe(true);
    expect((await grade(modern, '["a", 1]')).passed).toBe(false);
    const legacy = jsonSchema({ items: [{ type: 'string' }], additionalItems: false });
    expect((await grade(legacy, '["a", 1]')).passed).toBe(false);
  });

  test('two schemas with the same $id do not collide', () => {
    const s = { $id: 'https://example.com/thing', type: 'string' };
    expect(() => [jsonSchema(s), jsonSchema(s)]).not.toThrow();
  });
});

describe('Regex', () => {
  test('a found pattern passes with the match in metadata', async () => {
    const r = await grade(regex('\\d{3}-\\d{4}'), 'call 555-1234 now');
    expect(r).toMatchObject({ name: 'RegexCheck', passed: true, reason: 'Pattern /\\d{3}-\\d{4}/ found', metadata: { match: '555-1234' } });
  });

  test('a missing pattern fails as pattern_mismatch', async () => {
    expect(await grade(regex('^OK$'), 'not ok')).toMatchObject({ passed: false, reason: 'Pattern /^OK$/ not found', failureType: 'pattern_mismatch' });
  });

  test('flags apply, and a global flag does not make repeated grading stateful', async () => {
    const g = regex(/ok/gi);
    for (let i = 0; i < 3; i++) expect((await grade(g, 'OK')).passed).toBe(true);
    expect((await grade(regex('ok', { flags: 'i' }), 'OK')).passed).toBe(true);
  });

  test('an invalid pattern is refused at construction', () => {
    expect(() => regex('(unclosed')).toThrow(/RegexCheck: invalid regular expression "\(unclosed"/);
  });
});

describe('Length', () => {
  test('too short and too long fail as length_violation with the numbers', async () => {
    expect(await grade(length({ min: 5 }), 'abc')).toMatchObject({ name: 'LengthCheck', passed: false, reason: 'Too short: 3 < 5', failureType: 'length_violation', metadata: { length: 3 } });
    expect(await grade(length({ max: 2 }), 'abc')).toMatchObject({ passed: false, reason: 'Too long: 3 > 2' });
  });

  test('within bounds passes, bounds included', async () => {
    expect(await grade(length({ min: 3, max: 3 }), 'abc')).toMatchObject({ passed: true, reason: 'Length within bounds (3)' });
  });

  test('characters are counted as readers count them (an emoji is one)', async () => {
    expect(await grade(length({ max: 1 }), '😀')).toMatchObject({ passed: true, metadata: { length: 1 } });
  });

  test('arrays count elements, objects count keys, null fails', async () => {
    expect((await grade(length({ min: 2 }), [1, 2])).passed).toBe(true);
    expect((await grade(length({ max: 1 }), { a: 1, b: 2 })).passed).toBe(false);
    expect(await grade(length({ min: 0 }), null)).toMatchObject({ passed: false, reason: 'Output is null' });
  });

  test('min greater than max is refused', () => {
    expect(() => length({ min: 5, max: 2 })).toThrow(/min \(5\) is greater than max \(2\)/);
  });
});

describe('Contains', () => {
  test('partial score is the share found; case is ignored by default', async () => {
    const r = await grade(contains(['alpha', 'beta']), 'ALPHA only');
    expect(r).toMatchObject({ name: 'ContainsCheck', passed: false, score: 0.5, failureType: 'pattern_mismatch' });
    expect(r.reason).toBe('Found 1/2 strings; missing: "beta"');
    expect(r.metadata).toEqual({ found: ['alpha'], missing: ['beta'] });
  });

  test('all found passes with score 1', async () => {
    expect(await grade(contains(['a', 'b']), 'b then a')).toMatchObject({ passed: true, score: 1, reason: 'Found 2/2 strings' });
  });

  test('case-sensitive on request', async () => {
    expect((await grade(contains(['Alpha'], { caseSensitive: true }), 'alpha')).passed).toBe(false);
  });

  test('a threshold lets partial matches pass', async () => {
    const r = await grade(contains(['a', 'b', 'c', 'd'], { threshold: 0.75 }), 'a b c');
    expect(r).toMatchObject({ passed: true, score: 0.75, threshold: 0.75 });
  });

  test('no required strings passes', async () => {
    expect(await grade(contains([]), 'x')).toMatchObject({ passed: true, reason: 'No strings required' });
  });
});

describe('NotContains', () => {
  test('any forbidden string fails with score 0', async () => {
    const r = await grade(notContains(['TODO', 'FIXME']), 'fine but todo: tests');
    expect(r).toMatchObject({ name: 'NotContainsCheck', passed: false, score: 0, reason: 'Found forbidden strings: "TODO"', failureType: 'pattern_mismatch' });
  });

  test('none found passes', async () => {
    expect(await grade(notContains(['TODO']), 'done')).toMatchObject({ passed: true, reason: 'No forbidden strings found' });
  });
});
