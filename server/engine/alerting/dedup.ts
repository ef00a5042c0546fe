/**
 * Dedup keys, cool-downs and the bounded history. Pure: every time is a parameter.
 *
 * Cool-downs are measured between event times (not fold times), so a journal folded late, or folded
 * again, raises the same alerts as one folded live.
 */
import { DEFAULT_COOLDOWN_MINUTES, HISTORY_MAX_FIRED, HISTORY_MAX_OUTCOMES, HISTORY_RETENTION_MS } from './defaults.js';
import type { AlertHistory, AlertKind, AlertingConfig, OutcomeRecord, RuleName } from './types.js';

const RULE_OF_KIND: Readonly<Record<AlertKind, RuleName>> = {
  high_risk: 'highRisk',
  frequency_spike: 'frequencySpike',
  new_pattern: 'newPattern',
  consecutive_failures: 'consecutiveFailures',
};

/**
 * The key under which repeats of an alert are one alert: the kind first, then what it is about.
 *
 * @example
 * dedupKey('frequency_spike', '/home/dev/shop') // → 'frequency_spike:/home/dev/shop'
 * dedupKey('new_pattern', '/home/dev/shop', 'p-1') // → 'new_pattern:/home/dev/shop:p-1'
 */
export function dedupKey(kind: AlertKind, ...parts: string[]): string {
  return [kind, ...parts].join(':');
}

/** The kind a dedup key starts with (kinds hold no ':'), or undefined for a foreign key. */
function kindOfKey(key: string): AlertKind | undefined {
  const colon = key.indexOf(':');
  const head = colon < 0 ? key : key.slice(0, colon);
  return Object.hasOwn(RULE_OF_KIND, head) ? (head as AlertKind) : undefined;
}

/**
 * A kind's cool-down in ms; Infinity for 'never'.
 *
 * @example
 * cooldownMs('frequency_spike', defaultAlertingConfig()) // → 1_800_000
 * cooldownMs('new_pattern', defaultAlertingConfig())     // → Infinity
 */
export function cooldownMs(kind: AlertKind, config: Pick<AlertingConfig, 'cooldownMinutes'>): number {
  const minutes = config.cooldownMinutes[RULE_OF_KIND[kind]] ?? DEFAULT_COOLDOWN_MINUTES[RULE_OF_KIND[kind]];
  return minutes === 'never' ? Infinity : minutes * 60_000;
}

/**
 * Whether an alert that last fired at `lastTs` is still cooling down at event time `ts`. An event older
 * than the last firing (out of order) counts as inside the cool-down: it is not news.
 *
 * @example
 * inCooldown(undefined, 1000, 60_000) // → false (never fired)
 * inCooldown(0, 59_999, 60_000)       // → true
 * inCooldown(0, 60_000, 60_000)       // → false
 */
export function inCooldown(lastTs: number | undefined, ts: number, cooldown: number): boolean {
  return lastTs !== undefined && ts - lastTs < cooldown;
}

/**
 * Inserts an outcome in time order (after records with the same time). A success directly after a
 * success of the same session replaces it: for a streak a run of successes is one success, and the
 * bounded history is kept for failures.
 *
 * @example
 * insertOutcome([{ ts: 1, project: 'p', session: 's', passed: true }], { ts: 2, project: 'p', session: 's', passed: true })
 * // → [{ ts: 2, project: 'p', session: 's', passed: true }]
 */
export function insertOutcome(outcomes: readonly OutcomeRecord[], record: OutcomeRecord): OutcomeRecord[] {
  let at = outcomes.length;
  while (at > 0 && (outcomes[at - 1]?.ts ?? -Infinity) > record.ts) at--;
  const out = [...outcomes];
  if (record.passed) {
    const prev = findLastIndex(out, at, (o) => o.project === record.project && o.session === record.session);
    if (prev >= 0 && out[prev]?.passed) {
      out.splice(prev, 1);
      at--;
    }
  }
  out.splice(at, 0, record);
  return out;
}

function findLastIndex<T>(items: readonly T[], before: number, test: (item: T) => boolean): number {
  for (let i = before - 1; i >= 0; i--) if (test(items[i] as T)) return i;
  return -1;
}

/**
 * Drops outcomes older than the retention (or beyond the count cap) and dedup keys whose cool-down
 * is over, keeping the newest `HISTORY_MAX_FIRED` of those that never expire. `fired` holds keys that
 * fired just now, over the history's own.
 *
 * @example
 * pruneHistory({ outcomes: [{ ts: 0, project: 'p', session: 's', passed: false }], lastFired: {} }, config, 25 * 3_600_000)
 * // → { outcomes: [], lastFired: {} }
 */
export function pruneHistory(
  history: AlertHistory,
  config: Pick<AlertingConfig, 'cooldownMinutes'>,
  now: number,
  fired: ReadonlyMap<string, number> = new Map(),
): AlertHistory {
  const cutoff = now - HISTORY_RETENTION_MS;
  const outcomes = history.outcomes.filter((o) => o.ts > cutoff).slice(-HISTORY_MAX_OUTCOMES);
  const live: Array<[string, number]> = [];
  const keep = (key: string, ts: number): void => {
    const kind = kindOfKey(key);
    if (kind !== undefined && Number.isFinite(ts) && now - ts < cooldownMs(kind, config)) live.push([key, ts]);
  };
  for (const [key, ts] of Object.entries(history.lastFired)) if (!fired.has(key)) keep(key, ts);
  for (const [key, ts] of fired) keep(key, ts);
  if (live.length > HISTORY_MAX_FIRED) live.sort((a, b) => b[1] - a[1]).length = HISTORY_MAX_FIRED;
  // Built key by key: copying a large object with spread or fromEntries is many times slower.
  const lastFired: Record<string, number> = {};
  for (const [key, ts] of live) lastFired[key] = ts;
  return { outcomes, lastFired };
}
