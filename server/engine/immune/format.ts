/** Small text helpers shared by the warning, the briefing and the dashboard. Deterministic: time is a parameter. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago `ts` was at `now`, coarsely: "just now", "12 min ago", "5 h ago", "3 d ago".
 *
 * @example
 * ago(now - 2 * 3_600_000, now) // → '2 h ago'
 */
export function ago(ts: number, now: number): string {
  const d = Math.max(0, now - ts);
  if (d < MINUTE) return 'just now';
  if (d < HOUR) return `${Math.floor(d / MINUTE)} min ago`;
  if (d < DAY) return `${Math.floor(d / HOUR)} h ago`;
  return `${Math.floor(d / DAY)} d ago`;
}

/**
 * `text` cut to at most `max` characters, with "…" when cut.
 *
 * @example
 * clip('abcdef', 4) // → 'abc…'
 */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * A number with at most `digits` decimals, trailing zeros dropped ("0.5", "0.82").
 *
 * @example
 * fixed(0.8200001) // → '0.82'
 */
export function fixed(x: number, digits = 2): string {
  return String(Number(x.toFixed(digits)));
}
