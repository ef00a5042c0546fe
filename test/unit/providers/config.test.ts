// Custom providers from configuration: validation that names the field and the value, and the providers built from it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadProvidersConfig, parseProvidersConfig, ProvidersConfigError } from '../../../server/engine/providers/config.js';
import { PLACEHOLDER_KEY, providerFromConfig } from '../../../server/engine/providers/custom.js';
import { type LlmMock, startLlmMock } from '../../fixtures/llm-mock/server.js';

const local = { name: 'local', kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1', defaultModel: 'qwen2.5-coder:7b' };

function issues(input: unknown): readonly string[] {
  try {
    parseProvidersConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ProvidersConfigError);
    return (e as ProvidersConfigError).issues;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('parseProvidersConfig', () => {
  test('accepts a minimal and a full entry', () => {
    const cfg = parseProvidersConfig({
      default: 'local',
      providers: [local, { name: 'gem-proxy', kind: 'gemini', baseUrl: 'https://proxy.example', apiKeyEnv: 'PROXY_KEY', defaultModel: 'gemini-2.5-flash', models: { architecture: 'gemini-2.5-pro' } }],
    });
    expect(cfg.providers).toHaveLength(2);
    expect(cfg.providers[1]!.models).toEqual({ architecture: 'gemini-2.5-pro' });
    expect(parseProvidersConfig({}).providers).toEqual([]);
  });

  test('a wrong kind names the field and the value', () => {
    const [msg] = issues({ providers: [{ ...local, kind: 'anthropic' }] });
    expect(msg).toMatch(/^providers\[0\]\.kind: /);
    expect(msg).toContain('"anthropic"');
  });

  test('a non-http base URL, and one carrying credentials, are rejected', () => {
    expect(issues({ providers: [{ ...local, baseUrl: 'ftp://x' }] })).toEqual(['providers[0].baseUrl: must be an http:// or https:// URL (got "ftp://x")']);
    const [creds] = issues({ providers: [{ ...local, baseUrl: 'http://me:hunter2@127.0.0.1/v1' }] });
    expect(creds).toMatch(/^providers\[0\]\.baseUrl: must not carry credentials/);
    expect(creds).not.toContain('hunter2');
  });

  test('missing required fields say so', () => {
    expect(issues({ providers: [{ name: 'x', kind: 'gemini' }] })).toEqual([
      'providers[0].baseUrl: Required (missing)',
      'providers[0].defaultModel: Required (missing)',
    ]);
  });

  test('unknown fields and unknown tasks are rejected by name', () => {
    expect(issues({ providers: [{ ...local, apiKey: 'x' }] })).toEqual(['providers[0]: unknown field "apiKey"']);
    expect(issues({ providers: [{ ...local, models: { planning: 'm' } }] })).toEqual(['providers[0].models: unknown field "planning"']);
    expect(issues({ provider: [] })).toEqual(['(top level): unknown field "provider"']);
  });

  test('a key pasted into apiKeyEnv is never echoed', () => {
    const [msg] = issues({ providers: [{ ...local, apiKeyEnv: 'sk-proj-1234567890abcdefghij' }] });
    expect(msg).toMatch(/^providers\[0\]\.apiKeyEnv: must name an environment variable/);
    expect(msg).not.toContain('sk-proj');
    expect(msg).toContain('value not shown');
  });

  test('names: reserved built-ins, duplicates, bad characters', () => {
    expect(issues({ providers: [{ ...local, name: 'OpenAI' }] })[0]).toMatch(/^providers\[0\]\.name: is reserved .* \(got "OpenAI"\)$/);
    expect(issues({ providers: [local, { ...local }] })).toEqual(['providers[1].name: is already used by an earlier provider (got "local")']);
    expect(issues({ providers: [{ ...local, name: 'has space' }] })[0]).toMatch(/^providers\[0\]\.name: must be 1-64 letters/);
  });

  test('a default that names no provider lists the known ones', () => {
    expect(issues({ default: 'lokal', providers: [local] })).toEqual(['default: names no provider (known: gemini, openai, local) (got "lokal")']);
  });

  test('an empty model id is rejected wherever it appears', () => {
    expect(issues({ providers: [{ ...local, defaultModel: ' ', models: { grading: '' } }] })).toEqual([
      'providers[0].defaultModel: must be a non-empty model id (got " ")',
      'providers[0].models.grading: must be a non-empty model id (got "")',
    ]);
  });

  test('the error message lists every issue and the source', () => {
    const err = (() => {
      try {
        parseProvidersConfig({ providers: [{ ...local, kind: 'x', baseUrl: 'nope' }] }, 'providers.json');
      } catch (e) {
        return e as Error;
      }
      return new Error('not thrown');
    })();
    expect(err.message).toBe(
      'invalid provider configuration in providers.json:\n  providers[0].kind: Invalid enum value. Expected \'openai-compatible\' | \'gemini\', received \'x\' (got "x")\n  providers[0].baseUrl: must be an http:// or https:// URL (got "nope")',
    );
  });
});

describe('loadProvidersConfig', () => {
  test('a missing file is null; invalid JSON and invalid content name the file', () => {
    const missing = (): string => {
      throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    };
    expect(loadProvidersConfig('p.json', missing)).toBeNull();
    expect(() => loadProvidersConfig('p.json', () => '{')).toThrow(/invalid provider configuration in p\.json:\n {2}not valid JSON/);
    expect(() => loadProvidersConfig('p.json', () => '{"providers": 3}')).toThrow(/in p\.json:\n {2}providers: Expected array/);
    expect(loadProvidersConfig('p.json', () => JSON.stringify({ providers: [local] }))?.providers[0]?.name).toBe('local');
  });

  test('other read errors propagate', () => {
    const denied = (): string => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    expect(() => loadProvidersConfig('p.json', denied)).toThrow(/EACCES/);
  });
});

describe('providerFromConfig', () => {
  let mock: LlmMock;
  beforeAll(async () => {
    mock = await startLlmMock();
  });
  afterAll(() => mock.close());

  test('an openai-compatible entry without apiKeyEnv talks to its server with a placeholder key', async () => {
    const entry = parseProvidersConfig({ providers: [{ ...local, baseUrl: mock.openaiBaseUrl }] }).providers[0]!;
    const p = providerFromConfig(entry, {});
    expect(p).toMatchObject({ name: 'local', kind: 'openai-compatible', defaultModel: 'qwen2.5-coder:7b', baseUrl: mock.openaiBaseUrl });
    expect(p.family).toBeUndefined();
    const res = await p.generate({ prompt: 'hi' });
    expect(res).toMatchObject({ provider: 'local', model: 'qwen2.5-coder:7b', text: 'echo: hi' });
    expect(mock.requests.at(-1)!.apiKey).toBe(PLACEHOLDER_KEY);
  });

  test('a gemini entry reads its key from the named variable and carries its task models', async () => {
    const entry = parseProvidersConfig({
      providers: [{ name: 'gem', kind: 'gemini', baseUrl: mock.geminiBaseUrl, apiKeyEnv: 'GEM_KEY', defaultModel: 'gemini-2.5-flash', models: { code: 'gemini-2.5-pro' } }],
    }).providers[0]!;
    const p = providerFromConfig(entry, { GEM_KEY: 'gem-key-from-env-123' });
    expect(p).toMatchObject({ name: 'gem', kind: 'gemini', models: { code: 'gemini-2.5-pro' } });
    await p.generate({ prompt: 'hi' });
    expect(mock.requests.at(-1)).toMatchObject({ api: 'gemini', apiKey: 'gem-key-from-env-123', model: 'gemini-2.5-flash' });
  });

  test('an unset apiKeyEnv is a no_key ProviderError naming the variable', () => {
    const entry = parseProvidersConfig({ providers: [{ ...local, apiKeyEnv: 'LOCAL_KEY' }] }).providers[0]!;
    expect(() => providerFromConfig(entry, { LOCAL_KEY: '  ' })).toThrow(expect.objectContaining({ kind: 'no_key', provider: 'local', message: 'local: LOCAL_KEY is not set' }));
  });
});
