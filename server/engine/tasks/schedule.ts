/**
 * Scheduling a task into an .ics calendar file: read the file's busy time, find the first free slot,
 * write the task's event (replacing its earlier one) atomically, and mark the task scheduled. Runs
 * inside `store.write()`, so the store's lock also serialises writers of the calendar file; the task is
 * updated before the file is written, so a failed write rolls the task back with the transaction.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod/v4';
import { redact } from '../redact.js';
import type { Db } from '../store/db.js';
import { writeFileAtomic } from '../store/files.js';
import { busyIntervals } from './ics-busy.js';
import { formatEvent, parseCalendar, replaceEvent } from './ics.js';
import { CLOSED_STATUSES, parseInput, type Task, TaskError, timeZoneSchema } from './model.js';
import { getTask, markScheduled } from './repo.js';
import { DEFAULT_WORKING_HOURS, describeWorkingHours, findFreeSlot, roundUp, workingHoursSchema } from './slots.js';
import { defaultTimeZone, parseIsoInstant } from './zoned.js';

const DEFAULT_HORIZON_MS = 7 * 86_400_000;
const MAX_CALENDAR_BYTES = 20 * 1024 * 1024;

const isoInstant = z.string().trim().refine((s) => parseIsoInstant(s, 'UTC') !== null, { message: 'expected an ISO 8601 date-time such as 2025-03-03T09:00:00Z' });

export const scheduleOptionsSchema = z
  .object({
    /** The .ics file: absolute, or starting with `~/`. Created when missing. */
    calendarFile: z.string().trim().min(1, 'must name an .ics file'),
    preferredStart: isoInstant.optional(),
    deadline: isoInstant.optional(),
    workingHours: workingHoursSchema.optional(),
    timeZone: timeZoneSchema.optional(),
    now: z.number().int().optional(),
    /** Where `~/` points (tests); default the user's home. */
    homeDir: z.string().optional(),
  })
  .strict();
export type ScheduleOptions = z.input<typeof scheduleOptionsSchema>;

export interface ScheduleResult {
  task: Task;
  event: { uid: string; summary: string; start: string; end: string; calendarFile: string };
  /** Whether an earlier event of this task was replaced. */
  replaced: boolean;
  /** Parts of the calendar that could not be read exactly (unknown TZID, unsupported recurrence). */
  warnings: string[];
}

/**
 * The UID of a task's calendar event.
 * @example calendarUid('k7qz3mw9ra') // 'k7qz3mw9ra@task-orchestrator'
 */
export const calendarUid = (taskId: string): string => `${taskId}@task-orchestrator`;

function resolveCalendarFile(file: string, home: string): string {
  const path = file === '~' || file.startsWith('~/') ? join(home, file.slice(1)) : file;
  if (!isAbsolute(path)) throw new TaskError('INVALID', `calendarFile must be an absolute path or start with ~/, got ${JSON.stringify(file)}`);
  // Replace the file a symlink points to, not the link.
  return existsSync(path) ? realpathSync(path) : path;
}

function readCalendar(file: string): string {
  try {
    const st = statSync(file, { throwIfNoEntry: false });
    if (!st) return '';
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size > MAX_CALENDAR_BYTES) throw new Error(`larger than ${MAX_CALENDAR_BYTES / 1024 / 1024} MB`);
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new TaskError('CALENDAR', `cannot read calendar ${file}: ${(err as Error).message}`);
  }
}

/**
 * Schedules task `id` into the first free slot of its estimated length within working hours (default
 * 09:00–17:00 Mon–Fri in the process's time zone), from `preferredStart` (default now, rounded up to a
 * quarter hour) to `deadline` (default the task's due date if it is later, else 7 days on). Writes the
 * event "[Task] <title>" with UID `<id>@task-orchestrator` and marks the task scheduled. Throws
 * TaskError: NOT_FOUND, ALREADY_DONE, INVALID, CALENDAR (unreadable or not iCalendar), NO_SLOT.
 * @example
 * const r = await store.write((db) => scheduleTask(db, id, { calendarFile: '~/calendars/tasks.ics' }));
 * r.event.start // '2025-03-03T09:00:00.000Z'
 */
export function scheduleTask(db: Db, id: string, options: ScheduleOptions): ScheduleResult {
  const o = parseInput(scheduleOptionsSchema, options, 'tasks_schedule');
  const file = resolveCalendarFile(o.calendarFile, o.homeDir ?? homedir());
  const task = getTask(db, id);
  if (CLOSED_STATUSES.includes(task.status)) throw new TaskError('ALREADY_DONE', `task ${task.id} is ${task.status}; only open tasks can be scheduled`);
  const now = o.now ?? Date.now();
  const timeZone = o.timeZone ?? defaultTimeZone();
  const hours = o.workingHours ?? { ...DEFAULT_WORKING_HOURS, days: [...DEFAULT_WORKING_HOURS.days] };
  const from = roundUp(Math.max(now, o.preferredStart ? parseIsoInstant(o.preferredStart, timeZone)! : now));
  const due = task.due === null ? null : Date.parse(task.due);
  const to = o.deadline ? parseIsoInstant(o.deadline, timeZone)! : due !== null && due > from ? due : from + DEFAULT_HORIZON_MS;
  if (to <= from) throw new TaskError('INVALID', `deadline ${new Date(to).toISOString()} is not after the start ${new Date(from).toISOString()}`);
  if (task.estimatedMinutes > (hours.end - hours.start) * 60) {
    throw new TaskError('NO_SLOT', `task ${task.id} needs ${task.estimatedMinutes} minutes, longer than a working day (${describeWorkingHours(hours)}); split it or lower estimatedMinutes`);
  }

  const text = readCalendar(file);
  if (text.trim() !== '' && !parseCalendar(text).hasCalendar) throw new TaskError('CALENDAR', `${file} is not an iCalendar file (no BEGIN:VCALENDAR); not overwriting it`);
  const uid = calendarUid(task.id);
  const { busy, warnings } = busyIntervals(text, { from, to, timeZone, ignoreUid: uid });
  const slot = findFreeSlot({ busy, durationMinutes: task.estimatedMinutes, from, to, workingHours: hours, timeZone });
  if (!slot) {
    throw new TaskError(
      'NO_SLOT',
      `no free ${task.estimatedMinutes}-minute slot for task ${task.id} between ${new Date(from).toISOString()} and ${new Date(to).toISOString()} ` +
        `within working hours ${describeWorkingHours(hours)} (${timeZone}); ${busy.length} busy event(s) in that range. Give a later deadline, other working hours or a shorter estimate`,
    );
  }

  const summary = `[Task] ${task.title}`;
  const description = redact([
    `Task ID: ${task.id}`, `Priority: ${task.priority}`, ...(task.due ? [`Due: ${task.due}`] : []), `Estimate: ${task.estimatedMinutes} min`,
    ...(task.description ? ['', task.description.slice(0, 2000)] : []),
  ].join('\n'));
  const replaced = parseCalendar(text).events.some((e) => e.uid === uid);
  let next: string;
  try {
    next = replaceEvent(text, uid, formatEvent({ uid, summary, description, start: slot.start, end: slot.end, stamp: now, categories: task.tags }));
  } catch (err) {
    throw new TaskError('CALENDAR', `${file}: ${(err as Error).message}`);
  }
  const updated = markScheduled(db, task.id, { ...slot, calendarUid: uid }, now);
  try {
    const mode = existsSync(file) ? statSync(file).mode & 0o777 : 0o600;
    writeFileAtomic(file, next, true, mode);
  } catch (err) {
    throw new TaskError('CALENDAR', `cannot write calendar ${file}: ${(err as Error).message}`);
  }
  return {
    task: updated,
    event: { uid, summary, start: new Date(slot.start).toISOString(), end: new Date(slot.end).toISOString(), calendarFile: file },
    replaced,
    warnings,
  };
}
