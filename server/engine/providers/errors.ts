/**
 * Maps whatever an SDK call threw — @google/genai's ApiError, openai's APIError family, undici's network
 * errors, aborts, unparsable bodies — onto one ProviderError, so breakers and retries see the same kinds
 * whichever provider failed. Pure apart from reading the clock for HTTP-date Retry-After values.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from 'openai';
import { redact } from '../redact.js';
import { ProviderError, type ProviderErrorKind } from './types.js';

/** What the provider knew about the failed call, beyond the thrown value. */
export interface ErrorContext {
  /** The call's deadline fired. */
  timedOut?: boolean;
  /** The caller's signal fired. */
  callerAborted?: boolean;
  timeoutMs?: number;
  /** Response headers, when the SDK's error does not carry them (genai's ApiError does not). */
  headers?: Headers;
  /** Literal strings (the API key) scrubbed from the message even when redact() would not know them. */
  secrets?: readonly string[];
  now?: () => number;
}

const MAX_MESSAGE = 500;

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * The error kind for an HTTP status: 401/403 auth, 408 timeout, 429 rate_limit, 5xx server, other 4xx bad_request.
 *
 * @example
 * statusKind(429) // → 'rate_limit'
 */
export function statusKind(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limit';
  if (status >= 500 && status <= 599) return 'server';
  if (status >= 400 && status <= 499) return 'bad_request';
  return 'unknown';
}

/**
 * Parses a Retry-After header value — delay-seconds or an HTTP date — into milliseconds from `now`.
 * Undefined when absent or unparsable; a date in the past gives 0.
 *
 * @example
 * parseRetryAfter('7')                              // → 7000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:30 GMT')) // → 30000
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // Date.parse reads "-5" as a year; an HTTP date always has a day or month name.
  const at = /[A-Za-z]/.test(v) ? Date.parse(v) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Reads Google's RetryInfo hint (`error.details[].retryDelay`, a protobuf Duration such as "30s" or
 * "1.5s") from a Gemini error body, in milliseconds.
 *
 * @example
 * retryDelayFromBody({ error: { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '30s' }] } }) // → 30000
 */
export function retryDelayFromBody(body: unknown): number | undefined {
  const details = field(field(body, 'error'), 'details');
  if (!Array.isArray(details)) return undefined;
  for (const d of details) {
    const type = field(d, '@type');
    const delay = field(d, 'retryDelay');
    if (typeof type === 'string' && type.endsWith('google.rpc.RetryInfo') && typeof delay === 'string') {
      const m = /^(\d+(?:\.\d+)?)s$/.exec(delay.trim());
      if (m) return Math.round(Number(m[1]) * 1000);
    }
  }
  return undefined;
}

/**
 * Redacts secrets from a message built from a response, removes the given literal secrets and caps its length.
 *
 * @example
 * scrub('bad key sk-proj-abc123def456ghi789jkl0', []) // → 'bad key «redacted:openai-key»'
 */
export function scrub(message: string, secrets: readonly string[] = []): string {
  let out = message;
  // Short placeholders ("none", "local") are not secrets, and replacing them would mangle ordinary words.
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join('«redacted:api-key»');
  out = redact(out);
  return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE)}…` : out;
}

/**
 * Classifies anything a provider call threw as a ProviderError (returned as is when it already is one).
 *
 * @example
 * try { await client.chat.completions.create(body) }
 * catch (e) { throw toProviderError('openai', e, { timedOut: d.timedOut(), secrets: [apiKey] }) }
 */
export function toProviderError(provider: string, err: unknown, ctx: ErrorContext = {}): ProviderError {
  if (err instanceof ProviderError) return err;
  const make = (kind: ProviderErrorKind, message: string, opts: { status?: number; retryAfterMs?: number } = {}): ProviderError =>
    new ProviderError(provider, kind, scrub(`${provider}: ${message}`, ctx.secrets), { ...opts, cause: err });
  const after = ctx.timeoutMs === undefined ? '' : ` after ${ctx.timeoutMs} ms`;

  if (ctx.timedOut) return make('timeout', `timed out${after}`);
  if (ctx.callerAborted) return make('timeout', 'request aborted by the caller');

  const status = numberField(err, 'status');
  if (status !== undefined && status >= 400) {
    const { apiStatus, apiMessage, body } = apiErrorDetails(err);
    const headers = headersOf(err) ?? ctx.headers;
    const now = ctx.now?.() ?? Date.now();
    const retryAfterMs =
      parseRetryAfterMs(headers?.get('retry-after-ms')) ?? parseRetryAfter(headers?.get('retry-after'), now) ?? retryDelayFromBody(body);
    const label = apiStatus ? `HTTP ${status} ${apiStatus}` : `HTTP ${status}`;
    return make(statusKind(status), `${label}: ${apiMessage || 'no message'}`, { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
  }

  const name = stringField(err, 'name');
  const code = causeCode(err);
  const text = describe(err);
  if (err instanceof APIConnectionTimeoutError || name === 'TimeoutError' || (code && TIMEOUT_CODES.has(code))) {
    return make('timeout', `timed out${after}${code ? ` (${code})` : ''}`);
  }
  if (err instanceof APIUserAbortError || name === 'AbortError') return make('timeout', `request aborted: ${text}`);
  if (code && NETWORK_CODES.has(code)) return make('network', `network error (${code}): ${text}`);
  if (err instanceof APIConnectionError || (err instanceof TypeError && /fetch failed|network|socket/i.test(text))) {
    return make('network', `network error: ${text}`);
  }
  if (err instanceof SyntaxError) return make('server', `malformed response (not JSON): ${text}`);
  return make('unknown', text || 'unknown error');
}

/** A ProviderError for a 2xx answer that is not the API's shape (a proxy's HTML page, a truncated body). */
export function malformedResponse(provider: string, what: string): ProviderError {
  return new ProviderError(provider, 'server', scrub(`${provider}: malformed response: ${what}`));
}

function parseRetryAfterMs(value: string | null | undefined): number | undefined {
  const v = value?.trim();
  return v && /^\d+(?:\.\d+)?$/.test(v) ? Math.round(Number(v)) : undefined;
}

/**
 * The API's own status word and message: genai's ApiError carries the whole error body as a JSON string in
 * `message`; openai's APIError carries the body's `error` member (an object, or a bare string from some
 * compatible servers) in `error`.
 */
function apiErrorDetails(err: unknown): { apiStatus?: string; apiMessage: string; body?: unknown } {
  const inner = field(err, 'error');
  if (typeof inner === 'string') return { apiMessage: inner };
  if (inner && typeof inner === 'object') {
    const type = stringField(inner, 'type') ?? stringField(inner, 'code');
    return { ...(type ? { apiStatus: type } : {}), apiMessage: stringField(inner, 'message') ?? JSON.stringify(inner), body: { error: inner } };
  }
  const message = stringField(err, 'message') ?? '';
  const body = safeJson(message);
  const e = field(body, 'error');
  if (e && typeof e === 'object') {
    const apiStatus = stringField(e, 'status');
    return { ...(apiStatus ? { apiStatus } : {}), apiMessage: stringField(e, 'message') ?? JSON.stringify(e), body };
  }
  // openai prefixes its own message with the status ("500 status code (no body)").
  return { apiMessage: message.replace(/^\d{3}\s+/, '') };
}

function headersOf(err: unknown): Headers | undefined {
  const h = field(err, 'headers');
  return h instanceof Headers ? h : undefined;
}

/** The first `code` on the error or its cause chain (undici nests the socket error as `cause`). */
function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const code = stringField(e, 'code');
    if (code && /^[A-Z_]+$/.test(code)) return code;
    e = field(e, 'cause');
  }
  return undefined;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error && err.cause.message !== err.message ? ` (${err.cause.message})` : '';
  return `${err.message}${cause}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function field(obj: unknown, key: string): unknown {
  return obj && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined;
}
function stringField(obj: unknown, key: string): string | undefined {
  const v = field(obj, key);
  return typeof v === 'string' ? v : undefined;
}
function numberField(obj: unknown, key: string): number | undefined {
  const v = field(obj, key);
  return typeof v === 'number' ? v : undefined;
}
