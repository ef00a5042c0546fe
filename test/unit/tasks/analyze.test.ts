// tasks_analyze and tasks_briefing: the deterministic analysis and briefing, and the model path with
// its answer parsed safely, its usage passed through (never invented), and a failed call falling back.
import { describe, expect, test } from 'vitest';
import type { LLMRequest } from '../../../server/engine/providers/types.js';
import {
  analyzeTask, briefingFacts, briefingText, dailyBriefing, type Generate, parseJsonObject, rulesAnalysis, type Task,
} from '../../../server/engine/tasks/index.js';

const NOW = Date.parse('2025-03-03T10:00:00Z'); // Monday
let seq = 0;
const task = (over: Partial<Task> = {}): Task => ({
  id: `t${++seq}`, title: 'Write quarterly report', description: '', priority: 'medium', status: 'pending', due: null, tags: [], estimatedMinutes: 30,
  notes: '', source: 'manual', sourceId: null, scheduledStart: null, scheduledEnd: null, calendarUid: null, project: '',
  createdAt: '2025-03-01T00:00:00.000Z', updatedAt: '2025-03-01T00:00:00.000Z', completedAt: null, origin: null, ...over,
});
const opts = { now: NOW, timeZone: 'UTC' };

describe('the rules analysis', () => {
  test('an overdue task: flagged, and a low priority is raised to critical', () => {
    const a = rulesAnalysis(task({ priority: 'low', due: '2025-03-02T10:00:00.000Z' }), opts);
    expect(a).toMatchObject({ source: 'rules', overdue: true, hoursUntilDue: -24, dueSoon: false, recommendedPriority: 'critical' });
    expect(a.priorityMismatch).toBe('priority is low but it is overdue: consider critical');
    expect(a.findings[0]).toBe('overdue by 24 h (due 2025-03-02T10:00:00.000Z)');
  });

  test('due within 24 hours: due soon, at least high', () => {
    const a = rulesAnalysis(task({ due: '2025-03-03T16:00:00.000Z' }), opts);
    expect(a).toMatchObject({ overdue: false, dueSoon: true, hoursUntilDue: 6, recommendedPriority: 'high', workingMinutesLeft: 360, estimateFits: true });
  });

  test('an estimate longer than the working time left is flagged even when the due date is days away', () => {
    const a = rulesAnalysis(task({ due: '2025-03-05T12:00:00.000Z', estimatedMinutes: 1200 }), opts);
    expect(a.workingMinutesLeft).toBe(7 * 60 + 8 * 60 + 3 * 60);
    expect(a.estimateFits).toBe(false);
    expect(a.recommendedPriority).toBe('high');
    expect(a.findings).toContain('estimate 1200 min exceeds the 1080 working minutes left before the due date');
  });

  test('the weekend is not working time', () => {
    const a = rulesAnalysis(task({ due: '2025-03-10T09:00:00.000Z', estimatedMinutes: 120 }), { now: Date.parse('2025-03-07T17:00:00Z'), timeZone: 'UTC' });
    expect(a.workingMinutesLeft).toBe(0);
    expect(a.estimateFits).toBe(false);
  });

  test('a priority is never lowered; a far-off critical task is questioned', () => {
    const a = rulesAnalysis(task({ priority: 'critical', due: '2025-04-30T00:00:00.000Z' }), opts);
    expect(a.recommendedPriority).toBe('critical');
    expect(a.priorityMismatch).toBeNull();
    expect(a.findings).toContain('critical but not due for 58 days: is it really critical?');
  });

  test('urgent words raise the priority; keywords suggest tags the task lacks', () => {
    const a = rulesAnalysis(task({ title: 'Prod is down: fix the login crash', description: 'then deploy and write the docs', tags: ['bug'] }), opts);
    expect(a.recommendedPriority).toBe('high');
    expect(a.priorityMismatch).toBe('priority is medium but its text says it is urgent: consider high');
    expect(a.suggestedTags).toEqual(['release', 'docs']);
  });

  test('nothing to flag is said so', () => {
    expect(rulesAnalysis(task(), opts).findings).toEqual(['nothing to flag']);
  });

  test('analyzeTask without a provider is the rules analysis', async () => {
    const t = task({ due: '2025-03-02T00:00:00.000Z' });
    expect(await analyzeTask(t, opts)).toEqual(rulesAnalysis(t, opts));
  });
});

describe('the model analysis', () => {
  const usage = { inputTokens: 120, outputTokens: 80, cachedTokens: 0, thinkingTokens: 0, totalTokens: 200 };
  const answering = (text: string, seen: LLMRequest[] = []): Generate => async (req) => {
    seen.push(req);
    return { text, usage, model: 'gemini-2.5-flash', provider: 'gemini' };
  };

  test('a JSON prompt at temperature 0.3; the answer parsed field by field; the provider usage passed through', async () => {
    const seen: LLMRequest[] = [];
    const t = task({ description: 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789' });
    const r = await analyzeTask(t, {
      ...opts,
      generate: answering('```json\n{"estimatedMinutes": "90", "subtasks": ["outline", 3, "draft"], "blockers": ["numbers from finance"], "priorityRecommendation": "HIGH", "tags": ["Reporting"]}\n```', seen),
    });
    expect(seen[0]).toMatchObject({ json: true, temperature: 0.3 });
    expect(seen[0]!.prompt).toContain('Analyze this task and provide insights:');
    expect(seen[0]!.prompt).not.toContain('ghp_abcdefghijklmnop');
    expect(r).toEqual({
      source: 'llm', taskId: t.id, provider: 'gemini', model: 'gemini-2.5-flash', usage,
      analysis: { estimatedMinutes: 90, subtasks: ['outline', 'draft'], blockers: ['numbers from finance'], priorityRecommendation: 'high', tags: ['reporting'], notes: null },
      raw: null, parseError: null,
    });
  });

  test('an answer that is not JSON is returned raw and marked', async () => {
    const r = await analyzeTask(task(), { ...opts, generate: answering('It will take about an hour.') });
    expect(r).toMatchObject({ source: 'llm', analysis: null, raw: 'It will take about an hour.', parseError: 'no JSON object in the answer' });
  });

  test('a provider that reports no usage gets usage null, not an estimate', async () => {
    const r = await analyzeTask(task(), { ...opts, generate: async () => ({ text: '{}' }) });
    expect(r).toMatchObject({ source: 'llm', usage: null, provider: null, model: null });
  });

  test('a failed call falls back to the rules and says why', async () => {
    const r = await analyzeTask(task(), { ...opts, generate: async () => { throw new Error('daily budget of $1.00 reached'); } });
    expect(r).toMatchObject({ source: 'rules', llmError: 'daily budget of $1.00 reached' });
  });

  test('parseJsonObject: bare, fenced, embedded, arrays and garbage', () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonObject('Sure! {"a": {"b": 2}} Hope this helps')).toEqual({ ok: true, value: { a: { b: 2 } } });
    expect(parseJsonObject('[1,2]')).toEqual({ ok: false, error: 'the answer is JSON but not an object' });
    expect(parseJsonObject('{"a": }').ok).toBe(false);
  });
});

describe('the daily briefing', () => {
  const tasks = [
    task({ id: 'late', title: 'Renew certificate', priority: 'high', due: '2025-03-01T00:00:00.000Z' }),
    task({ id: 'crit', title: 'Fix checkout', priority: 'critical' }),
    task({ id: 'today', title: 'Send invoice', priority: 'low', due: '2025-03-03T15:00:00.000Z' }),
    task({ id: 'sched', title: 'Review PR', status: 'scheduled', scheduledStart: '2025-03-03T13:00:00.000Z', scheduledEnd: '2025-03-03T13:30:00.000Z' }),
    task({ id: 'tomorrow', title: 'Plan sprint', status: 'scheduled', scheduledStart: '2025-03-04T09:00:00.000Z', scheduledEnd: '2025-03-04T10:00:00.000Z' }),
    task({ id: 'blocked', title: 'Migrate DB', status: 'blocked', priority: 'high' }),
    task({ id: 'done', title: 'Old', status: 'completed', completedAt: '2025-03-03T08:00:00.000Z' }),
    task({ id: 'done-before', title: 'Older', status: 'completed', completedAt: '2025-03-02T08:00:00.000Z' }),
  ];

  test('counts, overdue, due today, top 3 by priority then due, scheduled today, completed today', () => {
    const f = briefingFacts(tasks, NOW, 'UTC');
    expect(f.open).toBe(5);
    expect(f.byStatus).toEqual({ pending: 3, scheduled: 2, in_progress: 0, blocked: 1, completed: 2, cancelled: 0 });
    expect(f.byPriority).toEqual({ critical: 1, high: 2, medium: 2, low: 1 });
    expect(f.overdue.map((t) => t.id)).toEqual(['late']);
    expect(f.dueToday.map((t) => t.id)).toEqual(['today']);
    expect(f.top.map((t) => t.id)).toEqual(['crit', 'late', 'sched']);
    expect(f.scheduledToday.map((t) => t.id)).toEqual(['sched']);
    expect(f.completedToday).toBe(1);
  });

  test('"today" is the calendar day in the given time zone', () => {
    // 10:00 UTC is already 19:00 in Tokyo; tomorrow's 09:00 UTC item is 18:00 there on the 4th.
    expect(briefingFacts(tasks, NOW, 'Asia/Tokyo').scheduledToday.map((t) => t.id)).toEqual(['sched']);
    expect(briefingFacts(tasks, Date.parse('2025-03-03T23:30:00Z'), 'Asia/Tokyo').scheduledToday.map((t) => t.id)).toEqual(['tomorrow']);
  });

  test('the rules briefing text states the facts and is labelled rules', async () => {
    const b = await dailyBriefing(tasks, { now: NOW, timeZone: 'UTC' });
    expect(b.source).toBe('rules');
    expect(b.text.split('\n')).toEqual([
      'Briefing for 2025-03-03 (UTC): 5 open, 1 overdue, 1 completed today',
      'By priority: critical 1, high 2, medium 2, low 1; blocked 1',
      'Overdue:', '- [high] Renew certificate (late, due 2025-03-01T00:00:00.000Z)',
      'Due today:', '- [low] Send invoice (today, due 2025-03-03T15:00:00.000Z)',
      'Top priorities:', '- [critical] Fix checkout (crit)', '- [high] Renew certificate (late, due 2025-03-01T00:00:00.000Z)', '- [medium] Review PR (sched)',
      'Scheduled today:', '- 13:00–13:30 UTC Review PR (sched)',
    ]);
    expect(briefingText(briefingFacts([], NOW, 'UTC'))).toContain('Top priorities: none open');
  });

  test('with a model: the facts are the same, the text is the model\'s, at temperature 0.7', async () => {
    const seen: LLMRequest[] = [];
    const b = await dailyBriefing(tasks, { now: NOW, timeZone: 'UTC', generate: async (req) => (seen.push(req), { text: ' Good morning. ', model: 'm', provider: 'p' }) });
    expect(b).toMatchObject({ source: 'llm', text: 'Good morning.', model: 'm', provider: 'p', usage: null });
    expect(b.facts).toEqual(briefingFacts(tasks, NOW, 'UTC'));
    expect(seen[0]!.temperature).toBe(0.7);
    expect(seen[0]!.prompt).toContain('Top 10 open tasks:');
    const failed = await dailyBriefing(tasks, { now: NOW, timeZone: 'UTC', generate: async () => { throw new Error('breaker open'); } });
    expect(failed).toMatchObject({ source: 'rules', llmError: 'breaker open' });
  });
});
