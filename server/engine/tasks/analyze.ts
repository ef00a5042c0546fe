/**
 * tasks_analyze: with a model, a JSON-answer prompt (estimate, subtasks, blockers, priority, tags) parsed
 * safely; without one, a deterministic analysis (overdue, due soon, priority against due date, estimate
 * against the working time left, tags from keywords). Each result says which it is: `source`.
 */
import { redact } from '../redact.js';
import { callOf, errorText, type Generate, type LlmCall, parseJsonObject } from './llm.js';
import { isOverdue, PRIORITY_RANK, type Task, TASK_PRIORITIES, type TaskPriority } from './model.js';
import { DEFAULT_WORKING_HOURS, type WorkingHours, workingMinutesBetween } from './slots.js';
import { defaultTimeZone } from './zoned.js';

export interface AnalyzeOptions {
  now?: number;
  timeZone?: string;
  workingHours?: WorkingHours;
  /** A model call; absent → the rules. */
  generate?: Generate;
}

export interface RulesAnalysis {
  source: 'rules';
  taskId: string;
  overdue: boolean;
  /** Hours until due (negative when overdue), or null without a due date. */
  hoursUntilDue: number | null;
  /** Due within 24 hours and not yet overdue. */
  dueSoon: boolean;
  /** Working minutes left before the due date, or null without one. */
  workingMinutesLeft: number | null;
  /** Whether the estimate fits in the working time left; null without a due date. */
  estimateFits: boolean | null;
  recommendedPriority: TaskPriority;
  /** Why the recommendation differs from the task's priority, or null. */
  priorityMismatch: string | null;
  /** Tags suggested by words in the title and description that the task lacks. */
  suggestedTags: string[];
  findings: string[];
  /** Set when a model was asked and failed: this is the fallback. */
  llmError?: string;
}

export interface LlmAnalysisBody {
  estimatedMinutes: number | null;
  subtasks: string[];
  blockers: string[];
  priorityRecommendation: TaskPriority | null;
  tags: string[];
  notes: string | null;
}

export interface LlmAnalysis extends LlmCall {
  source: 'llm';
  taskId: string;
  /** The parsed answer, or null when the answer was not the JSON asked for. */
  analysis: LlmAnalysisBody | null;
  /** The answer as text when it could not be parsed (redacted, capped). */
  raw: string | null;
  parseError: string | null;
}

export type TaskAnalysis = RulesAnalysis | LlmAnalysis;

/** Words that suggest a tag; checked on title + description, whole words. */
export const TAG_KEYWORDS: ReadonlyArray<readonly [string, RegExp]> = [
  ['bug', /\b(bug|fix|error|crash|broken|regression)\b/i],
  ['security', /\b(security|vulnerabilit(y|ies)|cve|certificate|cert|password|secret|leak)\b/i],
  ['release', /\b(deploy|release|rollout|ship)\b/i],
  ['testing', /\b(tests?|testing|qa|coverage)\b/i],
  ['docs', /\b(docs?|documentation|readme|write[- ]?up)\b/i],
  ['review', /\b(review|pr|pull request|feedback)\b/i],
  ['meeting', /\b(meeting|call|sync|standup|1:1)\b/i],
  ['email', /\b(email|e-mail|reply|respond)\b/i],
];
const URGENT_WORDS = /\b(urgent|asap|outage|incident|prod(uction)? (is )?down|emergency|blocker)\b/i;

const more = (a: TaskPriority, b: TaskPriority): TaskPriority => (PRIORITY_RANK[a] <= PRIORITY_RANK[b] ? a : b);

/**
 * The deterministic analysis of one task at `now`.
 * @example rulesAnalysis(task, { now: Date.now(), timeZone: 'Europe/Berlin' }).recommendedPriority
 */
export function rulesAnalysis(task: Task, opts: { now: number; timeZone?: string; workingHours?: WorkingHours }): RulesAnalysis {
  const { now } = opts;
  const timeZone = opts.timeZone ?? defaultTimeZone();
  const hours = opts.workingHours ?? DEFAULT_WORKING_HOURS;
  const due = task.due === null ? null : Date.parse(task.due);
  const overdue = isOverdue(task, now);
  const hoursUntilDue = due === null ? null : Math.round(((due - now) / 3_600_000) * 10) / 10;
  const dueSoon = due !== null && !overdue && due - now <= 24 * 3_600_000;
  const workingMinutesLeft = due === null ? null : workingMinutesBetween(now, due, hours, timeZone);
  const estimateFits = workingMinutesLeft === null ? null : task.estimatedMinutes <= workingMinutesLeft;
  const findings: string[] = [];

  let byDue: TaskPriority = 'low';
  if (overdue) byDue = 'critical';
  else if (dueSoon || estimateFits === false) byDue = 'high';
  else if (hoursUntilDue !== null && hoursUntilDue <= 72) byDue = 'medium';
  const text = `${task.title}\n${task.description}`;
  const byWords: TaskPriority = URGENT_WORDS.test(text) ? 'high' : 'low';
  const recommendedPriority = more(task.priority, more(byDue, byWords));

  if (overdue) findings.push(`overdue by ${Math.abs(hoursUntilDue!)} h (due ${task.due})`);
  else if (dueSoon) findings.push(`due in ${hoursUntilDue} h`);
  if (estimateFits === false && !overdue) {
    findings.push(`estimate ${task.estimatedMinutes} min exceeds the ${workingMinutesLeft} working minutes left before the due date`);
  }
  let priorityMismatch: string | null = null;
  if (recommendedPriority !== task.priority) {
    const why = byDue === recommendedPriority ? (overdue ? 'it is overdue' : dueSoon ? 'it is due within 24 h' : estimateFits === false ? 'the estimate does not fit before the due date' : 'it is due within 3 days') : 'its text says it is urgent';
    priorityMismatch = `priority is ${task.priority} but ${why}: consider ${recommendedPriority}`;
    findings.push(priorityMismatch);
  } else if (task.priority === 'critical' && hoursUntilDue !== null && hoursUntilDue > 14 * 24) {
    findings.push(`critical but not due for ${Math.round(hoursUntilDue / 24)} days: is it really critical?`);
  }
  if (task.status === 'blocked') findings.push('blocked: name what it waits for in its notes');
  const suggestedTags = TAG_KEYWORDS.filter(([tag, re]) => re.test(text) && !task.tags.includes(tag)).map(([tag]) => tag);
  if (suggestedTags.length) findings.push(`suggested tags: ${suggestedTags.join(', ')}`);
  if (findings.length === 0) findings.push('nothing to flag');

  return { source: 'rules', taskId: task.id, overdue, hoursUntilDue, dueSoon, workingMinutesLeft, estimateFits, recommendedPriority, priorityMismatch, suggestedTags, findings };
}

/**
 * The prompt asking a model to analyse a task (its texts are redacted).
 * @example analysisPrompt(task).prompt.includes('Respond with one JSON object')
 */
export function analysisPrompt(task: Task): { system: string; prompt: string } {
  return {
    system: 'You help plan software work. Answer with one JSON object and nothing else.',
    prompt: redact([
      'Analyze this task and provide insights:',
      `Task: ${task.title}`,
      `Description: ${task.description || '(none)'}`,
      `Priority: ${task.priority}`,
      `Due: ${task.due ?? '(none)'}`,
      `Tags: ${task.tags.join(', ') || '(none)'}`,
      `Current estimate: ${task.estimatedMinutes} minutes`,
      '',
      'Respond with one JSON object with these keys:',
      '"estimatedMinutes" (integer, time to complete), "subtasks" (array of strings), "blockers" (array of strings: risks or dependencies),',
      `"priorityRecommendation" (one of ${TASK_PRIORITIES.join(', ')}), "tags" (array of additional lowercase tags), "notes" (string, optional).`,
    ].join('\n')),
  };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((s) => redact(s.slice(0, 500))).slice(0, 20) : []);

/** The model's JSON reduced to the fields asked for, each checked; wrong types become empty. */
function toBody(v: Record<string, unknown>): LlmAnalysisBody {
  const est = typeof v.estimatedMinutes === 'number' ? v.estimatedMinutes : typeof v.estimatedMinutes === 'string' ? Number.parseInt(v.estimatedMinutes, 10) : Number.NaN;
  const prio = typeof v.priorityRecommendation === 'string' ? v.priorityRecommendation.toLowerCase().trim() : '';
  return {
    estimatedMinutes: Number.isFinite(est) && est > 0 ? Math.round(est) : null,
    subtasks: strings(v.subtasks),
    blockers: strings(v.blockers),
    priorityRecommendation: (TASK_PRIORITIES as readonly string[]).includes(prio) ? (prio as TaskPriority) : null,
    tags: strings(v.tags).map((t) => t.toLowerCase()),
    notes: typeof v.notes === 'string' ? redact(v.notes.slice(0, 2000)) : null,
  };
}

/**
 * Analyses a task: with `generate`, by the model (temperature 0.3, JSON answer; a non-JSON answer is
 * returned as `raw` with `parseError`); without it, or when the call fails, by the rules (`llmError` says
 * why it fell back). Read the task first, then call this outside any store transaction.
 * @example
 * const task = await store.read((db) => getTask(db, id));
 * const result = await analyzeTask(task, { generate: (req) => provider.generate(req) });
 */
export async function analyzeTask(task: Task, opts: AnalyzeOptions = {}): Promise<TaskAnalysis> {
  const now = opts.now ?? Date.now();
  if (!opts.generate) return rulesAnalysis(task, { now, timeZone: opts.timeZone, workingHours: opts.workingHours });
  let answer: Awaited<ReturnType<Generate>>;
  try {
    answer = await opts.generate({ ...analysisPrompt(task), json: true, temperature: 0.3, maxTokens: 1024 });
  } catch (err) {
    return { ...rulesAnalysis(task, { now, timeZone: opts.timeZone, workingHours: opts.workingHours }), llmError: errorText(err) };
  }
  const parsed = parseJsonObject(answer.text);
  return {
    source: 'llm',
    taskId: task.id,
    ...callOf(answer),
    analysis: parsed.ok ? toBody(parsed.value) : null,
    raw: parsed.ok ? null : redact(answer.text.slice(0, 4000)),
    parseError: parsed.ok ? null : parsed.error,
  };
}
