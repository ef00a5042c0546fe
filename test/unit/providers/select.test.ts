// Which provider the engine uses, from the environment and the configuration; what a status display shows.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseProvidersConfig } from '../../../server/engine/providers/config.js';
import { PLACEHOLDER_KEY } from '../../../server/engine/providers/custom.js';
import { listProviders, selectProvider } from '../../../server/engine/providers/select.js';
import { ProviderError } from '../../../server/engine/providers/types.js';
import { type LlmMock, startLlmMock } from '../../fixtures/llm-mock/server.js';

const GKEY = 'AIzaSyS3LECT-0123456789abcdefghijklmnop';
const OKEY = 'sk-select-0123456789abcdefghijkl';

const config = parseProvidersConfig({
  providers: [
    { name: 'local', kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1', defaultModel: 'llama3.1' },
    { name: 'team', kind: 'openai-compatible', baseUrl: 'https://llm.example/v1', apiKeyEnv: 'TEAM_KEY', defaultModel: 'big' },
  ],
});

describe('selectProvider', () => {
  test('nothing configured → null (callers report "skipped: no provider")', () => {
    expect(selectProvider({})).toBeNull();
    expect(selectProvider({ GOOGLE_API_KEY: '  ', OPENAI_API_KEY: '' })).toBeNull();
  });

  test('Gemini is the default when GOOGLE_API_KEY or GEMINI_API_KEY is set, even with OpenAI configured', () => {
    expect(selectProvider({ GOOGLE_API_KEY: GKEY, OPENAI_API_KEY: OKEY })).toMatchObject({ name: 'gemini', kind: 'gemini', family: 'gemini' });
    expect(selectProvider({ GEMINI_API_KEY: GKEY })).toMatchObject({ name: 'gemini' });
  });

  test('OpenAI when only OPENAI_API_KEY is set', () => {
    expect(selectProvider({ OPENAI_API_KEY: OKEY })).toMatchObject({ name: 'openai', baseUrl: 'https://api.openai.com/v1', family: 'openai' });
  });

  test('OPENAI_BASE_URL alone is a local server: selected, placeholder key, no model table', () => {
    const p = selectProvider({ OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1', TASK_ORCHESTRATOR_MODEL: 'qwen2.5' });
    expect(p).toMatchObject({ name: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', defaultModel: 'qwen2.5' });
    expect(p?.family).toBeUndefined();
  });

  test('TASK_ORCHESTRATOR_PROVIDER forces one over the default order, by name, any case', () => {
    const env = { GOOGLE_API_KEY: GKEY, OPENAI_API_KEY: OKEY };
    expect(selectProvider({ ...env, TASK_ORCHESTRATOR_PROVIDER: 'openai' })?.name).toBe('openai');
    expect(selectProvider({ ...env, TASK_ORCHESTRATOR_PROVIDER: 'LOCAL' }, config)?.name).toBe('local');
  });

  test('TASK_ORCHESTRATOR_PROVIDER=none turns every provider off', () => {
    expect(selectProvider({ GOOGLE_API_KEY: GKEY, TASK_ORCHESTRATOR_PROVIDER: 'none' })).toBeNull();
    expect(selectProvider({ GOOGLE_API_KEY: GKEY, TASK_ORCHESTRATOR_PROVIDER: 'off' })).toBeNull();
  });

  test('forcing a provider without its key throws no_key naming the variables to set', () => {
    const attempt = () => selectProvider({ OPENAI_API_KEY: OKEY, TASK_ORCHESTRATOR_PROVIDER: 'gemini' });
    expect(attempt).toThrow(ProviderError);
    expect(attempt).toThrow(expect.objectContaining({ kind: 'no_key', message: expect.stringContaining('GOOGLE_API_KEY or GEMINI_API_KEY') }));
    expect(() => selectProvider({ TASK_ORCHESTRATOR_PROVIDER: 'team' }, config)).toThrow(/set TEAM_KEY/);
  });

  test('forcing an unknown name throws, listing the known ones', () => {
    expect(() => selectProvider({ TASK_ORCHESTRATOR_PROVIDER: 'claude' }, config)).toThrow('TASK_ORCHESTRATOR_PROVIDER names "claude", which is no provider (known: gemini, openai, local, team)');
  });

  test("the configuration's default beats the environment order; the forced choice beats the default", () => {
    const withDefault = parseProvidersConfig({ ...config, default: 'local' });
    expect(selectProvider({ GOOGLE_API_KEY: GKEY }, withDefault)?.name).toBe('local');
    expect(selectProvider({ GOOGLE_API_KEY: GKEY, TASK_ORCHESTRATOR_PROVIDER: 'gemini' }, withDefault)?.name).toBe('gemini');
  });

  test('without keys in the environment, the first usable configured provider', () => {
    expect(selectProvider({}, config)?.name).toBe('local');
    const keyedOnly = parseProvidersConfig({ providers: [config.providers[1]!] });
    expect(selectProvider({}, keyedOnly)).toBeNull();
    expect(selectProvider({ TEAM_KEY: 'team-key-123456789' }, keyedOnly)).toMatchObject({ name: 'team', defaultModel: 'big' });
  });

  test('TASK_ORCHESTRATOR_MODEL pins the built-in default model and turns the task table off', () => {
    const p = selectProvider({ GOOGLE_API_KEY: GKEY, TASK_ORCHESTRATOR_MODEL: 'gemini-2.5-flash-lite' });
    expect(p).toMatchObject({ defaultModel: 'gemini-2.5-flash-lite' });
    expect(p?.family).toBeUndefined();
  });
});

describe('selectProvider talks to the servers it names', () => {
  let mock: LlmMock;
  beforeAll(async () => {
    mock = await startLlmMock();
  });
  afterAll(() => mock.close());

  test('GEMINI_BASE_URL points the Gemini provider at the mock, with the env key', async () => {
    const p = selectProvider({ GEMINI_API_KEY: GKEY, GEMINI_BASE_URL: mock.geminiBaseUrl });
    await expect(p!.generate({ prompt: 'hi' })).resolves.toMatchObject({ provider: 'gemini', text: 'echo: hi' });
    expect(mock.requests.at(-1)).toMatchObject({ api: 'gemini', apiKey: GKEY });
  });

  test('OPENAI_BASE_URL without a key sends the placeholder key', async () => {
    const p = selectProvider({ OPENAI_BASE_URL: mock.openaiBaseUrl });
    await expect(p!.generate({ prompt: 'hi', model: 'm' })).resolves.toMatchObject({ provider: 'openai', text: 'echo: hi' });
    expect(mock.requests.at(-1)).toMatchObject({ api: 'openai', apiKey: PLACEHOLDER_KEY });
  });
});

describe('listProviders', () => {
  test('every provider with its state; keys never appear, only where they come from', () => {
    const env = { GOOGLE_API_KEY: GKEY, OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1', TEAM_KEY: 'team-secret-abcdef' };
    const list = listProviders(env, config);
    expect(list.map((p) => [p.name, p.configured, p.keySource, p.selected])).toEqual([
      ['gemini', true, 'GOOGLE_API_KEY', true],
      ['openai', true, 'placeholder', false],
      ['local', true, 'placeholder', false],
      ['team', true, 'TEAM_KEY', false],
    ]);
    expect(list[1]).toMatchObject({ kind: 'openai-compatible', origin: 'environment', baseUrl: 'http://127.0.0.1:8000/v1', defaultModel: 'gpt-4.1-mini' });
    expect(list[3]).toMatchObject({ origin: 'config', baseUrl: 'https://llm.example/v1', defaultModel: 'big' });
    const shown = JSON.stringify(list);
    expect(shown).not.toContain(GKEY);
    expect(shown).not.toContain('team-secret-abcdef');
  });

  test('unconfigured providers say what to set; GEMINI_API_KEY is named when it is the source', () => {
    const list = listProviders({ GEMINI_API_KEY: GKEY }, config);
    expect(list[0]).toMatchObject({ name: 'gemini', keySource: 'GEMINI_API_KEY', selected: true });
    expect(list[1]).toMatchObject({ name: 'openai', configured: false, keySource: null, note: 'set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server' });
    expect(list[3]).toMatchObject({ name: 'team', configured: false, keySource: null, note: 'set TEAM_KEY' });
  });

  test('nothing selected when nothing is configured, or everything is switched off', () => {
    expect(listProviders({}).every((p) => !p.selected && !p.configured)).toBe(true);
    const off = listProviders({ GOOGLE_API_KEY: GKEY, TASK_ORCHESTRATOR_PROVIDER: 'none' });
    expect(off[0]).toMatchObject({ configured: true, selected: false, note: 'TASK_ORCHESTRATOR_PROVIDER=none disables every provider' });
  });

  test('a bad forced choice is reported, not thrown', () => {
    const list = listProviders({ TASK_ORCHESTRATOR_PROVIDER: 'claude' });
    expect(list.every((p) => !p.selected && p.note?.includes('"claude"'))).toBe(true);
  });
});
