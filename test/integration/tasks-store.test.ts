// Tasks through a real Store in a temporary state directory: they persist across processes' opens, and
// scheduling writes a real .ics file — other events kept, the task's own event replaced, nothing written
// when there is no slot, and two stores scheduling at once never book the same time.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { Store } from '../../server/engine/store/store.js';
import {
  addTask, briefingTasks, busyIntervals, completeTask, dailyBriefing, getTask, listTasks, parseCalendar, scheduleTask, TaskError, unescapeText,
} from '../../server/engine/tasks/index.js';

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'to-tasks-'));
  store = await Store.open(join(dir, 'state'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const MON = Date.parse('2025-03-03T08:00:00Z');
const OTHER_CALENDAR = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Example Corp//Calendar//EN',
  'BEGIN:VEVENT', 'UID:planning@example.com', 'DTSTAMP:20250301T000000Z', 'DTSTART:20250303T090000Z', 'DTEND:20250303T103000Z', 'SUMMARY:Planning', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:standup@example.com', 'DTSTAMP:20250301T000000Z', 'DTSTART;TZID=Europe/London:20250303T110000', 'DURATION:PT15M',
  'RRULE:FREQ=DAILY;COUNT=10', 'SUMMARY:Standup', 'END:VEVENT',
  'END:VCALENDAR', '',
].join('\r\n');

async function expectTaskError(p: Promise<unknown>, code: TaskError['code'], message: RegExp): Promise<void> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(TaskError);
  expect((err as TaskError).code).toBe(code);
  expect((err as TaskError).message).toMatch(message);
}

describe('persisted tasks', () => {
  test('added, listed in working order and completed — still there after the store is reopened', async () => {
    const a = await store.write((db) => addTask(db, { title: 'Renew the TLS certificate', priority: 'high', due: '2025-03-05T17:00:00Z' }, { now: MON }));
    const b = await store.write((db) => addTask(db, { title: 'Tidy the wiki', priority: 'low' }, { now: MON }));
    await store.write((db) => completeTask(db, b.id, 'done early', { now: MON + 1000 }));
    store.close();
    store = await Store.open(join(dir, 'state'));
    const open = await store.read((db) => listTasks(db, { status: 'open' }));
    expect(open.map((t) => t.id)).toEqual([a.id]);
    expect(await store.read((db) => getTask(db, b.id))).toMatchObject({ status: 'completed', notes: 'done early' });
    await expectTaskError(store.write((db) => completeTask(db, 'zzzzzzzzzz')), 'NOT_FOUND', /no task with id "zzzzzzzzzz"/);
  });

  test('a briefing over the stored tasks', async () => {
    await store.write((db) => addTask(db, { title: 'Late', due: '2025-03-01T00:00:00Z' }, { now: MON }));
    const b = await dailyBriefing(await store.read((db) => briefingTasks(db)), { now: MON, timeZone: 'UTC' });
    expect(b).toMatchObject({ source: 'rules', facts: { open: 1, overdue: [{ title: 'Late' }] } });
  });
});

describe('scheduling into a calendar file', () => {
  const cal = () => join(dir, 'work.ics');
  const add = (over: Parameters<typeof addTask>[1] = { title: 'x' }) => store.write((db) => addTask(db, over, { now: MON }));

  test('the first free slot around the other events; the other events are kept byte for byte', async () => {
    writeFileSync(cal(), OTHER_CALENDAR);
    const t = await add({ title: 'Write the post-mortem, part 1; then review', estimatedMinutes: 60, tags: ['docs'] });
    const r = await store.write((db) => scheduleTask(db, t.id, { calendarFile: cal(), now: MON, timeZone: 'UTC' }));
    // 09:00–10:30 planning, 11:00–11:15 standup: 10:30–11:30 would hit it, so 11:15.
    expect(r.event).toMatchObject({ uid: `${t.id}@task-orchestrator`, start: '2025-03-03T11:15:00.000Z', end: '2025-03-03T12:15:00.000Z', calendarFile: cal() });
    expect(r.replaced).toBe(false);
    expect(r.task).toMatchObject({ status: 'scheduled', scheduledStart: '2025-03-03T11:15:00.000Z', scheduledEnd: '2025-03-03T12:15:00.000Z', calendarUid: `${t.id}@task-orchestrator` });
    expect(await store.read((db) => getTask(db, t.id))).toEqual(r.task);

    const text = readFileSync(cal(), 'utf8');
    expect(text.startsWith(OTHER_CALENDAR.slice(0, OTHER_CALENDAR.indexOf('END:VCALENDAR')))).toBe(true);
    const ours = parseCalendar(text).events.find((e) => e.uid === `${t.id}@task-orchestrator`)!;
    const value = (n: string) => unescapeText(ours.props.find((p) => p.name === n)!.value);
    expect(value('SUMMARY')).toBe('[Task] Write the post-mortem, part 1; then review');
    expect(value('DESCRIPTION')).toContain(`Task ID: ${t.id}`);
    expect(value('DTSTART')).toBe('20250303T111500Z');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  test('re-scheduling replaces the task\'s event; a second task goes around the first', async () => {
    writeFileSync(cal(), OTHER_CALENDAR);
    const t = await add({ title: 'One', estimatedMinutes: 30 });
    await store.write((db) => scheduleTask(db, t.id, { calendarFile: cal(), now: MON, timeZone: 'UTC' }));
    const again = await store.write((db) => scheduleTask(db, t.id, { calendarFile: cal(), now: MON, timeZone: 'UTC', preferredStart: '2025-03-04T14:00:00Z' }));
    expect(again.replaced).toBe(true);
    expect(again.event.start).toBe('2025-03-04T14:00:00.000Z');
    const u = await add({ title: 'Two', estimatedMinutes: 30 });
    const second = await store.write((db) => scheduleTask(db, u.id, { calendarFile: cal(), now: MON, timeZone: 'UTC', preferredStart: '2025-03-04T14:00:00Z' }));
    expect(second.event.start).toBe('2025-03-04T14:30:00.000Z');
    const uids = parseCalendar(readFileSync(cal(), 'utf8')).events.map((e) => e.uid);
    expect(uids).toEqual(['planning@example.com', 'standup@example.com', `${t.id}@task-orchestrator`, `${u.id}@task-orchestrator`]);
  });

  test('a missing file is created as a calendar; ~/ is the home directory; a symlink is followed, not replaced', async () => {
    const t = await add();
    const r = await store.write((db) => scheduleTask(db, t.id, { calendarFile: '~/new.ics', homeDir: dir, now: MON, timeZone: 'UTC' }));
    expect(r.event.calendarFile).toBe(join(dir, 'new.ics'));
    expect(readFileSync(join(dir, 'new.ics'), 'utf8')).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VEVENT\r\nEND:VCALENDAR\r\n$/);
    symlinkSync(join(dir, 'new.ics'), join(dir, 'link.ics'));
    const u = await add();
    await store.write((db) => scheduleTask(db, u.id, { calendarFile: join(dir, 'link.ics'), now: MON, timeZone: 'UTC' }));
    expect(parseCalendar(readFileSync(join(dir, 'new.ics'), 'utf8')).events).toHaveLength(2);
  });

  test('no free slot before the deadline: a clear error, the task unchanged and the file untouched', async () => {
    writeFileSync(cal(), OTHER_CALENDAR);
    const t = await add({ title: 'Long', estimatedMinutes: 120 });
    await expectTaskError(
      store.write((db) => scheduleTask(db, t.id, { calendarFile: cal(), now: MON, timeZone: 'UTC', deadline: '2025-03-03T11:00:00Z' })),
      'NO_SLOT', /no free 120-minute slot for task \w+ between 2025-03-03T08:00:00.000Z and 2025-03-03T11:00:00.000Z within working hours 09:00–17:00 Mon, Tue, Wed, Thu, Fri \(UTC\)/,
    );
    expect(readFileSync(cal(), 'utf8')).toBe(OTHER_CALENDAR);
    expect(await store.read((db) => getTask(db, t.id))).toMatchObject({ status: 'pending', scheduledStart: null });
  });

  test('the task\'s due date is the default deadline', async () => {
    const t = await add({ title: 'Due at ten', estimatedMinutes: 90, due: '2025-03-03T10:00:00Z' });
    await expectTaskError(store.write((db) => scheduleTask(db, t.id, { calendarFile: cal(), now: MON, timeZone: 'UTC' })), 'NO_SLOT', /and 2025-03-03T10:00:00.000Z/);
  });

  test('bad options, closed tasks, estimates longer than a day, and files that are not calendars are refused clearly', async () => {
    const t = await add({ title: 'x', estimatedMinutes: 600 });
    await expectTaskError(store.write((db) => scheduleTask(db, t.id, { calendarFile: 'relative.ics', now: MON })), 'INVALID', /calendarFile must be an absolute path or start with ~\//);
    await expectTaskError(store.write((db) => scheduleTask(db, t.id, { calendarFile: cal(), now: MON })), 'NO_SLOT', /needs 600 minutes, longer than a working day/);
    await expectTaskError(store.write((db) => scheduleTask(db, t.id, { calendarFile: cal(), workingHours: { start: 18, end: 9 } })), 'INVALID', /workingHours.end: start must be before end/);
    await expectTaskError(store.write((db) => scheduleTask(db, t.id, { calendarFile: cal(), deadline: 'soon' })), 'INVALID', /deadline: expected an ISO 8601 date-time/);
    writeFileSync(join(dir, 'notes.txt'), 'my notes\n');
    const u = await add();
    await expectTaskError(store.write((db) => scheduleTask(db, u.id, { calendarFile: join(dir, 'notes.txt'), now: MON })), 'CALENDAR', /is not an iCalendar file/);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('my notes\n');
    await store.write((db) => completeTask(db, u.id));
    await expectTaskError(store.write((db) => scheduleTask(db, u.id, { calendarFile: cal(), now: MON })), 'ALREADY_DONE', /is completed; only open tasks can be scheduled/);
    expect(existsSync(cal())).toBe(false);
  });

  test('two stores scheduling at once (as two processes would) never book overlapping slots', async () => {
    const other = await Store.open(join(dir, 'state'));
    try {
      const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => add({ title: `t${i}`, estimatedMinutes: 45 }))).then((ts) => ts.map((t) => t.id));
      await Promise.all(ids.map((id, i) => (i % 2 ? other : store).write((db) => scheduleTask(db, id, { calendarFile: cal(), now: MON, timeZone: 'UTC' }))));
      const { busy } = busyIntervals(readFileSync(cal(), 'utf8'), { from: 0, to: Date.parse('2030-01-01T00:00:00Z'), timeZone: 'UTC' });
      expect(busy).toHaveLength(6);
      for (let i = 1; i < busy.length; i++) expect(busy[i]!.start).toBeGreaterThanOrEqual(busy[i - 1]!.end);
    } finally {
      other.close();
    }
  });
});
