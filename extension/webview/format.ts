/** Words and numbers for people: ages, countdowns, who decided, money. Pure functions. */
export { formatPercent, formatUsd } from '../../server/engine/cost/money.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago `ts` was, short.
 *
 * @example
 * formatAge(now - 125_000, now) // → '2 min ago'
 */
export function formatAge(ts: number, now: number): string {
  const d = Math.max(0, now - ts);
  if (d < 5 * SECOND) return 'just now';
  if (d < MINUTE) return `${Math.floor(d / SECOND)} s ago`;
  if (d < HOUR) return `${Math.floor(d / MINUTE)} min ago`;
  if (d < DAY) return `${Math.floor(d / HOUR)} h ago`;
  return `${Math.floor(d / DAY)} d ago`;
}

/**
 * The time left until `expiresAt`, rounded up to the second (so it reads "1 s left", then "expired").
 *
 * @example
 * formatTimeLeft(now + 65_000, now) // → '1 min 5 s left'
 * formatTimeLeft(now - 1, now)      // → 'expired'
 */
export function formatTimeLeft(expiresAt: number, now: number): string {
  const left = expiresAt - now;
  if (left <= 0) return 'expired';
  const s = Math.ceil(left / SECOND);
  if (s < 60) return `${s} s left`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s left`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min left`;
}

/**
 * Who decided, as the history says it.
 *
 * @example
 * decidedByLabel('human:vscode') // → 'you in VS Code'
 * decidedByLabel('rule:r-12')    // → 'always-rule r-12'
 */
export function decidedByLabel(by: string | null): string {
  if (by === null || by === '') return 'nobody';
  if (by === 'human:vscode') return 'you in VS Code';
  if (by === 'human:cli') return 'CLI';
  if (by === 'human:watch') return 'CLI (inbox watch)';
  if (by === 'timeout') return 'timeout (nobody answered in time)';
  if (by === 'no-surface') return 'no-surface (no inbox was open)';
  if (by.startsWith('rule:')) return `always-rule ${by.slice('rule:'.length)}`;
  return by;
}

/**
 * The first 8 characters of a session id (enough to tell sessions apart; the full id is in a tooltip).
 *
 * @example
 * shortSession('5f0c2a9e-1b7d-4c1e-9a55-0d7e1c3b2a11') // → '5f0c2a9e'
 */
export function shortSession(session: string): string {
  return session.length > 8 ? session.slice(0, 8) : session || '—';
}

/**
 * A local date and time to the minute.
 *
 * @example
 * formatDateTime(Date.UTC(2026, 0, 2, 3, 4)) // → '2026-01-02 03:04' (in UTC)
 */
export function formatDateTime(ts: number): string {
  const d = new Date(ts);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * The last directory of a project path, for narrow columns.
 *
 * @example
 * projectName('/home/dev/app') // → 'app'
 */
export function projectName(project: string): string {
  const parts = project.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? (project || '—');
}
