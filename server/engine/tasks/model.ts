/**
 * The task model: statuses, priorities, the order tasks are worked in, and the zod schemas for every
 * input (MCP tool arguments reach the engine through these). Pure.
 */
import { z } from 'zod/v4';
import { isTimeZone, parseIsoInstant } from './zoned.js';

export const TASK_STATUSES = ['pending', 'scheduled', 'in_progress', 'blocked', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** The statuses still to be worked on: what `listTasks({ status: 'open' })` returns, prioritised. */
export const OPEN_STATUSES: readonly TaskStatus[] = ['pending', 'scheduled', 'in_progress'];
/** Finished: never overdue, never scheduled again. */
export const CLOSED_STATUSES: readonly TaskStatus[] = ['completed', 'cancelled'];

export const TASK_PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
/** critical 0 < high 1 < medium 2 < low 3. */
export const PRIORITY_RANK: Readonly<Record<TaskPriority, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

export const DEFAULT_ESTIMATE_MINUTES = 30;

/** Where a task came from. Free text beyond these (`code_commit`, `claude_code`, …) is allowed. */
export type TaskSource = 'manual' | 'email' | (string & {});

/** What an email-derived task remembers of its message (redacted before it is stored). */
export interface TaskOrigin {
  from?: string;
  subject?: string;
  date?: string;
  category?: string;
  mailbox?: string;
  snippet?: string;
}

/** A task as the engine and its surfaces see it. Instants are ISO 8601 UTC strings. */
export interface Task {
  id: string;
  title: string;
  description: string;
  priority: TaskPriority;
  status: TaskStatus;
  /** Due instant, or null. */
  due: string | null;
  tags: string[];
  estimatedMinutes: number;
  notes: string;
  source: TaskSource;
  sourceId: string | null;
  scheduledStart: string | null;
  scheduledEnd: string | null;
  /** The UID of the task's event in the calendar file it was scheduled into. */
  calendarUid: string | null;
  project: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  origin: TaskOrigin | null;
}

/** A task input problem, a missing task or a refused change; `code` lets surfaces map it. */
export class TaskError extends Error {
  override readonly name = 'TaskError';
  constructor(
    readonly code: 'INVALID' | 'NOT_FOUND' | 'ALREADY_DONE' | 'DUPLICATE' | 'NO_SLOT' | 'CALENDAR',
    message: string,
  ) {
    super(message);
  }
}

const show = (v: unknown): string => {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

/**
 * `field: message, got value; …` for a failed zod parse.
 * @example describeIssues(addTaskSchema.safeParse({ title: '' }).error!) // 'title: must not be empty, got ""'
 */
export function describeIssues(error: z.ZodError, input?: unknown): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const place = i.path.length ? i.path.map((k) => (typeof k === 'number' ? `[${k}]` : String(k))).join('.').replace(/\.\[/g, '[') : '(input)';
      let value: unknown = input;
      for (const k of i.path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k] : undefined;
      if (value === undefined && (i.code === 'invalid_type' || i.code === 'invalid_value')) return `${place}: is required`;
      return `${place}: ${i.message}${value !== undefined && i.code !== 'unrecognized_keys' ? `, got ${show(value)}` : ''}`;
    })
    .join('; ');
}

/**
 * Parses `input` with `schema` or throws a TaskError naming each bad field.
 * @example parseInput(addTaskSchema, { title: 'Ship it' }, 'tasks_add') // { title: 'Ship it', priority: 'medium', … }
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new TaskError('INVALID', `${what}: ${describeIssues(r.error, input)}`);
  return r.data;
}

const isoInstant = z.string().trim().refine((s) => parseIsoInstant(s, 'UTC') !== null, {
  message: 'expected an ISO 8601 date such as 2025-03-01 or 2025-03-01T17:00:00Z',
});

export const prioritySchema = z.enum(TASK_PRIORITIES, { error: `expected one of ${TASK_PRIORITIES.join(', ')}` });
export const statusSchema = z.enum(TASK_STATUSES, { error: `expected one of ${TASK_STATUSES.join(', ')}` });
const tagsSchema = z
  .array(z.string().trim().min(1, 'a tag must not be empty').max(50, 'a tag is at most 50 characters'))
  .max(50, 'at most 50 tags')
  .transform((tags) => [...new Set(tags.map((t) => t.toLowerCase()))]);
const estimateSchema = z.number().int('must be a whole number of minutes').min(5, 'must be at least 5 minutes').max(24 * 60, 'must be at most 1440 minutes (a day)');
export const timeZoneSchema = z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Berlin or UTC' });

export const addTaskSchema = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
    description: z.string().max(20_000, 'must be at most 20000 characters').default(''),
    priority: prioritySchema.default('medium'),
    due: isoInstant.nullish(),
    tags: tagsSchema.default([]),
    estimatedMinutes: estimateSchema.default(DEFAULT_ESTIMATE_MINUTES),
    notes: z.string().max(20_000).default(''),
    project: z.string().max(1000).default(''),
    source: z.string().trim().min(1).max(50).regex(/^[a-z0-9_.-]+$/i, 'must be letters, digits, "_", "." or "-"').default('manual'),
    sourceId: z.string().trim().min(1).max(1000).nullish(),
    /** How a due date without an offset is read (default: the process's time zone). */
    timeZone: timeZoneSchema.optional(),
  })
  .strict();
export type AddTaskInput = z.input<typeof addTaskSchema>;

export const updateTaskSchema = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(300).optional(),
    description: z.string().max(20_000).optional(),
    priority: prioritySchema.optional(),
    status: statusSchema.optional(),
    due: isoInstant.nullable().optional(),
    tags: tagsSchema.optional(),
    estimatedMinutes: estimateSchema.optional(),
    notes: z.string().max(20_000).optional(),
    project: z.string().max(1000).optional(),
    timeZone: timeZoneSchema.optional(),
  })
  .strict();
export type UpdateTaskInput = z.input<typeof updateTaskSchema>;

export const listTasksSchema = z
  .object({
    status: z.enum(['open', 'all', ...TASK_STATUSES], { error: `expected open, all or one of ${TASK_STATUSES.join(', ')}` }).default('open'),
    limit: z.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(10),
    project: z.string().optional(),
  })
  .strict();
export type ListTasksInput = z.input<typeof listTasksSchema>;

const dueMs = (t: Pick<Task, 'due'>): number => (t.due === null ? Number.POSITIVE_INFINITY : Date.parse(t.due));

/**
 * The working order: priority (critical first), then due date (none last), then oldest first.
 * @example tasks.sort(compareTasks)
 */
export function compareTasks(a: Pick<Task, 'priority' | 'due' | 'createdAt' | 'id'>, b: Pick<Task, 'priority' | 'due' | 'createdAt' | 'id'>): number {
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || dueMs(a) - dueMs(b) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/**
 * The open tasks in working order.
 * @example prioritize(all).slice(0, 3)
 */
export function prioritize<T extends Task>(tasks: readonly T[]): T[] {
  return tasks.filter((t) => OPEN_STATUSES.includes(t.status)).sort(compareTasks);
}

/**
 * Due before `now` and neither completed nor cancelled (a blocked task can be overdue).
 * @example isOverdue(task, Date.now())
 */
export function isOverdue(t: Pick<Task, 'due' | 'status'>, now: number): boolean {
  return t.due !== null && Date.parse(t.due) < now && !CLOSED_STATUSES.includes(t.status);
}

/**
 * Every overdue task, most overdue first.
 * @example overdueTasks(all, Date.now()).map((t) => t.title)
 */
export function overdueTasks<T extends Task>(tasks: readonly T[], now: number): T[] {
  return tasks.filter((t) => isOverdue(t, now)).sort((a, b) => dueMs(a) - dueMs(b));
}
