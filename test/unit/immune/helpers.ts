// Shared builders for the immune tests: observations and the patterns they make.
import type { FailureObservation } from '../../../server/engine/immune/patterns.js';
import { observeFailure } from '../../../server/engine/immune/patterns.js';
import type { FailurePattern } from '../../../server/engine/immune/types.js';

export const T0 = Date.UTC(2025, 2, 3, 8, 0, 0);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const PROJECT = '/home/dev/shop';

export function obs(over: Partial<FailureObservation> = {}): FailureObservation {
  return {
    operation: 'Bash:npm test',
    failureType: 'test_failure',
    project: PROJECT,
    input: 'npm test -- test/auth/login.test.ts',
    output: 'FAIL test/auth/login.test.ts > rejects an expired session\nAssertionError: expected 200 to be 401',
    reason: '2 tests failed (vitest): login.test.ts > rejects an expired session',
    ts: T0,
    prompt: 'run the auth tests and fix the failing login case',
    ...over,
  };
}

/** The pattern `observations` make, observed in order (all must share one signature). */
export function patternOf(...observations: FailureObservation[]): FailurePattern {
  let p: FailurePattern | null = null;
  for (const o of observations) p = observeFailure(p, o);
  if (!p) throw new Error('patternOf needs at least one observation');
  return p;
}
