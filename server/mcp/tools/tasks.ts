/**
 * Tasks: tasks_list and tasks_add (core), tasks_complete, tasks_analyze, tasks_briefing, tasks_schedule
 * and tasks_sync_email (server/engine/tasks). Analysis and the briefing use the provider when one is
 * configured — through the same price, budget and breaker as every agent — and the rules otherwise;
 * the result says which.
 */
import { join } from 'node:path';
import { z } from 'zod/v4';
import { guardedGenerate } from '../../engine/agents/index.js';
import { modelFor } from '../../engine/providers/models.js';
// Not the tasks index: it re-exports the IMAP client (imapflow and its encodings, about 1 MB), which only
// tasks_sync_email needs and imports on first use, so the server's start-up does not read it.
import { analyzeTask } from '../../engine/tasks/analyze.js';
import { briefingTasks, dailyBriefing } from '../../engine/tasks/briefing.js';
import { EmailSyncError } from '../../engine/tasks/email-errors.js';
import { imapConfigFromEnv } from '../../engine/tasks/imap-env.js';
import type { Generate } from '../../engine/tasks/llm.js';
import { type Task, TASK_PRIORITIES, TASK_STATUSES, TaskError } from '../../engine/tasks/model.js';
import { addTask, completeTask, getTask, listTasks } from '../../engine/tasks/repo.js';
import { scheduleTask } from '../../engine/tasks/schedule.js';
import type { ServerContext } from '../context.js';
import { fail, ok, tool, type ToolDef } from '../tool.js';

const taskShape = z.object({ id: z.string(), title: z.string(), priority: z.string(), status: z.string() }).passthrough();

/** Where tasks_schedule writes when no calendar file is given. */
export const CALENDAR_ENV = 'TASK_ORCHESTRATOR_CALENDAR_FILE';

export function taskTools(ctx: ServerContext): ToolDef[] {
  const generateFor = async (operation: string): Promise<Generate | undefined> => {
    const deps = await ctx.agentDeps();
    const provider = deps.provider;
    if (!provider) return undefined;
    return async (req) => (await guardedGenerate(deps, provider, { ...req, model: req.model ?? modelFor('general', provider, { env: ctx.env }) }, { operation, essential: true })).response;
  };
  const guard = async (fn: () => Promise<ReturnType<typeof ok>>) => {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof TaskError || e instanceof EmailSyncError) return fail(e.message, { code: e.code });
      throw e;
    }
  };
  const line = (t: Task) => `${t.id} [${t.priority}] ${t.status}${t.due ? ` due ${t.due}` : ''}: ${t.title}`;
  return [
    tool({
      name: 'tasks_list',
      title: 'List tasks',
      description: 'Tasks of this project: open ones (pending, scheduled, in progress) by priority then due date, or those with one status, or all.',
      input: { status: z.enum(['open', 'all', ...TASK_STATUSES]).optional(), limit: z.number().int().min(1).max(1000).optional(), all_projects: z.boolean().optional() },
      output: { count: z.number(), tasks: z.array(taskShape) },
      annotations: { readOnlyHint: true, openWorldHint: false },
      handler: async (a) => guard(async () => {
        const store = await ctx.store();
        const tasks = await store.read((db) => listTasks(db, { status: a.status ?? 'open', limit: a.limit ?? 10, ...(a.all_projects ? {} : { project: ctx.project }) }));
        return ok({ count: tasks.length, tasks: tasks as unknown as Record<string, unknown>[] }, tasks.length ? tasks.map(line).join('\n') : 'No tasks.');
      }),
    }),
    tool({
      name: 'tasks_add',
      title: 'Add a task',
      description: 'Adds a task to this project (persisted in the shared state).',
      input: {
        title: z.string().min(1).max(300),
        description: z.string().max(20_000).optional(),
        priority: z.enum(TASK_PRIORITIES).optional(),
        due_date: z.string().optional().describe('ISO date or date-time; without an offset, in the local time zone'),
        tags: z.array(z.string()).max(50).optional(),
        estimated_minutes: z.number().int().min(1).max(100_000).optional(),
      },
      output: { task: taskShape },
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
      handler: async (a) => guard(async () => {
        const store = await ctx.store();
        const task = await store.write((db) =>
          addTask(db, {
            title: a.title, project: ctx.project, ...(a.description ? { description: a.description } : {}), ...(a.priority ? { priority: a.priority } : {}),
            ...(a.due_date ? { due: a.due_date } : {}), ...(a.tags ? { tags: a.tags } : {}), ...(a.estimated_minutes ? { estimatedMinutes: a.estimated_minutes } : {}),
          }, { now: ctx.now() }),
        );
        return ok({ task: task as unknown as Record<string, unknown> }, `Added ${line(task)}`);
      }),
    }),
    tool({
      name: 'tasks_complete',
      title: 'Complete a task',
      description: 'Marks a task completed, with optional notes.',
      input: { task_id: z.string().min(1), notes: z.string().max(20_000).optional() },
      output: { task: taskShape },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      handler: async (a) => guard(async () => {
        const store = await ctx.store();
        const task = await store.write((db) => completeTask(db, a.task_id, a.notes, { now: ctx.now() }));
        return ok({ task: task as unknown as Record<string, unknown> }, `Completed ${line(task)}`);
      }),
    }),
    tool({
      name: 'tasks_analyze',
      title: 'Analyze a task',
      description: 'An analysis of one task: estimate, subtasks, blockers, priority and tags. By the helper model when a provider is configured (priced and budgeted), by rules otherwise (overdue, time left, priority mismatch).',
      input: { task_id: z.string().min(1) },
      output: { analysis: z.object({ source: z.string(), taskId: z.string() }).passthrough() },
      annotations: { readOnlyHint: true, openWorldHint: true },
      handler: async (a) => guard(async () => {
        const store = await ctx.store();
        const task = await store.read((db) => getTask(db, a.task_id));
        const generate = await generateFor('tasks_analyze');
        const analysis = await analyzeTask(task, { now: ctx.now(), ...(generate ? { generate } : {}) });
        return ok({ analysis: analysis as unknown as Record<string, unknown> });
      }),
    }),
    tool({
      name: 'tasks_briefing',
      title: 'Daily briefing',
      description: "Today's briefing: counts by status and priority, overdue tasks, the top three, what is scheduled today. Written by the helper model when configured, by rules otherwise.",
      input: {},
      output: { briefing: z.object({ source: z.string() }).passthrough() },
      annotations: { readOnlyHint: true, openWorldHint: true },
      handler: async () => guard(async () => {
        const store = await ctx.store();
        const tasks = await store.read((db) => briefingTasks(db, { project: ctx.project }));
        const generate = await generateFor('tasks_briefing');
        const briefing = await dailyBriefing(tasks, { now: ctx.now(), ...(generate ? { generate } : {}) });
        const b = briefing as unknown as Record<string, unknown>;
        return ok({ briefing: b }, typeof b.text === 'string' ? b.text : JSON.stringify(b, null, 2));
      }),
    }),
    tool({
      name: 'tasks_schedule',
      title: 'Schedule a task',
      description: `Finds the first free slot for a task (its estimate, within working hours, before its deadline) in an .ics calendar file and writes the event there. The file: calendar_file, else $${CALENDAR_ENV}, else tasks.ics in the state directory.`,
      input: {
        task_id: z.string().min(1),
        preferred_time: z.string().optional().describe('ISO date-time to start looking from (default now)'),
        deadline: z.string().optional().describe('ISO date-time (default in 7 days)'),
        calendar_file: z.string().optional().describe('absolute path or ~/…'),
        time_zone: z.string().optional().describe('IANA time zone for working hours (default the local one)'),
      },
      output: { task: taskShape, event: z.object({ uid: z.string(), start: z.string(), end: z.string(), calendarFile: z.string() }).passthrough(), replaced: z.boolean(), warnings: z.array(z.string()) },
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
      handler: async (a) => guard(async () => {
        const store = await ctx.store();
        const calendarFile = a.calendar_file ?? ctx.env[CALENDAR_ENV] ?? join(ctx.stateDir, 'tasks.ics');
        // The agent chooses the path: it may only ever name a calendar (an existing file must already be one).
        if (!/\.ics$/i.test(calendarFile)) return fail(`calendar_file must be an .ics file, got ${JSON.stringify(calendarFile)}`);
        const r = await store.write((db) =>
          scheduleTask(db, a.task_id, {
            calendarFile, now: ctx.now(), ...(ctx.env.HOME ? { homeDir: ctx.env.HOME } : {}),
            ...(a.preferred_time ? { preferredStart: a.preferred_time } : {}), ...(a.deadline ? { deadline: a.deadline } : {}), ...(a.time_zone ? { timeZone: a.time_zone } : {}),
          }),
        );
        return ok({ task: r.task as unknown as Record<string, unknown>, event: r.event, replaced: r.replaced, warnings: r.warnings }, `Scheduled ${r.task.title}: ${r.event.start} – ${r.event.end} in ${r.event.calendarFile}`);
      }),
    }),
    tool({
      name: 'tasks_sync_email',
      title: 'Tasks from email',
      description:
        'Reads new messages from the IMAP mailbox configured by TASK_ORCHESTRATOR_IMAP_HOST/_USER/_PASSWORD (_PORT, _SECURE, _MAILBOX) and creates a task for each that asks for something; ' +
        'a message becomes a task once, messages are not marked read.',
      input: { max_emails: z.number().int().min(1).max(500).optional() },
      output: { mailbox: z.string(), fetched: z.number(), created: z.number(), skipped: z.number(), remaining: z.number(), tasks: z.array(taskShape) },
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
      handler: async (a) => guard(async () => {
        const env = imapConfigFromEnv(ctx.env);
        if (!env.ok) return fail(env.message, { missing: env.missing });
        const store = await ctx.store();
        const { syncEmail } = await import('../../engine/tasks/email-sync.js');
        const r = await syncEmail(store, { ...env.config, now: ctx.now(), project: ctx.project, ...(a.max_emails ? { maxMessages: a.max_emails } : {}) } as Parameters<typeof syncEmail>[1]);
        return ok(
          { mailbox: r.mailbox, fetched: r.fetched, created: r.created, skipped: r.skipped, remaining: r.remaining, tasks: r.tasks as unknown as Record<string, unknown>[] },
          `${r.created} new task(s) from ${r.fetched} message(s) in ${r.mailbox}${r.remaining ? `; ${r.remaining} more next time` : ''}.`,
        );
      }),
    }),
  ];
}
