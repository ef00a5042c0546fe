// RFC 5545 text: escaping, folding at 75 octets, parameters, events written and read back, and one
// event replaced while the rest of a file stays byte for byte; busy time from the forms calendars export.
import { describe, expect, test } from 'vitest';
import {
  busyIntervals, escapeText, foldLine, formatEvent, parseCalendar, parseContentLine, parseDuration, replaceEvent, unescapeText,
} from '../../../server/engine/tasks/index.js';

const unfoldAll = (text: string) => text.replace(/\r\n[ \t]/g, '');
const octets = (s: string) => Buffer.byteLength(s, 'utf8');

describe('TEXT escaping', () => {
  test('backslash, semicolon, comma and newlines are escaped and come back', () => {
    const s = 'a\\b; c, d\ne\r\nf';
    expect(escapeText(s)).toBe('a\\\\b\\; c\\, d\\ne\\nf');
    expect(unescapeText(escapeText(s))).toBe('a\\b; c, d\ne\nf');
    expect(unescapeText('x\\Ny')).toBe('x\ny');
  });
});

describe('line folding', () => {
  test('no physical line exceeds 75 octets, continuations start with a space, unfolding restores the line', () => {
    const line = `DESCRIPTION:${'0123456789'.repeat(30)}`;
    const folded = foldLine(line);
    const lines = folded.split('\r\n');
    expect(lines.length).toBe(5);
    for (const l of lines) expect(octets(l)).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(unfoldAll(folded)).toBe(line);
  });

  test('multi-byte characters are never split across lines', () => {
    const line = `SUMMARY:${'é日本🎉'.repeat(40)}`;
    const lines = foldLine(line).split('\r\n');
    for (const l of lines) {
      expect(octets(l)).toBeLessThanOrEqual(75);
      expect(l).not.toContain('\uFFFD');
      expect(Buffer.from(l, 'utf8').toString('utf8')).toBe(l);
    }
    expect(unfoldAll(lines.join('\r\n'))).toBe(line);
  });

  test('a short line is left alone', () => {
    expect(foldLine('UID:x@task-orchestrator')).toBe('UID:x@task-orchestrator');
  });
});

describe('content lines', () => {
  test('parameters, quoted values and colons in the value', () => {
    expect(parseContentLine('DTSTART;TZID="America/New_York":20250106T090000')).toEqual({ name: 'DTSTART', params: { TZID: 'America/New_York' }, value: '20250106T090000' });
    expect(parseContentLine('dtstart;value=DATE:20250106')).toEqual({ name: 'DTSTART', params: { VALUE: 'DATE' }, value: '20250106' });
    expect(parseContentLine('URL:https://example.com/a:b')).toEqual({ name: 'URL', params: {}, value: 'https://example.com/a:b' });
    expect(parseContentLine('ATTENDEE;CN="Doe, Jane";ROLE=REQ-PARTICIPANT:mailto:jane@example.com')?.params).toEqual({ CN: 'Doe, Jane', ROLE: 'REQ-PARTICIPANT' });
    expect(parseContentLine('no colon here')).toBeNull();
  });
});

describe('writing an event and reading it back', () => {
  const start = Date.UTC(2025, 2, 3, 9, 0);
  const ev = {
    uid: 'k7qz3mw9ra@task-orchestrator', summary: '[Task] Fix login; then, deploy', stamp: Date.UTC(2025, 2, 1, 8, 30, 15),
    description: `Task ID: k7qz3mw9ra\nPriority: high\n\n${'A long description with, commas; and ünïcödé. '.repeat(5)}`, start, end: start + 3_600_000, categories: ['bug', 'a,b'],
  };

  test('UTC DTSTAMP/DTSTART/DTEND, CRLF, folded, and parsed back to the same values', () => {
    const text = replaceEvent('', ev.uid, formatEvent(ev));
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    for (const l of text.split('\r\n')) expect(octets(l)).toBeLessThanOrEqual(75);
    expect(text).toContain('DTSTAMP:20250301T083015Z\r\nDTSTART:20250303T090000Z\r\nDTEND:20250303T100000Z');
    const [e] = parseCalendar(text).events;
    const prop = (n: string) => e!.props.find((p) => p.name === n)!.value;
    expect(e!.uid).toBe(ev.uid);
    expect(unescapeText(prop('SUMMARY'))).toBe(ev.summary);
    expect(unescapeText(prop('DESCRIPTION'))).toBe(ev.description);
    expect(prop('CATEGORIES')).toBe('bug,a\\,b');
    expect(busyIntervals(text, { from: 0, to: Date.UTC(2030, 0), timeZone: 'UTC' }).busy).toEqual([{ start, end: start + 3_600_000, uid: ev.uid, summary: ev.summary }]);
  });

  test('replacing an event keeps every other line of the file byte for byte', () => {
    const other = [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Other//Cal//EN', 'X-WR-CALNAME:Work',
      'BEGIN:VTIMEZONE', 'TZID:Europe/Berlin', 'END:VTIMEZONE',
      'BEGIN:VEVENT', 'UID:standup@example.com', 'DTSTART;TZID=Europe/Berlin:20250303T093000', 'DTEND;TZID=Europe/Berlin:20250303T094500',
      'SUMMARY:Standup with a very long folded summary that goes on and on and on and ', ' keeps going', 'BEGIN:VALARM', 'TRIGGER:-PT5M', 'ACTION:DISPLAY', 'END:VALARM', 'END:VEVENT',
      'END:VCALENDAR', '',
    ].join('\r\n');
    const once = replaceEvent(other, ev.uid, formatEvent(ev));
    expect(once.startsWith(other.slice(0, other.indexOf('END:VCALENDAR')))).toBe(true);
    const twice = replaceEvent(once, ev.uid, formatEvent({ ...ev, start: start + 7_200_000, end: start + 10_800_000 }));
    const cal = parseCalendar(twice);
    expect(cal.events.map((e) => e.uid)).toEqual(['standup@example.com', ev.uid]);
    expect(twice).toContain('DTSTART:20250303T110000Z');
    expect(twice).not.toContain('DTSTART:20250303T090000Z');
    expect(replaceEvent(twice, ev.uid, null)).toBe(other);
  });

  test('an LF-only file gets LF lines; a file that is not a calendar is refused', () => {
    const lf = 'BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n';
    const out = replaceEvent(lf, ev.uid, formatEvent(ev));
    expect(out).not.toContain('\r');
    expect(parseCalendar(out).events).toHaveLength(1);
    expect(() => replaceEvent('hello world\n', ev.uid, formatEvent(ev))).toThrow(/not an iCalendar file/);
  });
});

describe('busy time from other calendars', () => {
  const cal = (...events: string[][]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events.flatMap((e) => ['BEGIN:VEVENT', ...e, 'END:VEVENT']), 'END:VCALENDAR', ''].join('\r\n');
  const range = { from: Date.UTC(2025, 2, 1), to: Date.UTC(2025, 2, 31), timeZone: 'Europe/Berlin' };
  const iso = (b: { start: number; end: number }) => [new Date(b.start).toISOString(), new Date(b.end).toISOString()];

  test('UTC, floating (the scheduling zone), TZID (IANA, quoted, Mozilla-prefixed, Windows names) and DURATION', () => {
    const text = cal(
      ['UID:a', 'DTSTART:20250303T080000Z', 'DTEND:20250303T090000Z'],
      ['UID:b', 'DTSTART:20250304T100000', 'DTEND:20250304T110000'],
      ['UID:c', 'DTSTART;TZID=America/New_York:20250305T090000', 'DURATION:PT30M'],
      ['UID:d', 'DTSTART;TZID="/mozilla.org/20050126_1/Europe/London":20250306T090000', 'DTEND;TZID="/mozilla.org/20050126_1/Europe/London":20250306T100000'],
      ['UID:e', 'DTSTART;TZID=W. Europe Standard Time:20250307T090000', 'DTEND;TZID=W. Europe Standard Time:20250307T093000'],
    );
    const { busy, warnings } = busyIntervals(text, range);
    expect(warnings).toEqual([]);
    expect(busy.map(iso)).toEqual([
      ['2025-03-03T08:00:00.000Z', '2025-03-03T09:00:00.000Z'],
      ['2025-03-04T09:00:00.000Z', '2025-03-04T10:00:00.000Z'], // floating 10:00 in Berlin (UTC+1)
      ['2025-03-05T14:00:00.000Z', '2025-03-05T14:30:00.000Z'],
      ['2025-03-06T09:00:00.000Z', '2025-03-06T10:00:00.000Z'],
      ['2025-03-07T08:00:00.000Z', '2025-03-07T08:30:00.000Z'],
    ]);
  });

  test('all-day events block their day; transparent and cancelled events and zero-length ones do not', () => {
    const text = cal(
      ['UID:holiday', 'DTSTART;VALUE=DATE:20250310', 'DTEND;VALUE=DATE:20250311'],
      ['UID:free', 'DTSTART:20250311T090000Z', 'DTEND:20250311T100000Z', 'TRANSP:TRANSPARENT'],
      ['UID:gone', 'DTSTART:20250312T090000Z', 'DTEND:20250312T100000Z', 'STATUS:CANCELLED'],
      ['UID:instant', 'DTSTART:20250313T090000Z'],
    );
    expect(busyIntervals(text, range).busy.map(iso)).toEqual([['2025-03-09T23:00:00.000Z', '2025-03-10T23:00:00.000Z']]);
  });

  test('an unknown TZID is read in the scheduling zone, with a warning', () => {
    const { busy, warnings } = busyIntervals(cal(['UID:x', 'DTSTART;TZID=Nowhere Time:20250303T100000', 'DTEND;TZID=Nowhere Time:20250303T110000']), range);
    expect(busy.map(iso)).toEqual([['2025-03-03T09:00:00.000Z', '2025-03-03T10:00:00.000Z']]);
    expect(warnings).toEqual(['unknown TZID "Nowhere Time": read as Europe/Berlin']);
  });

  test('weekly recurrences with BYDAY keep their wall-clock time across a DST change; EXDATE and RECURRENCE-ID apply', () => {
    const text = cal(
      ['UID:standup', 'DTSTART;TZID=Europe/Berlin:20250324T093000', 'DTEND;TZID=Europe/Berlin:20250324T094500', 'RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=5',
        'EXDATE;TZID=Europe/Berlin:20250326T093000'],
      ['UID:standup', 'RECURRENCE-ID;TZID=Europe/Berlin:20250331T093000', 'DTSTART;TZID=Europe/Berlin:20250331T120000', 'DTEND;TZID=Europe/Berlin:20250331T121500'],
    );
    const { busy, warnings } = busyIntervals(text, { from: Date.UTC(2025, 2, 20), to: Date.UTC(2025, 4, 1), timeZone: 'UTC' });
    expect(warnings).toEqual([]);
    expect(busy.map((b) => new Date(b.start).toISOString())).toEqual([
      '2025-03-24T08:30:00.000Z', // CET
      '2025-03-31T10:00:00.000Z', // the moved occurrence (CEST, 12:00 local)
      '2025-04-02T07:30:00.000Z', // CEST: still 09:30 local
      '2025-04-07T07:30:00.000Z',
    ]);
  });

  test('daily with INTERVAL and UNTIL, monthly on a day some months lack', () => {
    const text = cal(
      ['UID:d', 'DTSTART:20250301T120000Z', 'DTEND:20250301T130000Z', 'RRULE:FREQ=DAILY;INTERVAL=2;UNTIL=20250307T235959Z'],
      ['UID:m', 'DTSTART:20250131T120000Z', 'DTEND:20250131T130000Z', 'RRULE:FREQ=MONTHLY;COUNT=3'],
    );
    const starts = busyIntervals(text, { from: Date.UTC(2025, 0, 1), to: Date.UTC(2025, 5, 1), timeZone: 'UTC' }).busy.map((b) => new Date(b.start).toISOString().slice(0, 10));
    expect(starts).toEqual(['2025-01-31', '2025-03-01', '2025-03-03', '2025-03-05', '2025-03-07', '2025-03-31', '2025-05-31']);
  });

  test('an unsupported rule counts only its first occurrence and says so', () => {
    const { busy, warnings } = busyIntervals(cal(['UID:x', 'SUMMARY:Board', 'DTSTART:20250303T120000Z', 'DTEND:20250303T130000Z', 'RRULE:FREQ=MONTHLY;BYDAY=1MO']), range);
    expect(busy).toHaveLength(1);
    expect(warnings[0]).toMatch(/event "Board": recurrence "FREQ=MONTHLY;BYDAY=1MO" is not supported/);
  });

  test('the ignored UID (a task being re-scheduled) is not busy', () => {
    const text = cal(['UID:t@task-orchestrator', 'DTSTART:20250303T090000Z', 'DTEND:20250303T100000Z']);
    expect(busyIntervals(text, { ...range, ignoreUid: 't@task-orchestrator' }).busy).toEqual([]);
  });

  test('durations', () => {
    expect(parseDuration('PT1H30M')).toBe(5_400_000);
    expect(parseDuration('P1D')).toBe(86_400_000);
    expect(parseDuration('P1W')).toBe(7 * 86_400_000);
    expect(parseDuration('-PT15M')).toBe(-900_000);
    expect(parseDuration('P')).toBeNull();
    expect(parseDuration('1 hour')).toBeNull();
  });
});
