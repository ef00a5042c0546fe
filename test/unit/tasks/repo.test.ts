// The task model over an in-memory database: validation, working order, overdue, completion, updates.
import { beforeEach, describe, expect, test } from 'vitest';
import { migratedDb } from '../helpers/migrated-db.js';
import type { Db } from '../../../server/engine/store/db.js';
import { tasks as taskRows } from '../../../server/engine/store/repos-runs.js';
import {
  addTask, compareTasks, completeTask, findTaskBySource, getTask, isOverdue, listTasks, newTaskId, overdueTasks, prioritize, type Task, TaskError, updateTask,
} from '../../../server/engine/tasks/index.js';

const freshDb = migratedDb();
let db: Db;
beforeEach(() => {
  db = freshDb();
});

const NOW = Date.parse('2025-03-03T10:00:00Z'); // a Monday
const expectTaskError = (fn: () => unknown, code: TaskError['code'], message: RegExp) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TaskError);
    expect((err as TaskError).code).toBe(code);
    expect((err as TaskError).message).toMatch(message);
    return;
  }
  throw new Error('expected a TaskError');
};

describe('adding tasks', () => {
  test('defaults: pending, medium, 30 minutes, manual source, no due date', () => {
    const t = addTask(db, { title: '  Write the release notes ' }, { now: NOW });
    expect(t).toMatchObject({
      title: 'Write the release notes', status: 'pending', priority: 'medium', estimatedMinutes: 30, source: 'manual', sourceId: null, due: null,
      tags: [], notes: '', description: '', createdAt: new Date(NOW).toISOString(), calendarUid: null,
    });
    expect(t.id).toMatch(/^[2-9a-z]{10}$/);
    expect(getTask(db, t.id)).toEqual(t);
  });

  test('a due date with an offset is that instant; without one it is read in the given time zone; a bare date is the end of that day', () => {
    expect(addTask(db, { title: 'a', due: '2025-03-05T17:00:00+01:00' }).due).toBe('2025-03-05T16:00:00.000Z');
    expect(addTask(db, { title: 'b', due: '2025-03-05T17:00', timeZone: 'America/New_York' }).due).toBe('2025-03-05T22:00:00.000Z');
    expect(addTask(db, { title: 'c', due: '2025-03-05', timeZone: 'UTC' }).due).toBe('2025-03-05T23:59:59.999Z');
  });

  test('bad input names each field and the value received', () => {
    expectTaskError(() => addTask(db, { title: '' }), 'INVALID', /title: must not be empty/);
    expectTaskError(() => addTask(db, { title: 'x', priority: 'urgent' as never }), 'INVALID', /priority: expected one of critical, high, medium, low, got "urgent"/);
    expectTaskError(() => addTask(db, { title: 'x', due: 'next week' }), 'INVALID', /due: expected an ISO 8601 date.*got "next week"/);
    expectTaskError(() => addTask(db, { title: 'x', due: '2025-02-30' }), 'INVALID', /due: expected an ISO 8601 date/);
    expectTaskError(() => addTask(db, { title: 'x', estimatedMinutes: 0 }), 'INVALID', /estimatedMinutes: must be at least 5 minutes, got 0/);
    expectTaskError(() => addTask(db, { title: 'x', colour: 'red' } as never), 'INVALID', /Unrecognized key.*colour/);
    expectTaskError(() => addTask(db, { title: 'x', timeZone: 'Mars/Olympus' }), 'INVALID', /timeZone: expected an IANA time zone/);
  });

  test('secrets in titles and descriptions are redacted before they are stored', () => {
    const t = addTask(db, { title: 'rotate sk-ant-api03-abcdefghijklmnopqrstuvwx', description: 'old password=hunter2hunter2' });
    expect(t.title).not.toContain('abcdefghijklmnop');
    expect(t.description).not.toContain('hunter2hunter2');
    expect(JSON.stringify(taskRows.get(db, t.id))).not.toContain('hunter2hunter2');
  });

  test('tags are trimmed, lower-cased and de-duplicated', () => {
    expect(addTask(db, { title: 'x', tags: ['Bug', 'bug ', 'UI'] }).tags).toEqual(['bug', 'ui']);
  });

  test('ids are distinct over many tasks', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => newTaskId()));
    expect(ids.size).toBe(2000);
  });

  test('one source item makes at most one task (the unique index on source + source id)', () => {
    addTask(db, { title: 'from mail', source: 'email', sourceId: '<m1@example.com>' });
    expect(findTaskBySource(db, 'email', '<m1@example.com>')?.title).toBe('from mail');
    expectTaskError(() => addTask(db, { title: 'again', source: 'email', sourceId: '<m1@example.com>' }), 'DUPLICATE', /email item "<m1@example.com>" is already task/);
    expect(() => taskRows.insert(db, { title: 'raw', status: 'pending', ts: 1, source: 'email', source_id: '<m1@example.com>' })).toThrow(/UNIQUE/);
    expect(findTaskBySource(db, 'email', '<other@example.com>')).toBeNull();
  });
});

describe('working order', () => {
  const t = (id: string, priority: Task['priority'], due: string | null, createdAt = '2025-01-01T00:00:00.000Z') =>
    ({ id, priority, due, createdAt, status: 'pending' }) as Task;

  test('critical < high < medium < low, then the earlier due date, then no due date, then the older task', () => {
    const sorted = [
      t('low', 'low', '2025-03-03T00:00:00Z'), t('med-none', 'medium', null), t('med-late', 'medium', '2025-03-10T00:00:00Z'),
      t('crit', 'critical', null), t('med-early', 'medium', '2025-03-04T00:00:00Z'), t('high', 'high', null),
      t('med-none-older', 'medium', null, '2024-12-01T00:00:00.000Z'),
    ].sort(compareTasks).map((x) => x.id);
    expect(sorted).toEqual(['crit', 'high', 'med-early', 'med-late', 'med-none-older', 'med-none', 'low']);
  });

  test('prioritize keeps only pending, scheduled and in-progress tasks', () => {
    const all = (['pending', 'scheduled', 'in_progress', 'blocked', 'completed', 'cancelled'] as const).map((status, i) => ({ ...t(status, 'high', null), status, id: `${i}` }));
    expect(prioritize(all).map((x) => x.status)).toEqual(['pending', 'scheduled', 'in_progress']);
  });

  test('listTasks open: the same order from the database; all: newest change first; one status', () => {
    const a = addTask(db, { title: 'low soon', priority: 'low', due: '2025-03-03T12:00:00Z' }, { now: NOW });
    const b = addTask(db, { title: 'high, no due', priority: 'high' }, { now: NOW + 1 });
    const c = addTask(db, { title: 'high, due', priority: 'high', due: '2025-03-09T12:00:00Z' }, { now: NOW + 2 });
    const d = addTask(db, { title: 'critical done', priority: 'critical' }, { now: NOW + 3 });
    completeTask(db, d.id, undefined, { now: NOW + 4 });
    expect(listTasks(db).map((x) => x.id)).toEqual([c.id, b.id, a.id]);
    expect(listTasks(db, { status: 'open', limit: 2 }).map((x) => x.id)).toEqual([c.id, b.id]);
    expect(listTasks(db, { status: 'all' }).map((x) => x.id)).toEqual([d.id, c.id, b.id, a.id]);
    expect(listTasks(db, { status: 'completed' }).map((x) => x.id)).toEqual([d.id]);
    expectTaskError(() => listTasks(db, { status: 'done' as never }), 'INVALID', /status: expected open, all or one of/);
    expectTaskError(() => listTasks(db, { limit: 0 }), 'INVALID', /limit: must be at least 1/);
  });

  test('listTasks filters by project', () => {
    addTask(db, { title: 'a', project: '~/src/app' });
    addTask(db, { title: 'b', project: '~/src/other' });
    expect(listTasks(db, { project: '~/src/app' }).map((x) => x.title)).toEqual(['a']);
  });
});

describe('overdue', () => {
  test('due before now and not completed or cancelled; blocked tasks can be overdue', () => {
    const past = '2025-03-01T00:00:00.000Z';
    expect(isOverdue({ due: past, status: 'pending' }, NOW)).toBe(true);
    expect(isOverdue({ due: past, status: 'blocked' }, NOW)).toBe(true);
    expect(isOverdue({ due: past, status: 'completed' }, NOW)).toBe(false);
    expect(isOverdue({ due: past, status: 'cancelled' }, NOW)).toBe(false);
    expect(isOverdue({ due: '2025-03-04T00:00:00.000Z', status: 'pending' }, NOW)).toBe(false);
    expect(isOverdue({ due: null, status: 'pending' }, NOW)).toBe(false);
  });

  test('overdueTasks lists the most overdue first', () => {
    const a = addTask(db, { title: 'a', due: '2025-03-02T00:00:00Z' });
    const b = addTask(db, { title: 'b', due: '2025-02-01T00:00:00Z' });
    addTask(db, { title: 'c', due: '2025-04-01T00:00:00Z' });
    expect(overdueTasks(listTasks(db, { status: 'all' }), NOW).map((x) => x.id)).toEqual([b.id, a.id]);
  });
});

describe('completing and updating', () => {
  test('completing records when and appends the notes', () => {
    const t = addTask(db, { title: 'x', notes: 'started' }, { now: NOW });
    const done = completeTask(db, t.id, 'shipped in 1.2.0', { now: NOW + 60_000 });
    expect(done).toMatchObject({ status: 'completed', notes: 'started\nshipped in 1.2.0', completedAt: new Date(NOW + 60_000).toISOString() });
  });

  test('an unknown id names the id; completing twice is refused and changes nothing', () => {
    expectTaskError(() => completeTask(db, 'nope123456'), 'NOT_FOUND', /no task with id "nope123456"/);
    const t = addTask(db, { title: 'x' });
    completeTask(db, t.id, 'first', { now: NOW });
    expectTaskError(() => completeTask(db, t.id, 'second'), 'ALREADY_DONE', new RegExp(`task ${t.id} is already completed`));
    expect(getTask(db, t.id).notes).toBe('first');
  });

  test('updateTask changes only the given fields; due null clears; re-opening clears completedAt', () => {
    const t = addTask(db, { title: 'x', due: '2025-03-05T00:00:00Z', tags: ['a'] }, { now: NOW });
    const u = updateTask(db, t.id, { status: 'blocked', priority: 'critical', due: null }, { now: NOW + 1 });
    expect(u).toMatchObject({ title: 'x', status: 'blocked', priority: 'critical', due: null, tags: ['a'], updatedAt: new Date(NOW + 1).toISOString() });
    expect(updateTask(db, t.id, { status: 'completed' }, { now: NOW + 2 }).completedAt).toBe(new Date(NOW + 2).toISOString());
    expect(updateTask(db, t.id, { status: 'pending' }, { now: NOW + 3 }).completedAt).toBeNull();
    expectTaskError(() => updateTask(db, t.id, { status: 'done' as never }), 'INVALID', /status: expected one of pending/);
  });

  test('a row with a damaged data column still reads, with defaults', () => {
    const id = taskRows.insert(db, { title: 'legacy', status: 'open', ts: NOW });
    db.run("UPDATE tasks SET data = 'not json', priority = 'weird' WHERE id = ?", [id]);
    expect(getTask(db, id)).toMatchObject({ title: 'legacy', status: 'pending', priority: 'medium', estimatedMinutes: 30, tags: [] });
  });
});
