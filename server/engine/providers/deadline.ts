/**
 * One abort signal per provider call that fires on the call's timeout or on the caller's own signal, and
 * remembers which of the two it was: both SDKs report either as a bare abort, and the error mapping needs
 * to tell "timed out after 30 s" from "cancelled by the caller".
 */

/** A provider call's timeout when neither the request nor the provider names one. */
export const DEFAULT_TIMEOUT_MS = 120_000;

export interface Deadline {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** True once the timeout (not the caller) aborted the call. */
  timedOut(): boolean;
  /** True once the caller's signal aborted the call. */
  callerAborted(): boolean;
  /** Clears the timer and the listener on the caller's signal; call it when the call settles. */
  dispose(): void;
}

/**
 * Starts a deadline of `timeoutMs` linked to the caller's optional `signal`.
 *
 * @example
 * const d = deadline(30_000, req.signal);
 * try { await client.call({ signal: d.signal }); } finally { d.dispose(); }
 */
export function deadline(timeoutMs: number, caller?: AbortSignal): Deadline {
  const controller = new AbortController();
  let expired = false;
  let cancelled = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  // A pending deadline must not keep a CLI process alive on its own.
  timer.unref();
  const onAbort = (): void => {
    cancelled = true;
    controller.abort(caller?.reason);
  };
  if (caller?.aborted) onAbort();
  else caller?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timeoutMs,
    timedOut: () => expired && !cancelled,
    callerAborted: () => cancelled,
    dispose: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}
