// Model choice by task: cheap for grading, strong for architecture, and every layer of override.
import { describe, expect, test } from 'vitest';
import { geminiProvider } from '../../../server/engine/providers/gemini.js';
import { MODEL_TABLE, MODEL_TASKS, modelEnvVar, modelFor } from '../../../server/engine/providers/models.js';
import { openaiProvider } from '../../../server/engine/providers/openai.js';

const gemini = geminiProvider({ apiKey: 'k' });
const openai = openaiProvider({ apiKey: 'k' });

describe('modelFor', () => {
  test('grading gets the cheap model, architecture the strong one, per family', () => {
    expect(modelFor('grading', gemini)).toBe('gemini-2.5-flash');
    expect(modelFor('architecture', gemini)).toBe('gemini-2.5-pro');
    expect(modelFor('grading', openai)).toBe('gpt-4.1-mini');
    expect(modelFor('architecture', openai)).toBe('gpt-4.1');
  });

  test('every task has a model in every family, and the general one is the default model', () => {
    for (const family of ['gemini', 'openai'] as const) for (const task of MODEL_TASKS) expect(MODEL_TABLE[family][task]).toMatch(/\S/);
    expect(gemini.defaultModel).toBe(MODEL_TABLE.gemini.general);
    expect(openai.defaultModel).toBe(MODEL_TABLE.openai.general);
  });

  test('TASK_ORCHESTRATOR_MODEL_<TASK> overrides one task only', () => {
    const env = { TASK_ORCHESTRATOR_MODEL_GRADING: 'gemini-2.5-flash-lite', TASK_ORCHESTRATOR_MODEL_CODE: '  ' };
    expect(modelEnvVar('architecture')).toBe('TASK_ORCHESTRATOR_MODEL_ARCHITECTURE');
    expect(modelFor('grading', gemini, { env })).toBe('gemini-2.5-flash-lite');
    expect(modelFor('architecture', gemini, { env })).toBe('gemini-2.5-pro');
    // A blank variable is unset.
    expect(modelFor('code', gemini, { env })).toBe('gemini-2.5-pro');
  });

  test('precedence: environment, caller, provider configuration, family table, default model', () => {
    const configured = { name: 'c', defaultModel: 'base', family: 'gemini' as const, models: { grading: 'cfg-grading', code: 'cfg-code' } };
    const env = { TASK_ORCHESTRATOR_MODEL_GRADING: 'env-grading' };
    expect(modelFor('grading', configured, { env, models: { grading: 'caller-grading' } })).toBe('env-grading');
    expect(modelFor('grading', configured, { models: { grading: 'caller-grading' } })).toBe('caller-grading');
    expect(modelFor('code', configured)).toBe('cfg-code');
    expect(modelFor('research', configured)).toBe('gemini-2.5-pro');
    expect(modelFor('research', { name: 'x', defaultModel: 'base' })).toBe('base');
  });

  test('a pinned default model or a compatible server serves every task unless models say otherwise', () => {
    const pinned = geminiProvider({ apiKey: 'k', defaultModel: 'gemini-2.0-flash' });
    expect(MODEL_TASKS.map((t) => modelFor(t, pinned))).toEqual(MODEL_TASKS.map(() => 'gemini-2.0-flash'));
    const ollama = openaiProvider({ apiKey: 'k', baseUrl: 'http://127.0.0.1:11434/v1', defaultModel: 'llama3.1', models: { architecture: 'llama3.1:70b' } });
    expect(modelFor('grading', ollama)).toBe('llama3.1');
    expect(modelFor('architecture', ollama)).toBe('llama3.1:70b');
  });
});
