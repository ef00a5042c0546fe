/**
 * What a failed attempt means for healing. Only the provider's own trouble — rate limits, 5xx, network
 * errors, timeouts — is retried and counted against its breaker. Auth, bad requests and a missing key are
 * the caller's to fix: retrying cannot help and they say nothing about the provider's health, so they
 * neither retry nor trip it. A call the caller aborted counts for nothing.
 */
import { toProviderError } from '../providers/errors.js';
import { ProviderError } from '../providers/types.js';
import { BreakerOpenError } from './errors.js';
import { retryHint } from './retry-delay.js';

export interface FailureVerdict {
  /** Another attempt may succeed. */
  retry: boolean;
  /** The failure counts against the provider's breaker. */
  counts: boolean;
  /** The provider answered (so a half-open trial proved it reachable) although the call failed. */
  answered: boolean;
  /** The provider's retry hint, in ms. */
  hintMs: number | undefined;
  /** Short, for the breaker's lastError (redacted when stored). */
  message: string;
}

/**
 * Classifies what an attempt threw. A hint longer than `maxDelayMs` stops the retries (the error surfaces
 * with its hint) but still counts.
 *
 * @example
 * classifyFailure(new ProviderError('gemini', 'server', 'HTTP 500'), 'gemini', { maxDelayMs: 60_000 })
 * // → { retry: true, counts: true, answered: true, hintMs: undefined, message: 'HTTP 500' }
 */
export function classifyFailure(err: unknown, provider: string, cfg: { maxDelayMs: number; aborted?: boolean }): FailureVerdict {
  if (cfg.aborted || err instanceof BreakerOpenError) {
    return { retry: false, counts: false, answered: false, hintMs: undefined, message: messageOf(err) };
  }
  const pe = err instanceof ProviderError ? err : toProviderError(provider, err);
  const hintMs = retryHint(pe);
  const counts = pe.retryable;
  return {
    retry: counts && !(hintMs !== undefined && hintMs > cfg.maxDelayMs),
    counts,
    answered: pe.status !== undefined,
    hintMs,
    message: pe.message,
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
