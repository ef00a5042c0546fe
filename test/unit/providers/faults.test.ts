// Every fault the mock can produce, through both real SDKs, lands as the right ProviderError — and costs
// exactly one HTTP request, because neither SDK is allowed to retry on its own.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { geminiProvider } from '../../../server/engine/providers/gemini.js';
import { openaiProvider } from '../../../server/engine/providers/openai.js';
import { type LLMProvider, ProviderError } from '../../../server/engine/providers/types.js';
import { type LlmMock, reply, startLlmMock } from '../../fixtures/llm-mock/server.js';

const GEMINI_KEY = `AIza${'Sy0123456789abcdefghijklmnopqrstuvw'}`;
const OPENAI_KEY = 'sk-proj-a1b2c3d4e5f6g7h8i9j0k1l2m3n4';

let mock: LlmMock;
beforeAll(async () => {
  mock = await startLlmMock();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const providers: [string, string, () => LLMProvider][] = [
  ['gemini', GEMINI_KEY, () => geminiProvider({ apiKey: GEMINI_KEY, baseUrl: mock.geminiBaseUrl })],
  ['openai', OPENAI_KEY, () => openaiProvider({ apiKey: OPENAI_KEY, baseUrl: mock.openaiBaseUrl, defaultModel: 'gpt-4.1-mini' })],
];

async function failure(p: LLMProvider, req: Parameters<LLMProvider['generate']>[0] = { prompt: 'hi' }): Promise<ProviderError> {
  const err = await p.generate(req).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe.each(providers)('%s faults', (name, key, make) => {
  test('429 with Retry-After in seconds → rate_limit, status 429, retryAfterMs, one request', async () => {
    mock.enqueue(reply.rateLimit({ retryAfter: 7, message: 'Quota exceeded for requests per minute' }));
    const err = await failure(make());
    expect(err).toMatchObject({ provider: name, kind: 'rate_limit', status: 429, retryAfterMs: 7000, retryable: true });
    expect(err.message).toContain(name);
    expect(err.message).toContain('429');
    expect(err.message).toContain('Quota exceeded for requests per minute');
    expect(mock.requests).toHaveLength(1);
  });

  test('429 with Retry-After as an HTTP date → retryAfterMs until that date', async () => {
    const at = new Date(Date.now() + 20_000).toUTCString();
    mock.enqueue(reply.rateLimit({ retryAfter: at }));
    const err = await failure(make());
    expect(err.kind).toBe('rate_limit');
    // HTTP dates have whole seconds, and the request takes a moment.
    expect(err.retryAfterMs).toBeGreaterThan(17_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(20_000);
  });

  test('429 without a retry hint → rate_limit with retryAfterMs undefined', async () => {
    mock.enqueue(reply.rateLimit());
    const err = await failure(make());
    expect(err).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: undefined });
  });

  test.each([500, 502, 503])('%i → server, retryable, exactly one request', async (status) => {
    mock.enqueue(reply.error(status, { message: `upstream said ${status}` }), reply.text('second answer'));
    const err = await failure(make());
    expect(err).toMatchObject({ kind: 'server', status, retryable: true });
    expect(err.message).toContain(`upstream said ${status}`);
    expect(mock.requests).toHaveLength(1);
    // The queued answer is still there: no SDK retry consumed it.
    await expect(make().generate({ prompt: 'again' })).resolves.toMatchObject({ text: 'second answer' });
    expect(mock.requests).toHaveLength(2);
  });

  test.each([
    [401, 'auth'],
    [403, 'auth'],
    [400, 'bad_request'],
    [404, 'bad_request'],
  ] as const)('%i → %s, not retryable', async (status, kind) => {
    mock.enqueue(reply.error(status, { message: 'the API explains' }));
    const err = await failure(make());
    expect(err).toMatchObject({ kind, status, retryable: false });
    expect(err.message).toContain('the API explains');
    expect(mock.requests).toHaveLength(1);
  });

  test('an answer slower than timeoutMs → timeout, well before the answer would come', async () => {
    mock.enqueue(reply.delayed(3000, reply.text('too late')));
    const started = Date.now();
    const err = await failure(make(), { prompt: 'hi', timeoutMs: 150 });
    expect(err).toMatchObject({ kind: 'timeout', retryable: true });
    expect(err.message).toContain('150 ms');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(mock.requests).toHaveLength(1);
  });

  test("the caller's abort signal → timeout kind, reported as an abort", async () => {
    mock.enqueue(reply.delayed(3000, reply.text('too late')));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const err = await failure(make(), { prompt: 'hi', signal: ac.signal });
    expect(err.kind).toBe('timeout');
    expect(err.message).toMatch(/aborted by the caller/);
  });

  test('malformed JSON in a 200 → server (retryable)', async () => {
    mock.enqueue(reply.malformed());
    const err = await failure(make());
    expect(err).toMatchObject({ kind: 'server', retryable: true });
    expect(err.message).toMatch(/malformed response/);
    expect(mock.requests).toHaveLength(1);
  });

  test('a 200 that is not the API shape (a proxy page) → server', async () => {
    mock.enqueue(reply.raw(200, '<html>login</html>', { 'content-type': 'text/html' }));
    const err = await failure(make());
    expect(err).toMatchObject({ kind: 'server' });
    expect(err.message).toMatch(/malformed response/);
  });

  test('a dropped connection → network, one request', async () => {
    mock.enqueue(reply.drop());
    const err = await failure(make());
    expect(err).toMatchObject({ kind: 'network', retryable: true, status: undefined });
    expect(mock.requests).toHaveLength(1);
  });

  test('connection refused → network naming ECONNREFUSED', async () => {
    const port = await freePort();
    const p =
      name === 'gemini'
        ? geminiProvider({ apiKey: key, baseUrl: `http://127.0.0.1:${port}` })
        : openaiProvider({ apiKey: key, baseUrl: `http://127.0.0.1:${port}/v1` });
    const err = await failure(p);
    expect(err.kind).toBe('network');
    expect(err.message).toContain('ECONNREFUSED');
  });

  test('the API key never appears in a message, even when the server echoes it', async () => {
    mock.enqueue(reply.error(400, { message: `API key not valid: ${key}` }));
    const err = await failure(make());
    expect(err.message).not.toContain(key);
    expect(err.message).toContain('redacted');
  });
});

test('a key no redaction rule knows is still scrubbed from messages (literal match)', async () => {
  const key = 'plain-local-secret-0042';
  const p = openaiProvider({ apiKey: key, baseUrl: mock.openaiBaseUrl, name: 'local' });
  mock.enqueue(reply.error(401, { message: `unknown key ${key}` }));
  const err = await failure(p);
  expect(err).toMatchObject({ provider: 'local', kind: 'auth' });
  expect(err.message).not.toContain(key);
  expect(err.message.startsWith('local: ')).toBe(true);
});

test("Gemini's RetryInfo retryDelay in the error body → retryAfterMs when no header says otherwise", async () => {
  mock.enqueue(reply.rateLimit({ retryDelay: '30s', message: 'You exceeded your current quota' }));
  const err = await failure(providers[0]![2]());
  expect(err).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 30_000 });
  expect(err.message).toContain('RESOURCE_EXHAUSTED');
});

test('a Retry-After header wins over the RetryInfo body', async () => {
  mock.enqueue(reply.rateLimit({ retryAfter: 2, retryDelay: '30s' }));
  const err = await failure(providers[0]![2]());
  expect(err.retryAfterMs).toBe(2000);
});

test("OpenAI's retry-after-ms header is read in milliseconds", async () => {
  mock.enqueue(reply.error(429, { headers: { 'retry-after-ms': '1250' } }));
  const err = await failure(providers[1]![2]());
  expect(err).toMatchObject({ kind: 'rate_limit', retryAfterMs: 1250 });
});
