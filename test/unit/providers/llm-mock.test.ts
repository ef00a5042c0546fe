// The shared LLM mock itself, over plain fetch: routes, recording, queue and default answer, wire shapes, faults.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { defaultAnswer, type LlmMock, reply, startLlmMock } from '../../fixtures/llm-mock/server.js';

let mock: LlmMock;
beforeAll(async () => {
  mock = await startLlmMock();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${mock.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const geminiBody = { systemInstruction: { parts: [{ text: 'sys' }] }, contents: [{ role: 'user', parts: [{ text: 'hello' }] }], generationConfig: { responseMimeType: 'application/json' } };
const openaiBody = { model: 'gpt-x', messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'hello' }] };

describe('startLlmMock', () => {
  test('listens on 127.0.0.1 with base URLs for both SDKs', () => {
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);
    expect(mock.geminiBaseUrl).toBe(mock.url);
    expect(mock.openaiBaseUrl).toBe(`${mock.url}/v1`);
  });

  test('records a Gemini request: path, model, key header, parsed body, system, prompt, json flag', async () => {
    const res = await post('/v1beta/models/gemini-2.5-flash:generateContent', geminiBody, { 'x-goog-api-key': 'gk' });
    expect(res.status).toBe(200);
    expect(mock.requests[0]).toMatchObject({
      method: 'POST', path: '/v1beta/models/gemini-2.5-flash:generateContent', api: 'gemini', model: 'gemini-2.5-flash',
      apiKey: 'gk', body: geminiBody, system: 'sys', prompt: 'hello', json: true,
    });
    expect(mock.requests[0]!.headers['x-goog-api-key']).toBe('gk');
    // JSON asked for, so the default answer is JSON.
    const answer = (await res.json()) as { candidates: { content: { parts: { text: string }[] } }[] };
    expect(JSON.parse(answer.candidates[0]!.content.parts[0]!.text)).toEqual({ echo: 'hello' });
  });

  test('the /v1 Gemini route works too; ?key= is recorded as the key', async () => {
    await post('/v1/models/gemini-2.5-pro:generateContent?key=qk', geminiBody);
    expect(mock.requests[0]).toMatchObject({ path: '/v1/models/gemini-2.5-pro:generateContent', apiKey: 'qk', query: { key: 'qk' } });
  });

  test('records an OpenAI request with the Bearer key', async () => {
    const res = await post('/v1/chat/completions', openaiBody, { authorization: 'Bearer ok' });
    expect(mock.requests[0]).toMatchObject({ api: 'openai', model: 'gpt-x', apiKey: 'ok', system: 'sys', prompt: 'hello', json: false });
    const answer = (await res.json()) as { choices: { message: { content: string } }[]; model: string };
    expect(answer.choices[0]!.message.content).toBe('echo: hello');
    expect(answer.model).toBe('gpt-x');
  });

  test('queued replies come first, in order, then the default answer', async () => {
    mock.enqueue('one', reply.text('two'));
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = (await (await post('/v1/chat/completions', openaiBody)).json()) as { choices: { message: { content: string } }[] };
      texts.push(r.choices[0]!.message.content);
    }
    expect(texts).toEqual(['one', 'two', 'echo: hello']);
  });

  test('setAnswer replaces the default answer with a function of the request; reset restores it', async () => {
    mock.setAnswer((req) => `model was ${req.model}`);
    const r = (await (await post('/v1/chat/completions', openaiBody)).json()) as { choices: { message: { content: string } }[] };
    expect(r.choices[0]!.message.content).toBe('model was gpt-x');
    mock.reset();
    expect(mock.requests).toHaveLength(0);
    const again = (await (await post('/v1/chat/completions', openaiBody)).json()) as { choices: { message: { content: string } }[] };
    expect(again.choices[0]!.message.content).toBe('echo: hello');
  });

  test('usage in both wire formats: Gemini output excludes thinking, OpenAI completion includes it', async () => {
    const usage = { input: 100, cached: 60, output: 10, thinking: 5 };
    mock.enqueue(reply.text('a', { usage }), reply.text('b', { usage }));
    const g = (await (await post('/v1beta/models/m:generateContent', geminiBody)).json()) as { usageMetadata: unknown };
    expect(g.usageMetadata).toMatchObject({ promptTokenCount: 100, cachedContentTokenCount: 60, candidatesTokenCount: 10, thoughtsTokenCount: 5, totalTokenCount: 115 });
    const o = (await (await post('/v1/chat/completions', openaiBody)).json()) as { usage: unknown };
    expect(o.usage).toMatchObject({
      prompt_tokens: 100, completion_tokens: 15, total_tokens: 115,
      prompt_tokens_details: { cached_tokens: 60 }, completion_tokens_details: { reasoning_tokens: 5 },
    });
  });

  test('errors use each API’s own body; 429 carries Retry-After and Gemini RetryInfo', async () => {
    mock.enqueue(reply.rateLimit({ retryAfter: 5, retryDelay: '12s', message: 'slow' }), reply.rateLimit({ retryAfter: 5, message: 'slow' }));
    const g = await post('/v1beta/models/m:generateContent', geminiBody);
    expect(g.status).toBe(429);
    expect(g.headers.get('retry-after')).toBe('5');
    expect(await g.json()).toEqual({
      error: { code: 429, message: 'slow', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' }] },
    });
    const o = await post('/v1/chat/completions', openaiBody);
    expect(await o.json()).toEqual({ error: { message: 'slow', type: 'requests', param: null, code: 'rate_limit_exceeded' } });
  });

  test('malformed: a 200 JSON response that does not parse', async () => {
    mock.enqueue(reply.malformed());
    const res = await post('/v1/chat/completions', openaiBody);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  test('drop: the connection closes without an answer, and the request is still recorded', async () => {
    mock.enqueue(reply.drop());
    await expect(post('/v1/chat/completions', openaiBody)).rejects.toThrow(/fetch failed/);
    expect(mock.requests).toHaveLength(1);
  });

  test('delayed: the answer waits', async () => {
    mock.enqueue(reply.delayed(150, reply.text('late')));
    const started = Date.now();
    await post('/v1/chat/completions', openaiBody);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  test('an unknown route is a 404 naming it', async () => {
    const res = await post('/v1/embeddings', {});
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).toContain('POST /v1/embeddings');
    expect(mock.requests[0]!.api).toBeNull();
  });

  test('defaultAnswer echoes the prompt, as JSON when asked', () => {
    const base = { method: 'POST', url: '/', path: '/', query: {}, headers: {}, rawBody: '', body: undefined, api: null, model: null, apiKey: null, system: null };
    expect(defaultAnswer({ ...base, prompt: 'x', json: false })).toEqual({ type: 'answer', text: 'echo: x' });
    expect(defaultAnswer({ ...base, prompt: 'x', json: true })).toEqual({ type: 'answer', text: '{"echo":"x"}' });
  });

  test('close() returns promptly even with a delayed answer pending', async () => {
    const other = await startLlmMock();
    other.enqueue(reply.delayed(10_000, reply.text('never')));
    const pending = fetch(`${other.url}/v1/chat/completions`, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
