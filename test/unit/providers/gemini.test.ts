// The Gemini provider on the real @google/genai client, against the local mock: what it sends, what it
// makes of the answer.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { geminiProvider, geminiText, geminiUsage } from '../../../server/engine/providers/gemini.js';
import { type LlmMock, reply, startLlmMock } from '../../fixtures/llm-mock/server.js';

const KEY = 'AIzaSyTEST-key-0123456789abcdefghijklmn';

let mock: LlmMock;
beforeAll(async () => {
  mock = await startLlmMock();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const provider = (extra: Partial<Parameters<typeof geminiProvider>[0]> = {}) => geminiProvider({ apiKey: KEY, baseUrl: mock.geminiBaseUrl, ...extra });

describe('geminiProvider against the mock', () => {
  test('a text answer: text, provider, model, finish reason and latency', async () => {
    mock.enqueue(reply.text('Seven is prime.'));
    const res = await provider().generate({ prompt: 'Name a prime.' });
    expect(res).toMatchObject({ text: 'Seven is prime.', provider: 'gemini', model: 'gemini-2.5-flash', finishReason: 'STOP' });
    expect(res.latencyMs).toBeGreaterThanOrEqual(0);
  });

  test('POSTs to /v1beta/models/{model}:generateContent with the key in x-goog-api-key', async () => {
    await provider().generate({ prompt: 'hi', model: 'gemini-2.5-pro' });
    expect(mock.requests).toHaveLength(1);
    const [req] = mock.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/v1beta/models/gemini-2.5-pro:generateContent', api: 'gemini', model: 'gemini-2.5-pro', apiKey: KEY });
    expect(req!.headers['x-goog-api-key']).toBe(KEY);
    // The key travels in the header only, never in the URL.
    expect(req!.url).not.toContain(KEY);
  });

  test('apiVersion v1 moves the call to /v1/models/…', async () => {
    await provider({ apiVersion: 'v1' }).generate({ prompt: 'hi' });
    expect(mock.requests[0]!.path).toBe('/v1/models/gemini-2.5-flash:generateContent');
  });

  test('the system prompt goes to systemInstruction, the prompt to one user turn, knobs to generationConfig', async () => {
    await provider().generate({ system: 'You grade answers.', prompt: 'Grade this.', temperature: 0.1, maxTokens: 64 });
    const body = mock.requests[0]!.body as Record<string, unknown>;
    expect(body.systemInstruction).toMatchObject({ parts: [{ text: 'You grade answers.' }] });
    expect(body.contents).toEqual([{ role: 'user', parts: [{ text: 'Grade this.' }] }]);
    expect(body.generationConfig).toEqual({ temperature: 0.1, maxOutputTokens: 64 });
    expect(JSON.stringify(body.contents)).not.toContain('You grade answers.');
    expect(mock.requests[0]).toMatchObject({ system: 'You grade answers.', prompt: 'Grade this.', json: false });
  });

  test('no system prompt, no systemInstruction; nothing SDK-internal leaks into the body', async () => {
    await provider().generate({ prompt: 'hi' });
    // The SDK always sends a generationConfig; ours adds nothing to it unless asked (no abortSignal, no
    // automaticContinuation, no httpOptions on the wire).
    expect(mock.requests[0]!.body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig: {} });
  });

  test('json: responseMimeType application/json, and the JSON text comes back verbatim', async () => {
    mock.enqueue(reply.json({ score: 4, reason: 'close' }));
    const res = await provider().generate({ prompt: 'Grade.', json: true });
    expect((mock.requests[0]!.body as { generationConfig: unknown }).generationConfig).toEqual({ responseMimeType: 'application/json' });
    expect(JSON.parse(res.text)).toEqual({ score: 4, reason: 'close' });
  });

  test('usage: cached tokens inside input, thinking tokens counted as output', async () => {
    mock.enqueue(reply.text('ok', { usage: { input: 1200, cached: 1000, output: 30, thinking: 250 } }));
    const res = await provider().generate({ prompt: 'hi' });
    expect(res.usage).toEqual({ inputTokens: 1200, outputTokens: 280, cachedTokens: 1000, thinkingTokens: 250, totalTokens: 1480 });
  });

  test('usage without cached or thinking counts (the API omits zeros) maps them to 0', async () => {
    mock.enqueue(reply.text('ok', { usage: { input: 12, output: 3 } }));
    const res = await provider().generate({ prompt: 'hi' });
    expect(res.usage).toEqual({ inputTokens: 12, outputTokens: 3, cachedTokens: 0, thinkingTokens: 0, totalTokens: 15 });
  });

  test('finishReason passes through (MAX_TOKENS)', async () => {
    mock.enqueue(reply.text('cut', { finishReason: 'MAX_TOKENS' }));
    await expect(provider().generate({ prompt: 'hi', maxTokens: 1 })).resolves.toMatchObject({ finishReason: 'MAX_TOKENS' });
  });

  test('thought summaries are not part of the answer text', async () => {
    const body = {
      candidates: [{ content: { role: 'model', parts: [{ text: 'Let me think…', thought: true }, { text: 'Answer: 42' }] }, finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 3, thoughtsTokenCount: 9, totalTokenCount: 17 },
    };
    mock.enqueue(reply.raw(200, JSON.stringify(body), { 'content-type': 'application/json' }));
    const res = await provider().generate({ prompt: 'hi' });
    expect(res.text).toBe('Answer: 42');
    expect(res.usage.thinkingTokens).toBe(9);
  });

  test('a blocked prompt (no candidates) is an empty answer with the block reason', async () => {
    const body = { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 } };
    mock.enqueue(reply.raw(200, JSON.stringify(body), { 'content-type': 'application/json' }));
    await expect(provider().generate({ prompt: 'hi' })).resolves.toMatchObject({ text: '', finishReason: 'SAFETY' });
  });

  test('latency covers the time the server took', async () => {
    mock.enqueue(reply.delayed(120, reply.text('slow')));
    const res = await provider().generate({ prompt: 'hi' });
    expect(res.latencyMs).toBeGreaterThanOrEqual(100);
  });

  test('defaultModel and name come from the options; an explicit default model turns the task table off', () => {
    const p = provider({ defaultModel: 'gemini-2.0-flash', name: 'vertex-proxy' });
    expect(p).toMatchObject({ name: 'vertex-proxy', defaultModel: 'gemini-2.0-flash', kind: 'gemini', baseUrl: mock.geminiBaseUrl });
    expect(p.family).toBeUndefined();
    expect(provider().family).toBe('gemini');
  });

  test('a provider-level timeoutMs applies when the request names none', async () => {
    mock.enqueue(reply.delayed(3000, reply.text('late')));
    await expect(provider({ timeoutMs: 100 }).generate({ prompt: 'hi' })).rejects.toMatchObject({ kind: 'timeout' });
  });

  test('GOOGLE_GEMINI_BASE_URL in the environment cannot redirect a provider given its base URL', async () => {
    const saved = process.env.GOOGLE_GEMINI_BASE_URL;
    process.env.GOOGLE_GEMINI_BASE_URL = 'http://127.0.0.1:1';
    try {
      await expect(provider().generate({ prompt: 'hi' })).resolves.toMatchObject({ text: 'echo: hi' });
    } finally {
      if (saved === undefined) delete process.env.GOOGLE_GEMINI_BASE_URL;
      else process.env.GOOGLE_GEMINI_BASE_URL = saved;
    }
  });
});

describe('geminiUsage and geminiText (pure)', () => {
  test('missing metadata is all zeros', () => {
    expect(geminiUsage(undefined)).toEqual({ inputTokens: 0, outputTokens: 0, cachedTokens: 0, thinkingTokens: 0, totalTokens: 0 });
  });

  test('tool-use prompt tokens count as input; total falls back to the sum', () => {
    expect(geminiUsage({ promptTokenCount: 10, toolUsePromptTokenCount: 5, candidatesTokenCount: 2 })).toEqual({
      inputTokens: 15, outputTokens: 2, cachedTokens: 0, thinkingTokens: 0, totalTokens: 17,
    });
  });

  test('text joins every non-thought text part of the first candidate', () => {
    expect(geminiText({ candidates: [{ content: { parts: [{ text: 'a' }, { text: 'b' }] } }, { content: { parts: [{ text: 'other' }] } }] })).toBe('ab');
    expect(geminiText({})).toBe('');
  });
});
