// Error classification as pure functions: status kinds, retry hints, scrubbing, and the shapes each SDK throws.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ApiError } from '@google/genai';
import { describe, expect, test } from 'vitest';
import { parseRetryAfter, retryDelayFromBody, scrub, statusKind, toProviderError } from '../../../server/engine/providers/errors.js';
import { ProviderError } from '../../../server/engine/providers/types.js';

describe('statusKind', () => {
  test.each([
    [401, 'auth'], [403, 'auth'], [429, 'rate_limit'], [500, 'server'], [503, 'server'], [599, 'server'],
    [400, 'bad_request'], [404, 'bad_request'], [422, 'bad_request'], [408, 'timeout'], [302, 'unknown'],
  ] as const)('%i → %s', (status, kind) => expect(statusKind(status)).toBe(kind));
});

describe('parseRetryAfter', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:27:30 GMT');
  test('delay-seconds, whole or fractional', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter(' 1.5 ')).toBe(1500);
    expect(parseRetryAfter('0')).toBe(0);
  });
  test('an HTTP date, relative to now; a past date is 0', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now)).toBe(0);
  });
  test('absent or unparsable is undefined', () => {
    for (const v of [undefined, null, '', 'soon', '-5']) expect(parseRetryAfter(v, now)).toBeUndefined();
  });
});

describe('retryDelayFromBody', () => {
  const body = (details: unknown) => ({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', details } });
  test('reads RetryInfo.retryDelay among other details', () => {
    const details = [
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [] },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '34s' },
    ];
    expect(retryDelayFromBody(body(details))).toBe(34_000);
    expect(retryDelayFromBody(body([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.25s' }]))).toBe(250);
  });
  test('no RetryInfo, a malformed delay or no body is undefined', () => {
    expect(retryDelayFromBody(body([{ '@type': 'type.googleapis.com/google.rpc.Help' }]))).toBeUndefined();
    expect(retryDelayFromBody(body([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '30' }]))).toBeUndefined();
    expect(retryDelayFromBody(undefined)).toBeUndefined();
    expect(retryDelayFromBody('text')).toBeUndefined();
  });
});

describe('scrub', () => {
  test('redacts known key shapes and the given literal secrets, caps the length', () => {
    expect(scrub('key AIzaSyA0123456789abcdefghijklmnopqrstuv was rejected')).toBe('key «redacted:google-key» was rejected');
    expect(scrub('bad: my-own-secret-value', ['my-own-secret-value'])).toBe('bad: «redacted:api-key»');
    expect(scrub('x'.repeat(2000)).length).toBeLessThanOrEqual(501);
  });
  test('short placeholders are left alone rather than cut out of ordinary words', () => {
    expect(scrub('nonesuch', ['none'])).toBe('nonesuch');
  });
});

describe('toProviderError', () => {
  test('a ProviderError passes through untouched', () => {
    const e = new ProviderError('gemini', 'auth', 'x');
    expect(toProviderError('openai', e)).toBe(e);
  });

  test("genai's ApiError: status and the body's own status word and message", () => {
    const body = { error: { code: 403, message: 'Permission denied on resource', status: 'PERMISSION_DENIED' } };
    const e = toProviderError('gemini', new ApiError({ status: 403, message: JSON.stringify(body) }));
    expect(e).toMatchObject({ kind: 'auth', status: 403, message: 'gemini: HTTP 403 PERMISSION_DENIED: Permission denied on resource' });
    expect(e.cause).toBeInstanceOf(ApiError);
  });

  test("genai's ApiError with Retry-After only in the recorded headers", () => {
    const e = toProviderError('gemini', new ApiError({ status: 429, message: '{"error":{"message":"slow down"}}' }), { headers: new Headers({ 'retry-after': '3' }) });
    expect(e).toMatchObject({ kind: 'rate_limit', retryAfterMs: 3000 });
  });

  test("openai's APIError family", () => {
    const headers = new Headers({ 'retry-after': '9' });
    const rate = APIError.generate(429, { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }, undefined, headers);
    expect(toProviderError('openai', rate)).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 9000, message: 'openai: HTTP 429 requests: Rate limit reached' });
    const bare = APIError.generate(500, undefined, undefined, new Headers());
    expect(toProviderError('openai', bare)).toMatchObject({ kind: 'server', status: 500, message: 'openai: HTTP 500: status code (no body)' });
    expect(toProviderError('openai', new APIConnectionTimeoutError(), { timeoutMs: 50 })).toMatchObject({ kind: 'timeout', message: 'openai: timed out after 50 ms' });
    expect(toProviderError('openai', new APIUserAbortError())).toMatchObject({ kind: 'timeout' });
    expect(toProviderError('openai', new APIConnectionError({ message: 'Connection error.' }))).toMatchObject({ kind: 'network' });
  });

  test('undici network errors by their code, anywhere on the cause chain', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    expect(toProviderError('gemini', refused)).toMatchObject({ kind: 'network', message: expect.stringContaining('ECONNREFUSED') });
    const reset = new Error('wrapped', { cause: new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }) });
    expect(toProviderError('gemini', reset).kind).toBe('network');
    const headers = new TypeError('fetch failed', { cause: Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }) });
    expect(toProviderError('gemini', headers).kind).toBe('timeout');
  });

  test('the deadline decides over whatever the SDK made of the abort', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    expect(toProviderError('gemini', abort, { timedOut: true, timeoutMs: 200 })).toMatchObject({ kind: 'timeout', message: 'gemini: timed out after 200 ms' });
    expect(toProviderError('gemini', abort, { callerAborted: true })).toMatchObject({ kind: 'timeout', message: 'gemini: request aborted by the caller' });
    expect(toProviderError('gemini', abort).kind).toBe('timeout');
  });

  test('an unparsable body is a server fault; anything else is unknown', () => {
    expect(toProviderError('openai', new SyntaxError('Unexpected end of JSON input'))).toMatchObject({ kind: 'server' });
    expect(toProviderError('openai', new Error('something odd'))).toMatchObject({ kind: 'unknown', message: 'openai: something odd' });
    expect(toProviderError('openai', 'a string')).toMatchObject({ kind: 'unknown', message: 'openai: a string' });
  });

  test('keys in an API message are scrubbed', () => {
    const e = APIError.generate(401, { error: { message: 'Incorrect API key provided: sk-proj-abcdef1234567890abcdef' } }, undefined, new Headers());
    const mapped = toProviderError('openai', e);
    expect(mapped.message).not.toContain('sk-proj-abcdef1234567890abcdef');
    expect(mapped.message).toContain('«redacted:openai-key»');
  });
});
