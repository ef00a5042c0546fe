// Budget windows are UTC days and months.
import { describe, expect, test } from 'vitest';
import { untilText, windowOf } from '../../../server/engine/cost/windows.js';

describe('windowOf', () => {
  test('a day runs from 00:00 UTC to the next 00:00 UTC', () => {
    expect(windowOf('day', Date.UTC(2025, 5, 1, 13, 5))).toEqual({ start: Date.UTC(2025, 5, 1), end: Date.UTC(2025, 5, 2) });
    expect(windowOf('day', Date.UTC(2025, 5, 1))).toEqual({ start: Date.UTC(2025, 5, 1), end: Date.UTC(2025, 5, 2) });
    expect(windowOf('day', Date.UTC(2025, 5, 2) - 1)).toEqual({ start: Date.UTC(2025, 5, 1), end: Date.UTC(2025, 5, 2) });
  });

  test('a month runs from the 1st 00:00 UTC, across year ends and leap days', () => {
    expect(windowOf('month', Date.UTC(2025, 11, 31, 23, 59))).toEqual({ start: Date.UTC(2025, 11, 1), end: Date.UTC(2026, 0, 1) });
    expect(windowOf('day', Date.UTC(2024, 1, 29, 12))).toEqual({ start: Date.UTC(2024, 1, 29), end: Date.UTC(2024, 2, 1) });
    expect(windowOf('month', Date.UTC(2024, 1, 29, 12))).toEqual({ start: Date.UTC(2024, 1, 1), end: Date.UTC(2024, 2, 1) });
  });
});

describe('untilText', () => {
  test('minutes, hours and days', () => {
    expect(untilText(Date.UTC(2025, 5, 2), Date.UTC(2025, 5, 1, 20, 40))).toBe('in 3h 20m');
    expect(untilText(Date.UTC(2025, 5, 2), Date.UTC(2025, 5, 1, 23, 48))).toBe('in 12m');
    expect(untilText(Date.UTC(2025, 6, 1), Date.UTC(2025, 5, 28, 20))).toBe('in 2d 4h');
    expect(untilText(0, 1000)).toBe('in 0m');
  });
});
