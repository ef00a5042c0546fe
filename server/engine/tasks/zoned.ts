/**
 * Wall-clock time in an IANA time zone, on Intl alone (no time-zone library): the slot finder and the
 * .ics reader need "9:00 on Monday in Europe/Berlin" as an instant, across DST changes.
 */

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The process's time zone (TZ, else the system's).
 * @example defaultTimeZone() // 'Europe/Berlin'
 */
export function defaultTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * Whether `timeZone` is an IANA name this Node knows.
 * @example isTimeZone('America/New_York') // true; isTimeZone('Mars/Olympus') // false
 */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The wall clock at instant `ms` in `timeZone`.
 * @example wallClock(Date.UTC(2025, 0, 6, 8), 'Europe/Berlin') // { year: 2025, month: 1, day: 6, hour: 9, …, weekday: 1 }
 */
export function wallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour) % 24, minute: Number(parts.minute), second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

const asUtc = (w: Omit<WallClock, 'weekday'>): number => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** Offset of `timeZone` from UTC at instant `ms`, in ms (positive east of Greenwich). */
function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return asUtc(wallClock(whole, timeZone)) - whole;
}

/**
 * The instant a wall-clock time in `timeZone` names. Fields may overflow (day 32 is next month's 1st).
 * A time skipped by a DST change maps to the instant after the gap.
 * @example fromWallClock({ year: 2025, month: 1, day: 6, hour: 9, minute: 0, second: 0 }, 'Europe/Berlin') // Date.UTC(2025, 0, 6, 8)
 */
export function fromWallClock(w: Omit<WallClock, 'weekday'>, timeZone: string): number {
  const guess = asUtc(w);
  const first = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(first, timeZone);
  if (first === second) return first;
  // Around a change the two guesses differ: prefer the one whose wall clock matches, else the later (a gap).
  return asUtc(wallClock(second, timeZone)) === guess ? second : Math.max(first, second);
}

/**
 * Midnight starting the calendar day that contains `ms` in `timeZone`, plus `days` days.
 * @example startOfDay(Date.parse('2025-01-06T15:00:00Z'), 'UTC', 1) // Date.parse('2025-01-07T00:00:00Z')
 */
export function startOfDay(ms: number, timeZone: string, days = 0): number {
  const w = wallClock(ms, timeZone);
  return fromWallClock({ year: w.year, month: w.month, day: w.day + days, hour: 0, minute: 0, second: 0 }, timeZone);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Parses an ISO 8601 date or date-time. With an offset or `Z` it is that instant; without, it is a wall
 * clock in `timeZone`; a bare date means the end of that day (a due date "2025-03-01" is met on the 1st).
 * Returns null for anything else, including impossible dates such as 2025-02-30.
 * @example parseIsoInstant('2025-03-01T17:00:00+01:00', 'UTC') // Date.parse('2025-03-01T16:00:00Z')
 */
export function parseIsoInstant(text: string, timeZone: string): number | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  if (m[4] === undefined) return fromWallClock({ year, month, day: day + 1, hour: 0, minute: 0, second: 0 }, timeZone) - 1;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const zone = m[8];
  if (zone === undefined) return fromWallClock({ year, month, day, hour, minute, second }, timeZone) + millis;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (/^z$/i.test(zone)) return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}
