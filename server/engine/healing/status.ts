/** What the breakers look like to a human or to Claude: the `healing` MCP tool, `status`, the extension. */
import { breakers, type Breaker } from '../store/repos-runs.js';
import type { Store } from '../store/store.js';
import { type BreakerRecord, type BreakerState, fromRow } from './breaker-state.js';
import { DEFAULTS } from './options.js';

export interface BreakerStatus {
  provider: string;
  state: BreakerState;
  consecutiveFailures: number;
  tripCount: number;
  openedAt: number | null;
  /** Until an open breaker admits a trial call; 0 when it already would (or is not open). */
  retryAfterMs: number;
  lastFailureAt: number | null;
  /** Redacted, at most 200 characters. */
  lastError: string | null;
  /** By type, in the current closed period. */
  semanticFailures: Record<string, number>;
}

export interface HealingStatus {
  breakers: BreakerStatus[];
}

/**
 * One breaker's status at `now`.
 *
 * @example
 * breakerStatus(fromRow(row, 'gemini', now), now).retryAfterMs // → 12000 while open for 12 s more
 */
export function breakerStatus(r: BreakerRecord, now: number): BreakerStatus {
  const retryAt = r.state === 'open' ? (r.halfOpenAt ?? (r.openedAt ?? 0) + DEFAULTS.halfOpenAfterMs) : now;
  return {
    provider: r.provider,
    state: r.state,
    consecutiveFailures: r.failures,
    tripCount: r.tripCount,
    openedAt: r.openedAt,
    retryAfterMs: Math.max(0, retryAt - now),
    lastFailureAt: r.lastFailureAt,
    lastError: r.lastError,
    semanticFailures: { ...r.semantic },
  };
}

/**
 * The status of every breaker in the store's rows, by provider name. Pure.
 *
 * @example
 * healingStatus(await store.read((db) => breakers.list(db)), Date.now())
 * // → { breakers: [{ provider: 'gemini', state: 'open', consecutiveFailures: 3, retryAfterMs: 21000, … }] }
 */
export function healingStatus(rows: readonly Breaker[], now: number): HealingStatus {
  return { breakers: rows.map((row) => breakerStatus(fromRow(row, row.name, now), now)).sort((a, b) => a.provider.localeCompare(b.provider)) };
}

/**
 * {@link healingStatus} of the store's breakers.
 *
 * @example
 * const { breakers } = await loadHealingStatus(store, Date.now());
 */
export async function loadHealingStatus(store: Store, now: number): Promise<HealingStatus> {
  return healingStatus(await store.read((db) => breakers.list(db)), now);
}
