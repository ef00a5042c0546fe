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
};

export interface Budget {
  id: string;
  scope: string;
  period: string;
  limit_usd: number;
  created_at: number;
  updated_at: number;
}

export const budgets = {
  /** Sets the limit for a scope (e.g. `global`, `project:<dir>`) and period (e.g. `day`, `month`). */
  set(db: Db, b: { scope: string; period: string; limit_usd: number; ts: number }): Budget {
    db.run(
      `INSERT INTO budgets (id, scope, period, limit_usd, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (scope, period) DO UPDATE SET limit_usd = excluded.limit_usd, updated_at = excluded.updated_at`,
      [newId(), b.scope, b.period, b.limit_usd, b.ts, b.ts],
    );
    return db.get<Budget>('SELECT * FROM budgets WHERE scope = ? AND period = ?', [b.scope, b.period])!;
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
  data: string;
}

export const tasks = {
  insert(db: Db, t: { id?: string; title: string; status: string; project?: string; ts: number; data?: unknown }): string {
    const id = t.id ?? newId();
    db.run('INSERT INTO tasks (id, title, status, project, created_at, updated_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      id, redact(t.title), t.status, t.project ?? '', t.ts, t.ts, json(t.data),
    ]);
    return id;
  },
  setStatus(db: Db, id: string, status: string, ts: number): boolean {
    return db.run('UPDATE tasks SET status = ?, updated_at = ? WHERE id = ?', [status, ts, id]) > 0;
  },
  list(db: Db, q: { status?: string; limit?: number } = {}): Task[] {
    return q.status === undefined
      ? db.all<Task>('SELECT * FROM tasks ORDER BY updated_at DESC LIMIT ?', [q.limit ?? 100])
      : db.all<Task>('SELECT * FROM tasks WHERE status = ? ORDER BY updated_at DESC LIMIT ?', [q.status, q.limit ?? 100]);
  },
};
