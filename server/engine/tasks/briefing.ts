/**
 * tasks_briefing: the day's facts computed from the tasks (counts by status and priority, overdue, the
 * top three by priority then due date, what is scheduled today) — always by rules — and, with a model,
 * a short written briefing over those facts. `source` says whether the text is the model's or the rules'.
 */
import { redact } from '../redact.js';
import type { Db } from '../store/db.js';
import { tasks as taskRows } from '../store/repos-runs.js';
import { callOf, errorText, type Generate, type LlmCall } from './llm.js';
import { CLOSED_STATUSES, isOverdue, overdueTasks, prioritize, type Task, TASK_PRIORITIES, TASK_STATUSES, type TaskPriority, type TaskStatus } from './model.js';
import { taskFromRow } from './repo.js';
import { defaultTimeZone, startOfDay } from './zoned.js';

/** A task as a briefing line shows it. */
export interface BriefItem {
  id: string;
  title: string;
  priority: TaskPriority;
  status: TaskStatus;
  due: string | null;
  scheduledStart: string | null;
  scheduledEnd: string | null;
}

export interface BriefingFacts {
  date: string;
  timeZone: string;
  /** Open = pending + scheduled + in progress. */
  open: number;
  byStatus: Record<TaskStatus, number>;
  /** Over tasks that are not completed or cancelled. */
  byPriority: Record<TaskPriority, number>;
  overdue: BriefItem[];
  dueToday: BriefItem[];
  top: BriefItem[];
  scheduledToday: BriefItem[];
  completedToday: number;
}

export interface RulesBriefing {
  source: 'rules';
  facts: BriefingFacts;
  text: string;
  llmError?: string;
}

export interface LlmBriefing extends LlmCall {
  source: 'llm';
  facts: BriefingFacts;
  text: string;
}

export type Briefing = RulesBriefing | LlmBriefing;

const item = (t: Task): BriefItem => ({ id: t.id, title: t.title, priority: t.priority, status: t.status, due: t.due, scheduledStart: t.scheduledStart, scheduledEnd: t.scheduledEnd });

/**
 * The tasks a briefing looks at: up to 2000 not completed or cancelled, and the 500 completed most
 * recently (for "completed today").
 * @example const tasks = await store.read((db) => briefingTasks(db));
 */
export function briefingTasks(db: Db, q: { project?: string } = {}): Task[] {
  const live = taskRows.list(db, { statuses: TASK_STATUSES.filter((s) => !CLOSED_STATUSES.includes(s)), project: q.project, order: 'priority', limit: 2000 });
  const done = taskRows.list(db, { statuses: ['completed'], project: q.project, limit: 500 });
  return [...live, ...done].map(taskFromRow);
}

/**
 * The day's facts at `now` in `timeZone`.
 * @example briefingFacts(tasks, Date.now(), 'Europe/Berlin').overdue.length
 */
export function briefingFacts(tasks: readonly Task[], now: number, timeZone: string): BriefingFacts {
  const dayStart = startOfDay(now, timeZone);
  const dayEnd = startOfDay(now, timeZone, 1);
  const today = (iso: string | null) => iso !== null && Date.parse(iso) >= dayStart && Date.parse(iso) < dayEnd;
  const byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  const byPriority = Object.fromEntries(TASK_PRIORITIES.map((p) => [p, 0])) as Record<TaskPriority, number>;
  for (const t of tasks) {
    byStatus[t.status]++;
    if (!CLOSED_STATUSES.includes(t.status)) byPriority[t.priority]++;
  }
  const open = prioritize([...tasks]);
  return {
    date: new Date(dayStart).toISOString(),
    timeZone,
    open: open.length,
    byStatus,
    byPriority,
    overdue: overdueTasks(tasks, now).map(item),
    dueToday: open.filter((t) => !isOverdue(t, now) && today(t.due)).map(item),
    top: open.slice(0, 3).map(item),
    scheduledToday: tasks
      .filter((t) => !CLOSED_STATUSES.includes(t.status) && today(t.scheduledStart))
      .sort((a, b) => Date.parse(a.scheduledStart!) - Date.parse(b.scheduledStart!))
      .map(item),
    completedToday: tasks.filter((t) => t.status === 'completed' && today(t.completedAt)).length,
  };
}

const line = (t: BriefItem) => `- [${t.priority}] ${t.title} (${t.id}${t.due ? `, due ${t.due}` : ''})`;

/**
 * The facts as plain text (what the rules briefing says).
 * @example briefingText(briefingFacts(tasks, now, tz)).split('\n')[0] // 'Briefing for 2025-03-03 (Europe/Berlin): 5 open, 1 overdue, 2 completed today'
 */
export function briefingText(f: BriefingFacts): string {
  const out = [`Briefing for ${f.date.slice(0, 10)} (${f.timeZone}): ${f.open} open, ${f.overdue.length} overdue, ${f.completedToday} completed today`];
  out.push(`By priority: ${TASK_PRIORITIES.map((p) => `${p} ${f.byPriority[p]}`).join(', ')}; blocked ${f.byStatus.blocked}`);
  if (f.overdue.length) out.push('Overdue:', ...f.overdue.map(line));
  if (f.dueToday.length) out.push('Due today:', ...f.dueToday.map(line));
  out.push(f.top.length ? 'Top priorities:' : 'Top priorities: none open', ...f.top.map(line));
  if (f.scheduledToday.length) out.push('Scheduled today:', ...f.scheduledToday.map((t) => `- ${t.scheduledStart!.slice(11, 16)}–${t.scheduledEnd?.slice(11, 16) ?? '?'} UTC ${t.title} (${t.id})`));
  return out.join('\n');
}

/**
 * The daily briefing. The facts always come from the tasks; with `generate` a model writes the text
 * (temperature 0.7) from those facts, else — or when the call fails (`llmError`) — the rules do.
 * @example
 * const tasks = await store.read((db) => briefingTasks(db));
 * const b = await dailyBriefing(tasks, { generate });
 */
export async function dailyBriefing(tasks: readonly Task[], opts: { now?: number; timeZone?: string; generate?: Generate } = {}): Promise<Briefing> {
  const now = opts.now ?? Date.now();
  const facts = briefingFacts(tasks, now, opts.timeZone ?? defaultTimeZone());
  const text = briefingText(facts);
  if (!opts.generate) return { source: 'rules', facts, text };
  const top10 = prioritize([...tasks]).slice(0, 10).map((t) => line(item(t))).join('\n');
  try {
    const r = await opts.generate({
      system: 'You write short, factual daily work briefings. Use only the facts given.',
      prompt: redact(`${text}\n\nTop 10 open tasks:\n${top10 || '(none)'}\n\nWrite the briefing: a two-sentence summary, the top 3 priorities and why, warnings about overdue items, and one short encouraging closing line. Plain text, under 200 words.`),
      temperature: 0.7,
      maxTokens: 600,
    });
    return { source: 'llm', facts, text: redact(r.text.trim().slice(0, 4000)), ...callOf(r) };
  } catch (err) {
    return { source: 'rules', facts, text, llmError: errorText(err) };
  }
}
