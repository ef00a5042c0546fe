/**
 * Busy time from an .ics file: DTSTART/DTEND (or DURATION) in UTC, floating, TZID and all-day forms,
 * TRANSP/STATUS, and the recurrences calendars commonly export (DAILY, WEEKLY with BYDAY, MONTHLY and
 * YEARLY on the start's date; INTERVAL, COUNT, UNTIL, EXDATE, RECURRENCE-ID). What it cannot read it
 * reports as a warning rather than guessing. Pure.
 */
import { type ContentLine, type IcsEvent, parseCalendar, unescapeText } from './ics.js';
import { fromWallClock, isTimeZone, wallClock } from './zoned.js';

export interface Interval {
  start: number;
  end: number;
}

export interface BusyBlock extends Interval {
  uid: string | null;
  summary: string;
}

/** Windows zone names that Outlook/Exchange exports put in TZID. */
const WINDOWS_ZONES: Record<string, string> = {
  'UTC': 'UTC', 'GMT Standard Time': 'Europe/London', 'W. Europe Standard Time': 'Europe/Berlin', 'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest', 'E. Europe Standard Time': 'Europe/Bucharest', 'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago', 'Mountain Standard Time': 'America/Denver', 'Pacific Standard Time': 'America/Los_Angeles',
  'India Standard Time': 'Asia/Kolkata', 'China Standard Time': 'Asia/Shanghai', 'Tokyo Standard Time': 'Asia/Tokyo', 'AUS Eastern Standard Time': 'Australia/Sydney',
};

/** An IANA zone for a TZID parameter (`Europe/Berlin`, `/mozilla.org/20050126_1/Europe/Berlin`, `W. Europe Standard Time`), or null. */
function zoneFor(tzid: string): string | null {
  const t = tzid.trim();
  if (isTimeZone(t) && t.includes('/')) return t;
  if (WINDOWS_ZONES[t]) return WINDOWS_ZONES[t]!;
  const tail = t.split('/').filter(Boolean);
  for (let n = Math.min(3, tail.length); n >= 1; n--) {
    const candidate = tail.slice(-n).join('/');
    if (isTimeZone(candidate)) return candidate;
  }
  return null;
}

/** A DTSTART-like value: an instant, with the zone its wall clock repeats in, or a date (all day). */
interface TimeValue {
  ms: number;
  zone: string;
  allDay: boolean;
}

const DATE_TIME = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/i;

function parseTime(p: ContentLine, defaultZone: string, warnings: string[]): TimeValue | null {
  const m = DATE_TIME.exec(p.value.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (m[4] === undefined || p.params.VALUE === 'DATE') return { ms: fromWallClock({ year, month, day, hour: 0, minute: 0, second: 0 }, defaultZone), zone: defaultZone, allDay: true };
  const w = { year, month, day, hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]) };
  if (m[7]) return { ms: Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second), zone: 'UTC', allDay: false };
  let zone = defaultZone;
  if (p.params.TZID !== undefined) {
    const z = zoneFor(p.params.TZID);
    if (z) zone = z;
    else warnings.push(`unknown TZID "${p.params.TZID}": read as ${defaultZone}`);
  }
  return { ms: fromWallClock(w, zone), zone, allDay: false };
}

/**
 * An RFC 5545 DURATION in ms (`PT1H30M`, `P1D`, `-PT15M`), or null.
 * @example parseDuration('PT1H30M') // 5_400_000
 */
export function parseDuration(text: string): number | null {
  const m = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(text.trim());
  if (!m || text.trim().toUpperCase().replace(/^[+-]/, '') === 'P') return null;
  const ms = ((Number(m[2] ?? 0) * 7 + Number(m[3] ?? 0)) * 86_400 + Number(m[4] ?? 0) * 3600 + Number(m[5] ?? 0) * 60 + Number(m[6] ?? 0)) * 1000;
  return m[1] === '-' ? -ms : ms;
}

const prop = (e: IcsEvent, name: string): ContentLine | undefined => e.props.find((p) => p.name === name);
const DAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const MAX_STEPS = 100_000;

/** Occurrence starts of a recurring event up to `until` (ms), or null with a warning for a rule it does not support. */
function occurrences(start: TimeValue, rrule: string, until: number, label: string, warnings: string[], defaultZone: string): number[] | null {
  const parts = Object.fromEntries(rrule.split(';').map((kv) => kv.split('=') as [string, string]).map(([k, v]) => [k.toUpperCase(), (v ?? '').toUpperCase()]));
  const freq = parts.FREQ;
  const unsupported = Object.keys(parts).filter((k) => !['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'WKST'].includes(k));
  if (!freq || !['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'].includes(freq) || unsupported.length || (parts.BYDAY && freq !== 'WEEKLY')) {
    warnings.push(`${label}: recurrence "${rrule}" is not supported; only its first occurrence counts as busy`);
    return null;
  }
  const interval = Math.max(1, Number(parts.INTERVAL ?? 1) || 1);
  const count = parts.COUNT ? Number(parts.COUNT) : Number.POSITIVE_INFINITY;
  let last = until;
  if (parts.UNTIL) {
    const u = parseTime({ name: 'UNTIL', params: {}, value: parts.UNTIL }, start.zone === 'UTC' ? defaultZone : start.zone, warnings);
    if (u) last = Math.min(last, u.allDay ? u.ms + 86_400_000 - 1 : u.ms);
  }
  const byDay = parts.BYDAY ? parts.BYDAY.split(',').map((d) => DAY_CODES.indexOf(d.trim().slice(-2))) : null;
  if (byDay?.some((d) => d < 0) || (parts.BYDAY && /\d/.test(parts.BYDAY))) {
    warnings.push(`${label}: BYDAY "${parts.BYDAY}" is not supported; only its first occurrence counts as busy`);
    return null;
  }
  const w = wallClock(start.ms, start.zone);
  const at = (dayOffset: number, monthOffset = 0) =>
    fromWallClock({ year: w.year, month: w.month + monthOffset, day: w.day + dayOffset, hour: w.hour, minute: w.minute, second: w.second }, start.zone);
  const out: number[] = [];
  for (let k = 0, n = 0; n < count && k < MAX_STEPS; k++) {
    let t: number;
    if (freq === 'DAILY') t = at(k * interval);
    else if (freq === 'WEEKLY' && !byDay) t = at(k * 7 * interval);
    else if (freq === 'WEEKLY') {
      // Day by day from the start; weeks counted from the start's week (Monday first, RFC default WKST).
      const weekday = (w.weekday + k) % 7;
      const week = Math.floor((((w.weekday + 6) % 7) + k) / 7);
      if (week % interval !== 0 || !byDay!.includes(weekday)) continue;
      t = at(k);
    } else {
      const months = k * interval * (freq === 'YEARLY' ? 12 : 1);
      const c = wallClock(at(0, months), start.zone);
      if (c.day !== w.day) continue; // the 31st in a short month: skipped, as RFC 5545 says
      t = at(0, months);
    }
    if (t > last) break;
    out.push(t);
    n++;
  }
  return out;
}

/**
 * The busy blocks of an .ics text that overlap [from, to): opaque, not cancelled, recurrences expanded.
 * Events whose UID is `ignoreUid` are skipped (a task's own event, when it is re-scheduled).
 * @example busyIntervals(readFileSync(file, 'utf8'), { from: now, to: now + 7 * 86_400_000, timeZone: 'Europe/Berlin' })
 */
export function busyIntervals(text: string, q: { from: number; to: number; timeZone: string; ignoreUid?: string }): { busy: BusyBlock[]; warnings: string[] } {
  const warnings: string[] = [];
  const busy: BusyBlock[] = [];
  const events = parseCalendar(text).events.filter((e) => q.ignoreUid === undefined || e.uid !== q.ignoreUid);
  // RECURRENCE-ID overrides replace one occurrence of their master.
  const overridden = new Map<string, Set<number>>();
  for (const e of events) {
    const rid = prop(e, 'RECURRENCE-ID');
    const t = rid && parseTime(rid, q.timeZone, warnings);
    if (t && e.uid) overridden.set(e.uid, (overridden.get(e.uid) ?? new Set()).add(t.ms));
  }
  for (const e of events) {
    const summary = unescapeText(prop(e, 'SUMMARY')?.value ?? '');
    const label = `event ${JSON.stringify(summary || e.uid || '?')}`;
    if (prop(e, 'STATUS')?.value.trim().toUpperCase() === 'CANCELLED' || prop(e, 'TRANSP')?.value.trim().toUpperCase() === 'TRANSPARENT') continue;
    const dtstart = prop(e, 'DTSTART');
    const start = dtstart && parseTime(dtstart, q.timeZone, warnings);
    if (!start) {
      warnings.push(`${label}: no readable DTSTART; ignored`);
      continue;
    }
    const dtend = prop(e, 'DTEND');
    const end = dtend && parseTime(dtend, q.timeZone, warnings);
    const duration = prop(e, 'DURATION');
    const length = end ? end.ms - start.ms : duration ? parseDuration(duration.value) : start.allDay ? 86_400_000 : 0;
    if (length === null || length <= 0) continue;
    const rrule = prop(e, 'RRULE');
    const isOverride = prop(e, 'RECURRENCE-ID') !== undefined;
    let starts = rrule && !isOverride ? occurrences(start, rrule.value, q.to, label, warnings, q.timeZone) ?? [start.ms] : [start.ms];
    if (rrule && !isOverride) {
      const skip = new Set<number>(e.uid ? overridden.get(e.uid) ?? [] : []);
      for (const ex of e.props.filter((p) => p.name === 'EXDATE')) {
        for (const v of ex.value.split(',')) {
          const t = parseTime({ ...ex, value: v }, q.timeZone, warnings);
          if (t) skip.add(t.ms);
        }
      }
      starts = starts.filter((s) => !skip.has(s));
    }
    for (const s of starts) if (s < q.to && s + length > q.from) busy.push({ start: s, end: s + length, uid: e.uid, summary });
  }
  busy.sort((a, b) => a.start - b.start || a.end - b.end);
  return { busy, warnings: [...new Set(warnings)] };
}
