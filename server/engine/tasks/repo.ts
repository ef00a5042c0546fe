/**
 * Persisted tasks: the model over the `tasks` table. Synchronous functions over a `Db`, for use inside
 * `store.read()` / `store.write()`. Inputs are validated with the model's zod schemas; texts are redacted
 * by the repository before they are stored.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db.js';
import { type Task as TaskRow, tasks as taskRows } from '../store/repos-runs.js';
import {
  type AddTaskInput, addTaskSchema, CLOSED_STATUSES, DEFAULT_ESTIMATE_MINUTES, type ListTasksInput, listTasksSchema, OPEN_STATUSES, parseInput,
  type Task, TASK_PRIORITIES, TASK_STATUSES, TaskError, type TaskOrigin, type TaskPriority, type TaskStatus, type UpdateTaskInput, updateTaskSchema,
} from './model.js';
import { defaultTimeZone, parseIsoInstant } from './zoned.js';

/** What the `data` JSON column holds. Instants in ms. */
interface TaskData {
  description?: string;
  tags?: string[];
  estimatedMinutes?: number;
  notes?: string;
  scheduledStart?: number | null;
  scheduledEnd?: number | null;
  calendarUid?: string | null;
  completedAt?: number | null;
  origin?: TaskOrigin | null;
}

const ID_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';

/**
 * A 10-character id (31^10 ≈ 8·10^14 values: short enough to type, and a collision is checked anyway).
 * @example newTaskId() // 'k7qz3mw9ra'
 */
export function newTaskId(): string {
  let id = '';
  for (const b of randomBytes(10)) id += ID_ALPHABET[b % ID_ALPHABET.length];
  return id;
}

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

function parseData(text: string): TaskData {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' ? (v as TaskData) : {};
  } catch {
    return {};
  }
}

const oneOf = <T extends string>(values: readonly T[], v: string, fallback: T): T => ((values as readonly string[]).includes(v) ? (v as T) : fallback);

/**
 * A row as a Task; unknown statuses or priorities (written by a newer build) read as pending / medium.
 * @example taskFromRow(tasks.get(db, id)!)
 */
export function taskFromRow(row: TaskRow): Task {
  const d = parseData(row.data);
  return {
    id: row.id,
    title: row.title,
    description: d.description ?? '',
    priority: oneOf(TASK_PRIORITIES, row.priority, 'medium'),
    status: oneOf(TASK_STATUSES, row.status, 'pending'),
    due: iso(row.due_at),
    tags: Array.isArray(d.tags) ? d.tags.filter((t) => typeof t === 'string') : [],
    estimatedMinutes: typeof d.estimatedMinutes === 'number' ? d.estimatedMinutes : DEFAULT_ESTIMATE_MINUTES,
    notes: d.notes ?? '',
    source: row.source,
    sourceId: row.source_id,
    scheduledStart: iso(d.scheduledStart),
    scheduledEnd: iso(d.scheduledEnd),
    calendarUid: d.calendarUid ?? null,
    project: row.project,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    completedAt: iso(d.completedAt),
    origin: d.origin ?? null,
  };
}

function toData(t: Task): TaskData {
  const ms = (s: string | null) => (s === null ? null : Date.parse(s));
  return {
    description: t.description, tags: t.tags, estimatedMinutes: t.estimatedMinutes, notes: t.notes,
    scheduledStart: ms(t.scheduledStart), scheduledEnd: ms(t.scheduledEnd), calendarUid: t.calendarUid, completedAt: ms(t.completedAt), origin: t.origin,
  };
}

function dueAt(due: string | null | undefined, timeZone: string | undefined): number | null {
  if (due === null || due === undefined) return null;
  return parseIsoInstant(due, timeZone ?? defaultTimeZone());
}

export interface WriteOptions {
  /** The clock (ms); default Date.now(). */
  now?: number;
}

/**
 * Creates a pending task. Throws TaskError INVALID naming each bad field, DUPLICATE when the source item
 * (`source` + `sourceId`) is already a task.
 * @example
 * const task = await store.write((db) => addTask(db, { title: 'Renew the TLS certificate', priority: 'high', due: '2025-03-01' }));
 */
export function addTask(db: Db, input: AddTaskInput & { origin?: TaskOrigin | null; status?: TaskStatus }, opts: WriteOptions = {}): Task {
  const { origin, status, ...rest } = input;
  const v = parseInput(addTaskSchema, rest, 'task');
  const now = opts.now ?? Date.now();
  const existing = v.sourceId ? findTaskBySource(db, v.source, v.sourceId) : null;
  if (existing) throw new TaskError('DUPLICATE', `${v.source} item ${JSON.stringify(v.sourceId)} is already task ${existing.id}`);
  let id = newTaskId();
  while (taskRows.get(db, id)) id = newTaskId();
  const data: TaskData = { description: v.description, tags: v.tags, estimatedMinutes: v.estimatedMinutes, notes: v.notes, origin: origin ?? null };
  taskRows.insert(db, {
    id, title: v.title, status: status ?? 'pending', project: v.project, ts: now, data, priority: v.priority,
    due_at: dueAt(v.due, v.timeZone), source: v.source, source_id: v.sourceId ?? null,
  });
  return getTask(db, id);
}

/**
 * The task with `id`; throws TaskError NOT_FOUND naming the id.
 * @example getTask(db, 'k7qz3mw9ra').title
 */
export function getTask(db: Db, id: string): Task {
  const row = typeof id === 'string' ? taskRows.get(db, id.trim()) : null;
  if (!row) throw new TaskError('NOT_FOUND', `no task with id ${JSON.stringify(id)} (see tasks_list with status "all")`);
  return taskFromRow(row);
}

/**
 * The task imported from `source`'s item `sourceId` (an email's Message-ID), or null.
 * @example findTaskBySource(db, 'email', '<CA+abc@mail.example.com>')
 */
export function findTaskBySource(db: Db, source: string, sourceId: string): Task | null {
  const row = taskRows.findBySource(db, source, sourceId);
  return row ? taskFromRow(row) : null;
}

/**
 * Tasks by status: `open` (pending, scheduled, in progress) in working order — priority, then due date,
 * none last —, one status or `all` newest first.
 * @example listTasks(db, { status: 'open', limit: 10 })
 */
export function listTasks(db: Db, query: ListTasksInput = {}): Task[] {
  const q = parseInput(listTasksSchema, query, 'tasks_list');
  const statuses = q.status === 'open' ? OPEN_STATUSES : q.status === 'all' ? undefined : [q.status];
  return taskRows
    .list(db, { statuses, project: q.project, limit: q.limit, order: q.status === 'all' ? 'updated' : 'priority' })
    .map(taskFromRow);
}

/**
 * Changes fields of a task. Moving it to `completed` records when; `due: null` clears the due date.
 * @example updateTask(db, id, { status: 'blocked', notes: 'waiting for the vendor' })
 */
export function updateTask(db: Db, id: string, patch: UpdateTaskInput, opts: WriteOptions = {}): Task {
  const p = parseInput(updateTaskSchema, patch, `task ${id}`);
  const now = opts.now ?? Date.now();
  const current = getTask(db, id);
  const { timeZone, ...fields } = p;
  const next: Task = { ...current, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) } as Task;
  if (p.due !== undefined) next.due = iso(dueAt(p.due, timeZone));
  if (p.status !== undefined && p.status !== current.status) next.completedAt = p.status === 'completed' ? new Date(now).toISOString() : null;
  return save(db, next, now);
}

/**
 * Marks a task completed; `notes` are appended to its notes. Unknown id → NOT_FOUND; a task already
 * completed or cancelled → ALREADY_DONE (it is not changed).
 * @example completeTask(db, 'k7qz3mw9ra', 'renewed, expires 2026-03-01')
 */
export function completeTask(db: Db, id: string, notes?: string, opts: WriteOptions = {}): Task {
  const current = getTask(db, id);
  if (CLOSED_STATUSES.includes(current.status)) {
    throw new TaskError('ALREADY_DONE', `task ${current.id} is already ${current.status}${current.completedAt ? ` (at ${current.completedAt})` : ''}`);
  }
  const now = opts.now ?? Date.now();
  const extra = (notes ?? '').trim();
  return save(db, {
    ...current,
    status: 'completed',
    completedAt: new Date(now).toISOString(),
    notes: extra === '' ? current.notes : current.notes === '' ? extra : `${current.notes}\n${extra}`,
  }, now);
}

/**
 * Records a task's calendar slot and marks it scheduled (scheduleTask's store side).
 * @example markScheduled(db, id, { start, end, calendarUid: calendarUid(id) }, Date.now())
 */
export function markScheduled(db: Db, id: string, slot: { start: number; end: number; calendarUid: string }, now: number): Task {
  const current = getTask(db, id);
  return save(db, {
    ...current, status: 'scheduled', scheduledStart: iso(slot.start), scheduledEnd: iso(slot.end), calendarUid: slot.calendarUid,
  }, now);
}

function save(db: Db, t: Task, now: number): Task {
  taskRows.update(db, t.id, {
    title: t.title, status: t.status, project: t.project, ts: now, data: toData(t), priority: t.priority as TaskPriority,
    due_at: t.due === null ? null : Date.parse(t.due),
  });
  return getTask(db, t.id);
}
