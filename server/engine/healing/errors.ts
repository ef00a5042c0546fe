/** The refusal of an open breaker: no request was sent. */

export class BreakerOpenError extends Error {
  readonly provider: string;
  /** When the breaker will admit a trial call, from now. */
  readonly retryAfterMs: number;
  constructor(provider: string, retryAfterMs: number, message: string) {
    super(message);
    this.name = 'BreakerOpenError';
    this.provider = provider;
    this.retryAfterMs = retryAfterMs;
  }
}
