// Guardrail wording follows where the failure happened: a JSON file Claude wrote is not "your response".
import { describe, expect, test } from 'vitest';
import { FILE_GUARDRAILS, GUARDRAILS, guardrailFor, guardrailsFor } from '../../../server/engine/immune/guardrails.js';

describe('guardrails', () => {
  test('invalid JSON from a Write gets the file wording; from an answer, the original one', () => {
    expect(guardrailFor('json_invalid', 'Write')).toBe(FILE_GUARDRAILS.json_invalid);
    expect(guardrailFor('json_invalid', 'Edit')).toMatch(/Files you write as JSON/);
    expect(guardrailFor('json_invalid', 'spawn_agent')).toBe(GUARDRAILS.json_invalid);
    expect(guardrailFor('json_invalid')).toMatch(/Your response MUST be valid JSON/);
  });

  test('types without a file wording keep theirs for file tools', () => {
    expect(guardrailFor('tool_error', 'Write')).toBe(GUARDRAILS.tool_error);
  });

  test('one line per distinct wording, highest risk first, same order whatever the input order', () => {
    const a = { risk: 0.4, pattern: { failureType: 'json_invalid' as const, operation: 'Write' } };
    const b = { risk: 0.7, pattern: { failureType: 'test_failure' as const, operation: 'Bash:npm test' } };
    const c = { risk: 0.5, pattern: { failureType: 'json_invalid' as const, operation: 'Write' } };
    expect(guardrailsFor([a, b, c])).toEqual([GUARDRAILS.test_failure, FILE_GUARDRAILS.json_invalid]);
    expect(guardrailsFor([c, a, b])).toEqual(guardrailsFor([a, b, c]));
  });
});
