// The slot finder and the wall-clock arithmetic under it: working hours, weekends, busy blocks, quarter
// hours, deadlines without room, and time zones across DST.
import { describe, expect, test } from 'vitest';
import {
  describeWorkingHours, findFreeSlot, fromWallClock, parseIsoInstant, roundUp, wallClock, workingHoursSchema, workingMinutesBetween,
} from '../../../server/engine/tasks/index.js';

const at = (s: string) => Date.parse(s);
const slotIso = (s: { start: number; end: number } | null) => s && [new Date(s.start).toISOString(), new Date(s.end).toISOString()];
const DAY = 86_400_000;

describe('wall clocks in time zones', () => {
  test('a wall clock and back, on both sides of a DST change', () => {
    expect(fromWallClock({ year: 2025, month: 3, day: 28, hour: 9, minute: 0, second: 0 }, 'Europe/Berlin')).toBe(at('2025-03-28T08:00:00Z'));
    expect(fromWallClock({ year: 2025, month: 3, day: 31, hour: 9, minute: 0, second: 0 }, 'Europe/Berlin')).toBe(at('2025-03-31T07:00:00Z'));
    expect(wallClock(at('2025-03-31T07:00:00Z'), 'Europe/Berlin')).toMatchObject({ hour: 9, weekday: 1 });
    expect(fromWallClock({ year: 2025, month: 3, day: 5, hour: 9, minute: 0, second: 0 }, 'Asia/Kathmandu')).toBe(at('2025-03-05T03:15:00Z'));
  });

  test('a time skipped by DST maps to after the gap', () => {
    expect(fromWallClock({ year: 2025, month: 3, day: 30, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin')).toBe(at('2025-03-30T01:30:00Z'));
  });

  test('ISO parsing: offsets, Z, floating, bare dates, and nonsense', () => {
    expect(parseIsoInstant('2025-03-03T09:00:00Z', 'Asia/Tokyo')).toBe(at('2025-03-03T09:00:00Z'));
    expect(parseIsoInstant('2025-03-03T09:00:00.250-05:00', 'UTC')).toBe(at('2025-03-03T14:00:00.250Z'));
    expect(parseIsoInstant('2025-03-03 09:00', 'Asia/Tokyo')).toBe(at('2025-03-03T00:00:00Z'));
    expect(parseIsoInstant('2025-03-03', 'UTC')).toBe(at('2025-03-03T23:59:59.999Z'));
    for (const bad of ['tomorrow', '2025-13-01', '2025-02-29', '2025-03-03T25:00', '']) expect(parseIsoInstant(bad, 'UTC')).toBeNull();
  });
});

describe('finding a free slot', () => {
  const tz = 'UTC';
  const base = { durationMinutes: 60, timeZone: tz, busy: [] as { start: number; end: number }[] };

  test('now, rounded up to the next quarter hour, when the day is free', () => {
    expect(roundUp(at('2025-03-03T10:01:00Z'))).toBe(at('2025-03-03T10:15:00Z'));
    expect(roundUp(at('2025-03-03T10:15:00Z'))).toBe(at('2025-03-03T10:15:00Z'));
    const slot = findFreeSlot({ ...base, from: at('2025-03-03T10:07:00Z'), to: at('2025-03-10T00:00:00Z') });
    expect(slotIso(slot)).toEqual(['2025-03-03T10:15:00.000Z', '2025-03-03T11:15:00.000Z']);
  });

  test('before working hours it waits for 9:00; after 17:00 it moves to the next working day', () => {
    expect(slotIso(findFreeSlot({ ...base, from: at('2025-03-03T06:00:00Z'), to: at('2025-03-10T00:00:00Z') }))?.[0]).toBe('2025-03-03T09:00:00.000Z');
    expect(slotIso(findFreeSlot({ ...base, from: at('2025-03-03T16:30:00Z'), to: at('2025-03-10T00:00:00Z') }))?.[0]).toBe('2025-03-04T09:00:00.000Z');
  });

  test('weekends are skipped: Friday after hours goes to Monday', () => {
    expect(slotIso(findFreeSlot({ ...base, from: at('2025-03-07T17:00:00Z'), to: at('2025-03-14T00:00:00Z') }))?.[0]).toBe('2025-03-10T09:00:00.000Z');
  });

  test('a busy calendar: the slot goes into the first gap long enough, and never overlaps', () => {
    const busy = [
      { start: at('2025-03-03T09:00:00Z'), end: at('2025-03-03T10:00:00Z') },
      { start: at('2025-03-03T10:30:00Z'), end: at('2025-03-03T12:10:00Z') }, // the 30-minute gap is too short
      { start: at('2025-03-03T13:00:00Z'), end: at('2025-03-03T17:00:00Z') },
    ];
    const slot = findFreeSlot({ ...base, busy, from: at('2025-03-03T08:00:00Z'), to: at('2025-03-10T00:00:00Z') });
    // 12:10 rounds up to 12:15; 12:15–13:15 would hit the 13:00 meeting, so the next day.
    expect(slotIso(slot)).toEqual(['2025-03-04T09:00:00.000Z', '2025-03-04T10:00:00.000Z']);
    const half = findFreeSlot({ ...base, durationMinutes: 30, busy, from: at('2025-03-03T08:00:00Z'), to: at('2025-03-10T00:00:00Z') });
    expect(slotIso(half)).toEqual(['2025-03-03T10:00:00.000Z', '2025-03-03T10:30:00.000Z']);
  });

  test('a slot must end by 17:00: 16:30 is no start for an hour', () => {
    const slot = findFreeSlot({ ...base, from: at('2025-03-03T16:15:00Z'), to: at('2025-03-03T23:00:00Z') });
    expect(slot).toBeNull();
  });

  test('no room before the deadline → null', () => {
    const busy = [{ start: at('2025-03-03T00:00:00Z'), end: at('2025-03-05T00:00:00Z') }];
    expect(findFreeSlot({ ...base, busy, from: at('2025-03-03T08:00:00Z'), to: at('2025-03-04T17:00:00Z') })).toBeNull();
    expect(slotIso(findFreeSlot({ ...base, busy, from: at('2025-03-03T08:00:00Z'), to: at('2025-03-06T00:00:00Z') }))?.[0]).toBe('2025-03-05T09:00:00.000Z');
  });

  test('custom working hours and days, in another time zone across DST', () => {
    const workingHours = { start: 9.5, end: 12, days: [6] }; // Saturdays 09:30–12:00
    const slot = findFreeSlot({ ...base, workingHours, timeZone: 'Europe/Berlin', from: at('2025-03-24T00:00:00Z'), to: at('2025-04-30T00:00:00Z') });
    expect(slotIso(slot)).toEqual(['2025-03-29T08:30:00.000Z', '2025-03-29T09:30:00.000Z']);
    const afterDst = findFreeSlot({ ...base, workingHours, timeZone: 'Europe/Berlin', from: at('2025-03-29T12:00:00Z'), to: at('2025-04-30T00:00:00Z') });
    expect(slotIso(afterDst)).toEqual(['2025-04-05T07:30:00.000Z', '2025-04-05T08:30:00.000Z']);
  });

  test('the search is bounded: a long empty range with no working days returns null quickly', () => {
    const t0 = Date.now();
    expect(findFreeSlot({ ...base, workingHours: { start: 9, end: 17, days: [] }, from: 0, to: 400 * DAY })).toBeNull();
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

describe('working hours', () => {
  test('defaults, day names, and clear errors', () => {
    expect(workingHoursSchema.parse({})).toEqual({ start: 9, end: 17, days: [1, 2, 3, 4, 5] });
    expect(workingHoursSchema.parse({ days: ['Mon', 'saturday', 0] }).days).toEqual([1, 6, 0]);
    expect(workingHoursSchema.safeParse({ start: 17, end: 9 }).error?.issues[0]?.message).toBe('start must be before end');
    expect(workingHoursSchema.safeParse({ days: ['funday'] }).success).toBe(false);
    expect(workingHoursSchema.safeParse({ start: 25 }).success).toBe(false);
    expect(describeWorkingHours({ start: 9.5, end: 17, days: [5, 1] })).toBe('09:30–17:00 Mon, Fri');
  });

  test('working minutes left between two instants', () => {
    const h = { start: 9, end: 17, days: [1, 2, 3, 4, 5] };
    expect(workingMinutesBetween(at('2025-03-03T16:00:00Z'), at('2025-03-04T10:00:00Z'), h, 'UTC')).toBe(120);
    expect(workingMinutesBetween(at('2025-03-07T16:00:00Z'), at('2025-03-10T10:00:00Z'), h, 'UTC')).toBe(120); // over a weekend
    expect(workingMinutesBetween(at('2025-03-04T00:00:00Z'), at('2025-03-03T00:00:00Z'), h, 'UTC')).toBe(0);
  });
});
