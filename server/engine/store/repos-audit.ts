/**
 * The audit log: every decision and who made it (a hook's verdict, a human, a rule, a timeout), secrets
 * redacted. Pure functions over a `Db`.
 */
import { redact } from '../redact.js';
import type { Db, SqlValue } from './db.js';
import { newId } from './journal.js';

export type AuditDecision = 'allow' | 'ask' | 'deny' | 'none';

/** One audit row. `kind`: `decision` (a hook's verdict), `approval.decided`, `approval.resolved`, `store.recovered`, … */
export interface AuditEvent {
  id: string;
  ts: number;
  kind: string;
  session: string;
  project: string;
  cwd: string;
  tool: string;
  decision: AuditDecision;
  category: string | null;
  rule: string | null;
  reason: string;
  summary: string;
  decided_by: string | null;
  approval_id: string | null;
}

export type NewAuditEvent = Partial<AuditEvent> & { ts: number };

export interface AuditQuery {
  since?: number;
  until?: number;
  kind?: string;
  tool?: string;
  decision?: AuditDecision;
  session?: string;
  project?: string;
  rule?: string;
  limit?: number;
}

function auditWhere(q: AuditQuery): { sql: string; params: SqlValue[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const eq: [keyof AuditQuery, string][] = [
    ['kind', 'kind'],
    ['tool', 'tool'],
    ['decision', 'decision'],
    ['session', 'session'],
    ['project', 'project'],
    ['rule', 'rule'],
  ];
  for (const [key, col] of eq) {
    const v = q[key];
    if (v !== undefined) (where.push(`${col} = ?`), params.push(v));
  }
  if (q.since !== undefined) (where.push('ts >= ?'), params.push(q.since));
  if (q.until !== undefined) (where.push('ts < ?'), params.push(q.until));
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export const audit = {
  /** Inserts an event (secrets redacted); an existing id is left as it is. Returns the id. */
  insert(db: Db, e: NewAuditEvent): string {
    const id = e.id ?? newId();
    db.run(
      `INSERT OR IGNORE INTO audit_events (id, ts, kind, session, project, cwd, tool, decision, category, rule, reason, summary, decided_by, approval_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        e.ts,
        e.kind ?? 'decision',
        e.session ?? '',
        e.project ?? '',
        e.cwd ?? '',
        e.tool ?? '',
        e.decision ?? 'none',
        e.category ?? null,
        e.rule ?? null,
        redact(e.reason ?? ''),
        redact(e.summary ?? ''),
        e.decided_by ?? null,
        e.approval_id ?? null,
      ],
    );
    return id;
  },

  /** Newest first, at most `limit` (default 100). */
  query(db: Db, q: AuditQuery = {}): AuditEvent[] {
    const { sql, params } = auditWhere(q);
    return db.all<AuditEvent>(`SELECT * FROM audit_events ${sql} ORDER BY ts DESC, id LIMIT ?`, [...params, q.limit ?? 100]);
  },

  count(db: Db, q: Omit<AuditQuery, 'limit'> = {}): number {
    const { sql, params } = auditWhere(q);
    return Number(db.get<{ n: number }>(`SELECT count(*) AS n FROM audit_events ${sql}`, params)?.n ?? 0);
  },
};
