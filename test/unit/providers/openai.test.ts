// The OpenAI provider on the real openai client, against the local mock standing in for OpenAI or any
// OpenAI-compatible server.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { openaiMessages, openaiProvider, openaiUsage } from '../../../server/engine/providers/openai.js';
import { type LlmMock, reply, startLlmMock } from '../../fixtures/llm-mock/server.js';

const KEY = 'sk-test-0123456789abcdefghijklmnop';

let mock: LlmMock;
beforeAll(async () => {
  mock = await startLlmMock();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const provider = (extra: Partial<Parameters<typeof openaiProvider>[0]> = {}) => openaiProvider({ apiKey: KEY, baseUrl: mock.openaiBaseUrl, ...extra });

describe('openaiProvider against the mock', () => {
  test('a text answer: text, provider, model, finish reason', async () => {
    mock.enqueue(reply.text('Seven.'));
    const res = await provider({ defaultModel: 'llama3.1' }).generate({ prompt: 'Name a prime.' });
    expect(res).toMatchObject({ text: 'Seven.', provider: 'openai', model: 'llama3.1', finishReason: 'stop' });
  });

  test('POSTs to {baseUrl}/chat/completions with a Bearer key and no SDK retry', async () => {
    await provider().generate({ prompt: 'hi', model: 'gpt-4.1' });
    expect(mock.requests).toHaveLength(1);
    const [req] = mock.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/v1/chat/completions', api: 'openai', model: 'gpt-4.1', apiKey: KEY });
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req!.headers['x-stainless-retry-count']).toBe('0');
  });

  test('system then user message; temperature; max_tokens for a compatible server', async () => {
    await provider().generate({ system: 'You grade answers.', prompt: 'Grade this.', temperature: 0, maxTokens: 64 });
    expect(mock.requests[0]!.body).toEqual({
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: 'You grade answers.' },
        { role: 'user', content: 'Grade this.' },
      ],
      temperature: 0,
      max_tokens: 64,
    });
  });

  test('maxTokensField switches the output cap to max_completion_tokens', async () => {
    await provider({ maxTokensField: 'max_completion_tokens' }).generate({ prompt: 'hi', maxTokens: 10 });
    const body = mock.requests[0]!.body as Record<string, unknown>;
    expect(body.max_completion_tokens).toBe(10);
    expect(body).not.toHaveProperty('max_tokens');
  });

  test('json: response_format json_object, and JSON text comes back verbatim', async () => {
    mock.enqueue(reply.json({ score: 5 }));
    const res = await provider().generate({ system: 'Reply in JSON.', prompt: 'Grade.', json: true });
    const body = mock.requests[0]!.body as Record<string, unknown>;
    expect(body.response_format).toEqual({ type: 'json_object' });
    // The system prompt already says JSON: left as it is.
    expect(mock.requests[0]!.system).toBe('Reply in JSON.');
    expect(JSON.parse(res.text)).toEqual({ score: 5 });
  });

  test('usage: cached inside prompt tokens, reasoning inside completion tokens', async () => {
    mock.enqueue(reply.text('ok', { usage: { input: 1200, cached: 1024, output: 30, thinking: 250 } }));
    const res = await provider().generate({ prompt: 'hi' });
    expect(res.usage).toEqual({ inputTokens: 1200, outputTokens: 280, cachedTokens: 1024, thinkingTokens: 250, totalTokens: 1480 });
  });

  test('a null content (a refusal or a tool call) is an empty answer', async () => {
    const body = {
      id: 'x', object: 'chat.completion', created: 0, model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: 'no' }, finish_reason: 'stop' }],
    };
    mock.enqueue(reply.raw(200, JSON.stringify(body), { 'content-type': 'application/json' }));
    const res = await provider().generate({ prompt: 'hi' });
    expect(res).toMatchObject({ text: '', finishReason: 'stop' });
    expect(res.usage.totalTokens).toBe(0);
  });

  test('an error body whose `error` is a bare string (Ollama) still yields the message', async () => {
    mock.enqueue(reply.raw(404, JSON.stringify({ error: 'model "nope" not found, try pulling it first' }), { 'content-type': 'application/json' }));
    await expect(provider({ name: 'ollama' }).generate({ prompt: 'hi', model: 'nope' })).rejects.toMatchObject({
      provider: 'ollama',
      kind: 'bad_request',
      status: 404,
      message: expect.stringContaining('model "nope" not found'),
    });
  });

  test('OPENAI_BASE_URL in the environment cannot redirect a provider given its base URL', async () => {
    const saved = process.env.OPENAI_BASE_URL;
    process.env.OPENAI_BASE_URL = 'http://127.0.0.1:1/v1';
    try {
      await expect(provider().generate({ prompt: 'hi' })).resolves.toMatchObject({ text: 'echo: hi' });
    } finally {
      if (saved === undefined) delete process.env.OPENAI_BASE_URL;
      else process.env.OPENAI_BASE_URL = saved;
    }
  });

  test('the built-in model table applies only to api.openai.com without a pinned default model', () => {
    expect(openaiProvider({ apiKey: KEY }).family).toBe('openai');
    expect(openaiProvider({ apiKey: KEY }).baseUrl).toBe('https://api.openai.com/v1');
    expect(openaiProvider({ apiKey: KEY, defaultModel: 'gpt-4o' }).family).toBeUndefined();
    expect(provider().family).toBeUndefined();
    expect(provider()).toMatchObject({ kind: 'openai-compatible', baseUrl: mock.openaiBaseUrl });
  });
});

describe('openaiMessages and openaiUsage (pure)', () => {
  test('a JSON request that never mentions JSON gets one sentence added to the system message', () => {
    expect(openaiMessages({ system: 'Grade it.', prompt: 'x', json: true })).toEqual([
      { role: 'system', content: 'Grade it.\n\nAnswer with a JSON object.' },
      { role: 'user', content: 'x' },
    ]);
    expect(openaiMessages({ prompt: 'x', json: true })).toEqual([
      { role: 'system', content: 'Answer with a JSON object.' },
      { role: 'user', content: 'x' },
    ]);
  });

  test('a JSON request whose prompt mentions JSON, and any non-JSON request, is sent unchanged', () => {
    expect(openaiMessages({ prompt: 'Return json please', json: true })).toEqual([{ role: 'user', content: 'Return json please' }]);
    expect(openaiMessages({ system: 's', prompt: 'x' })).toEqual([
      { role: 'system', content: 's' },
      { role: 'user', content: 'x' },
    ]);
  });

  test('missing usage and missing details are zeros; total falls back to the sum', () => {
    expect(openaiUsage(undefined)).toEqual({ inputTokens: 0, outputTokens: 0, cachedTokens: 0, thinkingTokens: 0, totalTokens: 0 });
    expect(openaiUsage({ prompt_tokens: 3, completion_tokens: 4 } as never)).toEqual({
      inputTokens: 3, outputTokens: 4, cachedTokens: 0, thinkingTokens: 0, totalTokens: 7,
    });
  });
});
