// Before a helper agent runs: guardrails in its system prompt when the prompt resembles a past failure.
import { describe, expect, test } from 'vitest';
import { PatternIndex } from '../../../server/engine/immune/matcher.js';
import { preSpawnCheck } from '../../../server/engine/immune/pre-spawn.js';
import { HOUR, obs, patternOf, PROJECT, T0 } from './helpers.js';

const jsonFailure = patternOf(obs({
  operation: 'spawn_agent', failureType: 'json_invalid', input: 'generate a JSON config for the eslint rules of the shop project',
  output: 'Here is the config: {rules: ...}', reason: 'Invalid JSON: Unexpected token r', prompt: 'generate a JSON config for the eslint rules',
}));
const index = () => new PatternIndex([jsonFailure]);
const now = T0 + HOUR;

describe('preSpawnCheck', () => {
  test('a resembling prompt gets the guardrail before the system prompt, and proceeds', () => {
    const r = preSpawnCheck(index(), 'generate the JSON config for eslint rules', 'You are a careful assistant.', { operation: 'spawn_agent', project: PROJECT, now });
    expect(r.proceed).toBe(true);
    expect(r.check.matches).toHaveLength(1);
    expect(r.system).toMatch(/^IMPORTANT: Your response MUST be valid JSON\..*\n\nYou are a careful assistant\.$/s);
    expect(r.refusal).toBeNull();
  });

  test('an unrelated prompt changes nothing', () => {
    const r = preSpawnCheck(index(), 'write a haiku about autumn leaves', 'sys', { operation: 'spawn_agent', project: PROJECT, now });
    expect(r).toMatchObject({ proceed: true, system: 'sys', refusal: null });
    expect(r.check.matches).toEqual([]);
  });

  test('blockAt refuses a risky spawn, naming the risk; without blockAt it never refuses', () => {
    const prompt = 'generate a JSON config for the eslint rules of the shop project';
    const blocked = preSpawnCheck(index(), prompt, '', { operation: 'spawn_agent', project: PROJECT, now, blockAt: 0.3 });
    expect(blocked.proceed).toBe(false);
    expect(blocked.refusal).toMatch(/^immune check: risk 0\.\d\d ≥ 0\.3: /);
    expect(preSpawnCheck(index(), prompt, '', { operation: 'spawn_agent', project: PROJECT, now }).proceed).toBe(true);
  });
});
