/**
 * One JSON POST with bounded retries, shared by the webhook and Slack notifiers. Retries network
 * errors, timeouts, 5xx and 429 (waiting what Retry-After asks, capped), never other 4xx; every
 * attempt has its own timeout and all of them together a time budget. Redirects are not followed:
 * a notifier URL passed validation, the place it redirects to did not.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { redact } from '../redact.js';
import type { SendResult } from './types.js';

export interface HttpOptions {
  /** Per attempt, default 5000. */
  timeoutMs?: number;
  /** Retries after the first attempt, default 2. */
  retries?: number;
  /** All attempts and waits together, default max(15000, timeoutMs). */
  totalTimeoutMs?: number;
  /** First backoff (doubled each retry, jittered to 50–100 %), default 500. */
  backoffMs?: number;
  /** Longest Retry-After honoured, default 10000. */
  maxRetryAfterMs?: number;
  fetch?: typeof globalThis.fetch;
  /** For the jitter, default Math.random. */
  random?: () => number;
}

export interface PostRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Which statuses mean delivered. */
  accept: (status: number) => boolean;
}

/** Below this much time left no new attempt starts: it could not get an answer anyway. */
const MIN_ATTEMPT_MS = 50;
const SNIPPET_BYTES = 300;

interface Attempt extends Omit<SendResult, 'attempts'> {
  retryable: boolean;
  retryAfterMs?: number;
}

/**
 * Milliseconds a Retry-After header asks to wait (delta-seconds or an HTTP date), or undefined.
 *
 * @example
 * parseRetryAfter('2', 0)                              // → 2000
 * parseRetryAfter('Thu, 01 Jan 1970 00:00:05 GMT', 0)  // → 5000
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^[A-Za-z]{3}/.test(text)) return undefined; // an HTTP date starts with the day's name
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * POSTs `request.body`, retrying as the module comment says. Resolves, never rejects.
 *
 * @example
 * await postWithRetry({ url, headers: { 'content-type': 'application/json' }, body, accept: (s) => s < 300 }, { retries: 1 })
 * // → { ok: true, status: 204, attempts: 1 }
 */
export async function postWithRetry(request: PostRequest, options: HttpOptions = {}): Promise<SendResult> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const retries = options.retries ?? 2;
  const deadline = Date.now() + (options.totalTimeoutMs ?? Math.max(15_000, timeoutMs));
  const backoffMs = options.backoffMs ?? 500;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
  const fetchFn = options.fetch ?? globalThis.fetch;
  const random = options.random ?? Math.random;
  for (let attempts = 1; ; attempts++) {
    const budget = Math.max(1, Math.min(timeoutMs, deadline - Date.now()));
    const { retryable, retryAfterMs, ...result } = await attempt(fetchFn, request, budget);
    if (result.ok || !retryable || attempts > retries) return { ...result, attempts };
    const wait = retryAfterMs !== undefined
      ? Math.min(retryAfterMs, maxRetryAfterMs)
      : backoffMs * 2 ** (attempts - 1) * (0.5 + random() / 2);
    if (Date.now() + wait + MIN_ATTEMPT_MS > deadline) {
      return { ...result, error: `${result.error ?? 'failed'}; no time left to retry`, attempts };
    }
    await sleep(wait);
  }
}

async function attempt(fetchFn: typeof globalThis.fetch, request: PostRequest, timeoutMs: number): Promise<Attempt> {
  let response: Response;
  try {
    response = await fetchFn(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    return { ok: false, error: describeError(e, timeoutMs), retryable: true };
  }
  const status = response.status;
  if (request.accept(status)) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: true, status, retryable: false };
  }
  const retryable = status >= 500 || status === 429;
  const detail = status >= 300 && status < 400 ? 'redirects are not followed' : await readSnippet(response);
  if (status >= 300 && status < 400) await response.body?.cancel().catch(() => undefined);
  const result: Attempt = { ok: false, status, error: `HTTP ${status}${detail ? `: ${detail}` : ''}`, retryable };
  const retryAfterMs = retryable ? parseRetryAfter(response.headers.get('retry-after'), Date.now()) : undefined;
  if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
  return result;
}

/** The start of a response body, on one line, for an error message; '' when it cannot be read in time. */
async function readSnippet(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // The attempt's timeout also ends the body: what arrived is enough for a message.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks)).slice(0, SNIPPET_BYTES);
  return redact(text.replace(/\s+/g, ' ').trim());
}

function describeError(e: unknown, timeoutMs: number): string {
  const name = typeof e === 'object' && e !== null && 'name' in e ? String(e.name) : '';
  if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const cause = typeof e === 'object' && e !== null && 'cause' in e ? e.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  if (code !== '') return `connection failed: ${code}`;
  return e instanceof Error ? e.message : String(e);
}
