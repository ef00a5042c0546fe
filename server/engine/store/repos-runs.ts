/**
 * Minimal typed access to the tables later issues fill (trials and grading, failure patterns, alerts,
 * cost, budgets, breakers, tasks): insert and list, to be extended by those issues. Free-form `data` is
 * JSON text; texts are redacted.
 */
import { redact } from '../redact.js';
import type { Db, SqlValue } from './db.js';
import { newId } from './journal.js';

const json = (v: unknown): string => redact(JSON.stringify(v ?? {}));

export interface Trial {
  id: string;
  ts: number;
  task_id: string | null;
  session: string;
  project: string;
  provider: string | null;
  model: string | null;
  status: string;
  score: number | null;
  cost_usd: number | null;
  duration_ms: number | null;
  /** JSON text. */
  data: string;
}

export const trials = {
  insert(db: Db, t: Partial<Omit<Trial, 'data'>> & { ts: number; data?: unknown }): string {
    const id = t.id ?? newId();
    db.run(
      `INSERT INTO trials (id, ts, task_id, session, project, provider, model, status, score, cost_usd, duration_ms, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, t.ts, t.task_id ?? null, t.session ?? '', t.project ?? '', t.provider ?? null, t.model ?? null, t.status ?? 'done',
        t.score ?? null, t.cost_usd ?? null, t.duration_ms ?? null, json(t.data)],
    );
    return id;
  },
  list(db: Db, q: { taskId?: string; limit?: number } = {}): Trial[] {
    return q.taskId === undefined
      ? db.all<Trial>('SELECT * FROM trials ORDER BY ts DESC LIMIT ?', [q.limit ?? 100])
      : db.all<Trial>('SELECT * FROM trials WHERE task_id = ? ORDER BY ts DESC LIMIT ?', [q.taskId, q.limit ?? 100]);
  },
  count(db: Db): number {
    return Number(db.get<{ n: number }>('SELECT count(*) AS n FROM trials')?.n ?? 0);
  },
};

export interface GraderResult {
  id: string;
  trial_id: string;
  ts: number;
  grader: string;
  passed: number | null;
  score: number | null;
  details: string;
}

export const graderResults = {
  insert(db: Db, g: { id?: string; trial_id: string; ts: number; grader: string; passed?: boolean | null; score?: number | null; details?: string }): string {
    const id = g.id ?? newId();
    const passed = g.passed === undefined || g.passed === null ? null : g.passed ? 1 : 0;
    db.run('INSERT INTO grader_results VALUES (?, ?, ?, ?, ?, ?, ?)', [id, g.trial_id, g.ts, g.grader, passed, g.score ?? null, redact(g.details ?? '')]);
    return id;
  },
  forTrial(db: Db, trialId: string): GraderResult[] {
    return db.all<GraderResult>('SELECT * FROM grader_results WHERE trial_id = ? ORDER BY ts', [trialId]);
  },
};

// Failure patterns and alerts: `immunePatterns` and `immuneAlerts` in repos-immune.ts (migration 2's columns).

export interface CostEntry {
  id: string;
  ts: number;
  session: string;
  project: string;
  provider: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  trial_id: string | null;
  data: string;
  cached_tokens: number;
  thinking_tokens: number;
  operation: string;
  /** The date of the price table the cost was computed from. */
  price_date: string;
}

export const costLedger = {
  insert(db: Db, c: Partial<Omit<CostEntry, 'data'>> & { ts: number; cost_usd: number; data?: unknown }): string {
    const id = c.id ?? newId();
    db.run(
      `INSERT INTO cost_ledger (id, ts, session, project, provider, model, input_tokens, output_tokens, cost_usd, trial_id, data,
         cached_tokens, thinking_tokens, operation, price_date)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, c.ts, c.session ?? '', c.project ?? '', c.provider ?? '', c.model ?? '', c.input_tokens ?? 0, c.output_tokens ?? 0,
        c.cost_usd, c.trial_id ?? null, json(c.data), c.cached_tokens ?? 0, c.thinking_tokens ?? 0, c.operation ?? '', c.price_date ?? ''],
    );
    return id;
  },
  list(db: Db, q: { project?: string; since?: number; limit?: number } = {}): CostEntry[] {
    return db.all<CostEntry>(
      `SELECT * FROM cost_ledger WHERE ts >= ? ${q.project === undefined ? '' : 'AND project = ?'} ORDER BY ts DESC LIMIT ?`,
      [q.since ?? 0, ...(q.project === undefined ? [] : [q.project]), q.limit ?? 100],
    );
  },
  /** Total spent since `since` (ms), optionally for one project. */
  total(db: Db, q: { project?: string; since?: number } = {}): number {
    const params: SqlValue[] = [q.since ?? 0, ...(q.project === undefined ? [] : [q.project])];
    return Number(db.get<{ s: number | null }>(`SELECT sum(cost_usd) AS s FROM cost_ledger WHERE ts >= ? ${q.project === undefined ? '' : 'AND project = ?'}`, params)?.s ?? 0);
  },
  /** Spent in [since, until) (ms; until unbounded when absent), optionally for one provider. */
  spend(db: Db, q: { provider?: string; since?: number; until?: number } = {}): number {
    const params: SqlValue[] = [q.since ?? 0, q.until ?? Number.MAX_SAFE_INTEGER, ...(q.provider === undefined ? [] : [q.provider])];
    const where = q.provider === undefined ? '' : 'AND provider = ?';
    return Number(db.get<{ s: number | null }>(`SELECT sum(cost_usd) AS s FROM cost_ledger WHERE ts >= ? AND ts < ? ${where}`, params)?.s ?? 0);
  },
  /** Calls, tokens and cost per (provider, model) since `since` (ms), costliest first. */
  byModel(db: Db, q: { since: number; provider?: string }): CostByModel[] {
    return db.all<CostByModel>(
      `SELECT provider, model, count(*) AS calls, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
         sum(cached_tokens) AS cached_tokens, sum(thinking_tokens) AS thinking_tokens, sum(cost_usd) AS cost_usd
       FROM cost_ledger WHERE ts >= ? ${q.provider === undefined ? '' : 'AND provider = ?'}
       GROUP BY provider, model ORDER BY cost_usd DESC, provider, model`,
      [q.since, ...(q.provider === undefined ? [] : [q.provider])],
    );
  },
  /** The providers with any row in the ledger. */
  providers(db: Db): string[] {
    return db.all<{ provider: string }>('SELECT DISTINCT provider FROM cost_ledger ORDER BY provider').map((r) => r.provider);
  },
};

export interface CostByModel {
  provider: string;
  model: string;
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  thinking_tokens: number;
  cost_usd: number;
}

export interface Budget {
  id: string;
  scope: string;
  period: string;
  limit_usd: number;
  created_at: number;
  updated_at: number;
  /** JSON text (cost budgets: `{ warnAt, throttleAt, unlimited? }`). */
  data: string;
}

export const budgets = {
  /** Sets the limit (and data) for a scope (e.g. `provider:gemini`, `project:<dir>`) and period (e.g. `day`, `month`). */
  set(db: Db, b: { scope: string; period: string; limit_usd: number; ts: number; data?: unknown }): Budget {
    db.run(
      `INSERT INTO budgets (id, scope, period, limit_usd, created_at, updated_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (scope, period) DO UPDATE SET limit_usd = excluded.limit_usd, updated_at = excluded.updated_at, data = excluded.data`,
      [newId(), b.scope, b.period, b.limit_usd, b.ts, b.ts, json(b.data)],
    );
    return db.get<Budget>('SELECT * FROM budgets WHERE scope = ? AND period = ?', [b.scope, b.period])!;
  },
  get(db: Db, scope: string, period: string): Budget | null {
    return db.get<Budget>('SELECT * FROM budgets WHERE scope = ? AND period = ?', [scope, period]) ?? null;
  },
  /** Every period of one scope. */
  forScope(db: Db, scope: string): Budget[] {
    return db.all<Budget>('SELECT * FROM budgets WHERE scope = ? ORDER BY period', [scope]);
  },
  list(db: Db): Budget[] {
    return db.all<Budget>('SELECT * FROM budgets ORDER BY scope, period');
  },
};

export interface Breaker {
  name: string;
  state: 'closed' | 'open' | 'half-open';
  failures: number;
  opened_at: number | null;
  updated_at: number;
  data: string;
}

export const breakers = {
  get(db: Db, name: string): Breaker | null {
    return db.get<Breaker>('SELECT * FROM breakers WHERE name = ?', [name]) ?? null;
  },
  set(db: Db, b: { name: string; state: Breaker['state']; failures: number; opened_at?: number | null; ts: number; data?: unknown }): void {
    db.run(
      `INSERT INTO breakers VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET state = excluded.state, failures = excluded.failures, opened_at = excluded.opened_at,
         updated_at = excluded.updated_at, data = excluded.data`,
      [b.name, b.state, b.failures, b.opened_at ?? null, b.ts, json(b.data)],
    );
  },
  list(db: Db): Breaker[] {
    return db.all<Breaker>('SELECT * FROM breakers ORDER BY name');
  },
};

export interface Task {
  id: string;
  title: string;
  status: string;
  project: string;
  created_at: number;
  updated_at: number;
  /** JSON text: description, tags, estimate, notes, schedule, origin (server/engine/tasks/repo.ts). */
  data: string;
  priority: string;
  due_at: number | null;
  source: string;
  source_id: string | null;
}

const PRIORITY_ORDER = "CASE priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END";

/** Rows of `tasks`; the task model over them is server/engine/tasks/. */
export const tasks = {
  /**
   * Inserts a task row; returns its id. Title, data and source id are redacted.
   * @example tasks.insert(db, { title: 'fix bug', status: 'pending', ts: Date.now(), priority: 'high' })
   */
  insert(
    db: Db,
    t: { id?: string; title: string; status: string; project?: string; ts: number; data?: unknown; priority?: string; due_at?: number | null; source?: string; source_id?: string | null },
  ): string {
    const id = t.id ?? newId();
    db.run(
      `INSERT INTO tasks (id, title, status, project, created_at, updated_at, data, priority, due_at, source, source_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, redact(t.title), t.status, t.project ?? '', t.ts, t.ts, json(t.data), t.priority ?? 'medium', t.due_at ?? null, t.source ?? 'manual',
        t.source_id === undefined || t.source_id === null ? null : redact(t.source_id)],
    );
    return id;
  },
  get(db: Db, id: string): Task | null {
    return db.get<Task>('SELECT * FROM tasks WHERE id = ?', [id]) ?? null;
  },
  /** The task imported from `source`'s item `sourceId` (an email's Message-ID), if any. */
  findBySource(db: Db, source: string, sourceId: string): Task | null {
    return db.get<Task>('SELECT * FROM tasks WHERE source = ? AND source_id = ?', [source, redact(sourceId)]) ?? null;
  },
  /** Replaces a row's mutable columns; returns whether it existed. */
  update(db: Db, id: string, t: { title: string; status: string; project: string; ts: number; data: unknown; priority: string; due_at: number | null }): boolean {
    return db.run('UPDATE tasks SET title = ?, status = ?, project = ?, updated_at = ?, data = ?, priority = ?, due_at = ? WHERE id = ?', [
      redact(t.title), t.status, t.project, t.ts, json(t.data), t.priority, t.due_at, id,
    ]) > 0;
  },
  setStatus(db: Db, id: string, status: string, ts: number): boolean {
    return db.run('UPDATE tasks SET status = ?, updated_at = ? WHERE id = ?', [status, ts, id]) > 0;
  },
  /**
   * Newest first, or in working order (`order: 'priority'`: priority, due date with none last, oldest first).
   * @example tasks.list(db, { statuses: ['pending', 'scheduled'], order: 'priority', limit: 10 })
   */
  list(db: Db, q: { status?: string; statuses?: readonly string[]; project?: string; order?: 'updated' | 'priority'; limit?: number } = {}): Task[] {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const statuses = q.statuses ?? (q.status === undefined ? undefined : [q.status]);
    if (statuses) (where.push(`status IN (${statuses.map(() => '?').join(', ') || 'NULL'})`), params.push(...statuses));
    if (q.project !== undefined) (where.push('project = ?'), params.push(q.project));
    params.push(q.limit ?? 100);
    const order = q.order === 'priority' ? `${PRIORITY_ORDER}, due_at IS NULL, due_at, created_at, id` : 'updated_at DESC, id';
    return db.all<Task>(`SELECT * FROM tasks ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`, params);
  },
};
