/**
 * `session_costs` (migration 3): Claude Code's own spend per session, as the hooks read it from the
 * session transcript (journal event `session.cost`). One row per session, replaced by newer readings.
 * `data` is JSON text: `{ models: [...], unpriced: [...], priceDate, capUsd }`; texts are redacted.
 */
import { redact } from '../redact.js';
import type { Db, SqlValue } from './db.js';

export interface SessionCostRow {
  session: string;
  project: string;
  transcript: string;
  cost_usd: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  started_at: number;
  updated_at: number;
  /** JSON text. */
  data: string;
}

export interface SessionCostTotals {
  sessions: number;
  cost_usd: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
}

const where = (q: { project?: string; since?: number }): { sql: string; params: SqlValue[] } => ({
  sql: `WHERE updated_at >= ?${q.project === undefined ? '' : ' AND project = ?'}`,
  params: [q.since ?? 0, ...(q.project === undefined ? [] : [q.project])],
});

export const sessionCosts = {
  /**
   * Records a session's reading unless a newer one (later `updated_at`) is stored already; `started_at`
   * keeps the earliest known. Returns whether the row changed.
   *
   * @example
   * sessionCosts.upsert(db, { session: 'f4110d2d', project: '/home/dev/app', transcript, cost_usd: 0.0469, input_tokens: 15,
   *   output_tokens: 450, cache_read_tokens: 48273, cache_write_tokens: 6822, started_at, updated_at: Date.now(), data: { models, unpriced: [] } });
   */
  upsert(db: Db, r: Omit<SessionCostRow, 'data'> & { data?: unknown }): boolean {
    return db.run(
      `INSERT INTO session_costs (session, project, transcript, cost_usd, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
         started_at, updated_at, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (session) DO UPDATE SET
         project = excluded.project, transcript = excluded.transcript, cost_usd = excluded.cost_usd, input_tokens = excluded.input_tokens,
         output_tokens = excluded.output_tokens, cache_read_tokens = excluded.cache_read_tokens, cache_write_tokens = excluded.cache_write_tokens,
         started_at = CASE WHEN session_costs.started_at > 0 AND session_costs.started_at < excluded.started_at THEN session_costs.started_at
                           ELSE excluded.started_at END,
         updated_at = excluded.updated_at, data = excluded.data
       WHERE excluded.updated_at >= session_costs.updated_at`,
      [r.session, r.project, redact(r.transcript), r.cost_usd, r.input_tokens, r.output_tokens, r.cache_read_tokens, r.cache_write_tokens,
        r.started_at, r.updated_at, redact(JSON.stringify(r.data ?? {}))],
    ) > 0;
  },

  /**
   * One session's row.
   *
   * @example
   * sessionCosts.get(db, 'f4110d2d')?.cost_usd // → 0.0469
   */
  get(db: Db, session: string): SessionCostRow | undefined {
    return db.get<SessionCostRow>('SELECT * FROM session_costs WHERE session = ?', [session]);
  },

  /**
   * Sessions updated since `since` (ms), optionally of one project, most recent first.
   *
   * @example
   * sessionCosts.list(db, { project: '/home/dev/app', since: Date.now() - 86_400_000, limit: 20 })
   */
  list(db: Db, q: { project?: string; since?: number; limit?: number } = {}): SessionCostRow[] {
    const w = where(q);
    return db.all<SessionCostRow>(`SELECT * FROM session_costs ${w.sql} ORDER BY updated_at DESC, session LIMIT ?`, [...w.params, q.limit ?? 100]);
  },

  /**
   * Sums over the sessions updated since `since` (ms), optionally of one project.
   *
   * @example
   * sessionCosts.total(db, { since: startOfMonth }).cost_usd // → 12.34
   */
  total(db: Db, q: { project?: string; since?: number } = {}): SessionCostTotals {
    const w = where(q);
    const r = db.get<Record<keyof SessionCostTotals, number | null>>(
      `SELECT count(*) AS sessions, sum(cost_usd) AS cost_usd, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
         sum(cache_read_tokens) AS cache_read_tokens, sum(cache_write_tokens) AS cache_write_tokens
       FROM session_costs ${w.sql}`,
      w.params,
    );
    return {
      sessions: Number(r?.sessions ?? 0), cost_usd: Number(r?.cost_usd ?? 0), input_tokens: Number(r?.input_tokens ?? 0),
      output_tokens: Number(r?.output_tokens ?? 0), cache_read_tokens: Number(r?.cache_read_tokens ?? 0), cache_write_tokens: Number(r?.cache_write_tokens ?? 0),
    };
  },
};
