/**
 * The immune system's tables (migration 2): graded trials, failure patterns as `FailurePattern`s, the
 * warnings the hooks showed, and the alerting rules' small history. Pure functions over a `Db`; texts
 * are redacted on the way in.
 */
import type { FailureType } from '../grading/types.js';
import type { FailurePattern } from '../immune/types.js';
import { redact } from '../redact.js';
import type { Db } from './db.js';
import type { ImmuneWarnedEvent, TrialEvent } from './journal.js';

interface PatternRow {
  id: string;
  signature: string;
  description: string;
  first_seen: number;
  last_seen: number;
  count: number;
  data: string;
  operation: string;
  failure_type: string;
  project: string;
  relevance: number;
  relevance_at: number;
}

interface PatternData {
  inputSummary?: string;
  outputSummary?: string;
  tokens?: string[];
}

function toPattern(r: PatternRow): FailurePattern {
  let d: PatternData = {};
  try {
    d = JSON.parse(r.data) as PatternData;
  } catch {
    // a damaged data column only loses the summaries
  }
  return {
    id: r.id, signature: r.signature, operation: r.operation, failureType: r.failure_type as FailureType, project: r.project,
    inputSummary: d.inputSummary ?? '', outputSummary: d.outputSummary ?? '', tokens: Array.isArray(d.tokens) ? d.tokens : [],
    count: r.count, firstSeen: r.first_seen, lastSeen: r.last_seen, relevance: r.relevance, relevanceAt: r.relevance_at,
    lastReason: r.description,
  };
}

export const immunePatterns = {
  bySignature(db: Db, signature: string): FailurePattern | null {
    const r = db.get<PatternRow>('SELECT * FROM failure_patterns WHERE signature = ?', [signature]);
    return r ? toPattern(r) : null;
  },
  get(db: Db, id: string): FailurePattern | null {
    const r = db.get<PatternRow>('SELECT * FROM failure_patterns WHERE id = ?', [id]);
    return r ? toPattern(r) : null;
  },
  /** Inserts or replaces the pattern with this signature. */
  put(db: Db, p: FailurePattern): void {
    const data = JSON.stringify({ inputSummary: redact(p.inputSummary), outputSummary: redact(p.outputSummary), tokens: p.tokens });
    db.run(
      `INSERT INTO failure_patterns (id, signature, description, first_seen, last_seen, count, data, operation, failure_type, project, relevance, relevance_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (signature) DO UPDATE SET description = excluded.description, first_seen = min(first_seen, excluded.first_seen),
         last_seen = max(last_seen, excluded.last_seen), count = excluded.count, data = excluded.data, operation = excluded.operation,
         failure_type = excluded.failure_type, project = excluded.project, relevance = excluded.relevance, relevance_at = excluded.relevance_at`,
      [p.id, p.signature, redact(p.lastReason), p.firstSeen, p.lastSeen, p.count, data, p.operation, p.failureType, p.project, p.relevance, p.relevanceAt],
    );
  },
  remove(db: Db, ids: readonly string[]): number {
    let n = 0;
    for (const id of ids) n += db.run('DELETE FROM failure_patterns WHERE id = ?', [id]);
    return n;
  },
  /** Newest first; `project` filters. */
  list(db: Db, q: { project?: string; limit?: number } = {}): FailurePattern[] {
    const rows = q.project === undefined
      ? db.all<PatternRow>('SELECT * FROM failure_patterns ORDER BY last_seen DESC LIMIT ?', [q.limit ?? 100])
      : db.all<PatternRow>('SELECT * FROM failure_patterns WHERE project = ? ORDER BY last_seen DESC LIMIT ?', [q.project, q.limit ?? 100]);
    return rows.map(toPattern);
  },
  all(db: Db): FailurePattern[] {
    return db.all<PatternRow>('SELECT * FROM failure_patterns').map(toPattern);
  },
  count(db: Db): number {
    return Number(db.get<{ n: number }>('SELECT count(*) AS n FROM failure_patterns')?.n ?? 0);
  },
};

export interface GradedTrial {
  id: string;
  ts: number;
  session: string;
  project: string;
  tool: string;
  operation: string;
  passed: boolean;
  score: number | null;
  failureType: FailureType | null;
  patternId: string | null;
  provider: string | null;
  model: string | null;
  costUsd: number | null;
  durationMs: number | null;
  /** Parsed `data`: input, output, reason, results, source. */
  data: { input?: string; output?: string; reason?: string; source?: string; results?: TrialEvent['results'] };
}

interface TrialRow {
  id: string; ts: number; session: string; project: string; tool: string; operation: string; passed: number | null; score: number | null;
  failure_type: string | null; pattern_id: string | null; provider: string | null; model: string | null; cost_usd: number | null; duration_ms: number | null; data: string;
  status: string;
}

function toTrial(r: TrialRow): GradedTrial {
  let data: GradedTrial['data'] = {};
  try {
    data = JSON.parse(r.data) as GradedTrial['data'];
  } catch {
    // keep the row without details
  }
  return {
    id: r.id, ts: r.ts, session: r.session, project: r.project, tool: r.tool, operation: r.operation,
    passed: r.passed === null ? r.status !== 'failed' : r.passed === 1, score: r.score, failureType: (r.failure_type as FailureType | null) ?? null, patternId: r.pattern_id ?? null,
    provider: r.provider, model: r.model, costUsd: r.cost_usd, durationMs: r.duration_ms, data,
  };
}

export const gradedTrials = {
  /** Records a trial event and its grader results (INSERT OR IGNORE: folding twice is harmless). */
  insert(db: Db, e: TrialEvent, patternId: string | null = null): void {
    const data = redact(JSON.stringify({ input: e.input, output: e.output, reason: e.reason, source: e.source, results: e.results }));
    db.run(
      `INSERT OR IGNORE INTO trials (id, ts, task_id, session, project, provider, model, status, score, cost_usd, duration_ms, data, tool, operation, passed, failure_type, pattern_id)
       VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [e.id, e.ts, e.session, e.project, e.provider ?? null, e.model ?? null, e.passed ? 'passed' : 'failed', e.score, e.costUsd ?? null,
        e.durationMs, data, e.tool, e.operation, e.passed ? 1 : 0, e.failureType, patternId],
    );
    e.results.forEach((r, i) => {
      db.run('INSERT OR IGNORE INTO grader_results (id, trial_id, ts, grader, passed, score, details) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        `${e.id}-${i}`, e.id, e.ts, r.name, r.skipped ? null : r.passed ? 1 : 0, r.skipped ? null : r.score, redact(r.reason),
      ]);
    });
  },
  /** Newest first, optionally since `since` and for one project. */
  list(db: Db, q: { since?: number; project?: string; limit?: number } = {}): GradedTrial[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (q.since !== undefined) (where.push('ts >= ?'), params.push(q.since));
    if (q.project !== undefined) (where.push('project = ?'), params.push(q.project));
    params.push(q.limit ?? 1000);
    return db
      .all<TrialRow>(`SELECT * FROM trials ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ts DESC LIMIT ?`, params)
      .map(toTrial);
  },
};

/** A warning as stored: the journal event without its tag. */
export type ImmuneWarning = Omit<ImmuneWarnedEvent, 'type'>;

export const immuneWarnings = {
  insert(db: Db, w: ImmuneWarning): void {
    db.run('INSERT OR IGNORE INTO immune_warnings (id, ts, session, project, source, risk, pattern_ids) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      w.id, w.ts, w.session, w.project, w.source, w.risk, JSON.stringify(w.patternIds),
    ]);
  },
  list(db: Db, q: { since?: number; limit?: number } = {}): ImmuneWarning[] {
    return db
      .all<{ id: string; ts: number; session: string; project: string; source: string; risk: number; pattern_ids: string }>(
        'SELECT * FROM immune_warnings WHERE ts >= ? ORDER BY ts DESC LIMIT ?',
        [q.since ?? 0, q.limit ?? 1000],
      )
      .map((r) => {
        let ids: string[] = [];
        try {
          ids = JSON.parse(r.pattern_ids) as string[];
        } catch {
          // none
        }
        return { id: r.id, ts: r.ts, session: r.session, project: r.project, source: r.source, risk: r.risk, patternIds: ids };
      });
  },
};

/** Small JSON documents kept in `meta` (the alerting rules' history). */
export const metaJson = {
  get<T>(db: Db, key: string): T | null {
    const r = db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key]);
    if (!r) return null;
    try {
      return JSON.parse(r.value) as T;
    } catch {
      return null;
    }
  },
  set(db: Db, key: string, value: unknown): void {
    db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, JSON.stringify(value)]);
  },
};

export interface StoredAlert {
  id: string;
  ts: number;
  severity: 'info' | 'warning' | 'critical';
  kind: string;
  message: string;
  project: string;
  dedupKey: string;
  patternId: string | null;
  acknowledgedAt: number | null;
  notifiedAt: number | null;
  data: Record<string, unknown>;
}

interface AlertRow {
  id: string; ts: number; severity: StoredAlert['severity']; kind: string; message: string; project: string; acknowledged_at: number | null;
  data: string; dedup_key: string; pattern_id: string | null; notified_at: number | null;
}

function toAlert(r: AlertRow): StoredAlert {
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(r.data) as Record<string, unknown>;
  } catch {
    // keep the alert without its numbers
  }
  return {
    id: r.id, ts: r.ts, severity: r.severity, kind: r.kind, message: r.message, project: r.project, dedupKey: r.dedup_key, patternId: r.pattern_id,
    acknowledgedAt: r.acknowledged_at, notifiedAt: r.notified_at, data,
  };
}

/** Alerts raised by the immune rules: recorded in the fold, sent once (claimed under the lock), acknowledged by a human. */
export const immuneAlerts = {
  insert(db: Db, a: { id: string; ts: number; severity: StoredAlert['severity']; kind: string; message: string; project: string; dedupKey: string; patternId?: string | null; data: Record<string, unknown> }): void {
    db.run(
      `INSERT OR IGNORE INTO alerts (id, ts, severity, kind, message, project, acknowledged_at, data, dedup_key, pattern_id, notified_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, NULL)`,
      [a.id, a.ts, a.severity, a.kind, redact(a.message), a.project, redact(JSON.stringify(a.data)), a.dedupKey, a.patternId ?? null],
    );
  },
  list(db: Db, q: { open?: boolean; since?: number; limit?: number } = {}): StoredAlert[] {
    const where = [q.open ? 'acknowledged_at IS NULL' : '', q.since !== undefined ? 'ts >= ?' : ''].filter(Boolean);
    const params: number[] = q.since !== undefined ? [q.since] : [];
    return db
      .all<AlertRow>(`SELECT * FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ts DESC LIMIT ?`, [...params, q.limit ?? 100])
      .map(toAlert);
  },
  /** Marks up to `limit` unsent alerts as sent at `now` and returns them: whoever claims them sends them, once. */
  claimUnsent(db: Db, now: number, limit = 50): StoredAlert[] {
    const rows = db.all<AlertRow>('SELECT * FROM alerts WHERE notified_at IS NULL ORDER BY ts LIMIT ?', [limit]);
    for (const r of rows) db.run('UPDATE alerts SET notified_at = ? WHERE id = ?', [now, r.id]);
    return rows.map(toAlert);
  },
  /** Records how sending went (kept in the alert's data). */
  recordDelivery(db: Db, id: string, delivery: unknown): void {
    const r = db.get<AlertRow>('SELECT * FROM alerts WHERE id = ?', [id]);
    if (!r) return;
    const a = toAlert(r);
    db.run('UPDATE alerts SET data = ? WHERE id = ?', [redact(JSON.stringify({ ...a.data, delivery })), id]);
  },
  /** Acknowledges every open alert (or the ones given); returns how many. */
  acknowledge(db: Db, now: number, ids?: readonly string[]): number {
    if (!ids) return db.run('UPDATE alerts SET acknowledged_at = ? WHERE acknowledged_at IS NULL', [now]);
    let n = 0;
    for (const id of ids) n += db.run('UPDATE alerts SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL', [now, id]);
    return n;
  },
};
