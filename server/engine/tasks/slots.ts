/**
 * The slot finder: the first free stretch of a task's length inside working hours, between a start and a
 * deadline, around busy blocks. Pure; all wall-clock arithmetic goes through zoned.ts.
 */
import { z } from 'zod/v4';
import type { Interval } from './ics-busy.js';
import { fromWallClock, startOfDay, wallClock } from './zoned.js';

/** Working hours in the scheduling time zone: hours may be fractional (9.5 = 09:30); days 0 = Sunday … 6 = Saturday. */
export interface WorkingHours {
  start: number;
  end: number;
  days: number[];
}

export const DEFAULT_WORKING_HOURS: Readonly<WorkingHours> = Object.freeze({ start: 9, end: 17, days: [1, 2, 3, 4, 5] });
/** Slots start on a quarter hour. */
export const SLOT_STEP_MINUTES = 15;

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const hour = z.number().min(0, 'must be between 0 and 24').max(24, 'must be between 0 and 24');
const day = z.union([
  z.number().int().min(0).max(6),
  z.string().transform((s, ctx) => {
    const i = DAY_NAMES.indexOf(s.trim().toLowerCase().slice(0, 3) as (typeof DAY_NAMES)[number]);
    if (i < 0) ctx.addIssue({ code: 'custom', message: 'expected 0–6 (0 = Sunday) or a day name such as "mon"' });
    return i;
  }),
], { error: 'expected 0–6 (0 = Sunday) or a day name such as "mon"' });

export const workingHoursSchema = z
  .object({
    start: hour.default(DEFAULT_WORKING_HOURS.start),
    end: hour.default(DEFAULT_WORKING_HOURS.end),
    days: z.array(day).min(1, 'needs at least one day').default([...DEFAULT_WORKING_HOURS.days]),
  })
  .strict()
  .refine((w) => w.start < w.end, { message: 'start must be before end', path: ['end'] });

/**
 * Rounds up to the next multiple of `minutes` (UTC-aligned, which is wall-clock aligned in every real zone).
 * @example roundUp(Date.parse('2025-01-06T09:01:00Z')) // Date.parse('2025-01-06T09:15:00Z')
 */
export function roundUp(ms: number, minutes = SLOT_STEP_MINUTES): number {
  const step = minutes * 60_000;
  return Math.ceil(ms / step) * step;
}

/**
 * "09:00–17:00 Mon–Fri" for messages.
 * @example describeWorkingHours({ start: 9.5, end: 17, days: [1, 2, 3, 4, 5] }) // '09:30–17:00 Mon, Tue, Wed, Thu, Fri'
 */
export function describeWorkingHours(w: WorkingHours): string {
  const hm = (h: number) => `${String(Math.floor(h)).padStart(2, '0')}:${String(Math.round((h % 1) * 60)).padStart(2, '0')}`;
  const names = [...new Set(w.days)].sort().map((d) => DAY_NAMES[d]!.replace(/^./, (c) => c.toUpperCase()));
  return `${hm(w.start)}–${hm(w.end)} ${names.join(', ')}`;
}

function atHour(dayStart: number, h: number, timeZone: string): number {
  const w = wallClock(dayStart, timeZone);
  const minutes = Math.round(h * 60);
  return fromWallClock({ year: w.year, month: w.month, day: w.day, hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 }, timeZone);
}

export interface SlotQuery {
  /** Busy blocks, any order. */
  busy: readonly Interval[];
  durationMinutes: number;
  /** Earliest start (ms); rounded up to the step. */
  from: number;
  /** The slot must end by this instant (ms). */
  to: number;
  workingHours?: WorkingHours;
  timeZone: string;
  stepMinutes?: number;
}

/**
 * The first free slot of `durationMinutes` that starts on a step, lies wholly inside one day's working
 * hours, does not overlap a busy block and ends by `to`; null when there is none.
 * @example findFreeSlot({ busy, durationMinutes: 60, from: now, to: now + 7 * 86_400_000, timeZone: 'Europe/Berlin' })
 */
export function findFreeSlot(q: SlotQuery): Interval | null {
  const hours = q.workingHours ?? DEFAULT_WORKING_HOURS;
  const duration = q.durationMinutes * 60_000;
  const busy = [...q.busy].sort((a, b) => a.start - b.start);
  for (let dayStart = startOfDay(q.from, q.timeZone), n = 0; dayStart < q.to && n < 3700; dayStart = startOfDay(dayStart, q.timeZone, 1), n++) {
    if (!hours.days.includes(wallClock(dayStart, q.timeZone).weekday)) continue;
    const open = Math.max(atHour(dayStart, hours.start, q.timeZone), q.from);
    const close = Math.min(hours.end >= 24 ? startOfDay(dayStart, q.timeZone, 1) : atHour(dayStart, hours.end, q.timeZone), q.to);
    let t = roundUp(open, q.stepMinutes);
    while (t + duration <= close) {
      const clash = busy.find((b) => b.start < t + duration && b.end > t);
      if (!clash) return { start: t, end: t + duration };
      t = roundUp(clash.end, q.stepMinutes);
    }
  }
  return null;
}

/**
 * Working minutes between two instants (0 when `to` ≤ `from`): how much of the time left to a due date
 * can actually be worked.
 * @example workingMinutesBetween(Date.parse('2025-01-06T16:00:00Z'), Date.parse('2025-01-07T10:00:00Z'), DEFAULT_WORKING_HOURS, 'UTC') // 120
 */
export function workingMinutesBetween(from: number, to: number, hours: WorkingHours, timeZone: string): number {
  let total = 0;
  for (let dayStart = startOfDay(from, timeZone), n = 0; dayStart < to && n < 3700; dayStart = startOfDay(dayStart, timeZone, 1), n++) {
    if (!hours.days.includes(wallClock(dayStart, timeZone).weekday)) continue;
    const open = Math.max(atHour(dayStart, hours.start, timeZone), from);
    const close = Math.min(hours.end >= 24 ? startOfDay(dayStart, timeZone, 1) : atHour(dayStart, hours.end, timeZone), to);
    if (close > open) total += close - open;
  }
  return Math.floor(total / 60_000);
}
