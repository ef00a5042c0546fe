/**
 * Budget windows in UTC: a day starts at 00:00 UTC, a month at 00:00 UTC on the 1st. UTC rather than the
 * user's zone so every process (hooks, the MCP server, the extension) agrees on the window whatever its TZ.
 */

export type BudgetPeriod = 'day' | 'month';

/**
 * The [start, end) of the window containing `now` (ms).
 *
 * @example
 * windowOf('day', Date.UTC(2025, 5, 1, 13, 5))   // → { start: Date.UTC(2025, 5, 1), end: Date.UTC(2025, 5, 2) }
 * windowOf('month', Date.UTC(2025, 11, 31, 23))  // → { start: Date.UTC(2025, 11, 1), end: Date.UTC(2026, 0, 1) }
 */
export function windowOf(period: BudgetPeriod, now: number): { start: number; end: number } {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (period === 'month') return { start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 1) };
  const day = d.getUTCDate();
  return { start: Date.UTC(y, m, day), end: Date.UTC(y, m, day + 1) };
}

/**
 * "in 3h 20m" / "in 12m" / "in 2d 4h": how long until `at`, for messages.
 *
 * @example
 * untilText(Date.UTC(2025, 5, 2), Date.UTC(2025, 5, 1, 20, 40)) // → 'in 3h 20m'
 */
export function untilText(at: number, now: number): string {
  const minutes = Math.max(0, Math.ceil((at - now) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return `in ${d}d ${h}h`;
  return h > 0 ? `in ${h}h ${m}m` : `in ${m}m`;
}
